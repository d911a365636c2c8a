"""The compiled parts: the line breaker's scan (csrpress/text/_breakfit.c),
shaping's two loops and the shape cache's packing (csrpress/text/_shaping.c),
where a line's atoms are and the strings it is drawn as
(csrpress/text/_drawline.c), the token loop of
preflight's contrast check (csrpress/pdf/_oploop.c) and the packing of a
converted glyph's glyf data (csrpress/assets/_glyf.c).

Optional: an install without a C compiler still works (breaker.py,
shaping.py, shapecache.py, paragraph.py, printcheck.py and outlines.py then use the same
code in Python, with the same results).
Built without floating-point contraction or fast-math so the breaker's
doubles are Python's (see _breakfit.c)."""
import sys

from setuptools import Extension, setup

FLAGS = ["/fp:strict"] if sys.platform == "win32" else \
    ["-O2", "-ffp-contract=off", "-fno-fast-math", "-fno-builtin-pow"]

setup(ext_modules=[Extension("csrpress.text._breakfit", ["csrpress/text/_breakfit.c"],
                             extra_compile_args=FLAGS, optional=True),
                   Extension("csrpress.pdf._oploop", ["csrpress/pdf/_oploop.c"],
                             extra_compile_args=FLAGS, optional=True),
                   Extension("csrpress.text._shaping", ["csrpress/text/_shaping.c"],
                             depends=["csrpress/text/_slots.h"],
                             extra_compile_args=FLAGS, optional=True),
                   Extension("csrpress.text._drawline", ["csrpress/text/_drawline.c"],
                             depends=["csrpress/text/_slots.h"],
                             extra_compile_args=FLAGS, optional=True),
                   Extension("csrpress.assets._glyf", ["csrpress/assets/_glyf.c"],
                             extra_compile_args=FLAGS, optional=True)])
