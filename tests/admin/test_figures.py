"""The yearly figures as data (issue 19, point 2): a national administrator or `flask figures
add` adds a year's cap, lost-earnings ceiling or ATP rates, which the family and the
caseworker see at once for that year, with its source; every administrator sees them, with
their history; from 1 December a missing figure for next year is a warning on the
administrator's front page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.models import AdminChange, YearlyFigure
from portal.services import figures
from portal.timeutil import today_local
from tests.support import clock, decisions, journey, tracking
from tests.support.pages import Page, assert_redirects, get

FIGURES = "/sagsbehandling/aarlige-tal"
SOURCE = "Bekendtgørelse om hjemmetræning § 6, stk. 2 (2027-niveau)"


def add_by_command(app, *args: str):
    result = app.test_cli_runner().invoke(args=["figures", "add", *args])
    assert result.exit_code == 0, result.output
    return result


def add_cap(app, year: int, amount: str = "720000"):
    return add_by_command(
        app, "--kind", "cap", "--year", str(year), "--value", amount,
        "--source", SOURCE, "--source-date", f"{year - 1}-11-15",
    )  # fmt: skip


@pytest.fixture
def national(make_client, esbjerg, db):
    browser, admin = tracking.caseworker(make_client, esbjerg, role="admin")
    admin.national = True
    db.session.commit()
    return browser, admin


def figure_form(browser) -> dict[str, str]:
    return get(browser, FIGURES).form_values("form[action$='/nyt']")


def test_a_cap_added_for_next_year_is_what_the_family_sees_for_that_year(app, client, esbjerg):
    year = today_local().year + 1
    journey.login_parent(client)
    draft = journey.start_application(client)
    journey.save_step(client, draft, "barnet", journey.valid_answers()["barnet"])
    journey.save_step(
        client, draft, "budget", {**journey.valid_answers()["budget"], "year": str(year)}
    )
    before = (
        get(client, draft + "budget").soup.select_one(".budget-totals").get_text(" ", strip=True)
    )
    assert (
        f"Loftet for {year} er ikke lagt ind i portalen endnu; vi har brugt 706.600,00 kr."
        in before
    )

    add_cap(app, year)

    after = (
        get(client, draft + "budget").soup.select_one(".budget-totals").get_text(" ", strip=True)
    )
    assert f"Loft for ét barn ({year}) 720.000,00 kr." in after
    assert "ikke lagt ind i portalen" not in after
    assert f"Kilde til loftet for {year}: {SOURCE}" in after


def test_a_cap_added_for_next_year_is_what_the_caseworker_decides_against(
    app, esbjerg, make_client, db
):
    year = today_local().year + 1
    person, _cpr = tracking.parent("Mette Hansen", "mette@example.dk")
    answers = tracking.request_answers("new_application")
    answers["budget"] = {**decisions.lines(2, amount="400000"), "year": year}
    case = tracking.submitted_case(person, esbjerg, received=today_local(), answers=answers)
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    totals = decisions.post(browser, case, decisions.approval(), action="check")
    text = totals.soup.find(id="bevilget-i-alt").get_text(" ", strip=True)
    assert f"Loft for ét barn i {year} (2024-niveau) 706.600,00 kr." in text

    add_cap(app, year, "820000")

    totals = decisions.post(browser, case, decisions.approval(), action="check")
    text = totals.soup.find(id="bevilget-i-alt").get_text(" ", strip=True)
    assert f"Loft for ét barn i {year} 820.000,00 kr." in text
    assert f"Kilde: {SOURCE}" in text


def test_the_lost_earnings_ceiling_and_atp_rates_are_added_by_command_and_used(app, db):
    add_by_command(
        app, "--kind", "lost_earnings_ceiling", "--year", "2031", "--value", "36000",
        "--source", "Serviceloven § 42, stk. 3 (2031)", "--source-date", "2030-11-20",
    )  # fmt: skip
    add_by_command(
        app, "--kind", "atp", "--year", "2031", "--atp", "117=99.00/198.00",
        "--atp", "78=66.00/132.00", "--atp", "39=33.00/66.00",
        "--source", "ATP-bekendtgørelsen, bilag 1 (2031)", "--source-date", "2030-11-20",
    )  # fmt: skip
    current = figures.current()
    ceiling = current.for_year("lost_earnings_ceiling", 2031)
    assert (ceiling.year, ceiling.amount) == (2031, Decimal("36000.00"))
    assert ceiling.source_date == date(2030, 11, 20)
    atp = current.for_year("atp", 2031)
    assert atp.extra["tiers"][0] == {
        "min_hours_per_month": "117", "recipient": "99.00", "municipality": "198.00"
    }  # fmt: skip
    changes = db.session.scalars(
        select(AdminChange).filter_by(area="figures").order_by(AdminChange.id)
    ).all()
    assert [(c.subject, c.old_value, c.changed_by) for c in changes] == [
        ("lost_earnings_ceiling.2031", None, "flask figures"),
        ("atp.2031", None, "flask figures"),
    ]


def test_the_command_refuses_a_figure_it_cannot_read(app, db):
    runner = app.test_cli_runner()
    base = ["figures", "add", "--year", "2031", "--source", "x", "--source-date", "2030-11-20"]
    assert runner.invoke(args=[*base, "--kind", "cap", "--value", "mange"]).exit_code != 0
    assert runner.invoke(args=[*base, "--kind", "atp", "--atp", "117=1/2"]).exit_code != 0
    assert db.session.scalars(select(YearlyFigure).filter_by(year=2031)).all() == []


def test_a_national_administrator_adds_a_figure_on_the_page_and_its_history_shows(national, db):
    browser, admin = national
    response = browser.post(FIGURES + "/nyt", data={
        **figure_form(browser), "kind": "cap", "year": "2031", "amount": "750.000",
        "source": SOURCE, "source_date": "15-11-2030",
    })  # fmt: skip
    assert_redirects(response, FIGURES)
    page = get(browser, FIGURES)
    assert "Loft over udgifter til træning (kr. om året) for 2031 er gemt" in page.text()
    row = page.soup.select_one("table.yearly-figures tbody tr")
    assert row.get_text(" ", strip=True).startswith(
        "Loft over udgifter til træning (kr. om året) 2031 750.000,00 kr."
    )
    history = page.soup.select_one("table.admin-history tbody tr").get_text(" ", strip=True)
    assert "cap.2031" in history and "750.000,00 kr." in history and admin.name in history

    # A correction replaces the figure; the history keeps the one before.
    browser.post(FIGURES + "/nyt", data={
        **figure_form(browser), "kind": "cap", "year": "2031", "amount": "751000",
        "source": SOURCE, "source_date": "16-11-2030",
    })  # fmt: skip
    assert figures.current().for_year("cap", 2031).amount == Decimal("751000.00")
    newest = (
        get(browser, FIGURES)
        .soup.select_one("table.admin-history tbody tr")
        .get_text(" ", strip=True)
    )
    assert "750.000,00 kr." in newest and "751.000,00 kr." in newest


def test_bad_answers_are_refused_at_their_fields_and_kept(national, db):
    browser, _admin = national
    page = Page(browser.post(FIGURES + "/nyt", data={
        **figure_form(browser), "kind": "atp", "year": "20x", "atp_117_recipient": "94,65",
        "source": "", "source_date": "",
    }))  # fmt: skip
    assert page.status == 400
    assert page.title.startswith("Fejl:")
    errors = page.error_summary()
    assert errors["year"] == "Skriv et helt tal, fx 3"
    assert errors["source"] == "Skriv hvor tallet står, fx bekendtgørelsens navn og paragraf"
    assert errors["atp_117_municipality"] == "Skriv ATP-beløbet for dette antal timer"
    assert "atp_117_recipient" not in errors
    assert page.value("atp_117_recipient") == "94,65"
    page = Page(browser.post(FIGURES + "/nyt", data={
        **figure_form(browser), "kind": "cap", "year": "2031", "amount": "",
        "source": SOURCE, "source_date": "15-11-2030",
    }))  # fmt: skip
    assert page.error_summary() == {"amount": "Skriv beløbet"}
    assert db.session.scalars(select(YearlyFigure).filter_by(year=2031)).all() == []


def test_an_ordinary_administrator_sees_the_figures_read_only_and_a_caseworker_gets_403(
    make_client, esbjerg, db
):
    browser, _admin = tracking.caseworker(make_client, esbjerg, role="admin")
    page = get(browser, FIGURES)
    assert "706.600,00 kr." in page.text()
    assert "Kun en national administrator kan tilføje" in page.text()
    assert page.soup.select_one("form[action$='/nyt']") is None
    token = get(browser, "/sagsbehandling/").form_values("form[action='/log-ud']")
    response = browser.post(FIGURES + "/nyt", data={**token, "kind": "cap", "year": "2031"})
    assert response.status_code == 403

    worker_browser, _worker = tracking.caseworker(make_client, esbjerg)
    assert worker_browser.get(FIGURES).status_code == 403
    token = get(worker_browser, "/sagsbehandling/").form_values("form[action='/log-ud']")
    assert worker_browser.post(FIGURES + "/nyt", data=token).status_code == 403
    assert db.session.scalars(select(YearlyFigure).filter_by(year=2031)).all() == []


def _days_to(day: date) -> int:
    return (day - today_local()).days


def warning_on_front_page(browser) -> str | None:
    box = get(browser, "/sagsbehandling/").soup.select_one(".figures-missing")
    return box.get_text(" ", strip=True) if box else None


def test_from_1_december_a_missing_figure_for_next_year_warns_the_administrator(
    app, make_client, esbjerg, monkeypatch
):
    browser, _admin = tracking.caseworker(make_client, esbjerg, role="admin")
    worker_browser, _worker = tracking.caseworker(make_client, esbjerg)
    year = today_local().year
    clock.move(monkeypatch, _days_to(date(year, 11, 30)))
    assert warning_on_front_page(browser) is None

    monkeypatch.undo()  # the calendar moves from the real day again
    clock.move(monkeypatch, _days_to(date(year, 12, 1)))
    warning = warning_on_front_page(browser)
    assert warning.startswith(f"Tallene for {year + 1} mangler")
    for kind in (
        "Loft over udgifter til træning",
        "Loft over tabt arbejdsfortjeneste",
        "ATP-satser",
    ):
        assert kind in warning
    assert get(browser, "/sagsbehandling/medarbejdere").soup.select_one(".figures-missing")
    assert warning_on_front_page(worker_browser) is None  # a caseworker cannot add them

    add_cap(app, year + 1)
    warning = warning_on_front_page(browser)
    assert "Loft over udgifter til træning" not in warning
    assert "ATP-satser" in warning
