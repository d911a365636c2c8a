/* The token loop of printcheck._operators in C, with its usual conversions.
 *
 * Why: preflight's contrast check reads every page's content stream; after
 * the stream is cut into tokens (one regular expression, in C already) the
 * Python loop over its tokens and the conversion of operands (~1,700 tokens
 * and ~80 conversions a page) were most of _operators' time: 0.137 s for the
 * report's pages read in the parent process, 0.078 s with this.
 * This is printcheck._loop statement for statement: the same tokens taken
 * as operators (the `known` set), the same operands' checks (`flat` called
 * where Python calls it), the same memo of conversions by (operator,
 * operands joined by spaces), the same result or None. Operands of the
 * usual forms (numbers of _NUMBER's grammar up to 20 characters, read by
 * PyOS_string_to_double as float() reads them; a font name and size) are
 * converted here as _convert converts them ("-0" an integer: 0.0); any
 * other is given to `convert` (printcheck._convert) itself.
 * tests/pdf/test_oploop.py compares the two on every page of the report,
 * the example and the starter and on generated streams. printcheck falls
 * back to the Python loop when this module is not built or CSRPRESS_PURE=1.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* b" ".join(items[0:n]) (items are bytes: tokens) */
static PyObject *
join(PyObject **items, Py_ssize_t n)
{
    Py_ssize_t size = n ? n - 1 : 0, i;
    PyObject *out;
    char *p;
    for (i = 0; i < n; i++)
        size += PyBytes_GET_SIZE(items[i]);
    out = PyBytes_FromStringAndSize(NULL, size);
    if (out == NULL)
        return NULL;
    p = PyBytes_AS_STRING(out);
    for (i = 0; i < n; i++) {
        Py_ssize_t k = PyBytes_GET_SIZE(items[i]);
        if (i) {
            *p++ = ' ';
        }
        memcpy(p, PyBytes_AS_STRING(items[i]), (size_t)k);
        p += k;
    }
    return out;
}

/* out.append((tok, value)) */
static int
append(PyObject *out, PyObject *tok, PyObject *value)
{
    PyObject *pair = PyTuple_Pack(2, tok, value);
    int rc;
    if (pair == NULL)
        return -1;
    rc = PyList_Append(out, pair);
    Py_DECREF(pair);
    return rc;
}

/* Whether a token is one of _NUMBER's numbers, whole: [-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+);
 * *dot tells whether it has a point (a real; else an integer) */
static int
is_number(PyObject *tok, int *dot)
{
    const char *s = PyBytes_AS_STRING(tok);
    Py_ssize_t n = PyBytes_GET_SIZE(tok), i = 0, digits = 0, after = 0;
    *dot = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    while (i < n && s[i] >= '0' && s[i] <= '9') {
        i++;
        digits++;
    }
    if (i < n && s[i] == '.') {
        *dot = 1;
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9') {
            i++;
            after++;
        }
    }
    return i == n && (digits > 0 || after > 0);
}

/* float(token) as Python reads a number token (the same function) */
static double
to_double(PyObject *tok)
{
    return PyOS_string_to_double(PyBytes_AS_STRING(tok), NULL, NULL);
}

#define FALLBACK ((PyObject *)1)   /* (not converted here: printcheck._convert does it) */
#define LONGEST 20                 /* longer numbers are left to Python (huge integers) */

/* _convert(how, b" ".join(operands)) for the usual operands: a new reference,
 * None, FALLBACK, or NULL with an exception set */
