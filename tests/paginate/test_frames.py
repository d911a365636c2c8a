"""The report's frames answer ReportLab's question for generated content as a
plain frame does: none until content is added, the content once added, none
again once ReportLab has taken it (doctemplate._addGeneratedContent)."""
from __future__ import annotations

import pytest
from reportlab.platypus.doctemplate import _addGeneratedContent
from reportlab.platypus.flowables import Spacer
from reportlab.platypus.frames import Frame

from csrpress.paginate.document import MeasureFrame, PlacingFrame


@pytest.mark.parametrize("kind", [Frame, PlacingFrame, MeasureFrame])
def test_generated_content_is_taken_once(kind):
    frame = kind(0, 0, 100, 100)
    assert getattr(frame, "_generated_content", None) is None
    flowables: list = []
    _addGeneratedContent(flowables, frame)
    assert flowables == []
    gap = Spacer(1, 1)
    frame.add_generated_content(gap)
    _addGeneratedContent(flowables, frame)
    assert flowables == [gap]
    assert getattr(frame, "_generated_content", None) is None
    _addGeneratedContent(flowables, frame)
    assert flowables == [gap]
