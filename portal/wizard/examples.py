"""A complete application as a parent fills it in: Anders, who learns to put on his jogging
trousers (seed 001, Bilag 10: the good goal the municipality's guide gives as its example),
with a family, a method, a week, a budget and a partner that the rules accept.

For the tests, the benchmarks and a demonstration of the portal: it lives here, beside the
steps it answers, so that nothing outside the tests has to import test code.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from portal.rules.examples import anders_goal

CHILD_BIRTH = date(2018, 3, 15)
# A CPR number for that birth date: the seventh digit 4 is a child born 2000-2036.
CHILD_CPR = "1503184321"

Answers = dict[str, dict[str, Any]]


def prefixed(prefix: str, item: dict[str, Any]) -> dict[str, Any]:
    """An entry of a repeated list as the form names it: goals-0-title ..."""
    return {f"{prefix}-{key}": value for key, value in item.items()}


def application(today: date) -> Answers:
    """Every step's answers (step slug -> field name -> value; a date as a date, a choice
    among several as a list), valid on `today` and on any day after it for months."""
    return {
        "barnet": {
            "child_name": "Anders Hansen",
            "child_cpr": CHILD_CPR,
            "disability": "Cerebral parese og epilepsi. Anders har svært ved at klæde sig på.",
        },
        "familien": {
            "email": "mette@example.dk",
            "phone": "20 12 34 56",
            **prefixed(
                "adults-0",
                {
                    "name": "Mette Hansen",
                    "relation": "mor",
                    "custody": "ja",
                    "occupation": "Sygeplejerske, Sydvestjysk Sygehus",
                    "weekly_hours": "32",
                    "working_times": "Mandag til torsdag kl. 7-15",
                },
            ),
            **prefixed("siblings-0", {"name": "Ida Hansen", "age": "9"}),
        },
        "metoder": prefixed(
            "methods-0",
            {
                "name": "Ergoterapeutisk ADL-træning",
                "provider": "Center for Hjerneskade",
                "description": "Træning af daglige færdigheder i små trin.",
                "elements": "Påklædning, spisning, finmotorik.",
                "kind": "konventionel",
                "health_elements": "nej",
            },
        ),
        "overvejelser": {
            "trainers": ["mor"],
            "motivation": "Anders lærer bedst i trygge rammer derhjemme.",
            "home_setting": "Vi har et træningsrum på 12 m² i stueetagen.",
            "resources": "Mette går ned i tid, og mormor hjælper to dage om ugen.",
            "wellbeing": "Vi holder pauser, når Anders er træt, og følger hans humør i en dagbog.",
            "network": "Mormor og morfar bor 5 km væk.",
        },
        "tilbud": prefixed(
            "offers-0",
            {
                "offer": "skole",
                "name": "Kvaglundskolen",
                "change": "supplere",
                "reason": "Anders går i skole om formiddagen og træner om eftermiddagen.",
            },
        ),
        "maal": prefixed("goals-0", anders_goal(today)),
        "ugeskema": {
            **prefixed(
                "entries-0",
                {
                    "day": "mon",
                    "start": "07:00",
                    "end": "07:20",
                    "kind": "training",
                    "activity": "Påklædning",
                    "method": "Ergoterapeutisk ADL-træning",
                },
            ),
            **prefixed(
                "entries-1",
                {
                    "day": "mon",
                    "start": "08:00",
                    "end": "12:00",
                    "kind": "school",
                    "activity": "Skole",
                },
            ),
        },
        "budget": {
            "year": str(today.year + 1),
            # Seed 001: "5 ugers ferie om året" without formal training.
            "training_weeks": "47",
            **prefixed(
                "lines-0",
                {
                    "category": "equipment",
                    "description": "Skammel til påklædning",
                    "quantity": "1",
                    "amount": "450",
                    "justification": "Anders skal sidde stabilt, når han øver sig i påklædning",
                },
            ),
        },
        "tabt-arbejdsfortjeneste": {
            "applying": "ja",
            **prefixed(
                "parents-0",
                {
                    "name": "Mette Hansen",
                    "employment": "employee",
                    "monthly_income": "31500",
                    "weekly_hours": "37",
                    "requested_hours": "5",
                    "employer_pension": "2800",
                    "saved_transport": "400",
                },
            ),
            "child_in_daycare": "nej",
            "home_schooling": "nej",
        },
        "samarbejdspartnere": prefixed(
            "partners-0",
            {
                "institution": "Lægerne i Bryggen",
                "contact_person": "Dr. Jensen",
                "function": "Praktiserende læge",
                "address": "Kongensgade 1, 6700 Esbjerg",
                "phone": "75 12 34 56",
            },
        ),
        # No files: attachments are a checklist, not a condition (portal.rules.attachments).
        "bilag": {},
        "samtykke": {"consent": "ja"},
    }


def as_posted(answers: dict[str, Any]) -> dict[str, Any]:
    """A step's answers as a browser posts them: text, ISO dates, lists for several values."""
    posted: dict[str, Any] = {}
    for key, value in answers.items():
        if isinstance(value, date):
            posted[key] = value.isoformat()
        elif isinstance(value, list):
            posted[key] = value
        else:
            posted[key] = "" if value is None else str(value)
    return posted
