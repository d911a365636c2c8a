/* The scan of total-fit line breaking (breaker._scan) in C.
 *
 * Why: the scan is the largest single cost of a cold build (~273,000 node
 * visits for the report at ~1.1 us each in Python); pruning in Python did not
 * help, the cost is the visits themselves. This file is a line-for-line
 * translation of breaker._scan (with _prefix, _han_prefix, _url_scale,
 * _later_is_looser and _lone) and must give exactly the same breaks:
 *   - the same IEEE double operations in the same order (built with
 *     -ffp-contract=off, never -ffast-math; no x87 excess precision, checked
 *     below), the same strict comparisons (ties keep the first node);
 *   - `x ** y` as CPython's float_pow computes it (libm pow through a pointer
 *     the compiler cannot fold into x*x, its special cases, OverflowError);
 *   - the same exceptions where Python would raise (ZeroDivisionError,
 *     OverflowError, KeyError).
 * tests/text/test_breakfit.py compares the two on every paragraph of the
 * report, the example and the starter and on generated paragraphs.
 * breaker.py falls back to the Python scan when this module is not built
 * (no compiler at install) or CSRPRESS_PURE=1.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <errno.h>
#include <float.h>
#include <math.h>

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "doubles must be evaluated as doubles (SSE2), as CPython's floats are"
#endif

/* constants of breaker.py (checked against the module at import: configure) */
#define LINE_PENALTY 100.0
#define SHRINK_COST 0.1
#define PER_LINE 1e12
#define PER_SQUEEZE 1e9
#define DOUBLE_HYPHEN 300000.0

/* pow reached through a volatile pointer: the compiler may not turn
 * pow(x, 2.0) into x*x (not always the same double as libm's pow) */
static double (*volatile libm_pow)(double, double) = pow;

static int
is_odd_integer(double x)
{
    return fmod(fabs(x), 2.0) == 1.0;
}

/* x ** y for floats as CPython 3 float_pow computes it (y finite, > 0 here):
 * returns -1 with an exception set where Python raises. */
static int
py_pow(double iv, double iw, double *out)
{
    int negate = 0;
    double ix;
    if (iw == 0.0) {
        *out = 1.0;
        return 0;
    }
    if (isnan(iv)) {
        *out = iv;
        return 0;
    }
    if (isnan(iw)) {
        *out = iv == 1.0 ? 1.0 : iw;
        return 0;
    }
    if (isinf(iw)) {
        PyErr_SetString(PyExc_SystemError, "_breakfit: infinite exponent");
        return -1;
    }
    if (isinf(iv)) {
        int odd = is_odd_integer(iw);
        if (iw > 0.0)
            *out = odd ? iv : fabs(iv);
        else
            *out = odd ? copysign(0.0, iv) : 0.0;
        return 0;
    }
    if (iv == 0.0) {
        int odd = is_odd_integer(iw);
        if (iw < 0.0) {
            PyErr_SetString(PyExc_ZeroDivisionError,
                            "0.0 cannot be raised to a negative power");
            return -1;
        }
        *out = odd ? iv : 0.0;
        return 0;
    }
    if (iv < 0.0) {
        if (iw != floor(iw)) {
            PyErr_SetString(PyExc_SystemError, "_breakfit: complex power");
            return -1;
        }
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0) {
        *out = negate ? -1.0 : 1.0;
        return 0;
    }
    errno = 0;
    ix = libm_pow(iv, iw);
    if (errno == 0) {
        if (ix == HUGE_VAL || ix == -HUGE_VAL)
            errno = ERANGE;
    }
    else if (errno == ERANGE && ix == 0.0) {
        errno = 0;
    }
    if (negate)
        ix = -ix;
    if (errno != 0) {
        PyErr_SetFromErrno(errno == ERANGE ? PyExc_OverflowError : PyExc_ValueError);
        return -1;
    }
    *out = ix;
    return 0;
}

/* a / b as Python divides floats (ZeroDivisionError on a zero divisor) */
static int
py_div(double a, double b, double *out)
{
    if (b == 0.0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "float division by zero");
        return -1;
    }
    *out = a / b;
    return 0;
}

static PyObject *s_width, *s_end_extra, *s_start_extra, *s_kind, *s_stretch, *s_shrink,
    *s_breakable, *s_penalty, *s_level, *s_flagged;

