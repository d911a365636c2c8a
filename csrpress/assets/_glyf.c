/* A converted glyph's glyf data (outlines._compiled and _coordinates) in C.
 *
 * Why: a first build converts every glyph the report uses (~3,000, nearly
 * all of the body face) in a child process while the parent composes and
 * lays the pages out; the parent then waits for it. Rounding each point and
 * packing the flags and coordinate deltas in Python was about a third of
 * converting a glyph (~145,000 points for the report's body face).
 *
 * The same bytes as the Python code, which stays beside it (outlines.py):
 *   - a point is rounded as math.floor(x + 0.5): the same double addition,
 *     then floor;
 *   - the flags are packed with the same repeat rule (a run of equal flags:
 *     the flag with 0x08 and a count, at most 255), the deltas as one byte
 *     (-255..255, the sign in the flag) or a big-endian short;
 *   - the header is struct.pack(">hhhhh{n}HH", ...).
 * Whatever the Python code would raise at (a coordinate NaN, infinite or
 * beyond a short, a flag beyond a byte, a contour end beyond an unsigned
 * short, an item of another type) is not packed here: compiled() returns
 * None and the caller runs the Python code, which raises as it always did.
 * tests/assets/test_glyf.py compares the two on every glyph the report's
 * faces convert and on generated contours. outlines.py falls back to the
 * Python code when this module is not built or CSRPRESS_PURE=1.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

/* beyond this a coordinate is not a glyph's: left to the Python code */
#define LIMIT 1e9

typedef struct {
    unsigned char *data;
    Py_ssize_t len, cap;
} Buf;

static int
buf_grow(Buf *b, Py_ssize_t extra)
{
    if (b->len + extra <= b->cap)
        return 0;
    Py_ssize_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra)
        cap *= 2;
    unsigned char *data = PyMem_Realloc(b->data, (size_t)cap);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = data;
    b->cap = cap;
    return 0;
}

static int
buf_byte(Buf *b, unsigned char v)
{
    if (buf_grow(b, 1) < 0)
        return -1;
    b->data[b->len++] = v;
    return 0;
}

static int
buf_short(Buf *b, long v)
{
    if (buf_grow(b, 2) < 0)
        return -1;
    unsigned short u = (unsigned short)(v & 0xFFFF);
    b->data[b->len++] = (unsigned char)(u >> 8);
    b->data[b->len++] = (unsigned char)(u & 0xFF);
    return 0;
}

/* floor(v + 0.5) of a Python number as a C long; 0 when it is not one the
 * Python code rounds to a glyph coordinate (then *ok = 0) */
static long
rounded(PyObject *v, int *ok)
{
    double x;
    if (PyFloat_CheckExact(v))
        x = PyFloat_AS_DOUBLE(v);
    else if (PyLong_CheckExact(v)) {
        int overflow = 0;
        long long i = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (overflow || (i == -1 && PyErr_Occurred()) || i > (long long)LIMIT ||
                i < -(long long)LIMIT) {
            PyErr_Clear();
            *ok = 0;
            return 0;
        }
        x = (double)i;          /* exact: |i| < 2**53 (int + 0.5 in Python: the same) */
    }
    else {
        *ok = 0;                /* (a subclass, numpy…: the Python code's way) */
        return 0;
    }
    double r = floor(x + 0.5);
    if (!(r >= -LIMIT && r <= LIMIT)) {     /* (NaN too) */
        *ok = 0;
        return 0;
    }
    return (long)r;
}

static int
is_short(long v)
{
    return v >= -32768 && v <= 32767;
}

