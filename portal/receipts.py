"""The family's receipt to keep: a PDF of exactly what they sent, as "Tjek dine svar" read it
back to them, with the advice they were shown then, the files with their SHA-256, the case
number, when it was received and when a decision can be expected.

Made from the check page's own templates (templates/apply/_check_answers.html) by WeasyPrint,
in the language of the page it is downloaded from, and tagged for screen readers (PDF/UA-1):
a title, the document's language, headings, lists and tables as such. The case system gets it
in Danish as PDF/A-2a (archival and tagged).

Only a request made with a wizard has one: a case the municipality opens itself or a notice
sent on a page of its own has no "Tjek dine svar" to keep.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from flask import current_app, render_template
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from portal.forms.steps import answers_read_back
from portal.i18n import gettext as _
from portal.models import Case
from portal.services import drafts
from portal.services.case_rules import as_sent
from portal.wizard.steps import ATTACHMENTS

__all__ = ["file_name", "has_receipt", "receipt_pdf"]

PDF_TYPE = "application/pdf"
# IBM Plex Sans as Det Fælles Designsystem ships it, by the weights the receipt uses; a
# system sans-serif where DKFDS's files are not found (the stylesheet names it second).
_FACES = (("Regular", 400, "normal"), ("Italic", 400, "italic"), ("SemiBold", 600, "normal"))


def has_receipt(case: Case) -> bool:
    """Whether the case was sent with the wizard, so that there is a receipt to keep."""
    return case.draft_id is not None


def file_name(case: Case) -> str:
    return _("kvittering-%(number)s.pdf", number=case.number)


def receipt_pdf(case: Case, *, archival: bool = False) -> bytes:
    """The receipt of `case` (has_receipt), in the language of the current request.
    `archival`: as PDF/A-2a, the copy of the application the case system files (portal.
    case_package): level A is tagged as PDF/UA asks (WeasyPrint makes one variant at a time),
    with its fonts embedded and an sRGB output intent, which an archive requires."""
    draft = drafts.of_case(case)
    ctx = as_sent(case)
    fonts = _fonts()
    files = (case.application or {}).get(ATTACHMENTS.slug, {}).get("attachments") or []
    html = render_template(
        "apply/receipt_pdf.html",
        title=_("Kvittering for sag %(number)s", number=case.number),
        case=case,
        sent_files=files,
        fonts=fonts,
        **answers_read_back(draft, ctx, sent=case),
    )
    fetcher = _OnlyFonts({font["url"] for font in fonts})
    document = HTML(string=html, url_fetcher=fetcher)
    if not archival:
        return document.write_pdf(pdf_tags=True, pdf_variant="pdf/ua-1")
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile for PDF/A's output intent and leaves the file
        # to the garbage collector, which warns; the profile has been read in full by then.
        warnings.simplefilter("ignore", ResourceWarning)
        return document.write_pdf(pdf_tags=True, pdf_variant="pdf/a-2a")


class _OnlyFonts(URLFetcher):
    """Fetches the receipt's own font files and nothing else: nothing a family typed is ever
    fetched, were it to look like an address."""

    def __init__(self, fonts: set[str]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self._fonts = fonts

    def fetch(self, url, headers=None):
        if url not in self._fonts:
            raise ValueError(f"the receipt fetches only its fonts, not {url}")
        return super().fetch(url, headers)


def _fonts() -> list[dict]:
    """IBM Plex Sans's files as DKFDS ships them, for the receipt's @font-face rules."""
    folder = Path(current_app.config["DKFDS_PATH"]) / "fonts" / "IBMPlexSans" / "complete" / "ttf"
    return [
        {"url": path.as_uri(), "weight": weight, "style": style}
        for name, weight, style in _FACES
        if (path := folder / f"IBMPlexSans-{name}.ttf").is_file()
    ]
