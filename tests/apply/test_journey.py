"""A parent applies: fills in every step, checks the answers, submits, gets a receipt."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from portal.models import Case, Draft
from portal.rules.deadlines import due_date
from portal.timeutil import local_date
from tests.support import journey
from tests.support.pages import assert_redirects, get


def test_a_complete_application_becomes_a_case_with_number_and_deadline(client, esbjerg, db):
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    journey.fill_application(client, base)

    check = get(client, base + "tjek")
    assert check.h1 == "Tjek dine svar"
    assert "Anders Hansen" in check.text()
    assert "Anders tager selv tøj på" in check.text()
    assert "Der mangler svar" not in check.text()

    response = journey.submit(client, base)
    receipt = get(client, assert_redirects(response, base + "kvittering"))
    assert receipt.h1 == "Vi har modtaget din ansøgning"
    number = receipt.soup.select_one(".case-number").get_text(strip=True)
    assert re.fullmatch(r"HT-\d{4}-\d{6}", number)

    case = db.session.execute(select(Case).where(Case.number == number)).scalar_one()
    received = local_date(case.received_at)
    assert case.due_date == due_date("new_application", received)
    assert case.status == "received"
    assert case.child_name == "Anders Hansen"
    assert case.application["maal"]["goals"][0]["title"] == "Anders tager selv tøj på"
    assert [e.kind for e in case.events] == ["received"]
    shown_due = receipt.soup.select_one(".due-date").get_text(strip=True)
    assert str(case.due_date.year) in shown_due


# 000: "Der er ikke en lovbestemt frist for, hvornår kommunen skal have truffet afgørelse om
# hjemmetræning, men borgere har et lovbestemt krav på at få oplyst, hvornår der kan forventes
# en afgørelse". The date on the receipt is the municipality's handling time.
NO_DEADLINE_IN_LAW = ("Frist for afgørelse", "skal senest have truffet", "lovbestemt")


def test_the_receipt_gives_the_expected_decision_as_the_municipalitys_handling_time(
    client, esbjerg, db
):
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    journey.fill_application(client, base)
    check = get(client, base + "tjek")
    assert "den dato, hvor I kan forvente en afgørelse efter kommunens sagsbehandlingstid" in (
        check.text()
    )
    receipt = get(client, assert_redirects(journey.submit(client, base), base + "kvittering"))

    facts = {
        div.dt.get_text(strip=True): div.dd.get_text(strip=True)
        for div in receipt.soup.select("dl.receipt > div")
    }
    case = db.session.execute(select(Case)).scalar_one()
    assert facts["Forventet afgørelse"] == receipt.soup.select_one(".due-date").get_text(strip=True)
    assert str(case.due_date.year) in facts["Forventet afgørelse"]
    text = receipt.text()
    assert "Datoen følger kommunens sagsbehandlingstid for denne slags sag." in text
    assert "Loven giver ingen frist for afgørelsen" in text
    assert not [words for words in NO_DEADLINE_IN_LAW if words in text]


def test_submitting_twice_makes_one_case(client, esbjerg, db):
    journey.login_parent(client)
    base = journey.start_application(client)
    journey.fill_application(client, base)
    page = get(client, base + "tjek")
    data = {**page.form_values(), "confirm": "ja"}

    first = client.post(base + "tjek", data=data)
    second = client.post(base + "tjek", data=data)

    # The second press lands on the same receipt as the first.
    assert_redirects(first, base + "kvittering")
    assert_redirects(second, base + "kvittering")
    draft_id = base.strip("/").rsplit("/", 1)[-1]
    draft = db.session.execute(select(Draft).where(Draft.public_id == draft_id)).scalar_one()
    assert db.session.scalar(select(func.count()).where(Case.draft_id == draft.id)) == 1


def test_submit_is_refused_until_every_section_is_answered(client, esbjerg):
    journey.login_parent(client)
    base = journey.start_application(client)
    journey.save_step(client, base, "barnet", journey.valid_answers()["barnet"])

    page = journey.submit(client, base, sent=False)

    assert page.status == 200
    assert page.title.startswith("Fejl:")
    assert "section-familien" in page.error_summary()
    assert page.error_summary()["section-familien"] == "Udfyld afsnittet “Familien”"


def test_the_check_page_reads_the_weekly_schedule_back_as_a_week_table(client, esbjerg):
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    journey.fill_application(client, base)
    # Added last: a Tuesday afternoon and a Monday before the family's two Monday rows.
    week = journey.valid_answers()["ugeskema"] | {
        **journey.prefixed(
            "entries-2",
            {"day": "tue", "start": "16:00", "end": "16:30", "kind": "training", "activity": "Gå"},
        ),
        **journey.prefixed(
            "entries-3",
            {"day": "mon", "start": "06:30", "end": "06:45", "kind": "training", "activity": "Stå"},
        ),
    }
    journey.save_step(client, base, "ugeskema", week)

    section = get(client, base + "tjek").soup.select_one("#section-ugeskema")
    # One table with a caption and column headers, and no label/value pair per answer.
    assert section.select(".answers") == []
    (table,) = section.select("table")
    assert table.caption.get_text(strip=True).startswith("Ugeskema")
    headers = [th.get_text(strip=True) for th in table.select("thead th[scope=col]")]
    assert headers == ["Dag", "Fra kl.", "Til kl.", "Slags", "Aktivitet", "Metode"]
    rows = [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in table.select("tbody tr")
    ]
    # By day and time, as the dossier orders the week; the day heads each row.
    assert rows == [
        ["Mandag", "06:30", "06:45", "Træning", "Stå", "–"],
        ["Mandag", "07:00", "07:20", "Træning", "Påklædning", "Ergoterapeutisk ADL-træning"],
        ["Mandag", "08:00", "12:00", "Skole", "Skole", "–"],
        ["Tirsdag", "16:00", "16:30", "Træning", "Gå", "–"],
    ]
    assert [row.th["scope"] for row in table.select("tbody tr")] == ["row"] * 4
