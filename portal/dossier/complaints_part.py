"""The complaints in the Word dossier: each complaint with its reasons and files, the
reconsideration, the forwarding to Ankestyrelsen and its answer, or the municipality's answer
to a complaint about the handling time. Plain rows from the stored data
(portal.services.dossier)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from portal.dossier import kit
from portal.i18n import gettext as _


@dataclass(frozen=True)
class ComplaintRow:
    """One complaint as the dossier writes it: its heading and (what, as read) rows."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)


def complaints(document, found: Sequence[ComplaintRow]) -> None:
    kit.heading(document, _("Klager"), 1)
    if not found:
        kit.paragraph(document, _("Der er ingen klager i sagen."))
        return
    for complaint in found:
        kit.heading(document, complaint.title, 2)
        kit.table(document, None, complaint.rows, widths=(5, 11), bold_first_column=True)
