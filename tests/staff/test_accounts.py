"""The caseworker's review of a year's accounts: per line granted, spent, approved, the
repayment and the family's own overspend; the claim put to the family in a hearing before
anything is decided; and the decision with its Word letter (seed 001 "Regnskab",
"Tilbagebetalingskrav")."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document
from sqlalchemy import select

from portal.models import AccessLog, Notification, RepaymentClaim
from portal.services import accounts as accounts_service
from portal.services import hearings
from portal.timeutil import now_utc, today_local
from tests.support import tracking
from tests.support.accounts import YEAR, accounts_without_grants, sent_accounts
from tests.support.pages import Page, get


def url(case) -> str:
    return f"/sagsbehandling/sager/{case.public_id}/regnskab"


def post(browser, case, data: dict) -> Page:
    token = get(browser, url(case)).form_values()["csrf_token"]
    return Page(browser.post(url(case), data={"csrf_token": token, **data}))


def review(browser, case, rows: list[tuple[str, str]]) -> Page:
    data = {"_action": "review"}
    for position, (approved, reason) in enumerate(rows):
        data[f"lines-{position}-approved"] = approved
        data[f"lines-{position}-reason"] = reason
    return post(browser, case, data)


def letter_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def accounts(db, esbjerg, approved_family, worker):
    browser, staff = worker
    mette = approved_family(municipality=esbjerg, caseworker=staff)
    # Line 1 spent in full; line 2: 800 of 1.000 kr. spent, and the caseworker approves 700.
    return browser, staff, mette, sent_accounts(mette, ["1.000", "800"])


def test_the_page_shows_each_line_with_its_ledger_and_is_in_the_access_log(accounts, db):
    browser, staff, _mette, case = accounts
    page = get(browser, url(case))
    assert page.h1 == f"Regnskab i sag {case.number}"
    assert [e.get_text(" ", strip=True) for e in page.soup.select(".review-spent")] == [
        "1.000,00 kr.",
        "800,00 kr.",
    ]
    assert len(page.soup.select("tr.ledger-entry")) == 2
    assert "Godkend udgifterne på hver linje" in page.text()
    logged = db.session.scalars(select(AccessLog).where(AccessLog.case_id == case.id)).all()
    assert [(a.action, a.detail) for a in logged] == [("opened", "regnskab")]
    # The request read back on the case page names each payment's line, not its key.
    case_page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    read_back = case_page.soup.select_one("#ansoegningen").parent.get_text(" ", strip=True)
    budget = accounts_service.lines_for(case)[1].line_key.partition(":")[0]
    assert f"Træningsredskab nr. 2 (sag {budget})" in read_back
    assert f"{budget}:1" not in read_back
    # The advice the family had before sending, judged against the lines granted then.
    text = case_page.text()
    assert "Træningsredskab nr. 2: I har brugt 200,00 kr. mindre end bevilget" in text
    assert "Udgiften har ingen kvittering" in text


def test_approving_less_than_spent_needs_a_reason_and_the_claim_is_the_underspend(accounts, db):
    browser, _staff, _mette, case = accounts
    page = review(browser, case, [("1.000", ""), ("700", "")])
    assert page.status == 200  # the page again, with the problem at its field
    assert page.title.startswith("Fejl:")
    assert "Skriv hvorfor kommunen ikke godkender alle udgifterne på linjen" in (
        page.error_summary().values()
    )
    assert page.soup.select_one("#lines-1-approved")["value"] == "700"

    page = review(browser, case, [("1.000", ""), ("700", "Kvitteringen på 100 kr. mangler")])
    assert page.status == 302
    page = get(browser, url(case))
    assert [e.get_text(strip=True) for e in page.soup.select(".review-repayment")] == [
        "0,00 kr.",
        "300,00 kr.",
    ]
    assert "Tilbagebetaling i alt: 300,00 kr." in page.text()
    assert "skal familien partshøres" in page.text()


def test_a_claim_is_never_decided_before_the_hearing(accounts, db):
    browser, _staff, mette, case = accounts
    review(browser, case, [("1.000", ""), ("700", "Kvitteringen mangler")])
    page = get(browser, url(case))
    assert "Familien skal partshøres, før kommunen kan træffe afgørelse" in page.text()
    assert not page.soup.select("button[value=decide]")
    refused = post(browser, case, {"_action": "decide", "text": "Der skal betales tilbage."})
    assert refused.status == 409
    assert case.status != "decided"

    post(browser, case, {"_action": "propose"})
    claim = db.session.scalar(select(RepaymentClaim).where(RepaymentClaim.case_id == case.id))
    assert claim.amount == Decimal("300.00")
    assert claim.hearing.kind == "repayment" and claim.hearing.case_id == case.id
    assert "foreslår, at I betaler 300,00 kr. tilbage" in claim.hearing.subject
    assert "Kvitteringen mangler" in claim.hearing.subject
    mail = db.session.scalars(
        select(Notification).where(
            Notification.kind == "hearing_sent", Notification.case_id == case.id
        )
    ).one()
    assert mail.recipient == mette.parent.email
    assert case.child_name not in mail.body and "300,00" not in mail.body
    page = get(browser, url(case))
    assert "Forslaget om tilbagebetaling af 300,00 kr. blev sendt i partshøring" in page.text()
    assert "Familien er partshørt og har ikke svaret endnu" in page.text()
    assert page.soup.select_one(".staff-hearings .hearing-text")
    # The review is fixed once the family is heard on it.
    assert not page.soup.select("button[value=review]")
    assert post(browser, case, {"_action": "decide", "text": "Nej."}).status == 409


def test_after_the_answer_the_repayment_is_decided_with_a_letter_per_line(
    accounts, make_client, db
):
    browser, _staff, mette, case = accounts
    review(browser, case, [("1.000", ""), ("700", "Kvitteringen på 100 kr. mangler")])
    post(browser, case, {"_action": "propose"})
    claim = accounts_service.claim_for(case)
    parent = tracking.family(make_client, mette.parent, mette.cpr)
    hearing_url = f"/sager/{case.public_id}/hoering/{claim.hearing.public_id}"
    assert "foreslår, at I betaler 300,00 kr. tilbage" in get(parent, hearing_url).text()
    hearings.answer_hearing(
        claim.hearing, mette.parent, text="Vi finder ikke kvitteringen.", now=now_utc()
    )
    db.session.commit()

    page = get(browser, url(case))
    assert page.soup.select("button[value=decide]")
    answer = post(browser, case, {"_action": "decide", "text": "Kvitteringen mangler stadig."})
    assert answer.status == 302
    db.session.refresh(case)
    assert case.status == "decided" and case.decision.outcome == "repayment"
    # The family reads a claim, never that something was granted.
    seen = get(parent, f"/sager/{case.public_id}")
    assert seen.soup.select_one(".decision-outcome").get_text(strip=True) == (
        "Krav om tilbagebetaling"
    )
    assert "Kommunen har truffet afgørelse: Krav om tilbagebetaling" in seen.text()
    decided = db.session.scalars(
        select(Notification).where(Notification.kind == "decided", Notification.case_id == case.id)
    ).one()
    assert case.child_name not in decided.body

    text = letter_text(browser.get(f"/sagsbehandling/sager/{case.public_id}/afgoerelse.docx").data)
    assert "kræver 300,00 kr. betalt tilbage" in text
    assert "Kvitteringen på 100 kr. mangler" in text
    assert "I svarede den" in text and "Vi finder ikke kvitteringen." in text
    assert "En afgørelse om tilbagebetalingskrav kan påklages til Ankestyrelsen" in text
    # The family downloads the same letter from their case.
    with parent.get(f"/sager/{case.public_id}/afgoerelse.docx") as download:
        assert download.status_code == 200
        assert letter_text(download.data) == text


def test_a_hearing_past_its_deadline_without_an_answer_lets_the_claim_be_decided(accounts, db):
    browser, _staff, _mette, case = accounts
    review(browser, case, [("1.000", ""), ("700", "Kvitteringen mangler")])
    post(browser, case, {"_action": "propose"})
    claim = accounts_service.claim_for(case)
    claim.hearing.answer_by = today_local() - timedelta(days=1)
    db.session.commit()
    answer = post(browser, case, {"_action": "decide", "text": "Fristen er udløbet."})
    assert answer.status == 302
    db.session.refresh(case)
    text = letter_text(case.decision.letter)
    assert "Vi har ikke fået et svar inden fristen." in text


def test_accounts_with_nothing_to_repay_are_approved_with_a_letter_that_says_so(
    db, esbjerg, approved_family, worker
):
    (
        browser,
        staff,
    ) = worker
    mette = approved_family(municipality=esbjerg, caseworker=staff)
    case = sent_accounts(mette, ["1.000", "1.250"])
    review(browser, case, [("1.000", ""), ("1.250", "")])
    page = get(browser, url(case))
    assert [e.get_text(strip=True) for e in page.soup.select(".review-overspent")] == [
        "0,00 kr.",
        "250,00 kr.",
    ]
    answer = post(browser, case, {"_action": "decide", "text": "Regnskabet er i orden."})
    assert answer.status == 302
    db.session.refresh(case)
    assert case.status == "decided"
    assert case.decision.outcome == "accounts_approved"
    text = letter_text(browser.get(f"/sagsbehandling/sager/{case.public_id}/afgoerelse.docx").data)
    assert f"Afgørelse om regnskabet for {YEAR}" in text
    assert "I skal ikke betale noget tilbage" in text
    assert "250,00 kr. mere end bevilget" in text
    assert "skal I selv afholde" in text
    assert "En afgørelse om tilbagebetalingskrav kan påklages til Ankestyrelsen" in text
    assert "serviceloven § 164" in text


def test_the_family_follows_the_review_and_nobody_else_reads_the_accounts(
    accounts, make_client, approved_family, other_municipality, db
):
    browser, _staff, mette, case = accounts
    parent = tracking.family(make_client, mette.parent, mette.cpr)
    page = get(parent, f"/sager/{case.public_id}")
    assert f"Jeres regnskab for {YEAR}" in page.text()
    assert "Kommunen har ikke gennemgået regnskabet endnu." in page.text()

    review(browser, case, [("1.000", ""), ("700", "Kvitteringen på 100 kr. mangler")])
    post(browser, case, {"_action": "propose"})
    page = get(parent, f"/sager/{case.public_id}")
    assert "Kommunen foreslår, at I betaler 300,00 kr. tilbage" in page.text()
    assert "Kvitteringen på 100 kr. mangler" in page.text()
    hearing = accounts_service.claim_for(case).hearing
    assert page.soup.select_one(".hearings a")["href"].endswith(hearing.public_id)
    hearing.answer_by = today_local() - timedelta(days=1)
    db.session.commit()
    post(browser, case, {"_action": "decide", "text": "Fristen er udløbet."})

    other = approved_family(name="Anne Jensen", email="anne@example.dk")
    stranger = tracking.family(make_client, other.parent, other.cpr)
    for path in ("", f"/hoering/{hearing.public_id}", "/afgoerelse.docx"):
        with stranger.get(f"/sager/{case.public_id}{path}") as response:
            assert response.status_code == 404, path
    outsider, _worker = tracking.caseworker(make_client, other_municipality)
    for path in ("/regnskab", "/afgoerelse.docx", "/sag.docx", "/sag.zip"):
        with outsider.get(f"/sagsbehandling/sager/{case.public_id}{path}") as response:
            assert response.status_code == 404, path
    with parent.get(f"/sager/{case.public_id}/afgoerelse.docx") as response:
        assert response.status_code == 200


def test_accounts_for_a_year_without_grants_are_decided_without_a_review(
    db, esbjerg, approved_family, worker
):
    browser, staff = worker
    case = accounts_without_grants(approved_family(municipality=esbjerg, caseworker=staff))
    page = get(browser, url(case))
    assert page.soup.select("button[value=decide]")
    assert post(browser, case, {"_action": "decide", "text": "Intet bevilget."}).status == 302
    db.session.refresh(case)
    assert "I skal ikke betale noget tilbage" in letter_text(case.decision.letter)


def test_accounts_sent_before_the_ledger_are_decided_on_the_decision_page(
    db, esbjerg, approved_family, worker
):
    browser, staff = worker
    case = accounts_without_grants(approved_family(municipality=esbjerg, caseworker=staff))
    # As the accounts were kept before: totals typed per line, no ledger.
    case.application = {**case.application, "regnskab": {"year": YEAR, "lines": []}}
    db.session.commit()
    assert browser.get(url(case)).status_code == 404
    assert get(browser, f"/sagsbehandling/sager/{case.public_id}/afgoerelse").h1 == "Træf afgørelse"


def test_after_the_hearing_the_caseworker_may_lower_the_claim_but_never_raise_it(accounts, db):
    browser, _staff, mette, case = accounts
    review(browser, case, [("1.000", ""), ("700", "Kvitteringen på 100 kr. mangler")])
    post(browser, case, {"_action": "propose"})
    refused = review(browser, case, [("1.000", ""), ("800", "")])
    assert refused.status == 409
    assert "Gennemgangen kan ændres, når familien har svaret" in refused.text()

    claim = accounts_service.claim_for(case)
    hearings.answer_hearing(
        claim.hearing, mette.parent, text="Kvitteringen på 100 kr. er vedlagt.", now=now_utc()
    )
    db.session.commit()
    higher = review(browser, case, [("1.000", ""), ("600", "To kvitteringer mangler")])
    assert higher.status == 409
    assert "Kravet kan ikke blive højere end det, familien er partshørt om" in higher.text()
    assert review(browser, case, [("1.000", ""), ("800", "")]).status == 302
    page = get(browser, url(case))
    assert "Tilbagebetaling i alt: 200,00 kr." in page.text()
    post(browser, case, {"_action": "decide", "text": "Kvitteringen er nu med."})
    db.session.refresh(case)
    assert "kræver 200,00 kr. betalt tilbage" in letter_text(case.decision.letter)
