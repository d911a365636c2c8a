"""The document template: mirrored body pages, full-bleed pages, blank
versos before chapters, running heads and folios, and a record of where every
heading and anchored block landed (for the TOC, indexes and references).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from reportlab.platypus.doctemplate import (ActionFlowable, BaseDocTemplate, PageTemplate)
from reportlab.platypus.frames import Frame


@dataclass
class PageState:
    """What a page shows in its margins, and where anchors landed."""

    running: str = ""
    anchors: dict[str, int] = field(default_factory=dict)
    before: dict[str, int] = field(default_factory=dict)   # page where content before an anchor ended
    last_page: int = 0
    page_kind: dict[int, str] = field(default_factory=dict)
    page_runs: dict[int, str] = field(default_factory=dict)


class RectoBreak(ActionFlowable):
    """Start the next page on a right-hand (odd) page, with a template."""

    def __init__(self, template: str) -> None:
        super().__init__(("rectoBreak", template))


class SetRunning(ActionFlowable):
    """Set the running head text from here on."""

    def __init__(self, text: str) -> None:
        super().__init__(("setRunning", text))


class ReportDoc(BaseDocTemplate):
    """BaseDocTemplate with the report's page logic."""

    def __init__(self, filename: Any, layout: Any, decorate: Callable[[Any, "ReportDoc", str], None],
                 **kw: Any) -> None:
        self.layout = layout
        self.state = PageState()
        self.decorate = decorate
        pw, ph = layout.page_size
        super().__init__(filename, pagesize=(pw, ph), leftMargin=0, rightMargin=0,
                         topMargin=0, bottomMargin=0, **kw)
        fw, fh = layout.frame()
        m = layout.margins
        inner, top = m["inner"], m["top"]
        y = ph - top - fh
        odd = Frame(inner, y, fw, fh, 0, 0, 0, 0, id="odd")
        even = Frame(pw - inner - fw, y, fw, fh, 0, 0, 0, 0, id="even")
        full = Frame(0, 0, pw, ph, 0, 0, 0, 0, id="full")
        self.addPageTemplates([
            PageTemplate("full", [full], onPageEnd=self._end("full")),
            PageTemplate("body-odd", [odd], onPageEnd=self._end("body")),
            PageTemplate("body-even", [even], onPageEnd=self._end("body")),
            PageTemplate("blank", [Frame(inner, y, fw, fh, id="blank")], onPageEnd=self._end("blank")),
        ])

    def _end(self, kind: str) -> Callable[[Any, Any], None]:
        def on_end(canv: Any, doc: "ReportDoc") -> None:
            canv.bookmarkPage(f"page-{doc.page}", fit="Fit")   # link target of indexes
            self.state.page_kind[doc.page] = kind
            self.state.page_runs[doc.page] = self.state.running
            self.decorate(canv, doc, kind)
        return on_end

    # templates: body pages alternate with the page number's parity
    def _setPageTemplate(self) -> None:
        super()._setPageTemplate()
        if self.pageTemplate.id.startswith("body"):
            want = "body-odd" if (self.page + 1) % 2 else "body-even"
            self.pageTemplate = self._template(want)

    def _template(self, name: str) -> PageTemplate:
        return next(t for t in self.pageTemplates if t.id == name)

    def _switch(self, name: str) -> None:
        """Use another template for the page just begun (nothing is on it yet)."""
        if name.startswith("body"):
            name = "body-odd" if self.page % 2 else "body-even"
        self.pageTemplate = self._template(name)
        self.frame = self.pageTemplate.frames[0]
        self.frame._reset()

    def handle_rectoBreak(self, template: str) -> None:
        empty = self._curPageFlowableCount == 0
        if empty and self.page % 2 == 1:
            self._switch(template)
            return
        if empty:                              # an empty left page: make it blank
            self._switch("blank")
            self.handle_nextPageTemplate(template)
            self.handle_pageEnd()
            return
        if (self.page + 1) % 2 == 0:           # next page is a verso: leave it blank
            self.handle_nextPageTemplate("blank")
            self.handle_pageEnd()
            self.clean_hanging()
        self.handle_nextPageTemplate(template)
        self.handle_pageEnd()

    def afterFlowable(self, flowable: Any) -> None:
        if getattr(flowable, "height", 0) and flowable.__class__.__name__ != "KeepWithNext":
            self.state.last_page = self.page

    def handle_setRunning(self, text: str) -> None:
        self.state.running = text

    def handle_nextPageTemplate(self, pt: Any) -> None:
        if isinstance(pt, str) and pt == "body":
            pt = "body-odd" if (self.page + 1) % 2 else "body-even"
        super().handle_nextPageTemplate(pt)