/* compiled(points, types, ends) -> (data, box, counts) or None */
static PyObject *
compiled(PyObject *self, PyObject *args)
{
    PyObject *points_in, *types_in, *ends_in;
    if (!PyArg_ParseTuple(args, "OOO", &points_in, &types_in, &ends_in))
        return NULL;
    if (!PyList_CheckExact(points_in) || !PyList_CheckExact(types_in) ||
            !PyList_CheckExact(ends_in))
        Py_RETURN_NONE;
    Py_ssize_t npts = PyList_GET_SIZE(points_in);
    Py_ssize_t ntypes = PyList_GET_SIZE(types_in);
    Py_ssize_t nends = PyList_GET_SIZE(ends_in);
    if (nends == 0 || npts == 0 || nends > 32767)
        Py_RETURN_NONE;

    PyObject *result = NULL;
    long *xs = PyMem_Malloc(sizeof(long) * (size_t)npts);
    long *ys = PyMem_Malloc(sizeof(long) * (size_t)npts);
    Buf flags = {NULL, 0, 0}, cx = {NULL, 0, 0}, cy = {NULL, 0, 0};
    if (xs == NULL || ys == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    int ok = 1;
    for (Py_ssize_t i = 0; i < npts && ok; i++) {
        PyObject *p = PyList_GET_ITEM(points_in, i);
        if (!PyTuple_CheckExact(p) || PyTuple_GET_SIZE(p) != 2) {
            ok = 0;
            break;
        }
        xs[i] = rounded(PyTuple_GET_ITEM(p, 0), &ok);
        ys[i] = rounded(PyTuple_GET_ITEM(p, 1), &ok);
    }
    if (!ok)
        goto none;
    long xmin = xs[0], ymin = ys[0], xmax = xs[0], ymax = ys[0];
    for (Py_ssize_t i = 1; i < npts; i++) {
        if (xs[i] < xmin) xmin = xs[i];
        if (xs[i] > xmax) xmax = xs[i];
        if (ys[i] < ymin) ymin = ys[i];
        if (ys[i] > ymax) ymax = ys[i];
    }
    if (!is_short(xmin) || !is_short(ymin) || !is_short(xmax) || !is_short(ymax))
        goto none;

    /* the header: contours, box, the contours' last points, no instructions */
    Buf head = {NULL, 0, 0};
    if (buf_short(&head, (long)nends) < 0 || buf_short(&head, xmin) < 0 ||
            buf_short(&head, ymin) < 0 || buf_short(&head, xmax) < 0 ||
            buf_short(&head, ymax) < 0) {
        PyMem_Free(head.data);
        goto done;
    }
    for (Py_ssize_t i = 0; i < nends; i++) {
        PyObject *e = PyList_GET_ITEM(ends_in, i);
        if (!PyLong_CheckExact(e)) {
            PyMem_Free(head.data);
            goto none;
        }
        long v = PyLong_AsLong(e);
        if ((v == -1 && PyErr_Occurred()) || v < 0 || v > 65535) {
            PyErr_Clear();
            PyMem_Free(head.data);
            goto none;
        }
        if (buf_short(&head, v) < 0) {
            PyMem_Free(head.data);
            goto done;
        }
    }
    if (buf_short(&head, 0) < 0) {
        PyMem_Free(head.data);
        goto done;
    }

    /* the flags and deltas (zip: as many as the shorter of types and points) */
    Py_ssize_t n = ntypes < npts ? ntypes : npts;
    long last = -1, repeat = 0, px = 0, py = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = PyList_GET_ITEM(types_in, i);
        if (!PyLong_CheckExact(t)) {
            PyMem_Free(head.data);
            goto none;
        }
        long flag = PyLong_AsLong(t);
        if ((flag == -1 && PyErr_Occurred()) || flag < 0 || flag > 255) {
            PyErr_Clear();
            PyMem_Free(head.data);
            goto none;
        }
        long x = xs[i] - px, y = ys[i] - py;
        px = xs[i];
        py = ys[i];
        int err = 0;
        if (x == 0)
            flag |= 0x10;
        else if (x >= -255 && x <= 255) {
            flag |= 0x02 | (x > 0 ? 0x10 : 0);
            err = buf_byte(&cx, (unsigned char)(x > 0 ? x : -x));
        }
        else if (is_short(x))
            err = buf_short(&cx, x);
        else {
            PyMem_Free(head.data);
            goto none;
        }
        if (y == 0)
            flag |= 0x20;
        else if (y >= -255 && y <= 255) {
            flag |= 0x04 | (y > 0 ? 0x20 : 0);
            if (!err)
                err = buf_byte(&cy, (unsigned char)(y > 0 ? y : -y));
        }
        else if (is_short(y)) {
            if (!err)
                err = buf_short(&cy, y);
        }
        else {
            PyMem_Free(head.data);
            goto none;
        }
        if (!err) {
            if (flag == last && repeat != 255) {
                repeat += 1;
                if (repeat == 1)
                    err = buf_byte(&flags, (unsigned char)flag);
                else {
                    flags.data[flags.len - 2] = (unsigned char)(flag | 0x08);
                    flags.data[flags.len - 1] = (unsigned char)repeat;
                }
            }
            else {
                repeat = 0;
                err = buf_byte(&flags, (unsigned char)flag);
            }
        }
        if (err) {
            PyMem_Free(head.data);
            goto done;
        }
        last = flag;
    }

    PyObject *data = PyBytes_FromStringAndSize(NULL, head.len + flags.len + cx.len + cy.len);
    if (data == NULL) {
        PyMem_Free(head.data);
        goto done;
    }
    char *out = PyBytes_AS_STRING(data);
    if (head.len) memcpy(out, head.data, (size_t)head.len);
    out += head.len;
    if (flags.len) memcpy(out, flags.data, (size_t)flags.len);
    out += flags.len;
    if (cx.len) memcpy(out, cx.data, (size_t)cx.len);
    out += cx.len;
    if (cy.len) memcpy(out, cy.data, (size_t)cy.len);
    PyMem_Free(head.data);
    result = Py_BuildValue("N(llll)(nn)", data, xmin, ymin, xmax, ymax, nends, npts);
    goto done;

none:
    result = Py_None;
    Py_INCREF(result);
done:
    PyMem_Free(xs);
    PyMem_Free(ys);
    PyMem_Free(flags.data);
    PyMem_Free(cx.data);
    PyMem_Free(cy.data);
    return result;
}

static PyMethodDef methods[] = {
    {"compiled", compiled, METH_VARARGS,
     "compiled(points, types, ends) -> (glyf data, box, counts), as outlines._compiled "
     "makes them, or None where that code raises or takes what this does not (then run it)."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_glyf",
    "A converted glyph's glyf data in C (csrpress/assets/outlines._compiled).",
    -1, methods
};

PyMODINIT_FUNC
PyInit__glyf(void)
{
    return PyModule_Create(&module);
}
