"""Bad input gets a clear Danish message at the field and in the summary; everything else
the parent typed stays as typed."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta

from portal.rules.formatting import long_date
from portal.timeutil import today_local
from tests.support import journey
from tests.support.factories import cpr_for
from tests.support.pages import assert_redirects, get, post


@pytest.fixture
def draft(client, esbjerg):
    journey.login_parent(client)
    return journey.start_application(client)


def assert_error(page, field_id: str, message: str) -> None:
    assert page.status == 200
    assert page.title.startswith("Fejl: ")
    assert page.error_summary().get(field_id) == message, page.error_summary()
    assert page.field_error(field_id) == message
    assert page.soup.find(id=field_id).get("aria-invalid") == "true"


def test_empty_required_fields_are_named_in_the_summary_and_at_the_field(client, draft):
    page = journey.save_step(client, draft, "barnet", {"child_name": "", "child_cpr": ""})

    assert_error(page, "child_name", "Skriv barnets fulde navn")
    assert_error(page, "child_cpr", "Skriv barnets CPR-nummer")
    assert list(page.error_summary()) == ["child_name", "child_cpr"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", "Skriv CPR-nummeret med 10 cifre, fx 010203-1234"),
        ("abcdefghij", "Skriv CPR-nummeret med 10 cifre, fx 010203-1234"),
        (
            "3213184321",
            "De første 6 cifre skal være barnets fødselsdato (dag, måned, år). Tjek cifrene.",
        ),
    ],
)
def test_an_invalid_cpr_number_is_refused_and_the_name_is_kept(client, draft, typed, message):
    page = journey.save_step(client, draft, "barnet", {"child_name": "Anders", "child_cpr": typed})

    assert_error(page, "child_cpr", message)
    assert page.value("child_name") == "Anders"
    assert page.value("child_cpr") == typed


def test_a_cpr_number_in_the_future_is_refused(client, draft):
    tomorrow = today_local() + relativedelta(days=2)
    page = journey.save_step(
        client, draft, "barnet", {"child_name": "Anders", "child_cpr": cpr_for(tomorrow)}
    )
    assert_error(page, "child_cpr", "CPR-nummeret giver en fødselsdato i fremtiden. Tjek cifrene.")


def test_a_child_of_18_is_refused(client, draft):
    eighteen = today_local() - relativedelta(years=18)
    page = journey.save_step(
        client, draft, "barnet", {"child_name": "Anders", "child_cpr": cpr_for(eighteen)}
    )
    assert_error(
        page,
        "child_cpr",
        f"Efter CPR-nummeret er barnet født {long_date(eighteen)} og er fyldt 18 år. "
        "Hjemmetræning kan kun godkendes for børn under 18 år.",
    )


def test_a_seventh_digit_giving_the_last_century_is_named(client, draft):
    # A child of 5 whose 7th digit is 1: the number reads as born in the 1900s.
    born = today_local() - relativedelta(years=5)
    typed = born.strftime("%d%m%y") + "1321"
    page = journey.save_step(client, draft, "barnet", {"child_name": "Anders", "child_cpr": typed})
    assert_error(
        page,
        "child_cpr",
        f"Efter CPR-nummeret er barnet født {long_date(born.replace(year=born.year - 100))}, "
        "fordi det 7. ciffer (1) betyder født i 1900-tallet. "
        f"Er barnet født i {born.year}, så tjek det 7. ciffer.",
    )
    assert "fyldt 18" not in page.text()
    # With the 7th digit of the 2000s the same child is accepted.
    fixed = journey.save_step(
        client, draft, "barnet", {"child_name": "Anders", "child_cpr": cpr_for(born)}
    )
    assert_redirects(fixed, draft + "familien")


def test_the_development_login_speaks_of_the_parents_own_birth_date(client):
    page = get(client, "/log-ind/udvikling")
    typed = {"name": "Mette Hansen", "cpr_number": "3213184321"}
    page = post(
        client, "/log-ind/udvikling", {**typed, "csrf_token": page.form_values()["csrf_token"]}
    )
    assert_error(
        page,
        "cpr_number",
        "De første 6 cifre skal være din fødselsdato (dag, måned, år). Tjek cifrene.",
    )
    assert "barnets" not in page.text()


def test_a_child_one_day_short_of_18_is_accepted(client, draft):
    almost = today_local() - relativedelta(years=18) + relativedelta(days=1)
    page = journey.save_step(
        client, draft, "barnet", {"child_name": "Anders", "child_cpr": cpr_for(almost)}
    )
    assert_redirects(page, draft + "familien")


def test_an_over_long_text_states_the_limit_and_keeps_the_text(client, draft):
    answers = journey.valid_answers()["barnet"] | {"disability": "å" * 2001}
    page = journey.save_step(client, draft, "barnet", answers)

    assert_error(page, "disability", "Teksten må højst være 2.000 tegn. Du har skrevet 2.001 tegn.")
    assert page.value("disability").strip() == "å" * 2001


def test_html_and_script_are_shown_as_text_never_run(client, draft):
    script = '<script>alert("x")</script><b>fed</b>'
    journey.save_step(
        client, draft, "barnet", {"child_name": script, "child_cpr": journey.CHILD_CPR}
    )
    page = journey.save_step(client, draft, "familien", {"email": "ikke-en-mail"})

    check = journey.get(client, draft + "tjek")
    assert script in check.text()
    assert check.soup.find("script", string='alert("x")') is None
    assert check.soup.find("b", string="fed") is None
    assert page.value("email") == "ikke-en-mail"


def test_a_past_goal_date_is_refused_with_the_rule_behind_it(client, draft):
    goal = journey.valid_answers()["maal"] | {"goals-0-short_term_by": "01-02-2020"}
    page = journey.save_step(client, draft, "maal", goal)

    assert page.status == 200
    assert page.title.startswith("Fejl: ")
    message = "Datoen for det kortsigtede mål er passeret. Vælg en dato fra i dag."
    assert page.field_error("goals-0-short_term_by") == message
    assert page.error_summary()["goals-0-short_term_by"] == message
    # Every other answer of the goal is kept as typed.
    assert page.value("goals-0-title") == goal["goals-0-title"]
    assert page.value("goals-0-short_term_by") == "01-02-2020"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-450", "Beløbet skal være større end 0 kr."),
        ("fire hundrede", "Skriv beløbet i kroner med tal, fx 1500 eller 1.500,50"),
        ("12,345", "Skriv beløbet i kroner med tal, fx 1500 eller 1.500,50"),
    ],
)
def test_negative_or_non_numeric_amounts_are_refused(client, draft, typed, message):
    answers = journey.valid_answers()["budget"] | {"lines-0-amount": typed}
    page = journey.save_step(client, draft, "budget", answers)

    assert page.status == 200
    assert page.field_error("lines-0-amount") == message
    assert page.value("lines-0-amount") == typed
    assert page.value("lines-0-description") == answers["lines-0-description"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1.500,50", "1.500,50 kr."), ("1500", "1.500,00 kr."), ("1 500 kr.", "1.500,00 kr.")],
)
def test_amounts_are_read_as_danes_write_them(client, draft, typed, expected):
    answers = journey.valid_answers()["budget"] | {"lines-0-amount": typed}
    assert_redirects(
        journey.save_step(client, draft, "budget", answers), draft + "tabt-arbejdsfortjeneste"
    )

    check = journey.get(client, draft + "tjek")
    assert expected in check.text()


def test_a_date_typed_the_danish_way_is_read(client, draft):
    goal = journey.valid_answers()["maal"]
    by: date = goal["goals-0-long_term_by"]
    goal = goal | {"goals-0-long_term_by": by.strftime("%d-%m-%Y")}
    assert_redirects(journey.save_step(client, draft, "maal", goal), draft + "ugeskema")

    check = journey.get(client, draft + "tjek")
    assert f"{by.day}. " in check.text() and str(by.year) in check.text()


def test_an_invalid_phone_and_email_are_refused(client, draft):
    answers = journey.valid_answers()["familien"] | {"email": "mette@", "phone": "123"}
    page = journey.save_step(client, draft, "familien", answers)

    assert page.field_error("email") == "Skriv en e-mailadresse, fx navn@eksempel.dk"
    assert page.field_error("phone") == "Skriv et telefonnummer med 8 cifre, fx 20 12 34 56"
    assert page.value("adults-0-name") == "Mette Hansen"


def test_a_schedule_row_ending_before_it_starts_is_refused(client, draft):
    answers = journey.valid_answers()["ugeskema"] | {
        "entries-0-start": "09:00",
        "entries-0-end": "08:00",
    }
    page = journey.save_step(client, draft, "ugeskema", answers)
    assert page.field_error("entries-0-end") == "Sluttidspunktet skal være efter starttidspunktet."


def test_a_budget_line_without_justification_is_refused(client, draft):
    answers = journey.valid_answers()["budget"] | {"lines-0-justification": ""}
    page = journey.save_step(client, draft, "budget", answers)

    assert page.status == 200
    assert "lines-0-justification" in page.error_summary()


def test_a_forbidden_budget_item_is_advice_with_its_legal_source(client, draft):
    """Principle decision 70-14 (seed 003): trykkammer "kan derfor ikke dækkes", but the
    family may apply and complain: advice with the source, and the step can be left."""
    answers = journey.valid_answers()["budget"] | {
        "lines-0-description": "Leje af trykkammer",
        "lines-0-amount": "12000",
    }
    page = journey.save_step(client, draft, "budget", answers)

    assert page.status == 200
    assert page.error_summary() == {}
    advice = page.soup.select_one("#raad")
    link = advice.select_one('a[href="#lines-0-description"]')
    assert "kan ikke godkende træningen, så længe" in link.get_text()
    assert "principafgørelse 70-14" in advice.get_text()
    assert_redirects(
        journey.save_step(client, draft, "budget", answers), draft + "tabt-arbejdsfortjeneste"
    )


def test_a_tampered_choice_gets_a_danish_message(client, draft):
    answers = journey.valid_answers()["ugeskema"] | {"entries-0-day": "caturday"}
    page = journey.save_step(client, draft, "ugeskema", answers)
    assert page.field_error("entries-0-day") == "Vælg en af mulighederne."
