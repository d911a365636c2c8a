"""The one compiled part: the line breaker's scan (csrpress/text/_breakfit.c).

Optional: an install without a C compiler still works (breaker.py then uses
the same scan in Python, with the same breaks). Built without floating-point
contraction or fast-math so its doubles are Python's (see the C file)."""
import sys

from setuptools import Extension, setup

FLAGS = ["/fp:strict"] if sys.platform == "win32" else \
    ["-O2", "-ffp-contract=off", "-fno-fast-math", "-fno-builtin-pow"]

setup(ext_modules=[Extension("csrpress.text._breakfit", ["csrpress/text/_breakfit.c"],
                             extra_compile_args=FLAGS, optional=True)])
