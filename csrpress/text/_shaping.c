/* The two loops of shaping (shaping._atoms and shaping._gaps, with _gap,
 * _han_latin and atoms._edge / lb_class) in C; and, at the end, the shape
 * cache's packing loop (shapecache._index_rows).
 *
 * Why: shaping the report in a cold build makes ~43,000 atoms and their gaps,
 * ~0.17 s of Python, nearly all of it these loops' bookkeeping per atom. This
 * file is a statement-for-statement translation and must make exactly the
 * same atoms and gaps (the same objects shared the same way: a Han atom from
 * the ``han`` memo, one gap for all Han-Han pairs of a size):
 *   - every arithmetic is done on the Python objects (PyNumber_Multiply, the
 *     builtin max's comparison), in the Python code's order, so the floats are
 *     Python's whatever the widths' types;
 *   - what is rare or holds a rule of its own is left to the Python it is
 *     written in, called from here: tokens (the regular expression), clusters
 *     of joined characters (_cluster_atoms), every token that is not Han text
 *     or a space (_other: quotes, marks, words), and pair_breakable, given as
 *     a table of its answers for every pair of line-break classes (configure).
 * tests/text/test_shapefit.py compares the two on every paragraph of the
 * report, the example and the starter and on generated text. shaping.py uses
 * its own loops when this module is not built (no compiler at install) or
 * CSRPRESS_PURE=1.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

/* what configure is given (shaping._compiled) */
static PyObject *Atom_t, *Gap_t, *tokens_f, *joins_f, *clusters_f, *cluster_atoms_f, *other_f;
static PyObject *han_kind;                    /* atoms.HAN, the object */
static long K_HAN, K_PUNCT, K_LATIN;
static PyObject *S_QUOTES, *S_LOPEN, *S_LCLOSE, *S_WORD_END, *S_LPUNCT, *S_LOPEN_NQ;
static PyObject *S_FIGURE_UNITS;   /* shaping.FIGURE_UNITS: no break between a figure and these */
static PyObject *S_NO_START, *S_NO_END, *S_ASCII_NO_START, *S_ASCII_NO_END, *S_PREFIXES,
    *S_COMPRESSIBLE, *S_BLANK_RIGHT, *S_BLANK_LEFT;
static PyObject *punct_kind;                  /* atoms.PUNCT, the object */
static PyObject *class_of;                    /* character -> class index (atoms._CLASS) */
static int C_NU, C_ID, C_AL, C_OP, C_CL, N_CLASSES;
static unsigned char *breakable_table;        /* [x][y][spaced]: pair_breakable */

/* names and constants */
static PyObject *s_face, *s_size,
    *s_stretch, *s_han_latin, *s_han_latin_min, *s_end_compress, *s_start_compress,
    *s_end_extra, *s_start_extra;
static PyObject *k_space, *k_glue, *k_han, *k_ch, *str_empty, *str_space;
static PyObject *f_zero, *f_half, *f_03, *f_50, *f_mhalf;

static int configured = 0;

static int
kind_is(PyObject *kind, PyObject *name)
{
    if (kind == name)
        return 1;
    if (!PyUnicode_Check(kind))
        return 0;
    return PyUnicode_Compare(kind, name) == 0;
}

static int
get_truth(PyObject *obj, PyObject *name)
{
    int r;
    PyObject *v = PyObject_GetAttr(obj, name);
    if (v == NULL)
        return -1;
    r = PyObject_IsTrue(v);
    Py_DECREF(v);
    return r;
}

/* Slot, find_slot, slot_get: an atom's attribute read from its slot */
#include "_slots.h"

static Slot AT_text, AT_kind, AT_span, AT_no_start, AT_no_end;

static PyObject *
call(PyObject *f, PyObject *const *args, size_t n)
{
    return PyObject_Vectorcall(f, args, n, NULL);
}

/* max(x, y) as the builtin picks: x unless y > x */
static PyObject *
py_max(PyObject *x, PyObject *y)
{
    int gt = PyObject_RichCompareBool(y, x, Py_GT);
    if (gt < 0)
        return NULL;
    if (gt) {
        Py_INCREF(y);
        return y;
    }
    Py_INCREF(x);
    return x;
}

/* ------------------------------------------------------------------ atoms */

static int
append_n(PyObject *list, PyObject *item, Py_ssize_t n)
{
    for (Py_ssize_t k = 0; k < n; k++)
        if (PyList_Append(list, item) < 0)
            return -1;
    return 0;
}

/* the atom of one Han character (shaping._atoms' inner loop) */
static PyObject *
han_atom(PyObject *made, PyObject *ch, PyObject *si, PyObject *face, PyObject *size,
         PyObject *width)
{
    PyObject *a = PyDict_GetItemWithError(made, ch);
    if (a != NULL) {
        Py_INCREF(a);
        return a;
    }
    if (PyErr_Occurred())
        return NULL;
    {
        PyObject *wargs[2] = {face, ch};
        PyObject *w = call(width, wargs, 2), *ws;
        if (w == NULL)
            return NULL;
        ws = PyNumber_Multiply(w, size);
        Py_DECREF(w);
        if (ws == NULL)
            return NULL;
        {
            PyObject *args[9] = {ch, si, han_kind, ws, f_zero, f_zero, Py_False, Py_False,
                                 Py_True};
            a = call(Atom_t, args, 9);
        }
        Py_DECREF(ws);
        if (a == NULL)
            return NULL;
        if (PyDict_SetItem(made, ch, a) < 0) {
            Py_DECREF(a);
            return NULL;
        }
    }
    return a;
}