static int
get_double(PyObject *obj, PyObject *name, double *out)
{
    PyObject *v = PyObject_GetAttr(obj, name);
    if (v == NULL)
        return -1;
    *out = PyFloat_AsDouble(v);
    Py_DECREF(v);
    if (*out == -1.0 && PyErr_Occurred())
        return -1;
    return 0;
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

static int
get_long(PyObject *obj, PyObject *name, long *out)
{
    PyObject *v = PyObject_GetAttr(obj, name);
    if (v == NULL)
        return -1;
    *out = PyLong_AsLong(v);
    Py_DECREF(v);
    if (*out == -1 && PyErr_Occurred())
        return -1;
    return 0;
}

typedef struct {
    Py_ssize_t a;
    double start, ps, pz, pp, target, best, best_f;
    char flag;        /* its break is inside a word (Gap.flagged) */
} Node;

typedef struct {
    Py_ssize_t a;
    double ratio, nat, target;
    char set;
} Prev;

/* everything a scan allocates, freed at once */
typedef struct {
    double *pw, *ps, *pz, *pp, *start, *ends, *pens;
    Py_ssize_t *hanpre, *otherpre, *cands;
    char *url, *gone, *flag;
    Node *active;
    Prev *prev, *prev_f;
} Work;

static void
work_free(Work *w)
{
    PyMem_Free(w->pw); PyMem_Free(w->ps); PyMem_Free(w->pz); PyMem_Free(w->pp);
    PyMem_Free(w->start); PyMem_Free(w->ends); PyMem_Free(w->pens);
    PyMem_Free(w->hanpre); PyMem_Free(w->otherpre); PyMem_Free(w->cands);
    PyMem_Free(w->url); PyMem_Free(w->gone); PyMem_Free(w->flag); PyMem_Free(w->active);
    PyMem_Free(w->prev); PyMem_Free(w->prev_f);
}

/* {b: (a, ratio, natural, target)} along the chain from the last break
 * (what breaker._trace reads); KeyError where the Python dict has no entry */
static PyObject *
chain(const Prev *prev, Py_ssize_t n)
{
    PyObject *d = PyDict_New();
    Py_ssize_t b = n - 1;
    if (d == NULL)
        return NULL;
    while (b != -1) {
        PyObject *key, *val;
        int rc;
        if (!prev[b].set) {
            key = PyLong_FromSsize_t(b);
            if (key != NULL) {
                PyErr_SetObject(PyExc_KeyError, key);
                Py_DECREF(key);
            }
            Py_DECREF(d);
            return NULL;
        }
        key = PyLong_FromSsize_t(b);
        val = Py_BuildValue("(nddd)", prev[b].a, prev[b].ratio, prev[b].nat, prev[b].target);
        if (key == NULL || val == NULL) {
            Py_XDECREF(key); Py_XDECREF(val); Py_DECREF(d);
            return NULL;
        }
        rc = PyDict_SetItem(d, key, val);
        Py_DECREF(key); Py_DECREF(val);
        if (rc < 0) {
            Py_DECREF(d);
            return NULL;
        }
        b = prev[b].a;
    }
    return d;
}

/* read the atoms and gaps: prefix sums (breaker._prefix), kinds, URL breaks */
static int
read_input(PyObject *atoms, PyObject *gaps, Py_ssize_t n, Py_ssize_t ng, long han, long punct,
           PyObject *url_gap, Work *w, int *any_url, int *stretch_ok, double *gap_stretch)
{
    Py_ssize_t i;
    *any_url = 0;
    *stretch_ok = 1;
    w->pw[0] = w->ps[0] = w->pz[0] = w->pp[0] = 0.0;
    w->hanpre[0] = w->otherpre[0] = 0;
    for (i = 0; i < ng; i++) {
        PyObject *g = PyList_GET_ITEM(gaps, i);
        double st;
        w->url[i] = g == url_gap;
        if (w->url[i])
            *any_url = 1;
        if (get_double(g, s_stretch, &st) < 0)
            return -1;
        gap_stretch[i] = st;
        if (!(st == 0.0 || st >= 1e-3))
            *stretch_ok = 0;
    }
    for (i = 0; i < n; i++) {
        PyObject *a = PyList_GET_ITEM(atoms, i);
        PyObject *g = PyList_GET_ITEM(gaps, i);
        double aw, gw, gs, lvl_shrink, sx;
        long kind;
        int level;
        if (get_double(a, s_width, &aw) < 0 || get_double(g, s_width, &gw) < 0 ||
                get_double(g, s_shrink, &lvl_shrink) < 0 || get_long(a, s_kind, &kind) < 0)
            return -1;
        gs = gap_stretch[i];
        level = get_truth(g, s_level);
        if (level < 0)
            return -1;
        w->pw[i + 1] = w->pw[i] + aw + gw;
        w->ps[i + 1] = w->ps[i] + gs;
        if (level) {
            w->pz[i + 1] = w->pz[i];
            w->pp[i + 1] = w->pp[i] + lvl_shrink;
        }
        else {
            w->pz[i + 1] = w->pz[i] + lvl_shrink;
            w->pp[i + 1] = w->pp[i];
        }
        if (get_double(a, s_start_extra, &sx) < 0)
            return -1;
        w->start[i] = w->pw[i] - sx;
        w->hanpre[i + 1] = w->hanpre[i] + (kind != punct ? 1 : 0);
        w->otherpre[i + 1] = w->otherpre[i] + ((kind != han && kind != punct) ? 1 : 0);
    }
    return 0;
}

#define ALLOC(p, k) ((p) = PyMem_Calloc((size_t)(k) + 1, sizeof(*(p))), (p) != NULL)

/* scan(atoms, gaps, width, indent, justify, tolerance, both, punct_cap, HAN, PUNCT, url_gap)
 * -> None | (prev, prev_f | None, urls): see breaker._scan */
static PyObject *
scan(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    PyObject *atoms, *gaps, *url_gap, *result = NULL;
    double width, indent, tolerance, punct_cap, scale = 0.0, max_end, *gap_stretch = NULL;
    int justify, both, ordered, any_url, stretch_ok;
    long han, punct;
    Py_ssize_t n, ng, i, ncand = 0, nactive, ci;
    Work w;
    (void)self;
    memset(&w, 0, sizeof(w));
    if (nargs != 11) {
        PyErr_SetString(PyExc_TypeError, "scan() takes 11 arguments");
        return NULL;
    }
    atoms = args[0];
    gaps = args[1];
    url_gap = args[10];
    if (!PyList_Check(atoms) || !PyList_Check(gaps)) {
        PyErr_SetString(PyExc_TypeError, "scan(): atoms and gaps must be lists");
        return NULL;
    }
    width = PyFloat_AsDouble(args[2]);
    indent = PyFloat_AsDouble(args[3]);
    justify = PyObject_IsTrue(args[4]);
    tolerance = PyFloat_AsDouble(args[5]);
    both = PyObject_IsTrue(args[6]);
    punct_cap = PyFloat_AsDouble(args[7]);
    han = PyLong_AsLong(args[8]);
    punct = PyLong_AsLong(args[9]);
    if (PyErr_Occurred() || justify < 0 || both < 0)
        return NULL;
    n = PyList_GET_SIZE(atoms);
    ng = PyList_GET_SIZE(gaps);
    if (n == 0 || ng < n) {
        PyErr_SetString(PyExc_IndexError, "scan(): fewer gaps than atoms");
        return NULL;
    }
    if (!(ALLOC(w.pw, n + 1) && ALLOC(w.ps, n + 1) && ALLOC(w.pz, n + 1) && ALLOC(w.pp, n + 1)
          && ALLOC(w.start, n) && ALLOC(w.ends, n) && ALLOC(w.pens, n) && ALLOC(w.hanpre, n + 1)
          && ALLOC(w.otherpre, n + 1) && ALLOC(w.cands, n) && ALLOC(w.url, ng)
          && ALLOC(w.gone, n + 1) && ALLOC(w.flag, n) && ALLOC(w.active, n + 1) && ALLOC(w.prev, n)
          && ALLOC(w.prev_f, n) && ALLOC(gap_stretch, ng))) {
        PyErr_NoMemory();
        goto done;
    }
    if (read_input(atoms, gaps, n, ng, han, punct, url_gap, &w, &any_url, &stretch_ok,
                   gap_stretch) < 0)
        goto done;
    /* the breaks: allowed gaps, and the paragraph's end; where each line ends */
    for (i = 0; i < n; i++) {
        PyObject *a, *g;
        double gw, ex;
        int brk = 1;
        if (i < n - 1) {
            brk = get_truth(PyList_GET_ITEM(gaps, i), s_breakable);
            if (brk < 0)
                goto done;
        }
        if (!brk)
            continue;
        a = PyList_GET_ITEM(atoms, i);
        g = PyList_GET_ITEM(gaps, i);
        if (get_double(g, s_width, &gw) < 0 || get_double(a, s_end_extra, &ex) < 0)
            goto done;
        w.cands[ncand] = i;
        w.ends[ncand] = w.pw[i + 1] - gw + ex;
        ncand++;
    }
    for (ci = 0; ci < ncand; ci++) {
        double pen;
        int flagged = 0;
        if (get_double(PyList_GET_ITEM(gaps, w.cands[ci]), s_penalty, &pen) < 0 ||
                py_pow(pen, 2.0, &w.pens[ci]) < 0)
            goto done;
        if (w.cands[ci] < n - 1 &&
                (flagged = get_truth(PyList_GET_ITEM(gaps, w.cands[ci]), s_flagged)) < 0)
            goto done;
        w.flag[ci] = (char)flagged;
    }
    max_end = w.ends[0];
    for (ci = 1; ci < ncand; ci++)
        if (w.ends[ci] > max_end)
            max_end = w.ends[ci];
    if (max_end - w.start[0] <= width - indent && w.pens[ncand - 1] < Py_HUGE_VAL) {
        /* breaker._one_line */
        w.prev[n - 1].set = 1;
        w.prev[n - 1].a = -1;
        w.prev[n - 1].ratio = 0.0;
        w.prev[n - 1].nat = w.ends[ncand - 1] - w.start[0];
        w.prev[n - 1].target = width - indent;
        PyObject *d = chain(w.prev, n);
        if (d != NULL)
            result = Py_BuildValue("(OOO)", d, d, Py_False);
        Py_XDECREF(d);
        goto done;
    }
    ordered = justify && stretch_ok;
    if (ordered) {
        for (i = 0; i + 1 < n; i++)
            if (!(w.start[i] <= w.start[i + 1])) {
                ordered = 0;
                break;
            }
    }
    if (justify && any_url) {          /* breaker._url_scale */
        double stretch = 0.0, wid = 0.0, aw;
        for (i = 0; i < n; i++) {
            if (w.url[i] || (i && w.url[i - 1]))
                continue;
            if (get_double(PyList_GET_ITEM(atoms, i), s_width, &aw) < 0)
                goto done;
            wid += aw;
            stretch += gap_stretch[i];
        }
        scale = (wid > 0.0 && stretch > 0.0) ? stretch / wid : 0.0;
    }
    w.active[0].a = -1;
    w.active[0].start = w.start[0];
    w.active[0].ps = w.ps[0];
    w.active[0].pz = w.pz[0];
    w.active[0].pp = w.pp[0];
    w.active[0].target = width - indent;
    w.active[0].best = 0.0;
    w.active[0].best_f = 0.0;
    w.active[0].flag = 0;
    nactive = 1;
    for (ci = 0; ci < ncand; ci++) {
        Py_ssize_t b = w.cands[ci], k, ngone = 0;
        double end_b = w.ends[ci], pen2 = w.pens[ci];
        int last = b == n - 1;
        int ragged = last || !justify;
        int in_url = scale > 0.0 && !last && w.url[b];
        double new_best = Py_HUGE_VAL, new_best_f = Py_HUGE_VAL;
        Prev info = {0}, info_f = {0};
        double pz_b = w.pz[b], pp_b = w.pp[b], ps_b = w.ps[b];
        for (k = 0; k < nactive; k++) {
            Node *node = &w.active[k];
            Py_ssize_t a = node->a;
            double target = node->target, best = node->best, best_f = node->best_f;
            double nat = end_b - node->start;
            double squeeze, ratio, bad, sq, d;
            if (nat > target) {
                double punct_w = pp_b - node->pp;
                double shrink = pz_b - node->pz + (punct_w < punct_cap ? punct_w : punct_cap);
                if (nat - shrink > target + 1e-6) {
                    w.gone[k] = 1;
                    ngone++;
                    continue;
                }
                squeeze = nat - target;
                if (shrink != 0.0) {
                    ratio = (target - nat) / shrink;
                }
                else {
                    ratio = 0.0;
                }
                if (py_pow(fabs(ratio), 3.0, &bad) < 0)
                    goto done;
                bad = SHRINK_COST * 100.0 * bad;
            }
            else if (ragged) {
                double slack;
                if (best + 10000.0 + pen2 >= new_best && (
                        !both || best_f + 10000.0 + pen2 + PER_LINE >= new_best_f))
                    continue;
                squeeze = ratio = 0.0;
                slack = (target - nat) / (1.0 > target ? 1.0 : target);
                bad = last ? 0.0 : 100.0 * slack * slack;
            }
            else if (in_url) {
                double loose;
                squeeze = ratio = 0.0;
                if (py_div(target - nat, scale * target, &loose) < 0)
                    goto done;
                if (loose > tolerance) {
                    if (ordered)
                        break;
                    continue;
                }
                if (py_pow(loose, 3.0, &bad) < 0)
                    goto done;
                bad = 100.0 * bad;
            }
            else {
                double stretch = ps_b - node->ps;
                if (stretch <= 0.0) {
                    if (target - nat > 1e-6) {
                        if (ordered)
                            break;
                        continue;
                    }
                    ratio = 0.0;
                }
                else {
                    ratio = (target - nat) / stretch;
                }
                if (ratio > tolerance) {
                    if (ordered)
                        break;
                    continue;
                }
                squeeze = 0.0;
                if (py_pow(ratio, 3.0, &bad) < 0)
                    goto done;
                bad = 100.0 * bad;
            }
            if (last && a >= 0 && w.hanpre[b + 1] - w.hanpre[a + 1] == 1 &&
                    (w.otherpre[b + 1] - w.otherpre[a + 1] == 0 || w.url[a]))
                continue;     /* a lone Han character (or URL piece) on the last line */
            if (py_pow(LINE_PENALTY + bad, 2.0, &sq) < 0)
                goto done;
            if (w.flag[ci] && node->flag)
                sq += DOUBLE_HYPHEN;
            d = best + sq + pen2;
            if (d < new_best) {
                new_best = d;
                info.set = 1;
                info.a = a;
                info.ratio = (justify || nat > target) ? ratio : 0.0;
                info.nat = nat;
                info.target = target;
            }
            if (both) {
                d = best_f + sq + pen2 + PER_LINE + PER_SQUEEZE * squeeze * squeeze;
                if (d < new_best_f) {
                    new_best_f = d;
                    info_f.set = 1;
                    info_f.a = a;
                    info_f.ratio = (justify || nat > target) ? ratio : 0.0;
                    info_f.nat = nat;
                    info_f.target = target;
                }
            }
        }
        if (ngone) {          /* breaker._without: the others, in order */
            Py_ssize_t j = 0;
            for (k = 0; k < nactive; k++) {
                if (w.gone[k]) {
                    w.gone[k] = 0;
                    continue;
                }
                w.active[j++] = w.active[k];
            }
            nactive = j;
        }
        if (info.set) {
            Py_ssize_t s = b + 1;
            Node *node;
            w.prev[b] = info;
            if (info_f.set)
                w.prev_f[b] = info_f;
            if (last)
                break;
            node = &w.active[nactive++];
            node->a = b;
            node->start = w.start[s];
            node->ps = w.ps[s];
            node->pz = w.pz[s];
            node->pp = w.pp[s];
            node->target = width;
            node->best = new_best;
            node->best_f = info_f.set ? new_best_f : Py_HUGE_VAL;
            node->flag = w.flag[ci];
        }
        if (nactive == 0) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    }
    if (!w.prev[n - 1].set) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    {
        PyObject *p = chain(w.prev, n), *pf = NULL;
        if (p == NULL)
            goto done;
        if (both) {
            pf = chain(w.prev_f, n);
            if (pf == NULL) {
                Py_DECREF(p);
                goto done;
            }
        }
        result = Py_BuildValue("(OOO)", p, pf ? pf : Py_None, scale > 0.0 ? Py_True : Py_False);
        Py_DECREF(p);
        Py_XDECREF(pf);
    }
done:
    work_free(&w);
    PyMem_Free(gap_stretch);
    return result;
}

static PyMethodDef methods[] = {
    {"scan", (PyCFunction)(void (*)(void))scan, METH_FASTCALL,
     "scan(atoms, gaps, width, indent, justify, tolerance, both, punct_cap, HAN, PUNCT, "
     "url_gap) -> None | (prev, prev_f | None, urls): breaker._scan in C."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_breakfit",
    "The scan of total-fit line breaking in C (see breaker._scan).", -1, methods
};

PyMODINIT_FUNC
PyInit__breakfit(void)
{
    PyObject *m;
#define INTERN(var, text) if ((var = PyUnicode_InternFromString(text)) == NULL) return NULL
    INTERN(s_width, "width");
    INTERN(s_end_extra, "end_extra");
    INTERN(s_start_extra, "start_extra");
    INTERN(s_kind, "kind");
    INTERN(s_stretch, "stretch");
    INTERN(s_shrink, "shrink");
    INTERN(s_breakable, "breakable");
    INTERN(s_penalty, "penalty");
    INTERN(s_flagged, "flagged");
    INTERN(s_level, "level");
#undef INTERN
    m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddObject(m, "LINE_PENALTY", PyFloat_FromDouble(LINE_PENALTY)) < 0 ||
            PyModule_AddObject(m, "SHRINK_COST", PyFloat_FromDouble(SHRINK_COST)) < 0 ||
            PyModule_AddObject(m, "PER_LINE", PyFloat_FromDouble(PER_LINE)) < 0 ||
            PyModule_AddObject(m, "PER_SQUEEZE", PyFloat_FromDouble(PER_SQUEEZE)) < 0 ||
            PyModule_AddObject(m, "DOUBLE_HYPHEN", PyFloat_FromDouble(DOUBLE_HYPHEN)) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
