"""Counted words and lists read right in both languages: "1 dag" and "2 dage", "1 day" and
"2 days", "linje 1 og 2" and "lines 1 and 2", and a sentence is one message in which each
language puts the number, the date or the countdown where its own word order wants it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask.testing import FlaskClient

from portal.i18n import force_locale
from portal.models import Case
from portal.rules import formatting
from portal.rules.cap import Grant
from portal.rules.changes import check_pauses
from portal.rules.decisions import LineDecision, check_decision
from portal.rules.lost_earnings import GrantDecision, check_grants, estimate
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings
from portal.services.access_log import log_access
from portal.timeutil import today_local
from portal.wizard.checks import message
from tests.support import tracking
from tests.support.figures import SHIPPED
from tests.support.pages import Page, get


def in_english(browser: FlaskClient) -> None:
    """The language switch in the page header, as a person uses it."""
    page = get(browser, "/sagsbehandling/")
    token = page.soup.select_one("input[name=csrf_token]")
    data = {"lang": "en", "csrf_token": token["value"]} if token else {"lang": "en"}
    browser.post("/sprog", data=data)


def english(app, finding) -> str:
    with app.test_request_context(), force_locale("en"):
        return message(finding)


def danish(app, finding) -> str:
    with app.test_request_context():
        return message(finding)


# The rules' messages --------------------------------------------------------------------------


def _grant(**changes) -> GrantDecision:
    values = {
        "index": 0,
        "requested_hours": Decimal(20),
        "refused": False,
        "monthly_amount": Decimal("17297.29"),
        "weekly_hours": Decimal(15),
        "start": date(2027, 2, 1),
        "reason": "Træningen tager 15 timer om ugen.",
    }
    return GrantDecision(**{**values, **changes})


def _short(parents: int):
    grants = [_grant(index=i) for i in range(parents)]
    (finding,) = check_grants("approved", grants, decided_on=date(2027, 1, 4))
    return finding


def test_parents_short_of_what_they_asked_are_counted_in_each_language(app):
    one, two = _short(1), _short(2)
    assert "sat ned for 1 forælder." in one.message
    assert "sat ned for 2 forældre." in two.message
    assert danish(app, one) == one.message and danish(app, two) == two.message
    assert english(app, one).startswith("Lost earnings are refused or reduced for 1 parent. ")
    assert english(app, two).startswith("Lost earnings are refused or reduced for 2 parents. ")


def test_weeks_without_training_are_counted_in_each_language(app):
    one_week = [{"start": date(2027, 3, 1), "end": date(2027, 3, 7)}]
    (within,) = check_pauses(one_week, settings=DEFAULT_SETTINGS)
    assert within.message == (
        "I 2027 er der 1 uge uden træning. Kommunen regner med 5 ugers ferie om året uden "
        "træning, så perioden ligger inden for ferien."
    )
    assert english(app, within) == (
        "In 2027 there is 1 week without training. The municipality assumes 5 weeks' holiday "
        "a year without training, so the period is within the holiday."
    )
    six_weeks = [{"start": date(2027, 6, 28), "end": date(2027, 8, 8)}]
    (beyond,) = check_pauses(six_weeks, settings=DEFAULT_SETTINGS)
    assert beyond.message.startswith(
        "I 2027 er der 6 uger uden træning. Kommunen regner med 5 ugers ferie om året uden "
        "træning, så 1 uge er ud over ferien."
    )
    assert english(app, beyond).startswith(
        "In 2027 there are 6 weeks without training. The municipality assumes 5 weeks' holiday "
        "a year without training, so the time without training goes 1 week beyond the holiday."
    )
    one_holiday_week = MunicipalitySettings.from_mapping({"holiday_weeks": 1})
    (short_holiday,) = check_pauses(
        [{"start": date(2027, 7, 1), "end": date(2027, 7, 21)}], settings=one_holiday_week
    )
    assert "regner med 1 uges ferie om året uden træning, så 2 uger er ud over" in (
        short_holiday.message
    )
    assert (
        "assumes 1 week's holiday a year without training, so the time without training "
        "goes 2 weeks beyond"
    ) in english(app, short_holiday)


def test_half_a_week_without_training_is_plural_in_both_languages(app):
    four_days = [{"start": date(2027, 3, 1), "end": date(2027, 3, 4)}]
    (finding,) = check_pauses(four_days, settings=DEFAULT_SETTINGS)
    assert finding.message.startswith("I 2027 er der 0,6 uger uden træning.")
    # The number the rules wrote the Danish way is written again as English writes it.
    assert english(app, finding).startswith("In 2027 there are 0.6 weeks without training.")


def test_one_hour_worked_before_is_one_hour_in_each_language(app):
    def more_hours(previous: int):
        result = estimate(
            previous_monthly_income=2000,
            previous_weekly_hours=previous,
            requested_weekly_hours=10,
            year=2022,
            figures=SHIPPED,
        )
        (finding,) = result.findings
        return finding

    one, two = more_hours(1), more_hours(2)
    assert one.message.startswith(
        "Du søger om flere timer, end du arbejdede før (1 time om ugen). Beregningen dækker den "
        "ene time."
    )
    assert two.message.startswith(
        "Du søger om flere timer, end du arbejdede før (2 timer om ugen). Beregningen dækker de "
        "2 timer."
    )
    assert english(app, one).startswith(
        "You are applying for more hours than you worked before (1 hour a week). The "
        "calculation covers that one hour."
    )
    assert english(app, two).startswith(
        "You are applying for more hours than you worked before (2 hours a week). The "
        "calculation covers those 2 hours."
    )


def _over_cap(*approved):
    names = ["Ståstativ", "Trampolin", "Balancepude"]
    lines = [
        LineDecision(n, Decimal(100000), Decimal(a), False, "", names[n])
        for n, a in enumerate(approved)
    ]
    result = check_decision(
        "approved",
        lines,
        case_type="extra_equipment",
        budget_year=2024,
        decided_on=date(2024, 5, 2),
        granted=[Grant(Decimal(650000), 2024, date(2023, 12, 10))],
        figures=SHIPPED,
    )
    (finding,) = result.findings
    return finding


def test_the_lines_over_the_cap_are_listed_in_each_language(app):
    one, three = _over_cap(100000), _over_cap(100000, 100000, 100000)
    assert "Med linje 1 (Ståstativ) bliver det" in one.message
    assert "Med linje 1 (Ståstativ), 2 (Trampolin) og 3 (Balancepude) bliver det" in (three.message)
    assert danish(app, three) == three.message
    assert "With line 1 (Ståstativ) the total would be" in english(app, one)
    assert "With lines 1 (Ståstativ), 2 (Trampolin) and 3 (Balancepude) the total would be" in (
        english(app, three)
    )


def test_a_list_reads_as_each_language_writes_one():
    assert formatting.listing([]) == ""
    assert formatting.listing(["Mette"]) == "Mette"
    assert formatting.listing(["Mette", "Jens"]) == "Mette og Jens"
    assert formatting.listing(["A", "B", "C"]) == "A, B og C"
    # GOV.UK's English: no comma before "and".
    assert formatting.listing(["A", "B", "C"], "en") == "A, B and C"
    # The formats a file may be sent as: one of them.
    assert formatting.listing(["PDF", "JPEG", "MOV"], style="or") == "PDF, JPEG eller MOV"
    assert formatting.listing(["PDF", "JPEG", "MOV"], "en", style="or") == "PDF, JPEG or MOV"


# The caseworker's pages -------------------------------------------------------------------------


@pytest.fixture
def case(db, esbjerg) -> Case:
    person, _cpr = tracking.parent()
    return tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=3))


def _due_in(db, case: Case, days: int) -> None:
    case.due_date = today_local() + timedelta(days=days)
    db.session.commit()


def _deadline(page: Page) -> str:
    return page.soup.select_one(".summary-deadline").get_text(" ", strip=True)


def _soon_notice(page: Page) -> str:
    return page.soup.select_one(".deadline-soon").get_text(" ", strip=True)


def test_the_days_left_on_a_case_are_counted_in_each_language(case, make_client, esbjerg, db):
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    url = f"/sagsbehandling/sager/{case.public_id}"
    _due_in(db, case, 1)
    page = get(browser, url)
    assert _deadline(page).endswith("Om 1 dag")
    assert _soon_notice(page).endswith(", om 1 dag.")
    _due_in(db, case, 2)
    page = get(browser, url)
    assert _deadline(page).endswith("Om 2 dage")
    assert _soon_notice(page).endswith(", om 2 dage.")

    in_english(browser)
    assert _deadline(get(browser, url)).endswith("In 2 days")
    _due_in(db, case, 1)
    page = get(browser, url)
    assert _deadline(page).endswith("In 1 day")
    assert _soon_notice(page).endswith(", in 1 day.")
    _due_in(db, case, -1)
    assert _deadline(get(browser, url)).endswith("Overdue by 1 day")


def test_the_work_list_marks_a_deadline_a_day_away_in_each_language(case, make_client, esbjerg, db):
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    _due_in(db, case, 1)
    cell = get(browser, "/sagsbehandling/").soup.select_one(".deadline-cell")
    assert cell.get_text(" ", strip=True).endswith("Om 1 dag")
    in_english(browser)
    cell = get(browser, "/sagsbehandling/").soup.select_one(".deadline-cell")
    assert cell.get_text(" ", strip=True).endswith("In 1 day")


def test_a_zip_in_the_access_log_counts_its_attachments_in_the_readers_language(
    case, make_client, esbjerg, db
):
    worker_browser, worker = tracking.caseworker(make_client, esbjerg)
    log_access(case, worker, "downloaded_zip", "files:1")
    log_access(case, worker, "downloaded_zip", "files:3")
    # Written before the count was stored as a number: read as written.
    log_access(case, worker, "downloaded_zip", "2 bilag")
    db.session.commit()
    admin, _admin = tracking.caseworker(make_client, esbjerg, role="admin")
    url = f"/sagsbehandling/sager/{case.public_id}/adgangslog"

    def zips() -> list[str]:
        return [
            td.get_text(strip=True)
            for td in get(admin, url).soup.select("table.access-log td.access-detail")
            if "bilag" in td.get_text() or "attachment" in td.get_text()
        ]

    assert zips() == ["2 bilag", "3 bilag", "1 bilag"]
    in_english(admin)
    assert zips() == ["2 bilag", "3 attachments", "1 attachment"]


def test_the_refuse_box_of_each_expense_is_one_label_in_each_language(
    case, make_client, esbjerg, db
):
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    url = f"/sagsbehandling/sager/{case.public_id}/afgoerelse"

    def refuse_label(page: Page) -> str:
        box = page.soup.select_one("input[type=checkbox][id$=-refused]")
        return page.soup.select_one(f"label[for={box['id']}]").get_text(strip=False)

    assert refuse_label(get(browser, url)) == "Afslås udgift 1"
    in_english(browser)
    assert refuse_label(get(browser, url)) == "Refuse expense 1"


# The session warning ------------------------------------------------------------------------------


def test_the_log_out_warning_is_one_sentence_with_the_countdown_in_it(make_client, esbjerg):
    browser, _worker = tracking.caseworker(make_client, esbjerg)

    def warning(page: Page) -> tuple[str, str]:
        text = page.soup.select_one("#session-timeout-text")
        # The countdown that session_timeout.js fills in stands inside the sentence.
        assert text.select_one("strong[data-session-countdown]") is not None
        dialog = page.soup.select_one("dialog[data-session-timeout]")
        return " ".join(text.get_text().split()), dialog["data-text-second"]

    assert warning(get(browser, "/sagsbehandling/")) == (
        "Du har ikke brugt siden i et stykke tid. For at beskytte dine oplysninger logger vi "
        "dig af om . Det, du har gemt, er ikke tabt.",
        "1 sekund",
    )
    in_english(browser)
    assert warning(get(browser, "/sagsbehandling/")) == (
        "You have not used this page for a while. To protect your information, we will log "
        "you out in . Anything you have saved is not lost.",
        "1 second",
    )