/* A Han token: its atoms appended; returns how many, or -1 */
static Py_ssize_t
han_token(PyObject *tok, PyObject *si, PyObject *sp, PyObject *width, PyObject *han,
          PyObject *atoms)
{
    PyObject *face = NULL, *size = NULL, *chars = NULL, *m;
    Py_ssize_t n = -1, len = PyUnicode_GET_LENGTH(tok);
    face = PyObject_GetAttr(sp, s_face);
    if (face == NULL)
        goto done;
    size = PyObject_GetAttr(sp, s_size);
    if (size == NULL)
        goto done;
    m = PyObject_CallOneArg(joins_f, tok);
    if (m == NULL)
        goto done;
    if (m != Py_None) {                       /* joiners: clusters as Python finds them */
        Py_DECREF(m);
        chars = PyObject_CallOneArg(clusters_f, tok);
        if (chars == NULL)
            goto done;
        if (!PyList_Check(chars)) {
            PyErr_SetString(PyExc_TypeError, "_shaping: clusters gave no list");
            goto done;
        }
    }
    else
        Py_DECREF(m);
    if (chars == NULL || PyList_GET_SIZE(chars) == len) {
        PyObject *key, *made;
        PyObject *kargs[3] = {face, size, si};
        key = PyTuple_New(3);
        if (key == NULL)
            goto done;
        for (int k = 0; k < 3; k++) {
            Py_INCREF(kargs[k]);
            PyTuple_SET_ITEM(key, k, kargs[k]);
        }
        made = PyDict_GetItemWithError(han, key);
        if (made == NULL) {
            if (PyErr_Occurred() || (made = PyDict_New()) == NULL) {
                Py_DECREF(key);
                goto done;
            }
            if (PyDict_SetItem(han, key, made) < 0) {
                Py_DECREF(made);
                Py_DECREF(key);
                goto done;
            }
        }
        else
            Py_INCREF(made);
        Py_DECREF(key);
        for (Py_ssize_t k = 0; k < len; k++) {
            PyObject *ch, *a;
            if (chars != NULL) {
                ch = PyList_GET_ITEM(chars, k);
                Py_INCREF(ch);
            }
            else
                ch = PyUnicode_FromOrdinal(PyUnicode_READ_CHAR(tok, k));
            if (ch == NULL) {
                Py_DECREF(made);
                goto done;
            }
            a = han_atom(made, ch, si, face, size, width);
            Py_DECREF(ch);
            if (a == NULL || PyList_Append(atoms, a) < 0) {
                Py_XDECREF(a);
                Py_DECREF(made);
                goto done;
            }
            Py_DECREF(a);
        }
        Py_DECREF(made);
        n = len;
    }
    else {
        PyObject *args[5] = {chars, si, face, size, width};
        PyObject *made = call(cluster_atoms_f, args, 5);
        Py_ssize_t before = PyList_GET_SIZE(atoms);
        if (made == NULL)
            goto done;
        if (PyList_SetSlice(atoms, before, before, made) < 0) {
            Py_DECREF(made);
            goto done;
        }
        Py_DECREF(made);
        n = PyList_GET_SIZE(chars);
    }
done:
    Py_XDECREF(face);
    Py_XDECREF(size);
    Py_XDECREF(chars);
    return n;
}

static int
member(PyObject *set, PyObject *text, int *out)
{
    int r = PySet_Contains(set, text);
    if (r < 0)
        return -1;
    *out = r;
    return 0;
}

/* atoms.classify(ch) is PUNCT */
static int
is_punct(PyObject *ch)
{
    PyObject *sets[4] = {S_NO_START, S_NO_END, S_ASCII_NO_START, S_ASCII_NO_END};
    Py_UCS4 c;
    for (int k = 0; k < 4; k++) {
        int r = PySet_Contains(sets[k], ch);
        if (r != 0)
            return r;
    }
    c = PyUnicode_READ_CHAR(ch, 0);     /* ch.isascii() and not ch.isalnum() */
    return c < 128 && !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                        (c >= 'a' && c <= 'z'));
}

/* shaping._atom's single character (kind "ch") */
static PyObject *
char_atom(PyObject *ch, PyObject *si, PyObject *sp, PyObject *width, PyObject *size)
{
    PyObject *face, *w, *ws, *a;
    int punct = is_punct(ch), no_start, no_end;
    if (punct < 0 || member(S_NO_START, ch, &no_start) < 0)
        return NULL;
    if (punct) {
        if (!no_start && member(S_ASCII_NO_START, ch, &no_start) < 0)
            return NULL;
        if (member(S_NO_END, ch, &no_end) < 0 ||
                (!no_end && member(S_ASCII_NO_END, ch, &no_end) < 0))
            return NULL;
    }
    else if (member(S_PREFIXES, ch, &no_end) < 0)
        return NULL;
    if ((face = PyObject_GetAttr(sp, s_face)) == NULL)
        return NULL;
    {
        PyObject *wargs[2] = {face, ch};
        w = call(width, wargs, 2);
    }
    Py_DECREF(face);
    if (w == NULL)
        return NULL;
    ws = PyNumber_Multiply(w, size);
    Py_DECREF(w);
    if (ws == NULL)
        return NULL;
    {
        PyObject *args[9] = {ch, si, punct ? punct_kind : han_kind, ws, f_zero, f_zero,
                             no_start ? Py_True : Py_False, no_end ? Py_True : Py_False,
                             Py_True};
        a = call(Atom_t, args, 9);
    }
    Py_DECREF(ws);
    return a;
}

/* the rest of shaping._other: a compressible mark set half width at a
 * line's end or start (blank: its ink leaves that half blank) */
static int
compress_edge(PyObject *atom, PyObject *ch, PyObject *sp, PyObject *spacing, PyObject *blank,
              PyObject *size)
{
    PyObject *face, *ok, *half;
    int r, right, left;
    if (member(S_COMPRESSIBLE, ch, &r) < 0)
        return -1;
    if (!r)
        return 0;
    if ((face = PyObject_GetAttr(sp, s_face)) == NULL)
        return -1;
    {
        PyObject *bargs[2] = {face, ch};
        ok = call(blank, bargs, 2);
    }
    Py_DECREF(face);
    if (ok == NULL)
        return -1;
    r = PyObject_IsTrue(ok);
    Py_DECREF(ok);
    if (r <= 0)
        return r;
    if ((r = get_truth(spacing, s_end_compress)) < 0)
        return -1;
    right = 0;
    if (r && member(S_BLANK_RIGHT, ch, &right) < 0)
        return -1;
    if (right) {
        if ((half = PyNumber_Multiply(f_mhalf, size)) == NULL)
            return -1;
        r = PyObject_SetAttr(atom, s_end_extra, half);
        Py_DECREF(half);
        return r;
    }
    if ((r = get_truth(spacing, s_start_compress)) < 0)
        return -1;
    left = 0;
    if (r && member(S_BLANK_LEFT, ch, &left) < 0)
        return -1;
    if (left) {
        if ((half = PyNumber_Multiply(f_mhalf, size)) == NULL)
            return -1;
        r = PyObject_SetAttr(atom, s_start_extra, half);
        Py_DECREF(half);
        return r;
    }
    return 0;
}

/* A token that is not Han text, a space or a no-break space: shaping._other
 * (in Python, but for a single character: here) */
