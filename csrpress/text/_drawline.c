/* The strings a line is drawn as (paragraph._segments, with _word_space
 * and wide.joined) and where its atoms are (paragraph._positions) in C.
 *
 * Why: drawing a cold build's lines visits every character of them to find
 * the runs set at an even pitch (~37,000 atoms of the report), ~0.05 s of
 * Python bookkeeping. This file is a statement-for-statement translation and
 * must give exactly the same (first atom, text, character spacing) triples:
 *   - the pitch is computed in doubles as Python computes it (a float minus
 *     a float minus a float, in that order; built with -ffp-contract=off),
 *     and `pitch or 0.0` is kept (a pitch of -0.0 draws with 0.0);
 *   - what a gap being joined means is the caller's: the joining gaps
 *     (wide.joining_gaps) are given, and tested by identity as joined() does.
 * tests/text/test_drawline.py compares the two on every line of the report,
 * the example and the starter and on generated paragraphs.
 *
 * And where each atom of a line is (paragraph._positions: the same doubles,
 * the advance objects of the atoms themselves). paragraph.py uses its own
 * _segments and _positions when this module is not built (no compiler at install) or
 * CSRPRESS_PURE=1.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <float.h>
#include <math.h>

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "doubles must be evaluated as doubles (SSE2), as CPython's floats are"
#endif

/* Slot, find_slot, slot_get: an atom's or gap's attribute read from its slot */
#include "_slots.h"

static Slot A_text, A_span, A_kind, A_width, A_plain, A_start_extra, A_end_extra, G_width,
    G_stretch, G_shrink, G_level;
static PyObject *str_empty, *str_space, *f_zero;

typedef struct {
    PyObject *atoms, *gaps, *pos, *joining, *signs;
    long latin;
    Py_ssize_t start;
} Line;

/* list[k], raising IndexError as Python would */
static PyObject *
item(PyObject *list, Py_ssize_t k)
{
    if (k < 0)
        k += PyList_GET_SIZE(list);
    if (k < 0 || k >= PyList_GET_SIZE(list)) {
        PyErr_SetString(PyExc_IndexError, "list index out of range");
        return NULL;
    }
    return PyList_GET_ITEM(list, k);
}

/* wide.joined: one of the joining gaps */
static int
joined(Line *ln, PyObject *g)
{
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(ln->joining); k++)
        if (PyTuple_GET_ITEM(ln->joining, k) == g)
            return 1;
    return 0;
}

