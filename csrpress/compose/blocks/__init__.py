"""The block types, one module each (see csrpress/compose/registry.py).

Every module here defines ``COMPONENT = Component(...)``: the registry imports
them all. A module imports no ReportLab at the top, so validating a project
(``check``) stays quick; its compose function imports what it draws with.
"""