static int
other_token(PyObject *kind, PyObject *tok, PyObject *si, PyObject *sp, PyObject *width,
            PyObject *spacing, PyObject *blank, PyObject *quotes, PyObject *pending,
            PyObject *atoms, PyObject *marks)
{
    long k;
    PyObject *atom;
    if (kind_is(kind, k_ch) && PyUnicode_Check(tok) && PyUnicode_GET_LENGTH(tok) == 1) {
        PyObject *size = PyObject_GetAttr(sp, s_size);
        if (size == NULL)
            return -1;
        atom = char_atom(tok, si, sp, width, size);
        if (atom != NULL && slot_long(atom, &AT_kind, &k) == 0 && k == K_PUNCT &&
                compress_edge(atom, tok, sp, spacing, blank, size) < 0)
            Py_CLEAR(atom);
        Py_DECREF(size);
    }
    else {
        PyObject *args[9] = {kind, tok, si, sp, width, spacing, blank, quotes, pending};
        atom = call(other_f, args, 9);
    }
    if (atom == NULL)
        return -1;
    if (slot_long(atom, &AT_kind, &k) < 0)
        goto fail;
    if (k == K_PUNCT) {
        PyObject *at = PyLong_FromSsize_t(PyList_GET_SIZE(atoms));
        if (at == NULL || PyList_Append(marks, at) < 0) {
            Py_XDECREF(at);
            goto fail;
        }
        Py_DECREF(at);
    }
    if (PyList_Append(atoms, atom) < 0)
        goto fail;
    Py_DECREF(atom);
    return 0;
fail:
    Py_DECREF(atom);
    return -1;
}

/* shaping._atoms(runs, spans, width, spacing, han, blank) */
static PyObject *
atoms_c(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *runs, *spans, *width, *spacing, *han, *blank;
    PyObject *atoms = NULL, *before = NULL, *ideo = NULL, *han_runs = NULL, *marks = NULL;
    PyObject *quotes = NULL, *runs_fast = NULL, *pending = str_empty, *result = NULL;
    (void)self;
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "_shaping: not configured");
        return NULL;
    }
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "_shaping.atoms takes 6 arguments");
        return NULL;
    }
    runs = args[0], spans = args[1], width = args[2], spacing = args[3], han = args[4];
    blank = args[5];
    if (!PyDict_Check(han)) {
        PyErr_SetString(PyExc_TypeError, "_shaping.atoms: han is not a dict");
        return NULL;
    }
    Py_INCREF(pending);
    if ((atoms = PyList_New(0)) == NULL || (before = PyList_New(0)) == NULL ||
            (ideo = PyList_New(0)) == NULL || (han_runs = PyList_New(0)) == NULL ||
            (marks = PyList_New(0)) == NULL || (quotes = PyDict_New()) == NULL)
        goto done;
    if (PyDict_SetItemString(quotes, "\"", Py_False) < 0 ||
            PyDict_SetItemString(quotes, "'", Py_False) < 0)
        goto done;
    runs_fast = PySequence_Fast(runs, "_shaping.atoms: runs");
    if (runs_fast == NULL)
        goto done;
    for (Py_ssize_t r = 0; r < PySequence_Fast_GET_SIZE(runs_fast); r++) {
        PyObject *run = PySequence_Fast_GET_ITEM(runs_fast, r);
        PyObject *text = NULL, *si = NULL, *sp = NULL, *toks = NULL;
        int bad = 1;
        if (!PyTuple_Check(run) || PyTuple_GET_SIZE(run) != 2) {
            PyErr_SetString(PyExc_TypeError, "_shaping.atoms: a run is not (text, span)");
            goto done;
        }
        text = PyTuple_GET_ITEM(run, 0);
        si = PyTuple_GET_ITEM(run, 1);
        sp = PyObject_GetItem(spans, si);
        if (sp == NULL)
            goto done;
        toks = PyObject_CallOneArg(tokens_f, text);
        if (toks == NULL || !PyList_Check(toks)) {
            if (toks != NULL)
                PyErr_SetString(PyExc_TypeError, "_shaping.atoms: tokens gave no list");
            goto run_done;
        }
        for (Py_ssize_t t = 0; t < PyList_GET_SIZE(toks); t++) {
            PyObject *pair = PyList_GET_ITEM(toks, t), *kind, *tok;
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
                PyErr_SetString(PyExc_TypeError, "_shaping.atoms: a token is not (kind, text)");
                goto run_done;
            }
            kind = PyTuple_GET_ITEM(pair, 0);
            tok = PyTuple_GET_ITEM(pair, 1);
            if (kind_is(kind, k_space)) {
                Py_SETREF(pending, Py_NewRef(str_space));
                continue;
            }
            if (kind_is(kind, k_glue)) {
                PyObject *first = PySequence_GetItem(tok, 0);
                if (first == NULL)
                    goto run_done;
                Py_SETREF(pending, first);
                continue;
            }
            if (kind_is(kind, k_han) && PyUnicode_Check(tok)) {
                Py_ssize_t n = han_token(tok, si, sp, width, han, atoms);
                if (n < 0 || PyList_Append(before, pending) < 0 ||
                        append_n(before, str_empty, n - 1) < 0 ||
                        append_n(ideo, Py_True, n) < 0)
                    goto run_done;
                if (n > 1) {
                    PyObject *entry = Py_BuildValue("(nnO)", PyList_GET_SIZE(atoms) - n, n, si);
                    if (entry == NULL || PyList_Append(han_runs, entry) < 0) {
                        Py_XDECREF(entry);
                        goto run_done;
                    }
                    Py_DECREF(entry);
                }
                Py_SETREF(pending, Py_NewRef(str_empty));
                continue;
            }
            if (other_token(kind, tok, si, sp, width, spacing, blank, quotes, pending, atoms,
                            marks) < 0 ||
                    PyList_Append(before, pending) < 0 || PyList_Append(ideo, Py_False) < 0)
                goto run_done;
            Py_SETREF(pending, Py_NewRef(str_empty));
        }
        bad = 0;
run_done:
        Py_DECREF(sp);
        Py_XDECREF(toks);
        if (bad)
            goto done;
    }
    result = PyTuple_Pack(5, atoms, before, ideo, han_runs, marks);
done:
    Py_XDECREF(atoms);
    Py_XDECREF(before);
    Py_XDECREF(ideo);
    Py_XDECREF(han_runs);
    Py_XDECREF(marks);
    Py_XDECREF(quotes);
    Py_XDECREF(runs_fast);
    Py_XDECREF(pending);
    return result;
}

/* ------------------------------------------------------------------- gaps */

typedef struct {
    PyObject *spans, *width, *spacing;
    PyObject *stretch;                        /* spacing.stretch */
    PyObject *plain_gaps, *by_spans;          /* shaping._gaps' han_gap memo */
} GapCtx;

