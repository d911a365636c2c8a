/* An attribute of an atom or gap read straight from its slot, shared by
 * _shaping.c and _drawline.c (each includes this file: its functions are
 * static, one copy per module).
 *
 * Atom and Gap (text/atoms.py) are dataclasses with __slots__, and
 * PyObject_GetAttr's look-up through the type was most of what those files
 * did per atom (as slow as the interpreter's own specialised look-up). Only
 * for an object of exactly the type the slot was found on (a member
 * descriptor of an object field); anything else, or an unset slot, goes
 * through PyObject_GetAttr. A change here changes package_version (it
 * hashes .h files too) and rebuilds both modules (setup.py's depends). */
#ifndef CSRPRESS_SLOTS_H
#define CSRPRESS_SLOTS_H

#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject *name;
    PyTypeObject *type;        /* (a strong reference) */
    Py_ssize_t offset;         /* -1: no slot found for type */
} Slot;

static void
find_slot(Slot *s, PyTypeObject *type)
{
    PyObject *d = PyObject_GetAttr((PyObject *)type, s->name);
    s->offset = -1;
    Py_XSETREF(s->type, (PyTypeObject *)Py_NewRef(type));
    if (d == NULL) {
        PyErr_Clear();
        return;
    }
    if (Py_TYPE(d) == &PyMemberDescr_Type) {
        PyMemberDef *m = ((PyMemberDescrObject *)d)->d_member;
        if (m->type == T_OBJECT_EX && ((PyDescrObject *)d)->d_type == type)
            s->offset = m->offset;
    }
    Py_DECREF(d);
}

/* obj.<slot name> (a new reference) */
static PyObject *
slot_get(Slot *s, PyObject *obj)
{
    PyTypeObject *type = Py_TYPE(obj);
    if (type != s->type)
        find_slot(s, type);
    if (s->offset >= 0) {
        PyObject *v = *(PyObject **)((char *)obj + s->offset);
        if (v != NULL)
            return Py_NewRef(v);
    }
    return PyObject_GetAttr(obj, s->name);
}

/* obj.<slot> as a C double, long or truth value (-1 with an exception set on
 * failure); static inline: a module that does not use one is not warned */
static inline int
slot_double(PyObject *obj, Slot *s, double *out)
{
    PyObject *v = slot_get(s, obj);
    if (v == NULL)
        return -1;
    *out = PyFloat_AsDouble(v);
    Py_DECREF(v);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

static inline int
slot_long(PyObject *obj, Slot *s, long *out)
{
    PyObject *v = slot_get(s, obj);
    if (v == NULL)
        return -1;
    *out = PyLong_AsLong(v);
    Py_DECREF(v);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static inline int
slot_truth(PyObject *obj, Slot *s)
{
    int r;
    PyObject *v = slot_get(s, obj);
    if (v == NULL)
        return -1;
    r = PyObject_IsTrue(v);
    Py_DECREF(v);
    return r;
}

#endif
