"""csrpress: a PDF/print report builder for Chinese CSR/ESG reports (content/ + layout/).

The package is one folder per pipeline stage:

- ``source``   load and validate content and layout (YAML with line marks)
- ``assets``   resolve fonts (subset + CFF→TrueType conversion, cached) and images
- ``text``     the Chinese paragraph engine: inline markup, line breaking, drawing
- ``compose``  turn content blocks into flowables, one module per component
- ``paginate`` page templates, running heads, multi-pass pagination
- ``pdf``      metadata, outline and the check of the written file
"""

import sys as _sys

__version__ = "0.1.0"

# ReportLab imports uharfbuzz whenever it is installed, for text shaping that
# csrpress never asks of it (the paragraph engine shapes text itself): ~25 ms
# of every build, an edit build's included. csrpress installs uharfbuzz only to
# read font files on a new machine, so ReportLab is kept from importing it
# (it then runs as it does without uharfbuzz: same PDF bytes), and
# assets/outlines.harfbuzz() imports it when a font file is read. A program
# that imported uharfbuzz before csrpress keeps it.
_sys.modules.setdefault("uharfbuzz", None)  # type: ignore[arg-type]

# @dataclass compiles each class's methods from text at import (~45 ms of a
# new process for csrpress's classes): codecache keeps that code compiled
# between processes, as __pycache__ keeps the modules' (the same classes).
from .codecache import install as _install_code_cache  # noqa: E402

_install_code_cache()