static PyObject *
gap_new(PyObject *w, PyObject *stretch, PyObject *shrink, PyObject *breakable,
        PyObject *penalty)
{
    PyObject *args[5] = {w, stretch, shrink, breakable, penalty};
    return call(Gap_t, args, penalty == NULL ? 4 : 5);
}

static PyObject *
span_attr(GapCtx *c, PyObject *atom, PyObject *name)
{
    PyObject *si = slot_get(&AT_span, atom), *sp, *v;
    if (si == NULL)
        return NULL;
    sp = PyObject_GetItem(c->spans, si);
    Py_DECREF(si);
    if (sp == NULL)
        return NULL;
    v = PyObject_GetAttr(sp, name);
    Py_DECREF(sp);
    return v;
}

/* the larger size of two spans (by index objects), as max() picks */
static PyObject *
max_size(GapCtx *c, PyObject *x, PyObject *y)
{
    PyObject *sx, *sy, *a, *b, *m;
    sx = PyObject_GetItem(c->spans, x);
    if (sx == NULL)
        return NULL;
    a = PyObject_GetAttr(sx, s_size);
    Py_DECREF(sx);
    if (a == NULL)
        return NULL;
    sy = PyObject_GetItem(c->spans, y);
    if (sy == NULL) {
        Py_DECREF(a);
        return NULL;
    }
    b = PyObject_GetAttr(sy, s_size);
    Py_DECREF(sy);
    if (b == NULL) {
        Py_DECREF(a);
        return NULL;
    }
    m = py_max(a, b);
    Py_DECREF(a);
    Py_DECREF(b);
    return m;
}

/* han_gap(x, y) of shaping._gaps (a new reference) */
static PyObject *
han_gap(GapCtx *c, PyObject *x, PyObject *y)
{
    PyObject *key = PyTuple_Pack(2, x, y), *g, *size;
    if (key == NULL)
        return NULL;
    g = PyDict_GetItemWithError(c->by_spans, key);
    if (g != NULL) {
        Py_DECREF(key);
        Py_INCREF(g);
        return g;
    }
    if (PyErr_Occurred() || (size = max_size(c, x, y)) == NULL) {
        Py_DECREF(key);
        return NULL;
    }
    g = PyDict_GetItemWithError(c->plain_gaps, size);
    if (g != NULL)
        Py_INCREF(g);
    else if (!PyErr_Occurred()) {
        PyObject *st = PyNumber_Multiply(c->stretch, size);
        if (st != NULL) {
            g = gap_new(f_zero, st, f_zero, Py_True, NULL);
            Py_DECREF(st);
            if (g != NULL && PyDict_SetItem(c->plain_gaps, size, g) < 0)
                Py_CLEAR(g);
        }
    }
    Py_DECREF(size);
    if (g != NULL && PyDict_SetItem(c->by_spans, key, g) < 0)
        Py_CLEAR(g);
    Py_DECREF(key);
    return g;
}

static PyObject *
sizes_of(GapCtx *c, PyObject *a, PyObject *b)
{
    PyObject *x = slot_get(&AT_span, a), *y, *m;
    if (x == NULL)
        return NULL;
    y = slot_get(&AT_span, b);
    if (y == NULL) {
        Py_DECREF(x);
        return NULL;
    }
    m = max_size(c, x, y);
    Py_DECREF(x);
    Py_DECREF(y);
    return m;
}

/* shaping._han_latin(a, b, spans, spacing, breakable) */
static PyObject *
han_latin(GapCtx *c, PyObject *a, PyObject *b, PyObject *breakable)
{
    PyObject *size = sizes_of(c, a, b), *hl = NULL, *hmin = NULL, *w = NULL, *st = NULL,
        *d = NULL, *sh = NULL, *g = NULL;
    if (size == NULL)
        return NULL;
    if ((hl = PyObject_GetAttr(c->spacing, s_han_latin)) == NULL ||
            (w = PyNumber_Multiply(hl, size)) == NULL ||
            (st = PyNumber_Multiply(c->stretch, size)) == NULL ||
            (hmin = PyObject_GetAttr(c->spacing, s_han_latin_min)) == NULL ||
            (d = PyNumber_Subtract(hl, hmin)) == NULL ||
            (sh = PyNumber_Multiply(d, size)) == NULL)
        goto done;
    g = gap_new(w, st, sh, breakable, f_50);
done:
    Py_DECREF(size);
    Py_XDECREF(hl);
    Py_XDECREF(hmin);
    Py_XDECREF(w);
    Py_XDECREF(st);
    Py_XDECREF(d);
    Py_XDECREF(sh);
    return g;
}

/* What _gap reads of an atom */
typedef struct {
    PyObject *text;             /* borrowed from the atom's own reference below */
    long kind;
    int no_start, no_end;
    int symbol;                 /* shaping._symbol */
} AtomView;

static int
view(PyObject *a, AtomView *v)
{
    v->text = slot_get(&AT_text, a);
    if (v->text == NULL)
        return -1;
    if (!PyUnicode_Check(v->text) || PyUnicode_GET_LENGTH(v->text) == 0) {
        PyErr_SetString(PyExc_TypeError, "_shaping: an atom's text is not a non-empty str");
        goto fail;
    }
    if (slot_long(a, &AT_kind, &v->kind) < 0 || (v->no_start = slot_truth(a, &AT_no_start)) < 0 ||
            (v->no_end = slot_truth(a, &AT_no_end)) < 0)
        goto fail;
    v->symbol = v->kind == K_HAN && PyUnicode_GET_LENGTH(v->text) == 1 &&
        PyUnicode_READ_CHAR(v->text, 0) < 0x2E80;
    return 0;
fail:
    Py_CLEAR(v->text);
    return -1;
}

/* atoms.lb_class of one character, as a class index */
static int
lb_class(Py_UCS4 ch)
{
    PyObject *s = PyUnicode_FromOrdinal(ch), *found;
    long k;
    if (s == NULL)
        return -1;
    found = PyDict_GetItemWithError(class_of, s);
    Py_DECREF(s);
    if (found != NULL) {
        k = PyLong_AsLong(found);
        if (k < 0 || k >= N_CLASSES) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "_shaping: a class index out of range");
            return -1;
        }
        return (int)k;
    }
    if (PyErr_Occurred())
        return -1;
    if (ch >= '0' && ch <= '9')
        return C_NU;
    if (ch >= 0x2E80 || (ch >= 0x2300 && ch <= 0x23FF) || (ch >= 0x2600 && ch <= 0x27BF))
        return C_ID;
    return C_AL;
}