static PyObject *
convert_here(PyObject *how, PyObject **operands, Py_ssize_t nops)
{
    Py_ssize_t k;
    int dot;
    if (PyUnicode_CompareWithASCIIString(how, "font") == 0) {
        PyObject *name, *size;
        const char *s;
        Py_ssize_t n, i;
        double v;
        if (nops != 2)
            return FALLBACK;
        s = PyBytes_AS_STRING(operands[0]);
        n = PyBytes_GET_SIZE(operands[0]);
        if (n < 2 || s[0] != '/')
            return FALLBACK;
        for (i = 1; i < n; i++) {
            char c = s[i];
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-'))
                return FALLBACK;
        }
        if (!is_number(operands[1], &dot) || PyBytes_GET_SIZE(operands[1]) > LONGEST)
            return FALLBACK;
        v = to_double(operands[1]);
        if (v == -1.0 && PyErr_Occurred())
            return NULL;
        if (!dot && v == 0.0)
            v = 0.0;               /* (_number: an integer through int, so "-0" is 0.0) */
        name = PyUnicode_DecodeASCII(s, n, NULL);
        if (name == NULL)
            return NULL;
        size = PyFloat_FromDouble(v);
        if (size == NULL) {
            Py_DECREF(name);
            return NULL;
        }
        return Py_BuildValue("(NN)", name, size);
    }
    for (k = 0; k < nops; k++)
        if (!is_number(operands[k], &dot) || PyBytes_GET_SIZE(operands[k]) > LONGEST)
            return FALLBACK;
    if (PyUnicode_CompareWithASCIIString(how, "integer") == 0) {
        double v;
        PyObject *i;
        if (nops == 0)
            Py_RETURN_NONE;
        v = to_double(operands[0]);
        if (v == -1.0 && PyErr_Occurred())
            return NULL;
        i = PyLong_FromDouble(v);
        return i == NULL ? NULL : Py_BuildValue("(N)", i);
    }
    if (PyUnicode_CompareWithASCIIString(how, "numbers") == 0) {
        PyObject *out = PyTuple_New(nops);
        if (out == NULL)
            return NULL;
        for (k = 0; k < nops; k++) {
            double v = to_double(operands[k]);
            PyObject *f;
            if (v == -1.0 && PyErr_Occurred()) {
                Py_DECREF(out);
                return NULL;
            }
            is_number(operands[k], &dot);
            if (!dot && v == 0.0)
                v = 0.0;   /* (an integer "-0" with a zero among the values and "-0" in the
                              text: _number's 0.0, the only value it changes) */
            f = PyFloat_FromDouble(v);
            if (f == NULL) {
                Py_DECREF(out);
                return NULL;
            }
            PyTuple_SET_ITEM(out, k, f);
        }
        return out;
    }
    return FALLBACK;
}

/* convert_here, else the Python conversion (convert(how, joined)) */
static PyObject *
convert_any(PyObject *convert, PyObject *how, PyObject **operands, Py_ssize_t nops,
            PyObject *joined)
{
    PyObject *value = convert_here(how, operands, nops);
    if (value != FALLBACK)
        return value;
    return PyObject_CallFunctionObjArgs(convert, how, joined, NULL);
}

/* loop(tokens, known, shown, read, openers, flat, convert) -> list | None:
 * see printcheck._loop. Returns 1 when done (result set), 0 for None, -1 on error. */
