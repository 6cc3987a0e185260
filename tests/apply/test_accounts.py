"""The accounts for an ended year in the wizard: the granted lines come from the year's
decisions (nothing typed twice), the family keeps a dated ledger with receipts, and the portal
sums it per line with advice on money not spent or spent beyond a line (seed 001 "Regnskab",
Bilag 12)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.models import AccountsLine, Case, LedgerEntry
from portal.services import accounts as accounts_service
from portal.services import hearings
from portal.timeutil import now_utc, today_local
from tests.support import decisions, factories, files, journey, tracking
from tests.support.changes import equipment_key, granted_year, helper_key
from tests.support.documents import all_text, open_docx
from tests.support.pages import Page, get
from tests.support.uploads import download, send

YEAR = today_local().year - 1


@pytest.fixture
def family(make_client, esbjerg, db, approved_family):
    """Mette, whose training was granted two budgets for last year and one for this year."""
    today = today_local()
    mette = approved_family(
        received=today - timedelta(days=700), decided=today - timedelta(days=600)
    )
    first = decisions.granted_budget(mette.training, "1000", YEAR)
    second = decisions.granted_budget(mette.training, "2000", YEAR)
    decisions.granted_budget(mette.training, "9999", YEAR + 1)
    browser = tracking.family(make_client, mette.parent, mette.cpr)
    return browser, mette.training, (first, second)


def start_accounts(browser, training: Case) -> str:
    page = get(browser, "/ansoegning/")
    data = {
        **page.form_values(),
        "case_type": "accounts",
        "municipality": "561",
        "related_case": training.public_id,
    }
    # The receipts come first, so that every payment can name its own.
    return journey.new_draft(Page(browser.post("/ansoegning/", data=data)), "bilag")


def granted_rows(page: Page) -> list[tuple[str, str]]:
    return [
        (row.select_one("th").get_text(" ", strip=True), row.select_one(".line-granted").get_text())
        for row in page.soup.select("tr.accounts-line")
    ]


def options(page: Page, name: str) -> dict[str, str]:
    return {
        o["value"]: o.get_text(strip=True) for o in page.soup.select(f"select[name={name}] option")
    }


def entry(position: int, line: str, amount: str, receipt: str = "", **extra) -> dict:
    return journey.prefixed(
        f"entries-{position}",
        {
            "line": line,
            "kind": "expense",
            "paid_on": f"15.3.{YEAR}",
            "what": f"Betaling {position + 1}",
            "amount": amount,
            "receipt": receipt,
            **extra,
        },
    )


def test_every_granted_line_of_the_years_decisions_is_there_and_no_other_years(family):
    browser, _training, (first, second) = family
    base = start_accounts(browser, family[1])
    page = get(browser, base + "regnskab")
    assert page.h1 == "Regnskab"
    assert f"Bevilget for {YEAR}" in page.text()
    rows = granted_rows(page)
    assert [amount for _name, amount in rows] == ["1.000,00 kr."] * 2 + ["2.000,00 kr."] * 2
    assert all(first.number in name for name, _ in rows[:2])
    assert all(second.number in name for name, _ in rows[2:])
    assert "9.999,00 kr." not in page.text()
    # The granted amount is shown, never asked for.
    assert not page.soup.select("input[name*=granted]")
    lines = options(page, "entries-0-line") if page.soup.select("select") else {}
    assert lines == {}  # no payment written yet: the ledger starts empty
    page = journey.save_step(browser, base, "regnskab", {}, action="add:entries")
    page = get(browser, base + "regnskab")
    choices = options(page, "entries-0-line")
    assert sorted(choices) == sorted(
        ["", f"{first.number}:0", f"{first.number}:1", f"{second.number}:0", f"{second.number}:1"]
    )


def test_the_ledger_is_summed_per_line_with_advice_and_sent_with_its_receipts(family, db):
    browser, training, (first, second) = family
    base = start_accounts(browser, training)
    send(browser, base + "bilag", [("Kontoudtog.pdf", files.pdf(2))], kind="receipts")
    page = get(browser, base + "regnskab")
    page = journey.save_step(browser, base, "regnskab", {}, action="add:entries")
    page = get(browser, base + "regnskab")
    receipt = next(value for value in options(page, "entries-0-receipt") if value)
    answers = {
        **entry(0, f"{first.number}:0", "1.000", receipt),
        **entry(1, f"{first.number}:1", "800", receipt),
        **entry(2, f"{second.number}:0", "2.200", receipt),
        **entry(3, f"{second.number}:1", "2.000"),
    }
    page = journey.save_step(browser, base, "regnskab", answers)
    assert page.status == 200  # advice is shown once before going on
    text = page.text()
    assert "I har brugt 200,00 kr. mindre end bevilget" in text
    assert "I har brugt 200,00 kr. mere end bevilget. Merudgiften skal I selv afholde" in text
    assert "Udgiften har ingen kvittering" in text
    spent = [cell.get_text() for cell in page.soup.select("tr.accounts-line .line-spent")]
    assert spent == ["1.000,00 kr.", "800,00 kr.", "2.200,00 kr.", "2.000,00 kr."]
    assert page.soup.select_one(".accounts-under").get_text() == "200,00 kr."
    assert page.soup.select_one(".accounts-over").get_text() == "200,00 kr."

    check = get(browser, base + "tjek")
    assert check.soup.select_one(".accounts-spent").get_text() == "6.000,00 kr."
    assert "200,00 kr. mindre end bevilget" in check.text()
    journey.submit(browser, base)

    case = db.session.scalars(select(Case).where(Case.case_type == "accounts")).one()
    lines = db.session.scalars(
        select(AccountsLine).where(AccountsLine.case_id == case.id).order_by(AccountsLine.position)
    ).all()
    assert [(line.granted, line.spent) for line in lines] == [
        (Decimal("1000.00"), Decimal("1000.00")),
        (Decimal("1000.00"), Decimal("800.00")),
        (Decimal("2000.00"), Decimal("2200.00")),
        (Decimal("2000.00"), Decimal("2000.00")),
    ]
    entries = db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.case_id == case.id).order_by(LedgerEntry.position)
    ).all()
    assert [e.attachment.original_name if e.attachment else None for e in entries] == [
        "Kontoudtog.pdf",
        "Kontoudtog.pdf",
        "Kontoudtog.pdf",
        None,
    ]
    assert entries[0].paid_on == date(YEAR, 3, 15)


def test_a_payment_that_cannot_be_read_is_an_error_at_its_field_and_every_answer_is_kept(family):
    browser, training, (first, _second) = family
    base = start_accounts(browser, training)
    answers = {
        **entry(0, f"{first.number}:0", "ti kroner"),
        **entry(1, "", "100", paid_on=""),
    }
    page = journey.save_step(browser, base, "regnskab", answers)
    assert page.title.startswith("Fejl:")
    summary = page.error_summary()
    assert summary["entries-0-amount"]
    assert summary["entries-1-line"] == "Vælg hvilken budgetlinje udgiften hører til"
    assert summary["entries-1-paid_on"] == "Skriv hvornår udgiften blev betalt"
    assert page.soup.select_one("#entries-0-amount")["value"] == "ti kroner"
    assert page.soup.select_one("#entries-1-what")["value"] == "Betaling 2"


def test_the_dossier_and_the_zip_hold_the_ledger_receipts_review_hearing_and_decision(
    family, make_client, esbjerg, db
):
    browser, training, (first, second) = family
    base = start_accounts(browser, training)
    send(browser, base + "bilag", [("Kontoudtog.pdf", files.pdf(2))], kind="receipts")
    journey.save_step(browser, base, "regnskab", {}, action="add:entries")
    receipt = next(v for v in options(get(browser, base + "regnskab"), "entries-0-receipt") if v)
    answers = {
        **entry(0, f"{first.number}:0", "1.000", receipt),
        **entry(1, f"{first.number}:1", "600", receipt),
        **entry(2, f"{second.number}:0", "2.000", receipt),
        **entry(3, f"{second.number}:1", "2.000", receipt),
    }
    journey.save_step(browser, base, "regnskab", answers)
    journey.submit(browser, base)
    case = db.session.scalars(select(Case).where(Case.case_type == "accounts")).one()

    worker, staff = tracking.caseworker(make_client, esbjerg)
    url = f"/sagsbehandling/sager/{case.public_id}/regnskab"
    token = get(worker, url).form_values()["csrf_token"]
    rows = {"_action": "review", "csrf_token": token}
    for position, amount in enumerate(["1.000", "600", "2.000", "2.000"]):
        rows[f"lines-{position}-approved"] = amount
    worker.post(url, data=rows)
    worker.post(url, data={"_action": "propose", "csrf_token": token})
    claim = accounts_service.claim_for(case)
    hearings.answer_hearing(claim.hearing, training.parent, text="Vi købte mindre.", now=now_utc())
    db.session.commit()
    worker.post(url, data={"_action": "decide", "csrf_token": token, "text": "400 kr. tilbage."})

    archive = zipfile.ZipFile(
        io.BytesIO(download(worker, f"/sagsbehandling/sager/{case.public_id}/sag.zip").data)
    )
    root = case.number
    names = archive.namelist()
    assert f"{root}/Afgørelse i sag {case.number}.docx" in names
    assert any(n.startswith(f"{root}/Bilag/") and n.endswith("Kontoudtog.pdf") for n in names)
    dossier = open_docx(archive.read(f"{root}/Sag {case.number}.docx"))
    text = all_text(dossier)
    assert f"Regnskabet for {YEAR}" in text
    assert "Kontoudtog.pdf" in text and "Betaling 2" in text
    assert "600,00 kr." in text and "400,00 kr." in text
    assert "Forslag om tilbagebetaling af 400,00 kr. sendt i partshøring" in text
    assert "Vi købte mindre." in text
    letter = open_docx(archive.read(f"{root}/Afgørelse i sag {case.number}.docx"))
    assert "kræver 400,00 kr. betalt tilbage" in all_text(letter)


def test_another_family_gets_404_on_the_accounts_steps(family, make_client, approved_family):
    browser, training, _decided = family
    base = start_accounts(browser, training)
    other = approved_family(name="Anne Jensen", email="anne@example.dk")
    stranger = tracking.family(make_client, other.parent, other.cpr)
    for slug in ("regnskab", "bilag", "tjek"):
        assert stranger.get(base + slug).status_code == 404, slug


def test_an_approved_move_between_lines_is_in_the_accounts_lines(family, db):
    """001: each line is bound to its purpose and only a decision moves money between lines;
    the accounts hold the lines as the decisions of the year left them (here this year's, as
    for the final accounts of a training that ends)."""
    _browser, training, _budgets = family
    budget = granted_year(training)
    answers = tracking.request_answers("budget_move", lines=[equipment_key(budget)])
    answers["flyt-penge"]["moves-0-amount"] = "2000"
    answers["flyt-penge"]["moves-0-to_line"] = helper_key(budget)
    move = tracking.submitted_case(
        training.parent,
        training.municipality,
        received=today_local(),
        case_type="budget_move",
        related=training,
        answers=answers,
    )
    tracking.decide(move, factories.staff(training.municipality), on=today_local())

    granted = {
        line.key: line.granted
        for line in accounts_service.granted_lines(training)
        if line.year == today_local().year and line.reference == budget.number
    }
    assert granted == {
        f"{budget.number}:0": Decimal("32000.00"),
        f"{budget.number}:1": Decimal("3000.00"),
    }