/* atoms._edge: the class at an atom's start (last = 0) or end (last = 1) */
static int
edge(AtomView *v, int last)
{
    int q = PySet_Contains(S_QUOTES, v->text);
    if (q < 0)
        return -1;
    if (q)
        return v->no_end ? C_OP : C_CL;
    return lb_class(PyUnicode_READ_CHAR(v->text, last ? PyUnicode_GET_LENGTH(v->text) - 1 : 0));
}

static int
in_set(PyObject *set, PyObject *text)
{
    return PySet_Contains(set, text);
}

/* a word space: width(face of a, " ") * size of a */
static PyObject *
space_width(GapCtx *c, PyObject *a)
{
    PyObject *face = span_attr(c, a, s_face), *size, *w, *out;
    if (face == NULL)
        return NULL;
    {
        PyObject *wargs[2] = {face, str_space};
        w = call(c->width, wargs, 2);
    }
    Py_DECREF(face);
    if (w == NULL)
        return NULL;
    size = span_attr(c, a, s_size);
    if (size == NULL) {
        Py_DECREF(w);
        return NULL;
    }
    out = PyNumber_Multiply(w, size);
    Py_DECREF(w);
    Py_DECREF(size);
    return out;
}

/* Gap(w, stretch * size, w * 0.3, breakable): a word space */
static PyObject *
word_gap(GapCtx *c, PyObject *w, PyObject *size, PyObject *breakable)
{
    PyObject *st = PyNumber_Multiply(c->stretch, size), *sh, *g;
    if (st == NULL)
        return NULL;
    sh = PyNumber_Multiply(w, f_03);
    if (sh == NULL) {
        Py_DECREF(st);
        return NULL;
    }
    g = gap_new(w, st, sh, breakable, NULL);
    Py_DECREF(st);
    Py_DECREF(sh);
    return g;
}

/* shaping._gap(a, b, typed, spans, width, spacing, sign) */
static PyObject *
gap_c(GapCtx *c, PyObject *a_obj, PyObject *b_obj, PyObject *typed, int sign)
{
    AtomView a = {0}, b = {0};
    PyObject *size = NULL, *g = NULL, *breakable, *w = NULL, *st = NULL;
    Py_ssize_t tlen;
    int glue, has_typed, brk;
    if (!PyUnicode_Check(typed)) {
        PyErr_SetString(PyExc_TypeError, "_shaping: what was typed is not a str");
        return NULL;
    }
    if (view(a_obj, &a) < 0 || view(b_obj, &b) < 0)
        goto done;
    if ((size = sizes_of(c, a_obj, b_obj)) == NULL)
        goto done;
    tlen = PyUnicode_GET_LENGTH(typed);
    has_typed = tlen > 0;
    glue = !(tlen == 0 || (tlen == 1 && PyUnicode_READ_CHAR(typed, 0) == ' '));
    if (b.no_start || a.no_end || glue)
        brk = 0;
    else {
        int x = edge(&a, 1), y;
        if (x < 0 || (y = edge(&b, 0)) < 0)
            goto done;
        brk = breakable_table[((size_t)x * N_CLASSES + y) * 2 + (has_typed ? 1 : 0)];
        if (brk && a.kind == K_LATIN && b.kind == K_HAN) {    /* 2025 | 年: kept together */
            Py_ssize_t n = PyUnicode_GET_LENGTH(a.text);
            Py_UCS4 last = n > 0 ? PyUnicode_READ_CHAR(a.text, n - 1) : 0;
            if (last >= '0' && last <= '9') {
                int r = in_set(S_FIGURE_UNITS, b.text);
                if (r < 0)
                    goto done;
                if (r)
                    brk = 0;
            }
        }
    }
    breakable = brk ? Py_True : Py_False;
    if (glue) {                 /* a no-break space: the font's space, never a break */
        if ((w = space_width(c, a_obj)) != NULL)
            g = gap_new(w, f_zero, f_zero, Py_False, NULL);
        goto done;
    }
    if (a.symbol || b.symbol) {
        int latin;
        if (has_typed) {
            if ((w = space_width(c, a_obj)) != NULL)
                g = word_gap(c, w, size, breakable);
            goto done;
        }
        latin = a.kind == K_LATIN || b.kind == K_LATIN || (a.symbol && b.symbol);
        if (latin)
            g = gap_new(f_zero, f_zero, f_zero, breakable, NULL);
        else if ((st = PyNumber_Multiply(c->stretch, size)) != NULL)
            g = gap_new(f_zero, st, f_zero, breakable, NULL);
        goto done;
    }
    /* a unit's slash typed against Han binds its two sides: no Han-Latin gap */
    if (!has_typed &&
            ((a.kind == K_HAN && b.kind == K_LATIN && PyUnicode_READ_CHAR(b.text, 0) == '/') ||
             (a.kind == K_LATIN && b.kind == K_HAN &&
              PyUnicode_READ_CHAR(a.text, PyUnicode_GET_LENGTH(a.text) - 1) == '/'))) {
        if ((st = PyNumber_Multiply(c->stretch, size)) != NULL)
            g = gap_new(f_zero, st, f_zero, breakable, NULL);
        goto done;
    }
    {
        int hl = 0, r;
        if (a.kind == K_HAN) {
            if (b.kind == K_LATIN)
                hl = 1;
            else if ((r = in_set(S_LOPEN_NQ, b.text)) < 0)
                goto done;
            else
                hl = r;
        }
        if (!hl && b.kind == K_HAN) {
            if (a.kind == K_LATIN)
                hl = 1;
            else if ((r = in_set(S_LCLOSE, a.text)) < 0)
                goto done;
            else
                hl = r;
        }
        if (hl) {
            g = han_latin(c, a_obj, b_obj, breakable);
            goto done;
        }
    }
    {
        int latin_pair = sign, r;
        if (!latin_pair) {
            int left = a.kind == K_LATIN;
            if (!left) {
                if ((r = in_set(S_WORD_END, a.text)) < 0)
                    goto done;
                left = r;
            }
            if (left) {
                int right = b.kind == K_LATIN;
                if (!right) {
                    if ((r = in_set(S_LOPEN, b.text)) < 0)
                        goto done;
                    right = r;
                }
                latin_pair = right;
            }
        }
        if (has_typed && (latin_pair || (a.kind != K_PUNCT && b.kind != K_PUNCT))) {
            if (latin_pair)
                w = space_width(c, a_obj);
            else
                w = PyNumber_Multiply(f_half, size);
            if (w != NULL)
                g = word_gap(c, w, size, breakable);
            goto done;
        }
    }
    if (a.kind == K_LATIN && b.kind == K_LATIN) {
        g = gap_new(f_zero, f_zero, f_zero, Py_False, NULL);
        goto done;
    }
    if (!has_typed) {
        int tight = 0, r;
        if (a.kind == K_LATIN) {
            if ((r = in_set(S_WORD_END, b.text)) < 0)
                goto done;
            tight = r;
        }
        if (!tight && b.kind == K_LATIN) {
            if ((r = in_set(S_LOPEN, a.text)) < 0)
                goto done;
            tight = r;
        }
        if (!tight) {
            if ((r = in_set(S_LPUNCT, a.text)) < 0)
                goto done;
            if (r) {
                if ((r = in_set(S_LPUNCT, b.text)) < 0)
                    goto done;
                tight = r;
            }
        }
        if (tight) {
            g = gap_new(f_zero, f_zero, f_zero, breakable, NULL);
            goto done;
        }
    }
    if ((st = PyNumber_Multiply(c->stretch, size)) != NULL)
        g = gap_new(f_zero, st, f_zero, breakable, NULL);
done:
    Py_XDECREF(a.text);
    Py_XDECREF(b.text);
    Py_XDECREF(size);
    Py_XDECREF(w);
    Py_XDECREF(st);
    return g;
}

