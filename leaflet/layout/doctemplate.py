"""The document template every flowing layout (A4, A5, large print, the phone PDF) is built with."""

from __future__ import annotations

from reportlab.platypus import BaseDocTemplate, Flowable
from reportlab.platypus.doctemplate import _ktAllow


class DocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """ReportLab's document template, without its one endless loop.

    ReportLab keeps a keep-with-next flowable (a heading, the motto) with what follows it by
    putting both in a KeepTogether.  With nothing it may join (the end of the story, or a
    KeepTogether next, such as the phone PDF's back page) the group holds the flowable alone,
    still marked keep-with-next; taller than a frame, it is split back into itself and
    grouped again, for ever.  Alone, it keeps with nothing: then it splits like any paragraph.
    """

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:  # noqa: N802 - ReportLab API
        first = flowables[0] if flowables else None
        if first is not None and first.getKeepWithNext() and (len(flowables) < 2 or not _ktAllow(flowables[1])):
            first.__dict__["keepWithNext"] = 0  # as ReportLab itself clears it once grouped
        super().handle_keepWithNext(flowables)
