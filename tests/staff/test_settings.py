"""The administrator's pages for the municipality's settings: only an administrator of the
municipality may use them; a value the rules refuse is shown at its field with nothing
stored; every change is recorded and shown as the page's history, the command's too; and a
case received before a change keeps the rules it was received under and says so."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import flask_migrate
import pytest
from sqlalchemy import func, select, text

from portal.extensions import db as database
from portal.models import AdminChange, Municipality, SettingsVersion
from portal.rules.formatting import long_date
from portal.timeutil import today_local
from tests.conftest import make_app
from tests.support import tracking
from tests.support.databases import fresh_database
from tests.support.pages import get
from tests.support.settings_pages import refused, save, url

PAGES = ("sagsbehandlingstider", "traening-og-oekonomi", "kontakt", "opbevaring-og-statistik")


def _changes() -> int:
    return database.session.scalar(select(func.count()).select_from(AdminChange))


def test_the_administrator_finds_every_settings_page_from_the_header(make_client, esbjerg):
    admin, _user = tracking.caseworker(make_client, esbjerg, role="admin")
    cases = get(admin, "/sagsbehandling/")
    link = cases.soup.select_one("header a.administration-link")
    assert link is not None and link["href"] == "/sagsbehandling/administration"

    front = get(admin, "/sagsbehandling/administration")
    assert front.h1 == "Administration"
    links = {a.get_text(strip=True): a["href"] for a in front.soup.select("main a")}
    for slug in PAGES:
        assert url(slug) in links.values()
    assert links["Forsendelser, der ikke kom frem"] == "/sagsbehandling/forsendelser"
    for slug in PAGES:
        page = get(admin, url(slug))
        # Each field says what it changes for the families, its default and its source.
        hints = page.soup.select(".settings-form .form-hint")
        assert hints and any("Standard:" in hint.get_text() for hint in hints)
        assert page.soup.select_one("nav.settings-pages a[aria-current=page]") is not None


def test_a_caseworker_is_refused_and_changes_nothing(make_client, esbjerg, db):
    caseworker, _user = tracking.caseworker(make_client, esbjerg)
    assert caseworker.get("/sagsbehandling/administration").status_code == 403
    token = get(caseworker, "/sagsbehandling/").form_values()["csrf_token"]
    for slug in PAGES:
        assert caseworker.get(url(slug)).status_code == 403
        answer = caseworker.post(url(slug), data={"csrf_token": token, "holiday_weeks": "9"})
        assert answer.status_code == 403
    cases = get(caseworker, "/sagsbehandling/")
    assert cases.soup.select_one("a.administration-link") is None
    db.session.refresh(esbjerg)
    assert esbjerg.settings_data in ({}, None) and _changes() == 0


def test_each_administrator_sees_and_changes_only_their_own_municipality(
    make_client, esbjerg, other_municipality, db
):
    aarhus, _user = tracking.caseworker(make_client, other_municipality, role="admin")
    esbjerg_admin, _user = tracking.caseworker(make_client, esbjerg, role="admin")
    save(esbjerg_admin, "kontakt", {"contact_phone": "+45 76 16 16 16"})
    save(aarhus, "traening-og-oekonomi", {"holiday_weeks": "6"})

    page = get(aarhus, url("kontakt"))
    assert page.value("contact_phone") == ""
    assert "+45 76 16 16 16" not in page.text()
    assert page.soup.select_one(".no-history") is not None
    db.session.refresh(esbjerg)
    assert esbjerg.settings.holiday_weeks == 5
    assert esbjerg.settings.contact.phone == "+45 76 16 16 16"
    # A page that does not exist is not found, for anyone.
    assert aarhus.get(url("andre-kommuners-regler")).status_code == 404


BAD = [
    ("holiday_weeks", "52", "holiday_weeks", "Skriv et helt antal uger fra 0 til 51"),
    ("consent_days", "0", "consent_days", "Skriv et helt antal dage, mindst 1"),
    ("soon_window_days", "-1", "soon_window_days", "Skriv et helt antal dage, 0 eller flere"),
    ("weekly_training_cap_hours", "0", "weekly_training_cap_hours", "Skriv et antal timer"),
    ("helper_holiday_pay_percent", "100", "helper_holiday_pay_percent", "Skriv en procent"),
    ("budget_due", "31-02", "budget_due", "Skriv en dag, der findes"),
    ("accounts_due", "februar", "accounts_due", "Skriv en dag, der findes"),
    ("rate_2022", "0", "rate_2022", "Skriv en timeløn over 0 kr."),
    ("rate_2022", "", "rate_2022", "Behold mindst ét år med en timeløn"),
    ("rate_new_year", "2027", "rate_new", "Skriv timelønnen fra det nye år"),
    ("consent_days", "fjorten", "consent_days", "Skriv et helt tal"),
]


@pytest.mark.parametrize(("name", "typed", "target", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_refused_value_is_shown_at_its_field_and_nothing_is_stored(
    make_client, esbjerg, db, name, typed, target, message
):
    admin, _user = tracking.caseworker(make_client, esbjerg, role="admin")
    # Another field changed at the same time keeps what was typed, and is not stored either.
    other = "holiday_weeks" if name != "holiday_weeks" else "consent_days"
    page = refused(admin, "traening-og-oekonomi", {name: typed, other: "7"})
    assert message in page.field_error(target)
    assert message in page.error_summary()[target]
    assert page.value(other) == "7"
    assert page.value(name) == typed
    db.session.refresh(esbjerg)
    assert esbjerg.settings_data in ({}, None) and _changes() == 0


CONTACT_BAD = [
    ("contact_email", "familie.esbjerg.dk", "Skriv en e-mailadresse"),
    ("contact_phone", "ring til os", "Skriv et telefonnummer med cifre"),
    ("contact_web", "www.esbjerg.dk", "Skriv en webadresse, der begynder med https://"),
    ("inbox_email", "postkassen", "Skriv en e-mailadresse"),
]


@pytest.mark.parametrize(("name", "typed", "message"), CONTACT_BAD, ids=[b[0] for b in CONTACT_BAD])
def test_a_refused_contact_detail_is_shown_at_its_field_and_nothing_is_stored(
    make_client, esbjerg, db, name, typed, message
):
    admin, _user = tracking.caseworker(make_client, esbjerg, role="admin")
    page = refused(admin, "kontakt", {name: typed, "contact_hours": "Mandag kl. 9-12"})
    assert message in page.field_error(name)
    assert page.value("contact_hours") == "Mandag kl. 9-12"
    db.session.refresh(esbjerg)
    assert (
        esbjerg.settings.contact.hours == "" and esbjerg.inbox_email == "hjemmetraening@561.example"
    )
    assert _changes() == 0


def test_a_refused_period_is_shown_at_its_count(make_client, esbjerg, db):
    admin, _user = tracking.caseworker(make_client, esbjerg, role="admin")
    page = refused(admin, "sagsbehandlingstider", {"handling_times_switch_method_count": "0"})
    assert "mindst 1" in page.field_error("handling_times_switch_method_count")
    page = refused(
        admin, "opbevaring-og-statistik", {"draft_retention_count": "", "case_retention_years": "0"}
    )
    assert page.field_error("draft_retention_count")
    assert "mindst 1" in page.field_error("case_retention_years")
    db.session.refresh(esbjerg)
    assert esbjerg.settings_data in ({}, None) and _changes() == 0


def test_every_change_is_shown_in_the_pages_history_with_who_and_the_old_and_new_value(
    make_client, esbjerg, db
):
    admin, user = tracking.caseworker(make_client, esbjerg, role="admin")
    save(
        admin,
        "sagsbehandlingstider",
        {
            "handling_times_new_application_count": "10",
            "handling_times_new_application_unit": "weeks",
        },
    )
    save(
        admin,
        "traening-og-oekonomi",
        {
            "budget_due": "01-11",
            "family_helpers_allowed": "ja",
            "rate_new_year": "2027",
            "rate_new": "150",
        },
    )
    save(admin, "opbevaring-og-statistik", {"publish_statistics": "ja"})

    page = get(admin, url("traening-og-oekonomi"))
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.soup.select("table.settings-history tbody tr")
    ]
    by_setting = {row[2]: row for row in rows}
    assert by_setting["Frist for næste års budget"][1] == user.name
    assert by_setting["Frist for næste års budget"][3:] == ["15. november", "1. november"]
    assert by_setting["Må familie og venner være lønnede hjælpetrænere?"][3:] == ["Nej", "Ja"]
    assert by_setting["Hjælpetrænerens timeløn"][3:] == [
        "2022: 133,00 kr.",
        "2022: 133,00 kr.; 2027: 150,00 kr.",
    ]
    # Each page shows its own settings' history.
    assert "Sagsbehandlingstid: Ansøgning om hjemmetræning" not in by_setting
    times = get(admin, url("sagsbehandlingstider"))
    row = times.soup.select_one("table.settings-history tbody tr")
    assert [c.get_text(strip=True) for c in row.select("td")][2:] == [
        "Sagsbehandlingstid: Ansøgning om hjemmetræning",
        "4 måneder",
        "10 uger",
    ]
    statistics = get(admin, url("opbevaring-og-statistik"))
    assert "Offentlig statistik" in statistics.soup.select_one("table.settings-history").get_text()
    # Saving the page again with nothing changed records nothing.
    before = _changes()
    save(admin, "traening-og-oekonomi", {})
    assert _changes() == before


def test_the_command_records_its_changes_in_the_same_history(
    app, make_client, esbjerg, db, tmp_path
):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"consent_days": 21, "hearing_period": {"weeks": 3}}))
    result = app.test_cli_runner().invoke(
        args=["municipality", "settings", "--code", "561", "--file", str(path)]
    )
    assert result.exit_code == 0, result.output
    admin, _user = tracking.caseworker(make_client, esbjerg, role="admin")
    page = get(admin, url("traening-og-oekonomi"))
    assert page.value("consent_days") == "21"
    row = page.soup.select_one("table.settings-history tbody tr")
    assert [c.get_text(strip=True) for c in row.select("td")][1:] == [
        "flask municipality settings",
        "Dage til den anden forælders samtykke",
        "14 dage",
        "21 dage",
    ]
    # A rule only the command sets shows in the history of the handling times.
    times = get(admin, url("sagsbehandlingstider"))
    row = times.soup.select_one("table.settings-history tbody tr")
    assert [c.get_text(strip=True) for c in row.select("td")][2:] == [
        "Høringsfrist",
        "2 uger",
        "3 uger",
    ]


def test_publishing_from_the_statistics_page_is_recorded_too(make_client, esbjerg, db):
    admin, user = tracking.caseworker(make_client, esbjerg, role="admin")
    token = get(admin, "/sagsbehandling/statistik").form_values()["csrf_token"]
    admin.post(
        "/sagsbehandling/statistik/offentliggoerelse", data={"csrf_token": token, "publish": "ja"}
    )
    assert make_client().get("/statistik/561").status_code == 200
    page = get(admin, url("opbevaring-og-statistik"))
    assert page.value("publish_statistics-0") == "ja"
    row = page.soup.select_one("table.settings-history tbody tr")
    assert [c.get_text(strip=True) for c in row.select("td")][1:] == [
        user.name,
        "Offentlig statistik",
        "Nej",
        "Ja",
    ]


def test_a_case_received_before_a_change_keeps_its_rules_and_says_so(
    make_client, esbjerg, db, approved_family
):
    family = approved_family(municipality=esbjerg)
    earlier = tracking.submitted_case(
        family.parent,
        esbjerg,
        received=today_local() - timedelta(days=3),
        case_type="extra_equipment",
        related=family.training,
    )
    admin, _user = tracking.caseworker(make_client, esbjerg, role="admin")
    worker, _user = tracking.caseworker(make_client, esbjerg)
    parent = tracking.family(make_client, family.parent, family.cpr)
    assert (
        get(worker, f"/sagsbehandling/sager/{earlier.public_id}").soup.select_one(".case-rules")
        is None
    )

    save(admin, "sagsbehandlingstider", {"handling_times_extra_equipment_count": "2"})
    # A change of how the municipality works now (its phone) is not a rule of the case.
    save(admin, "kontakt", {"contact_phone": "+45 76 16 16 16"})
    later = tracking.submitted_case(
        family.parent,
        esbjerg,
        received=today_local(),
        case_type="extra_equipment",
        related=family.training,
    )

    assert later.due_date == today_local() + timedelta(weeks=2)
    assert earlier.due_date == today_local() - timedelta(days=3) + timedelta(weeks=4)
    assert earlier.settings.handling_times["extra_equipment"].count == 4
    assert later.settings.handling_times["extra_equipment"].count == 2
    assert earlier.settings.contact.phone == "+45 76 16 16 16"

    staff_page = get(worker, f"/sagsbehandling/sager/{earlier.public_id}")
    note = staff_page.soup.select_one(".case-rules").get_text(" ", strip=True)
    received = long_date(today_local() - timedelta(days=3))
    assert f"Esbjerg Kommune havde, da sagen blev modtaget {received}" in note
    assert f"ændrede reglerne {long_date(today_local())}" in note
    assert (
        "Sagsbehandlingstid: Træningsredskaber uden for budgettet: 4 uger "
        "(for nye anmodninger: 2 uger)" in note
    )
    assert (
        get(worker, f"/sagsbehandling/sager/{later.public_id}").soup.select_one(".case-rules")
        is None
    )
    family_page = get(parent, f"/sager/{earlier.public_id}")
    said = family_page.soup.select_one(".case-rules").get_text(" ", strip=True)
    assert "ændringerne gælder ikke for jeres sag" in said and "4 uger" in said


def test_the_migration_gives_every_municipality_its_first_version_of_the_rules(tmp_path):
    with fresh_database(tmp_path) as address:
        app = make_app(address)
        with app.app_context():
            flask_migrate.upgrade(revision="b7e2d9f4a1c3")
            with database.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO municipality (code, name, settings_data, publish_statistics,"
                        " password_login_enabled, created_at) VALUES"
                        " ('561', 'Esbjerg Kommune', :data, false, true, :now)"
                    ),
                    {
                        "data": json.dumps({"holiday_weeks": 6}),
                        "now": datetime(2026, 1, 1, tzinfo=UTC),
                    },
                )
            flask_migrate.upgrade()
            version = database.session.scalar(select(SettingsVersion))
            municipality = database.session.scalar(select(Municipality))
            assert version.municipality_id == municipality.id
            assert version.settings_data == {"holiday_weeks": 6}
            assert version.effective_from < datetime(2001, 1, 1, tzinfo=UTC)
            database.session.remove()
            flask_migrate.downgrade(revision="b7e2d9f4a1c3")
            with database.engine.connect() as connection:
                tables = connection.dialect.get_table_names(connection)
            assert "settings_version" not in tables
            database.engine.dispose()
