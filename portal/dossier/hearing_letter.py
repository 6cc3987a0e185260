"""The hearing letter (partshøring) the family receives as Digital Post: what the municipality
proposes, as the family reads it on their case page, and the last day to answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.dossier import contact_part, kit
from portal.i18n import gettext as _
from portal.i18n import in_danish
from portal.rules.contact import MunicipalityContact
from portal.rules.formatting import long_date


@dataclass(frozen=True)
class HearingLetter:
    municipality: str
    contact: MunicipalityContact
    number: str
    child_name: str
    subject: str
    answer_by: date
    sent_by: str


def title(number: str) -> str:
    return _("Partshøring i sag %(number)s", number=number)


@in_danish
def build(data: HearingLetter) -> bytes:
    heading = title(data.number)
    document = kit.new_document(title=heading, footer=f"{data.municipality} · {heading}")
    kit.heading(document, heading, 1)
    kit.paragraph(document, _("Barn: %(name)s", name=data.child_name))
    for part in data.subject.splitlines():
        if part.strip():
            kit.paragraph(document, part)
    kit.paragraph(
        document,
        _(
            "Svar senest %(date)s på jeres sag i hjemmetræningsløsningen eller ved at kontakte "
            "kommunen.",
            date=long_date(data.answer_by),
        ),
        bold=True,
    )
    contact_part.contact_section(document, data.municipality, data.contact)
    kit.paragraph(document, _("Med venlig hilsen"))
    kit.paragraph(document, data.sent_by, bold=True)
    kit.paragraph(document, data.municipality)
    return kit.to_bytes(document)
