"""The Chinese paragraph engine: inline markup → atoms → lines → drawing.

Rules follow W3C clreq; see docs/typesetting.md for the list applied.
"""