static int
truth_at(PyObject *list, Py_ssize_t i)
{
    return PyObject_IsTrue(PyList_GET_ITEM(list, i));
}

/* whether an index is in a set of ints (an empty set: no look-up) */
static int
index_in(PyObject *set, Py_ssize_t i)
{
    PyObject *k;
    int r;
    if (PySet_GET_SIZE(set) == 0)
        return 0;
    k = PyLong_FromSsize_t(i);
    if (k == NULL)
        return -1;
    r = PySet_Contains(set, k);
    Py_DECREF(k);
    return r;
}

/* the gaps of atoms[at:first + 1] one by one (shaping._gaps' inner loop) */
static int
gaps_between(GapCtx *c, PyObject *atoms, PyObject *before, PyObject *ideo, PyObject *signs,
             PyObject *stops, PyObject *gaps, Py_ssize_t at, Py_ssize_t first)
{
    for (Py_ssize_t i = at; i < first; i++) {
        PyObject *a = PyList_GET_ITEM(atoms, i), *b = PyList_GET_ITEM(atoms, i + 1);
        PyObject *typed = PyList_GET_ITEM(before, i + 1), *g;
        int han_pair, r;
        if ((r = truth_at(ideo, i)) < 0)
            return -1;
        han_pair = r;
        if (han_pair) {
            if ((r = truth_at(ideo, i + 1)) < 0)
                return -1;
            han_pair = r;
        }
        if (han_pair) {
            if ((r = PyObject_IsTrue(typed)) < 0)
                return -1;
            han_pair = !r;
        }
        if (han_pair) {
            PyObject *x = slot_get(&AT_span, a), *y;
            if (x == NULL)
                return -1;
            y = slot_get(&AT_span, b);
            if (y == NULL) {
                Py_DECREF(x);
                return -1;
            }
            g = han_gap(c, x, y);
            Py_DECREF(x);
            Py_DECREF(y);
        }
        else if ((r = index_in(stops, i)) < 0)
            return -1;
        else if (r)
            g = han_latin(c, a, b, Py_True);
        else {
            int sign = index_in(signs, i);
            if (sign == 0)
                sign = index_in(signs, i + 1);
            if (sign < 0)
                return -1;
            g = gap_c(c, a, b, typed, sign);
        }
        if (g == NULL)
            return -1;
        PyList_SetItem(gaps, i, g);           /* (steals g) */
    }
    return 0;
}

/* shaping._gaps(atoms, before, ideo, han_runs, signs, stops, spans, width, spacing) */
static PyObject *
gaps_c(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *atoms, *before, *ideo, *han_runs, *signs, *stops, *gaps = NULL;
    GapCtx c = {0};
    Py_ssize_t n, at = 0, m;
    (void)self;
    if (!configured) {
        PyErr_SetString(PyExc_RuntimeError, "_shaping: not configured");
        return NULL;
    }
    if (nargs != 9) {
        PyErr_SetString(PyExc_TypeError, "_shaping.gaps takes 9 arguments");
        return NULL;
    }
    atoms = args[0], before = args[1], ideo = args[2], han_runs = args[3], signs = args[4];
    stops = args[5], c.spans = args[6], c.width = args[7], c.spacing = args[8];
    if (!PyList_Check(atoms) || !PyList_Check(before) || !PyList_Check(ideo) ||
            !PyList_Check(han_runs) || !PySet_Check(signs) || !PySet_Check(stops)) {
        PyErr_SetString(PyExc_TypeError, "_shaping.gaps: not what _atoms made");
        return NULL;
    }
    n = PyList_GET_SIZE(atoms);
    if (PyList_GET_SIZE(before) != n || PyList_GET_SIZE(ideo) != n) {
        PyErr_SetString(PyExc_ValueError, "_shaping.gaps: lists of different lengths");
        return NULL;
    }
    if ((c.stretch = PyObject_GetAttr(c.spacing, s_stretch)) == NULL ||
            (c.plain_gaps = PyDict_New()) == NULL || (c.by_spans = PyDict_New()) == NULL)
        goto fail;
    gaps = PyList_New(n > 1 ? n - 1 : 0);
    if (gaps == NULL)
        goto fail;
    for (Py_ssize_t k = 0; k < n - 1; k++)
        PyList_SET_ITEM(gaps, k, Py_NewRef(Py_None));
    m = PyList_GET_SIZE(han_runs);
    for (Py_ssize_t r = 0; r <= m; r++) {
        Py_ssize_t first = n - 1, count = 1;
        PyObject *si = NULL;
        if (r < m) {
            PyObject *run = PyList_GET_ITEM(han_runs, r);
            if (!PyTuple_Check(run) || PyTuple_GET_SIZE(run) != 3) {
                PyErr_SetString(PyExc_TypeError, "_shaping.gaps: a Han run is not a triple");
                goto fail;
            }
            first = PyLong_AsSsize_t(PyTuple_GET_ITEM(run, 0));
            count = PyLong_AsSsize_t(PyTuple_GET_ITEM(run, 1));
            si = PyTuple_GET_ITEM(run, 2);
            if (PyErr_Occurred())
                goto fail;
            if (first < 0 || count < 1 || first + count > n || first < at) {
                PyErr_SetString(PyExc_ValueError, "_shaping.gaps: Han runs out of order");
                goto fail;
            }
        }
        if (gaps_between(&c, atoms, before, ideo, signs, stops, gaps, at, first) < 0)
            goto fail;
        at = first + count - 1;
        if (count > 1) {
            PyObject *g = han_gap(&c, si, si);
            if (g == NULL)
                goto fail;
            for (Py_ssize_t k = first; k < at; k++) {
                Py_INCREF(g);
                PyList_SetItem(gaps, k, g);
            }
            Py_DECREF(g);
        }
    }
    Py_DECREF(c.stretch);
    Py_DECREF(c.plain_gaps);
    Py_DECREF(c.by_spans);
    return gaps;
fail:
    Py_XDECREF(gaps);
    Py_XDECREF(c.stretch);
    Py_XDECREF(c.plain_gaps);
    Py_XDECREF(c.by_spans);
    return NULL;
}

