"""Complaints made as the family and the caseworker make them: the family's form with its
files, and the caseworker's forms on the complaints page."""

from __future__ import annotations

import io
from datetime import date

from flask.testing import FlaskClient

from portal.models import Case
from tests.support.pages import Page, get


def complaint_url(case: Case) -> str:
    return f"/sager/{case.public_id}/klage"


def staff_url(case: Case) -> str:
    return f"/sagsbehandling/sager/{case.public_id}/klager"


def complain(
    browser: FlaskClient,
    case: Case,
    reasons: str = "Vi er uenige: Anders har brug for træningen hver dag.",
    files: list[tuple[str, bytes]] = (),
) -> Page:
    """Fill in and send the family's complaint form, with `files` chosen."""
    token = get(browser, complaint_url(case)).form_values()["csrf_token"]
    data = {
        "csrf_token": token,
        "reasons": reasons,
        "files": [
            (io.BytesIO(content), name, "application/octet-stream") for name, content in files
        ],
    }
    return Page(browser.post(complaint_url(case), data=data, content_type="multipart/form-data"))


def staff_post(browser: FlaskClient, case: Case, action: str, data: dict[str, str]) -> Page:
    """Send one of the forms of the caseworker's complaints page."""
    token = get(browser, staff_url(case)).form_values()["csrf_token"]
    return Page(browser.post(f"{staff_url(case)}/{action}", data={"csrf_token": token, **data}))


def forward(
    browser: FlaskClient, case: Case, on: date, note: str = "Afgørelsen fastholdes."
) -> Page:
    return staff_post(
        browser,
        case,
        "ankestyrelsen-sendt",
        {"videresend-sent_on": on.isoformat(), "videresend-note": note},
    )


def ankestyrelsen(browser: FlaskClient, case: Case, result: str, on: date, note: str = "") -> Page:
    return staff_post(
        browser,
        case,
        "ankestyrelsen-svar",
        {
            "ankestyrelsen-result": result,
            "ankestyrelsen-decided_on": on.isoformat(),
            "ankestyrelsen-note": note,
        },
    )
