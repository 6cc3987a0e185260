"""A parent's way through the wizard, over HTTP with real CSRF tokens."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from portal.timeutil import today_local
from portal.wizard import examples
from portal.wizard.steps import steps_for
from tests.support.factories import parent_cpr
from tests.support.pages import Page, assert_redirects, get

CHILD_BIRTH = examples.CHILD_BIRTH
CHILD_CPR = examples.CHILD_CPR


def login_parent(client: FlaskClient, name: str = "Mette Hansen", cpr: str | None = None) -> None:
    page = get(client, "/log-ind/udvikling")
    token = page.form_values()["csrf_token"]
    response = client.post(
        "/log-ind/udvikling",
        data={"name": name, "cpr_number": cpr or parent_cpr(), "csrf_token": token},
    )
    assert_redirects(response, "/")


def login_staff(client: FlaskClient, email: str, password: str) -> None:
    page = get(client, "/medarbejder/log-ind")
    response = client.post(
        "/medarbejder/log-ind",
        data={"email": email, "password": password, "csrf_token": page.form_values()["csrf_token"]},
    )
    assert_redirects(response, "/sagsbehandling/")


def start_application(client: FlaskClient, municipality: str = "561") -> str:
    """Returns the draft's base URL, e.g. /ansoegning/<id>/"""
    page = get(client, "/ansoegning/")
    response = client.post(
        "/ansoegning/",
        data={"municipality": municipality, "csrf_token": page.form_values()["csrf_token"]},
    )
    return new_draft(response)


def new_draft(response: TestResponse | Page, first_step: str = "barnet") -> str:
    """The base URL of the draft a start has just made (/ansoegning/<id>/), which the parent
    is sent on to at its first step."""
    location = assert_redirects(response, re.compile(rf"/ansoegning/[\w-]+/{first_step}"))
    return location.removesuffix(first_step)


def save_step(
    client: FlaskClient, base: str, slug: str, answers: dict[str, Any], action: str = "save"
) -> Page:
    """Open the step as a parent would (to get its version and token), then post answers."""
    page = get(client, base + slug)
    controls = page.form_values()
    data = {**controls, **_as_form(answers), "_action": action}
    return Page(client.post(base + slug, data=data))


def _as_form(answers: dict[str, Any]) -> dict[str, Any]:
    return examples.as_posted(answers)


def prefixed(prefix: str, item: dict[str, Any]) -> dict[str, Any]:
    return examples.prefixed(prefix, item)


def valid_answers(today: date | None = None) -> dict[str, dict[str, Any]]:
    """A complete application: Anders, who learns to put on his jogging trousers (Bilag 10)."""
    return examples.application(today or today_local())


def fill_application(
    client: FlaskClient, base: str, answers=None, case_type: str = "new_application"
) -> None:
    for slug, step_answers in (answers or valid_answers()).items():
        assert_redirects(
            save_step(client, base, slug, step_answers), after_step(base, slug, case_type)
        )


def after_step(base: str, slug: str, case_type: str = "new_application") -> str:
    """Where saving a step sends the parent: the next step, or the check page after the last."""
    slugs = [step.slug for step in steps_for(case_type)] + ["tjek"]
    return base + slugs[slugs.index(slug) + 1]


def submit(client: FlaskClient, base: str, *, sent: bool = True) -> Page:
    """Confirm and send from the check page. Unless `sent` is False, the parent must land on
    the receipt."""
    page = get(client, base + "tjek")
    data = {**page.form_values("form[method=post]"), "confirm": "ja"}
    answer = Page(client.post(base + "tjek", data=data))
    if sent:
        assert_redirects(answer, base + "kvittering")
    return answer