/* pos[k][0], the x of the line's k-th atom */
static int
x_at(Line *ln, Py_ssize_t k, double *out)
{
    PyObject *p = item(ln->pos, k), *x;
    if (p == NULL)
        return -1;
    x = PySequence_GetItem(p, 0);
    if (x == NULL)
        return -1;
    *out = PyFloat_AsDouble(x);
    Py_DECREF(x);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* paragraph._word_space(atoms, gaps, j) */
static int
word_space(Line *ln, Py_ssize_t j)
{
    PyObject *g = item(ln->gaps, j), *a, *b, *text;
    double w;
    long ka, kb;
    int r;
    if (g == NULL || slot_double(g, &G_width, &w) < 0)
        return -1;
    if (w <= 0.0 || joined(ln, g))
        return 0;
    if ((a = item(ln->atoms, j)) == NULL || (b = item(ln->atoms, j + 1)) == NULL ||
            slot_long(a, &A_kind, &ka) < 0 || slot_long(b, &A_kind, &kb) < 0)
        return -1;
    if (ka == ln->latin && kb == ln->latin)
        return 1;
    if (ka == ln->latin) {
        if ((text = slot_get(&A_text, b)) == NULL)
            return -1;
        r = PySet_Contains(ln->signs, text);
        Py_DECREF(text);
        if (r != 0)
            return r;
    }
    if ((text = slot_get(&A_text, a)) == NULL)
        return -1;
    r = PySet_Contains(ln->signs, text);
    Py_DECREF(text);
    if (r <= 0)
        return r;
    return kb == ln->latin;
}

/* the last atom of the string that begins at atom i, and its spacing */
static Py_ssize_t
segment_end(Line *ln, Py_ssize_t i, Py_ssize_t end, PyObject *a, double *space)
{
    Py_ssize_t j = i;
    long kind;
    int r;
    *space = 0.0;
    if (i == ln->start) {
        if ((r = slot_truth(a, &A_start_extra)) < 0)
            return -1;
        if (r)
            return j;                 /* a line-start opening mark set half width: alone */
    }
    if (slot_long(a, &A_kind, &kind) < 0)
        return -1;
    if (kind == ln->latin && i < end) {
        PyObject *g = item(ln->gaps, i);
        if (g == NULL)
            return -1;
        if (joined(ln, g)) {          /* the pieces of a split token: one string */
            while (j < end) {
                if ((g = item(ln->gaps, j)) == NULL)
                    return -1;
                if (!joined(ln, g))
                    break;
                j++;
            }
            return j;
        }
    }
    if ((r = slot_truth(a, &A_plain)) < 0)
        return -1;
    if (r) {
        PyObject *span = slot_get(&A_span, a);
        double xj, wj, pitch = 0.0;
        int have = 0;
        if (span == NULL)
            return -1;
        if (x_at(ln, i - ln->start, &xj) < 0 || slot_double(a, &A_width, &wj) < 0)
            goto fail;
        while (j < end) {
            PyObject *b = item(ln->atoms, j + 1), *g, *bspan;
            double gw, xb, p;
            if (b == NULL || (bspan = slot_get(&A_span, b)) == NULL)
                goto fail;
            r = PyObject_RichCompareBool(bspan, span, Py_NE);
            Py_DECREF(bspan);
            if (r < 0)
                goto fail;
            if (r)
                break;
            if ((r = slot_truth(b, &A_plain)) < 0)
                goto fail;
            if (!r)
                break;
            if ((g = item(ln->gaps, j)) == NULL || slot_double(g, &G_width, &gw) < 0)
                goto fail;
            if (!(gw <= 0.0)) {
                if ((r = word_space(ln, j)) < 0)
                    goto fail;
                if (r)
                    break;
            }
            if (x_at(ln, j + 1 - ln->start, &xb) < 0)
                goto fail;
            p = xb - xj - wj;
            if (have && fabs(p - pitch) > 1e-6)
                break;
            pitch = p;
            have = 1;
            j++;
            xj = xb;
            if (slot_double(b, &A_width, &wj) < 0)
                goto fail;
        }
        Py_DECREF(span);
        *space = (have && pitch != 0.0) ? pitch : 0.0;     /* pitch or 0.0 */
        return j;
fail:
        Py_DECREF(span);
        return -1;
    }
    return j;
}

/* the text of atoms i..j, and a space after it before a word */
static PyObject *
segment_text(Line *ln, Py_ssize_t i, Py_ssize_t j, Py_ssize_t end, PyObject *a)
{
    PyObject *text;
    int r;
    if (j == i)
        text = slot_get(&A_text, a);
    else {                            /* "".join([b.text for b in atoms[i:j + 1]]) */
        PyObject *slice = PySequence_GetSlice(ln->atoms, i, j + 1), *parts;
        if (slice == NULL)
            return NULL;
        parts = PyList_New(PyList_GET_SIZE(slice));
        if (parts == NULL) {
            Py_DECREF(slice);
            return NULL;
        }
        for (Py_ssize_t k = 0; k < PyList_GET_SIZE(slice); k++) {
            PyObject *t = slot_get(&A_text, PyList_GET_ITEM(slice, k));
            if (t == NULL) {
                Py_DECREF(parts);
                Py_DECREF(slice);
                return NULL;
            }
            PyList_SET_ITEM(parts, k, t);
        }
        Py_DECREF(slice);
        text = PyUnicode_Join(str_empty, parts);
        Py_DECREF(parts);
    }
    if (text == NULL || j >= end)
        return text;
    if ((r = word_space(ln, j)) < 0) {
        Py_DECREF(text);
        return NULL;
    }
    if (r) {
        PyObject *spaced = PyNumber_Add(text, str_space);
        Py_DECREF(text);
        return spaced;
    }
    return text;
}

/* paragraph._segments(atoms, gaps, pos, start, end), given wide.joining_gaps(),
 * shaping.SPACED_SIGNS and atoms.LATIN */
static PyObject *
segments(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    Line ln;
    Py_ssize_t i, end;
    PyObject *out;
    (void)self;
    if (nargs != 8) {
        PyErr_SetString(PyExc_TypeError, "_drawline.segments takes 8 arguments");
        return NULL;
    }
    ln.atoms = args[0], ln.gaps = args[1], ln.pos = args[2], ln.joining = args[5];
    ln.signs = args[6];
    if (!PyList_Check(ln.atoms) || !PyList_Check(ln.gaps) || !PyList_Check(ln.pos) ||
            !PyTuple_Check(ln.joining) || !PyAnySet_Check(ln.signs)) {
        PyErr_SetString(PyExc_TypeError, "_drawline.segments: unexpected arguments");
        return NULL;
    }
    ln.start = PyLong_AsSsize_t(args[3]);
    end = PyLong_AsSsize_t(args[4]);
    ln.latin = PyLong_AsLong(args[7]);
    if (PyErr_Occurred())
        return NULL;
    if ((out = PyList_New(0)) == NULL)
        return NULL;
    i = ln.start;
    while (i <= end) {
        PyObject *a = item(ln.atoms, i), *text, *entry;
        double space;
        Py_ssize_t j;
        if (a == NULL)
            goto fail;
        Py_INCREF(a);
        j = segment_end(&ln, i, end, a, &space);
        text = j < 0 ? NULL : segment_text(&ln, i, j, end, a);
        Py_DECREF(a);
        if (text == NULL)
            goto fail;
        entry = Py_BuildValue("(nNd)", i, text, space);
        if (entry == NULL || PyList_Append(out, entry) < 0) {
            Py_XDECREF(entry);
            goto fail;
        }
        Py_DECREF(entry);
        i = j + 1;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* a.name + b.name, as Python adds them (new reference) */
static PyObject *
sum_attrs(PyObject *a, Slot *name_a, PyObject *b, Slot *name_b)
{
    PyObject *x = slot_get(name_a, a), *y, *r;
    if (x == NULL)
        return NULL;
    y = slot_get(name_b, b);
    if (y == NULL) {
        Py_DECREF(x);
        return NULL;
    }
    r = PyNumber_Add(x, y);
    Py_DECREF(x);
    Py_DECREF(y);
    return r;
}

/* (x, w) appended, a new float x and the object w */
static int
add_position(PyObject *out, double x, PyObject *w)
{
    PyObject *t = PyTuple_New(2), *xf;
    int r;
    if (t == NULL)
        return -1;
    if ((xf = PyFloat_FromDouble(x)) == NULL) {
        Py_DECREF(t);
        return -1;
    }
    PyTuple_SET_ITEM(t, 0, xf);
    PyTuple_SET_ITEM(t, 1, Py_NewRef(w));
    r = PyList_Append(out, t);
    Py_DECREF(t);
    return r;
}

/* what a gap adds after an atom of width w: as _positions, by mode */
enum { SHRINK, STRETCH, PLAIN };

static int
step(PyObject *g, int mode, double r, double *shares, double w, double *out)
{
    double gw, v;
    if (slot_double(g, &G_width, &gw) < 0)
        return -1;
    if (mode == SHRINK) {
        long level;
        if (slot_double(g, &G_shrink, &v) < 0 || slot_long(g, &G_level, &level) < 0)
            return -1;
        if (level < 0)
            level += 4;               /* (a list index from its end, as Python reads one) */
        if (level < 0 || level > 3) {
            PyErr_SetString(PyExc_IndexError, "list index out of range");
            return -1;
        }
        *out = w + gw - v * shares[level];
    }
    else if (mode == STRETCH) {
        if (slot_double(g, &G_stretch, &v) < 0)
            return -1;
        *out = w + gw + r * v;
    }
    else
        *out = w + gw + 0.0;
    return 0;
}

/* paragraph._positions(atoms, gaps, start, end, r, shares) */
static PyObject *
positions(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *atoms, *gaps, *a, *w0, *out = NULL, *last;
    Py_ssize_t start, end;
    double r, shares[4] = {0.0, 0.0, 0.0, 0.0}, x, d, w;
    int mode;
    (void)self;
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "_drawline.positions takes 6 arguments");
        return NULL;
    }
    atoms = args[0], gaps = args[1];
    if (!PyList_Check(atoms) || !PyList_Check(gaps)) {
        PyErr_SetString(PyExc_TypeError, "_drawline.positions: lists expected");
        return NULL;
    }
    start = PyLong_AsSsize_t(args[2]);
    end = PyLong_AsSsize_t(args[3]);
    r = PyFloat_AsDouble(args[4]);
    if (PyErr_Occurred())
        return NULL;
    if (args[5] != Py_None) {
        if (!PyList_Check(args[5]) || PyList_GET_SIZE(args[5]) != 4) {
            PyErr_SetString(PyExc_TypeError, "_drawline.positions: four shares expected");
            return NULL;
        }
        for (int k = 0; k < 4; k++) {
            shares[k] = PyFloat_AsDouble(PyList_GET_ITEM(args[5], k));
            if (shares[k] == -1.0 && PyErr_Occurred())
                return NULL;
        }
        mode = SHRINK;
    }
    else
        mode = r > 0 ? STRETCH : PLAIN;
    if ((a = item(atoms, start)) == NULL || (w0 = sum_attrs(a, &A_width, a, &A_start_extra)) == NULL)
        return NULL;
    if (start == end) {
        PyObject *e = slot_get(&A_end_extra, a), *we;
        if (e == NULL) {
            Py_DECREF(w0);
            return NULL;
        }
        we = PyNumber_Add(w0, e);
        Py_DECREF(e);
        Py_DECREF(w0);
        if (we == NULL)
            return NULL;
        out = Py_BuildValue("[(ON)]", f_zero, we);
        return out;
    }
    if ((out = PyList_New(0)) == NULL || add_position(out, 0.0, w0) < 0)
        goto fail;
    w = PyFloat_AsDouble(w0);
    {
        PyObject *g = item(gaps, start);
        if ((w == -1.0 && PyErr_Occurred()) || g == NULL || step(g, mode, r, shares, w, &d) < 0)
            goto fail;
        x = 0.0 + d;
    }
    for (Py_ssize_t i = start + 1; i < end; i++) {
        PyObject *ai = item(atoms, i), *wo, *g;
        if (ai == NULL || (wo = slot_get(&A_width, ai)) == NULL)
            goto fail;
        w = PyFloat_AsDouble(wo);
        if ((w == -1.0 && PyErr_Occurred()) || add_position(out, x, wo) < 0) {
            Py_DECREF(wo);
            goto fail;
        }
        Py_DECREF(wo);
        if ((g = item(gaps, i)) == NULL || step(g, mode, r, shares, w, &d) < 0)
            goto fail;
        x = x + d;
    }
    if ((a = item(atoms, end)) == NULL || (last = sum_attrs(a, &A_width, a, &A_end_extra)) == NULL)
        goto fail;
    if (add_position(out, x, last) < 0) {
        Py_DECREF(last);
        goto fail;
    }
    Py_DECREF(last);
    Py_DECREF(w0);
    return out;
fail:
    Py_XDECREF(out);
    Py_DECREF(w0);
    return NULL;
}

static PyMethodDef methods[] = {
    {"positions", (PyCFunction)(void (*)(void))positions, METH_FASTCALL,
     "positions(atoms, gaps, start, end, ratio, shares | None): paragraph._positions in C."},
    {"segments", (PyCFunction)(void (*)(void))segments, METH_FASTCALL,
     "segments(atoms, gaps, pos, start, end, joining_gaps, SPACED_SIGNS, LATIN): "
     "paragraph._segments in C."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_drawline",
    "The strings a line is drawn as, in C (see paragraph._segments).", -1, methods,
    NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit__drawline(void)
{
#define INTERN(var, text) if ((var = PyUnicode_InternFromString(text)) == NULL) return NULL
    INTERN(A_text.name, "text");
    INTERN(A_span.name, "span");
    INTERN(A_kind.name, "kind");
    INTERN(A_width.name, "width");
    INTERN(A_plain.name, "plain");
    INTERN(A_start_extra.name, "start_extra");
    INTERN(A_end_extra.name, "end_extra");
    INTERN(G_width.name, "width");
    INTERN(G_stretch.name, "stretch");
    INTERN(G_shrink.name, "shrink");
    INTERN(G_level.name, "level");
    INTERN(str_empty, "");
    INTERN(str_space, " ");
#undef INTERN
    if ((f_zero = PyFloat_FromDouble(0.0)) == NULL)
        return NULL;
    return PyModule_Create(&module);
}
