"""Numbers, amounts and dates typed on English pages: read as an English reader writes them,
asked about where a Dane would read them otherwise, and the same value whichever language
the parent goes on in."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.models import Draft
from tests.support import journey
from tests.support.pages import Page, assert_redirects


@pytest.fixture
def draft(client, esbjerg):
    journey.login_parent(client)
    return journey.start_application(client)


def choose(client: FlaskClient, language: str) -> None:
    # The language switch in the page header (layout/language_switch.html).
    assert_redirects(client.post("/sprog", data={"lang": language, "next": "/"}), "/")


def saved_answer(db, base: str, slug: str, key: str) -> list[str]:
    public_id = base.strip("/").rsplit("/", 1)[-1]
    draft = db.session.execute(select(Draft).where(Draft.public_id == public_id)).scalar_one()
    return draft.step(slug).data[key]


def budget_with(**answers: str) -> dict:
    return journey.valid_answers()["budget"] | answers


def error_at(page: Page, field_id: str) -> str:
    return page.field_error(field_id).removeprefix("Error:").strip()


def test_an_amount_typed_the_english_way_is_kept_as_the_same_amount_in_danish(client, draft, db):
    choose(client, "en")
    page = journey.save_step(client, draft, "budget", budget_with(**{"lines-0-amount": "1,500"}))
    assert_redirects(page, draft + "tabt-arbejdsfortjeneste")
    # The draft keeps the number, not the way it was written.
    assert saved_answer(db, draft, "budget", "lines-0-amount") == ["1500"]
    assert "DKK 1,500.00" in journey.get(client, draft + "tjek").text()

    choose(client, "da")
    assert journey.get(client, draft + "budget").value("lines-0-amount") == "1500"
    assert "1.500,00 kr." in journey.get(client, draft + "tjek").text()


def test_an_amount_with_ore_is_shown_in_the_language_the_parent_switches_to(client, draft):
    answers = budget_with(**{"lines-0-amount": "1.500,50"})
    # The switch in the header submits the step: the answers are saved as they stand.
    page = journey.save_step(client, draft, "budget", answers, action="lang:en")
    assert_redirects(page, draft + "budget")

    english = journey.get(client, draft + "budget")
    assert english.soup.html["lang"] == "en"
    assert english.value("lines-0-amount") == "1500.50"
    assert "DKK 1,500.50" in journey.get(client, draft + "tjek").text()

    # Saved again in English as shown, and back in Danish: still the same amount.
    page = journey.save_step(client, draft, "budget", budget_with(**{"lines-0-amount": "1500.50"}))
    assert_redirects(page, draft + "tabt-arbejdsfortjeneste")
    choose(client, "da")
    assert journey.get(client, draft + "budget").value("lines-0-amount") == "1500,50"
    assert "1.500,50 kr." in journey.get(client, draft + "tjek").text()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,50", "Enter the amount as 1.50 or 150"),
        ("1.500", "Enter the amount as 1.50 or 1500"),
        ("250,5", "Enter the amount as 250.50 or 2505"),
    ],
)
def test_an_amount_a_dane_would_read_otherwise_is_asked_about(client, draft, typed, message):
    choose(client, "en")
    answers = budget_with(**{"lines-0-amount": typed, "lines-0-quantity": "1,000"})
    page = journey.save_step(client, draft, "budget", answers)

    assert page.status == 200
    assert page.title.startswith("Error: ")
    assert error_at(page, "lines-0-amount") == message
    assert page.error_summary()["lines-0-amount"] == message
    # What was typed stays, and every other answer with it.
    assert page.value("lines-0-amount") == typed
    assert page.value("lines-0-description") == answers["lines-0-description"]
    assert page.value("lines-0-quantity") == "1,000"


def test_english_pages_give_english_examples_of_numbers(client, draft):
    choose(client, "en")
    answers = budget_with(**{"lines-0-hours_per_week": "some", "lines-0-amount": "1,5,0"})
    page = journey.save_step(client, draft, "budget", answers)

    assert error_at(page, "lines-0-hours_per_week") == "Enter a number, for example 7.5"
    assert error_at(page, "lines-0-amount") == (
        "Enter the amount in kroner as a number, for example 1500 or 1,500.50"
    )


@pytest.mark.parametrize(("typed", "expected"), [("1500,5", "1.500,50 kr."), ("7,5", "7,50 kr.")])
def test_danish_pages_read_a_decimal_comma_as_before(client, draft, typed, expected):
    page = journey.save_step(client, draft, "budget", budget_with(**{"lines-0-amount": typed}))
    assert_redirects(page, draft + "tabt-arbejdsfortjeneste")
    assert expected in journey.get(client, draft + "tjek").text()


def test_english_pages_read_dates_day_first_as_the_hint_says(client, draft):
    choose(client, "en")
    goal = journey.valid_answers()["maal"]
    by: date = goal["goals-0-long_term_by"]
    page = journey.save_step(
        client, draft, "maal", goal | {"goals-0-long_term_by": by.strftime("%d-%m-%Y")}
    )
    assert_redirects(page, draft + "ugeskema")

    # Month first, as in the United States, is not a date the portal guesses at.
    page = journey.save_step(client, draft, "maal", goal | {"goals-0-long_term_by": "12/31/2027"})
    assert error_at(page, "goals-0-long_term_by") == (
        "Enter the date as day, month and year, for example 01-06-2027 for 1 June 2027"
    )
    assert page.value("goals-0-long_term_by") == "12/31/2027"


def test_the_rules_advice_writes_its_numbers_the_english_way(client, draft):
    # The rules write their messages in Danish; the page writes the numbers in them again.
    choose(client, "en")
    helper = {
        "lines-1-category": "helper",
        "lines-1-description": "Helper for balance training",
        "lines-1-hours_per_week": "37.5",
        "lines-1-justification": "Anders trains every day after school",
    }
    page = journey.save_step(client, draft, "budget", budget_with(**helper))

    assert page.status == 200
    advice = page.soup.select_one("#raad").get_text(" ", strip=True)
    assert "37.5 hours a week" in advice
    # 47 training weeks of 37.5 hours.
    assert "The helper works 1,762.5 hours a year" in advice
    assert "37,5" not in advice and "1.762,5" not in advice