static int
run(PyObject *tokens, PyObject *known, PyObject *shown, PyObject *read, PyObject *openers,
    PyObject *flat, PyObject *convert, PyObject *out, PyObject *done, PyObject **operands)
{
    Py_ssize_t ntok = PyList_GET_SIZE(tokens), nops = 0, i, k;
    PyObject *empty = PyTuple_New(0), *blank = PyBytes_FromStringAndSize("", 0);
    int rc = -1;
    if (empty == NULL || blank == NULL)
        goto end;
    for (i = 0; i < ntok; i++) {
        PyObject *tok = PyList_GET_ITEM(tokens, i), *how;
        int is_op = PySet_Contains(known, tok), is_shown;
        if (is_op < 0)
            goto end;
        if (!is_op) {
            operands[nops++] = tok;
            continue;
        }
        is_shown = PySet_Contains(shown, tok);
        if (is_shown < 0)
            goto end;
        if (nops) {
            int opened = 0;
            for (k = 0; k < nops && !opened; k++) {
                opened = PySet_Contains(openers, operands[k]);
                if (opened < 0)
                    goto end;
            }
            if (opened) {
                PyObject *lst = PyList_New(nops), *r;
                int ok;
                if (lst == NULL)
                    goto end;
                for (k = 0; k < nops; k++)
                    PyList_SET_ITEM(lst, k, Py_NewRef(operands[k]));
                r = PyObject_CallOneArg(flat, lst);
                Py_DECREF(lst);
                if (r == NULL)
                    goto end;
                ok = PyObject_IsTrue(r);
                Py_DECREF(r);
                if (ok < 0)
                    goto end;
                if (!ok) {
                    rc = 0;
                    goto end;
                }
            }
            if (is_shown) {
                how = PyDict_GetItemWithError(read, tok);
                if (how == NULL && PyErr_Occurred())
                    goto end;
                if (how == NULL || how == Py_None) {
                    if (append(out, tok, empty) < 0)
                        goto end;
                }
                else {
                    PyObject *joined = join(operands, nops), *key, *value;
                    if (joined == NULL)
                        goto end;
                    key = PyTuple_Pack(2, tok, joined);
                    Py_DECREF(joined);
                    if (key == NULL)
                        goto end;
                    value = PyDict_GetItemWithError(done, key);
                    if (value == NULL && PyErr_Occurred()) {
                        Py_DECREF(key);
                        goto end;
                    }
                    if (value == NULL || (PyTuple_CheckExact(value) && PyTuple_GET_SIZE(value) == 0)) {
                        value = convert_any(convert, how, operands, nops,
                                            PyTuple_GET_ITEM(key, 1));
                        if (value == NULL || PyDict_SetItem(done, key, value) < 0) {
                            Py_XDECREF(value);
                            Py_DECREF(key);
                            goto end;
                        }
                        Py_DECREF(value);          /* (the dict holds it) */
                    }
                    Py_INCREF(value);
                    Py_DECREF(key);
                    if (value == Py_None) {
                        Py_DECREF(value);
                        rc = 0;
                        goto end;
                    }
                    k = append(out, tok, value);
                    Py_DECREF(value);
                    if (k < 0)
                        goto end;
                }
            }
            nops = 0;
        }
        else if (is_shown) {
            how = PyDict_GetItemWithError(read, tok);
            if (how == NULL && PyErr_Occurred())
                goto end;
            if (how == NULL || how == Py_None) {
                if (append(out, tok, empty) < 0)
                    goto end;
            }
            else {
                PyObject *value = convert_any(convert, how, operands, 0, blank);
                if (value == NULL)
                    goto end;
                if (value == Py_None) {
                    Py_DECREF(value);
                    rc = 0;
                    goto end;
                }
                k = append(out, tok, value);
                Py_DECREF(value);
                if (k < 0)
                    goto end;
            }
        }
    }
    rc = nops ? 0 : 1;            /* (operands after the last operator: None) */
end:
    Py_XDECREF(empty);
    Py_XDECREF(blank);
    return rc;
}

static PyObject *
loop(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *tokens, *out, *done, **operands;
    int rc;
    (void)self;
    if (nargs != 7) {
        PyErr_SetString(PyExc_TypeError, "loop() takes 7 arguments");
        return NULL;
    }
    tokens = args[0];
    if (!PyList_Check(tokens) || !PyAnySet_Check(args[1]) || !PyAnySet_Check(args[2]) ||
            !PyDict_Check(args[3]) || !PyAnySet_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError, "loop(): tokens list, known, shown, read, openers");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(tokens); i++)
        if (!PyBytes_CheckExact(PyList_GET_ITEM(tokens, i))) {
            PyErr_SetString(PyExc_TypeError, "loop(): tokens are bytes");
            return NULL;
        }
    operands = PyMem_Malloc(sizeof(PyObject *) * (size_t)(PyList_GET_SIZE(tokens) + 1));
    out = PyList_New(0);
    done = PyDict_New();
    if (operands == NULL || out == NULL || done == NULL) {
        PyMem_Free(operands);
        Py_XDECREF(out);
        Py_XDECREF(done);
        return PyErr_NoMemory();
    }
    /* (the tokens list holds every operand: borrowed references suffice
     * while it is not changed, and nothing here changes it) */
    Py_INCREF(tokens);
    rc = run(tokens, args[1], args[2], args[3], args[4], args[5], args[6], out, done, operands);
    Py_DECREF(tokens);
    PyMem_Free(operands);
    Py_DECREF(done);
    if (rc < 0) {
        Py_DECREF(out);
        return NULL;
    }
    if (rc == 0) {
        Py_DECREF(out);
        Py_RETURN_NONE;
    }
    return out;
}

static PyMethodDef methods[] = {
    {"loop", (PyCFunction)(void (*)(void))loop, METH_FASTCALL,
     "loop(tokens, known, shown, read, openers, flat, convert) -> list | None: "
     "printcheck._loop in C."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_oploop",
    "The token loop of preflight's contrast check in C (see printcheck._loop).", -1, methods,
    NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit__oploop(void)
{
    return PyModule_Create(&module);
}
