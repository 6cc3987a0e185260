"""A parent's way through the wizard, over HTTP with real CSRF tokens."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask.testing import FlaskClient

from portal.rules.examples import anders_goal
from portal.timeutil import today_local
from tests.support.factories import cpr_for, parent_cpr
from tests.support.pages import Page, get

CHILD_BIRTH = date(2018, 3, 15)
CHILD_CPR = cpr_for(CHILD_BIRTH)


def login_parent(client: FlaskClient, name: str = "Mette Hansen", cpr: str | None = None) -> None:
    page = get(client, "/log-ind/udvikling")
    token = page.form_values()["csrf_token"]
    response = client.post(
        "/log-ind/udvikling",
        data={"name": name, "cpr_number": cpr or parent_cpr(), "csrf_token": token},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def login_staff(client: FlaskClient, email: str, password: str) -> None:
    page = get(client, "/medarbejder/log-ind")
    response = client.post(
        "/medarbejder/log-ind",
        data={"email": email, "password": password, "csrf_token": page.form_values()["csrf_token"]},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]


def start_application(client: FlaskClient, municipality: str = "561") -> str:
    """Returns the draft's base URL, e.g. /ansoegning/<id>/"""
    page = get(client, "/ansoegning/")
    response = client.post(
        "/ansoegning/",
        data={"municipality": municipality, "csrf_token": page.form_values()["csrf_token"]},
    )
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[0] + "/"


def save_step(
    client: FlaskClient, base: str, slug: str, answers: dict[str, Any], action: str = "save"
) -> Page:
    """Open the step as a parent would (to get its version and token), then post answers."""
    page = get(client, base + slug)
    controls = page.form_values()
    data = {**controls, **_as_form(answers), "_action": action}
    return Page(client.post(base + slug, data=data))


def _as_form(answers: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in answers.items():
        if isinstance(value, date):
            result[key] = value.isoformat()
        elif isinstance(value, list):
            result[key] = value
        else:
            result[key] = "" if value is None else str(value)
    return result


def prefixed(prefix: str, item: dict[str, Any]) -> dict[str, Any]:
    return {f"{prefix}-{key}": value for key, value in item.items()}


def valid_answers(today: date | None = None) -> dict[str, dict[str, Any]]:
    """A complete application: Anders, who learns to put on his jogging trousers (Bilag 10)."""
    today = today or today_local()
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
            "lost_earnings": "ja",
            "lost_earnings_parent": "Mette Hansen",
            "lost_earnings_hours": "5",
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


def fill_application(client: FlaskClient, base: str, answers=None) -> None:
    for slug, step_answers in (answers or valid_answers()).items():
        page = save_step(client, base, slug, step_answers)
        assert page.status == 302, f"{slug}: {page.error_summary() or page.text()[:400]}"


def submit(client: FlaskClient, base: str) -> Page:
    page = get(client, base + "tjek")
    data = {**page.form_values("form[method=post]"), "confirm": "ja"}
    return Page(client.post(base + "tjek", data=data))
