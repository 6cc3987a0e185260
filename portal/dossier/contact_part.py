"""Where a letter tells the family to send a complaint and how to reach the municipality, from
the municipality's contact details (portal.rules.contact). A detail the municipality has not
given is left out, sentence and row, rather than printed empty."""

from __future__ import annotations

from portal.dossier import kit
from portal.i18n import gettext as _
from portal.rules.contact import MunicipalityContact


def complaint_where(municipality: str, contact: MunicipalityContact) -> str:
    """Where the complaint goes: the municipality first, which reconsiders it before sending
    it on to Ankestyrelsen (Retssikkerhedsloven § 67, stk. 1)."""
    if contact.email and contact.phone:
        where = _(
            "Send klagen til %(municipality)s, fx på %(email)s, eller ring på %(phone)s.",
            municipality=municipality,
            email=contact.email,
            phone=contact.phone,
        )
    elif contact.email:
        where = _(
            "Send klagen til %(municipality)s, fx på %(email)s.",
            municipality=municipality,
            email=contact.email,
        )
    elif contact.phone:
        where = _(
            "Send klagen til %(municipality)s, eller ring på %(phone)s.",
            municipality=municipality,
            phone=contact.phone,
        )
    else:
        where = _("Send klagen til %(municipality)s.", municipality=municipality)
    return " ".join(
        (
            where,
            _(
                "Kommunen ser på sagen igen; fastholder den afgørelsen, sender den klagen "
                "videre til Ankestyrelsen."
            ),
        )
    )


def contact_section(document, municipality: str, contact: MunicipalityContact) -> None:
    """The municipality's contact details as a table, if it has given any."""
    if not contact:
        return
    kit.heading(document, _("Kontakt %(municipality)s", municipality=municipality), 1)
    kit.table(
        document,
        None,
        [(_(text), value) for text, value in contact.details()],
        widths=(3, 13),
        bold_first_column=True,
    )