/* ------------------------------------------------------------- configure */

/* configure(Atom, Gap, tokens, joins_search, clusters, _cluster_atoms, _other,
 *           (HAN, PUNCT, LATIN), (QUOTES, _LATIN_OPEN, _LATIN_CLOSE, _WORD_END,
 *           _LATIN_PUNCT, _LATIN_OPEN - QUOTES, NO_START, NO_END, ASCII_NO_START,
 *           ASCII_NO_END, PREFIXES, COMPRESSIBLE, BLANK_RIGHT, BLANK_LEFT, FIGURE_UNITS),
 *           {char: class index},
 *           (NU, ID, AL, OP, CL) indexes, number of classes,
 *           pair_breakable's answers as bytes, [x][y][spaced]) */
static PyObject *
configure(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *kinds, *sets, *classes, *table;
    PyObject **slots[7] = {&Atom_t, &Gap_t, &tokens_f, &joins_f, &clusters_f,
                           &cluster_atoms_f, &other_f};
    PyObject **set_slots[15] = {&S_QUOTES, &S_LOPEN, &S_LCLOSE, &S_WORD_END, &S_LPUNCT,
                                &S_LOPEN_NQ, &S_NO_START, &S_NO_END, &S_ASCII_NO_START,
                                &S_ASCII_NO_END, &S_PREFIXES, &S_COMPRESSIBLE, &S_BLANK_RIGHT,
                                &S_BLANK_LEFT, &S_FIGURE_UNITS};
    long n, idx[5], kind[3];
    (void)self;
    if (nargs != 13) {
        PyErr_SetString(PyExc_TypeError, "_shaping.configure takes 13 arguments");
        return NULL;
    }
    kinds = args[7], sets = args[8], classes = args[10], table = args[12];
    if (!PyTuple_Check(kinds) || PyTuple_GET_SIZE(kinds) != 3 || !PyTuple_Check(sets) ||
            PyTuple_GET_SIZE(sets) != 15 || !PyDict_Check(args[9]) || !PyTuple_Check(classes) ||
            PyTuple_GET_SIZE(classes) != 5 || !PyBytes_Check(table)) {
        PyErr_SetString(PyExc_TypeError, "_shaping.configure: unexpected arguments");
        return NULL;
    }
    for (int k = 0; k < 15; k++)
        if (!PyAnySet_Check(PyTuple_GET_ITEM(sets, k))) {
            PyErr_SetString(PyExc_TypeError, "_shaping.configure: a set expected");
            return NULL;
        }
    n = PyLong_AsLong(args[11]);
    for (int k = 0; k < 5; k++)
        idx[k] = PyLong_AsLong(PyTuple_GET_ITEM(classes, k));
    for (int k = 0; k < 3; k++)
        kind[k] = PyLong_AsLong(PyTuple_GET_ITEM(kinds, k));
    if (PyErr_Occurred())
        return NULL;
    if (n < 1 || n > 64 || PyBytes_GET_SIZE(table) != n * n * 2) {
        PyErr_SetString(PyExc_ValueError, "_shaping.configure: a table of the wrong size");
        return NULL;
    }
    for (int k = 0; k < 5; k++)
        if (idx[k] < 0 || idx[k] >= n) {
            PyErr_SetString(PyExc_ValueError, "_shaping.configure: a class out of range");
            return NULL;
        }
    for (int k = 0; k < 7; k++)
        Py_XSETREF(*slots[k], Py_NewRef(args[k]));
    for (int k = 0; k < 15; k++)
        Py_XSETREF(*set_slots[k], Py_NewRef(PyTuple_GET_ITEM(sets, k)));
    Py_XSETREF(han_kind, Py_NewRef(PyTuple_GET_ITEM(kinds, 0)));
    Py_XSETREF(punct_kind, Py_NewRef(PyTuple_GET_ITEM(kinds, 1)));
    Py_XSETREF(class_of, Py_NewRef(args[9]));
    K_HAN = kind[0], K_PUNCT = kind[1], K_LATIN = kind[2];
    C_NU = (int)idx[0], C_ID = (int)idx[1], C_AL = (int)idx[2], C_OP = (int)idx[3];
    C_CL = (int)idx[4];
    N_CLASSES = (int)n;
    PyMem_Free(breakable_table);
    breakable_table = PyMem_Malloc((size_t)n * n * 2);
    if (breakable_table == NULL) {
        configured = 0;
        return PyErr_NoMemory();
    }
    memcpy(breakable_table, PyBytes_AS_STRING(table), (size_t)n * n * 2);
    configured = 1;
    Py_RETURN_NONE;
}

/* ------------------------------------------------------------------------
 * shapecache._index_rows in C: the shape cache's packing (a cold build's
 * ~43,000 atoms and as many gaps, shared objects: ~11,000 of each) looked
 * each one up by its id in a dict, ~0.05 s of Python; here by its address
 * in a table of its own. Each distinct object's row is made by row_of (an
 * attrgetter, so the row is Python's) and found in or added to index and
 * rows exactly as _index_rows does; not configured (it reads nothing of
 * shaping.py). tests/text/test_shapecache.py compares the two.
 */
typedef struct { PyObject *key; Py_ssize_t at; } Seen;

static size_t
seen_slot(const Seen *tab, size_t mask, PyObject *key)
{
    size_t h = ((size_t)(uintptr_t)key >> 4) * (size_t)0x9E3779B97F4A7C15ull;
    size_t i = (h ^ (h >> 29)) & mask;
    while (tab[i].key != NULL && tab[i].key != key)
        i = (i + 1) & mask;
    return i;
}

