"""csrpress: a PDF/print report builder for Chinese CSR/ESG reports (content/ + layout/).

The package is one folder per pipeline stage:

- ``source``   load and validate content and layout (YAML with line marks)
- ``assets``   resolve fonts (subset + CFF→TrueType conversion, cached) and images
- ``text``     the Chinese paragraph engine: inline markup, line breaking, drawing
- ``compose``  turn content blocks into flowables, one module per component
- ``paginate`` page templates, running heads, multi-pass pagination
- ``pdf``      metadata, outline and the check of the written file
"""

__version__ = "0.1.0"
