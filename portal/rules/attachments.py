"""What parents attach, and which attachments the municipality expects for a request.

Seed 001 (Esbjerg Kommune's guide): the application comes with "en oversigt over metoder og
metodeudbydere" (Bilag 8, item 13) and may come with existing statements from doctor, hospital,
school or day care; lost earnings are computed from the last three months' payslips (Bilag 3);
at supervision the family sends a time-and-phase plan, and videos or pictures show the progress
(Bilag 13). The time-and-phase plan, the weekly schedule and the budget of an application are
written in the application itself, so they are not expected as files there. The accounts are
sent "med dokumentation for de afholdte udgifter" and "regnskab samt kvitteringer", and
"dokumentation fra supervisor og kursus med datoer og omfang for dette og en beskrivelse af
indholdet" comes "senest sammen med regnskabet" (seed 001, "Regnskab").

Expected attachments are a checklist, never a condition for sending: the law requires the
municipality to get what it needs itself (officialprincippet), and a missing statement must
not hold back an application.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from portal.rules.i18n import N_

__all__ = ["KINDS", "KIND_LABELS", "Expected", "expected_attachments"]

KINDS: tuple[str, ...] = (
    "method_overview",
    "medical_statement",
    "school_statement",
    "payslips",
    "tids_og_faseplan",
    "ugeskema",
    "budget",
    "video_picture",
    "receipts",
    "course_documentation",
    "other",
)

KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "method_overview": N_("Oversigt over metoder og metodeudbydere"),
        "medical_statement": N_("Udtalelse fra læge eller sygehus"),
        "school_statement": N_("Udtalelse fra skole eller dagtilbud"),
        "payslips": N_("Lønsedler"),
        "tids_og_faseplan": N_("Tids- og faseplan"),
        "ugeskema": N_("Ugeskema"),
        "budget": N_("Budget"),
        "video_picture": N_("Video eller billede"),
        "receipts": N_("Kvitteringer og kontoudtog"),
        "course_documentation": N_("Dokumentation fra supervisor eller kursus"),
        "other": N_("Andet"),
    }
)


@dataclass(frozen=True)
class Expected:
    """An attachment the municipality expects: its kind, and why (msgid for the page)."""

    kind: str
    why: str
    # Only "if you have one": statements the family may already have.
    if_available: bool = False


_METHOD_OVERVIEW = Expected(
    "method_overview",
    N_("Beskriv hver metode og hvem der udbyder den, fx udbyderens egen beskrivelse."),
)
_MEDICAL = Expected(
    "medical_statement",
    N_("Har I udtalelser fra læge eller sygehus om barnet, så send dem med."),
    if_available=True,
)
_SCHOOL = Expected(
    "school_statement",
    N_("Har I udtalelser fra skole, børnehave eller dagpleje om barnet, så send dem med."),
    if_available=True,
)
_PAYSLIPS = Expected(
    "payslips",
    N_("Lønsedler for de seneste 3 måneder, fordi I søger om tabt arbejdsfortjeneste."),
)

_RECEIPTS = Expected(
    "receipts",
    N_(
        "Kvitteringer for udgifterne og kontoudtog fra hjemmetræningskontoen, så kommunen kan "
        "afstemme regnskabet med bevillingen."
    ),
)
_COURSE_DOCUMENTATION = Expected(
    "course_documentation",
    N_(
        "I har haft udgifter til supervision eller kursus: send dokumentation med datoer, "
        "omfang og en beskrivelse af indholdet."
    ),
)

# Budget and accounts categories paid to a supervisor or a course (portal.rules.budget).
_SUPERVISION_CATEGORIES = frozenset({"course", "provider"})


def _has_lost_earnings(answers: Mapping[str, Any]) -> bool:
    return (answers.get("tabt-arbejdsfortjeneste") or {}).get("applying") == "ja"


def _accounts_categories(answers: Mapping[str, Any]) -> set[str]:
    lines = answers.get("regnskab") or {}
    return {value for key, value in lines.items() if key.endswith("-category") and value}


def expected_attachments(case_type: str, answers: Mapping[str, Any]) -> list[Expected]:
    """The attachments expected for a request, given its answers so far.

    `answers` is the typed answers per step ({"tabt-arbejdsfortjeneste": {"applying": "ja"}});
    a step not answered yet is simply missing."""
    if case_type in ("new_application", "switch_method"):
        # Switching method counts as a new application (seed 001).
        expected = [_METHOD_OVERVIEW, _MEDICAL, _SCHOOL]
    elif case_type == "supplement_method":
        expected = [_METHOD_OVERVIEW]
    elif case_type == "accounts":
        expected = [_RECEIPTS]
        if _accounts_categories(answers) & _SUPERVISION_CATEGORIES:
            expected.append(_COURSE_DOCUMENTATION)
    else:
        expected = []
    if _has_lost_earnings(answers):
        expected.append(_PAYSLIPS)
    return expected