static int
seen_grow(Seen **tab, size_t *mask)
{
    size_t old = *mask + 1, size = old * 2;
    Seen *grown = PyMem_Calloc(size, sizeof(Seen));
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < old; i++)
        if ((*tab)[i].key != NULL)
            grown[seen_slot(grown, size - 1, (*tab)[i].key)] = (*tab)[i];
    PyMem_Free(*tab);
    *tab = grown;
    *mask = size - 1;
    return 0;
}

/* the row's position in rows (found in index, or added to both), -1 on error */
static Py_ssize_t
row_place(PyObject *obj, PyObject *row_of, PyObject *index, PyObject *rows)
{
    PyObject *row = PyObject_CallOneArg(row_of, obj);
    if (row == NULL)
        return -1;
    Py_ssize_t at = -1;
    PyObject *found = PyDict_GetItemWithError(index, row);
    if (found != NULL) {
        at = PyLong_AsSsize_t(found);
    } else if (!PyErr_Occurred()) {
        PyObject *n = PyLong_FromSsize_t(PyList_GET_SIZE(rows));
        if (n != NULL && PyDict_SetItem(index, row, n) == 0 && PyList_Append(rows, row) == 0)
            at = PyList_GET_SIZE(rows) - 1;
        Py_XDECREF(n);
    }
    Py_DECREF(row);
    return at;
}

static PyObject *
index_rows_c(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyList_CheckExact(args[0]) || !PyDict_CheckExact(args[2]) ||
            !PyList_CheckExact(args[3])) {
        PyErr_SetString(PyExc_TypeError, "index_rows(lists, row_of, index, rows): "
                        "a list of lists, a callable, a dict and a list");
        return NULL;
    }
    PyObject *lists = args[0], *row_of = args[1], *index = args[2], *rows = args[3];
    size_t mask = 1023, used = 0;
    Seen *tab = PyMem_Calloc(mask + 1, sizeof(Seen));
    PyObject *out = PyList_New(0);
    if (tab == NULL || out == NULL)
        goto fail;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(lists); k++) {
        PyObject *objs = PyList_GET_ITEM(lists, k);
        if (!PyList_CheckExact(objs)) {
            PyErr_SetString(PyExc_TypeError, "index_rows: lists must hold lists");
            goto fail;
        }
        Py_INCREF(objs);                  /* (row_of may run any code) */
        PyObject *places = PyList_New(0);
        for (Py_ssize_t j = 0; places != NULL && j < PyList_GET_SIZE(objs); j++) {
            PyObject *obj = PyList_GET_ITEM(objs, j);
            size_t i = seen_slot(tab, mask, obj);
            if (tab[i].key == NULL) {
                Py_INCREF(obj);
                Py_ssize_t at = row_place(obj, row_of, index, rows);
                if (at < 0) {
                    Py_DECREF(obj);
                    Py_CLEAR(places);
                    break;
                }
                i = seen_slot(tab, mask, obj);       /* (the table as it is now) */
                tab[i].key = obj;                    /* (a reference held until the end) */
                tab[i].at = at;
                if (++used * 2 > mask && seen_grow(&tab, &mask) < 0) {
                    Py_CLEAR(places);
                    break;
                }
                i = seen_slot(tab, mask, obj);
            }
            PyObject *n = PyLong_FromSsize_t(tab[i].at);
            if (n == NULL || PyList_Append(places, n) < 0) {
                Py_XDECREF(n);
                Py_CLEAR(places);
                break;
            }
            Py_DECREF(n);
        }
        Py_DECREF(objs);
        if (places == NULL)
            goto fail;
        int bad = PyList_Append(out, places);
        Py_DECREF(places);
        if (bad < 0)
            goto fail;
    }
    for (size_t i = 0; i <= mask; i++)
        Py_XDECREF(tab[i].key);
    PyMem_Free(tab);
    return out;
fail:
    if (tab != NULL) {
        for (size_t i = 0; i <= mask; i++)
            Py_XDECREF(tab[i].key);
        PyMem_Free(tab);
    }
    Py_XDECREF(out);
    if (!PyErr_Occurred())
        PyErr_NoMemory();
    return NULL;
}

static PyMethodDef methods[] = {
    {"atoms", (PyCFunction)(void (*)(void))atoms_c, METH_FASTCALL,
     "atoms(runs, spans, width, spacing, han, blank): shaping._atoms in C."},
    {"gaps", (PyCFunction)(void (*)(void))gaps_c, METH_FASTCALL,
     "gaps(atoms, before, ideo, han_runs, signs, stops, spans, width, spacing): "
     "shaping._gaps in C."},
    {"configure", (PyCFunction)(void (*)(void))configure, METH_FASTCALL,
     "configure(...): what the loops read of shaping.py and atoms.py (shaping._compiled)."},
    {"index_rows", (PyCFunction)(void (*)(void))index_rows_c, METH_FASTCALL,
     "index_rows(lists, row_of, index, rows): shapecache._index_rows in C."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_shaping",
    "The two loops of shaping in C (see shaping._atoms and shaping._gaps), and the shape "
    "cache's index_rows (shapecache._index_rows).", -1, methods,
    NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit__shaping(void)
{
#define INTERN(var, text) if ((var = PyUnicode_InternFromString(text)) == NULL) return NULL
    INTERN(s_face, "face");
    INTERN(s_size, "size");
    INTERN(s_stretch, "stretch");
    INTERN(s_han_latin, "han_latin");
    INTERN(s_han_latin_min, "han_latin_min");
    INTERN(k_space, "space");
    INTERN(k_glue, "glue");
    INTERN(k_han, "han");
    INTERN(k_ch, "ch");
    INTERN(s_end_compress, "end_compress");
    INTERN(s_start_compress, "start_compress");
    INTERN(s_end_extra, "end_extra");
    INTERN(s_start_extra, "start_extra");
    INTERN(str_empty, "");
    INTERN(str_space, " ");
    INTERN(AT_text.name, "text");
    INTERN(AT_kind.name, "kind");
    INTERN(AT_span.name, "span");
    INTERN(AT_no_start.name, "no_start");
    INTERN(AT_no_end.name, "no_end");
#undef INTERN
    if ((f_zero = PyFloat_FromDouble(0.0)) == NULL || (f_half = PyFloat_FromDouble(0.5)) == NULL ||
            (f_03 = PyFloat_FromDouble(0.3)) == NULL || (f_50 = PyFloat_FromDouble(50.0)) == NULL ||
            (f_mhalf = PyFloat_FromDouble(-0.5)) == NULL)
        return NULL;
    return PyModule_Create(&module);
}
