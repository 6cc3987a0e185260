"""The caseworker decides a request line by line: the amount granted or the refusal of every
budget line with its reason, the overall outcome (which must agree with the lines), the
approved total against the year's cap and the next supervision visits. The family is told and
downloads the decision letter from its own page; nobody else gets it."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from portal.models import AccessLog, Case, Decision, DecisionLine, Notification
from portal.rules.formatting import long_date
from portal.timeutil import today_local
from tests.support import decisions, tracking
from tests.support.documents import all_text, cell_texts, open_docx, table_starting
from tests.support.pages import assert_redirects, get


def case_with_lines(family, municipality, count: int, **line_kwargs) -> Case:
    person, _cpr = family
    answers = tracking.request_answers("new_application")
    answers["budget"] = {**decisions.lines(count, **line_kwargs)}
    return tracking.submitted_case(
        person, municipality, received=today_local() - timedelta(days=10), answers=answers
    )


def test_the_page_has_one_row_per_budget_line_at_the_amount_asked_for(family, esbjerg, worker, db):
    case = case_with_lines(family, esbjerg, 3, amount="1.250,50")
    browser, staff = worker
    page = get(browser, decisions.url(case))
    assert page.h1 == "Træf afgørelse"
    # The page shows the case's personal data, so looking at it is in the access log.
    log = db.session.execute(
        select(AccessLog.staff_name, AccessLog.action, AccessLog.detail).where(
            AccessLog.case_id == case.id
        )
    ).all()
    assert log == [(staff.name, "opened", "afgørelse")]
    rows = page.soup.select("table.decision-table tbody tr")
    assert [row.select_one("th").get_text() for row in rows] == ["1", "2", "3"]
    assert "Træningsredskab nr. 2" in rows[1].get_text()
    assert "Redskab 2 bruges hver dag" in rows[1].get_text()
    assert rows[1].select_one("td.amount").get_text() == "1.250,50 kr."
    assert page.value("lines-1-approved") == "1250,50"
    assert page.value("lines-1-refused") is None
    # Every input in the table has a label a screen reader reads.
    for element in page.soup.select("table.decision-table input, table.decision-table textarea"):
        assert page.soup.select_one(f"label[for='{element['id']}']"), element["id"]
    # The guidance stands ready; Ankestyrelsen and the 4 weeks are in it.
    guidance = page.value("complaint_guidance")
    assert "4 uger" in guidance and "Ankestyrelsen" in guidance


def test_a_line_not_granted_in_full_needs_its_reason(family, esbjerg, worker, db):
    case = case_with_lines(family, esbjerg, 3)
    browser, _staff = worker
    page = decisions.post(
        browser,
        case,
        {
            **decisions.approval(),
            "outcome": "partly_approved",
            "lines-0-approved": "400",
            "lines-2-refused": "y",
        },
    )
    assert page.status == 200 and page.title.startswith("Fejl:")
    assert page.error_summary() == {
        "lines-0-reason": "Skriv hvorfor udgiften ikke bevilges fuldt ud",
        "lines-2-reason": "Skriv hvorfor udgiften afslås",
    }
    assert page.field_error("lines-0-reason") == "Skriv hvorfor udgiften ikke bevilges fuldt ud"
    # What was typed stays.
    assert page.value("lines-0-approved") == "400"
    assert page.value("lines-2-refused") == "y"
    assert db.session.scalar(select(func.count()).select_from(Decision)) == 0


def test_beregn_leaves_the_fields_the_caseworker_has_not_reached_alone(family, esbjerg, worker):
    case = case_with_lines(family, esbjerg, 2)
    browser, _staff = worker
    # The caseworker lowers a line and presses "Beregn" before choosing the outcome, writing
    # the reasons or setting the visits: the totals, no errors.
    checked = decisions.post(browser, case, {"lines-0-approved": "400"}, action="check")
    assert checked.status == 200
    assert checked.error_summary() == {}
    assert not checked.title.startswith("Fejl:")
    assert checked.field_error("outcome") is None and checked.field_error("text") is None
    assert checked.soup.select_one(".approved-total").get_text() == "1.400,00 kr."
    # Chosen an approval, still no visit or text: "Beregn" waits for them too.
    chosen = decisions.post(
        browser, case, {"lines-0-approved": "400", "outcome": "approved"}, action="check"
    )
    assert set(chosen.error_summary()) == {"outcome-0"}
    # What was typed wrong is said at once, and sending asks for everything.
    typed = decisions.post(
        browser, case, {"lines-1-approved": "mange", "next_supervision": "i morgen"}, action="check"
    )
    assert set(typed.error_summary()) == {"lines-1-approved", "next_supervision"}
    sent = decisions.post(browser, case, {"lines-0-approved": "400"})
    assert {"outcome-0", "text", "lines-0-reason"} <= set(sent.error_summary())


def test_more_than_asked_for_and_unreadable_amounts_are_refused(family, esbjerg, worker):
    case = case_with_lines(family, esbjerg, 2)
    browser, _staff = worker
    page = decisions.post(
        browser,
        case,
        {**decisions.approval(), "lines-0-approved": "1500", "lines-1-approved": "mange"},
    )
    assert page.error_summary() == {
        "lines-0-approved": "Der kan højst bevilges det ansøgte beløb (1.000,00 kr.).",
        "lines-1-approved": "Skriv beløbet i kroner med tal, fx 1500 eller 1.500,50",
    }
    blank = decisions.post(browser, case, {**decisions.approval(), "lines-1-approved": ""})
    assert blank.error_summary() == {
        "lines-1-approved": "Skriv det bevilgede beløb, eller sæt kryds i „Afslås“"
    }


def test_the_outcome_must_agree_with_the_lines(family, esbjerg, worker):
    case = case_with_lines(family, esbjerg, 2)
    browser, _staff = worker
    refused_line = {"lines-1-refused": "y", "lines-1-reason": "Almindeligt indbo."}
    approved = decisions.post(browser, case, {**decisions.approval(), **refused_line})
    assert approved.error_summary() == {
        "outcome-0": "Du har afslået eller sat beløbet ned på 1 af budgetlinjerne. Vælg "
        "„Delvist bevilget“, eller bevilg linjerne fuldt ud."
    }
    refused = decisions.post(
        browser, case, {**decisions.approval(), **refused_line, "outcome": "refused"}
    )
    assert list(refused.error_summary().values()) == [
        "Ved et afslag kan der ikke bevilges udgifter, men 1 af budgetlinjerne har et bevilget "
        "beløb. Afslå linjerne, eller vælg „Delvist bevilget“."
    ]
    # "Beregn" shows what the lines point to, and decides nothing.
    checked = decisions.post(browser, case, refused_line, action="check")
    assert checked.status == 200
    assert checked.soup.select_one(".suggested-outcome").get_text() == "Delvist bevilget"
    assert checked.soup.select_one(".approved-total").get_text() == "1.000,00 kr."
    assert case.status == "received"


def test_the_approved_total_may_not_exceed_the_years_cap(family, esbjerg, worker, db):
    # Two lines of 400.000 kr. for next year: the wizard only warns, because next year's cap
    # is not known yet (Bekendtgørelse § 6, stk. 5: regulated every 1 January).
    case = case_with_lines(family, esbjerg, 2, amount="400000")
    browser, _staff = worker
    warned = decisions.post(browser, case, decisions.approval(), action="check")
    totals = warned.soup.find(id="bevilget-i-alt").get_text(" ", strip=True)
    next_year = today_local().year + 1
    assert f"Loft for ét barn i {next_year} (2024-niveau) 706.600,00 kr." in totals
    assert "Tjek årets loft." in totals
    assert warned.error_summary() == {}

    # For a year whose cap is known, the cap is a limit (706.600 kr. in 2024, seed 004).
    case.application = {**case.application, "budget": {**case.application["budget"], "year": 2024}}
    db.session.commit()
    page = decisions.post(browser, case, decisions.approval())
    assert page.error_summary() == {
        "bevilget-i-alt": "De bevilgede udgifter er 800.000,00 kr., men loftet for 2024 er "
        "706.600,00 kr. for ét barn. Sæt 93.400,00 kr. ned."
    }
    totals = page.soup.find(id="bevilget-i-alt").get_text(" ", strip=True)
    assert "Loft for ét barn i 2024 706.600,00 kr." in totals
    cut = decisions.post(
        browser,
        case,
        {
            **decisions.approval(),
            "outcome": "partly_approved",
            "lines-1-approved": "306.600",
            "lines-1-reason": "Redskabet er sat ned til loftet.",
        },
    )
    assert_redirects(cut, f"/sagsbehandling/sager/{case.public_id}")
    decision = db.session.execute(select(Decision).where(Decision.case_id == case.id)).scalar_one()
    assert (decision.approved_total, decision.cap, decision.cap_year, decision.budget_year) == (
        Decimal("706600.00"),
        Decimal("706600.00"),
        2024,
        2024,
    )


def test_an_approval_names_the_next_supervision_visits_twice_a_year(family, esbjerg, worker):
    case = case_with_lines(family, esbjerg, 1)
    browser, _staff = worker
    today = today_local()
    missing = decisions.post(
        browser, case, {**decisions.approval(), "next_supervision": "", "second_supervision": ""}
    )
    assert missing.error_summary() == {
        "next_supervision": "Skriv datoen for det næste tilsynsbesøg. Datoerne for tilsyn skal "
        "stå i afgørelsen."
    }
    late = decisions.post(
        browser,
        case,
        {
            **decisions.approval(),
            "next_supervision": (today + timedelta(days=250)).isoformat(),
            "second_supervision": (today + timedelta(days=200)).isoformat(),
        },
    )
    summary = late.error_summary()
    assert summary["next_supervision"].startswith(
        "Der skal være tilsyn 2 gange om året. Læg det første tilsynsbesøg senest"
    )
    assert summary["second_supervision"].startswith("Det andet tilsynsbesøg skal ligge efter")
    # A refusal has no visits to name.
    refusal = decisions.post(
        browser,
        case,
        {
            "outcome": "refused",
            "text": "Metoden har ingen målbare indikatorer (bekendtgørelsens § 3, stk. 5).",
            "lines-0-refused": "y",
            "lines-0-reason": "Hjemmetræningen er ikke godkendt.",
        },
    )
    assert_redirects(refusal, f"/sagsbehandling/sager/{case.public_id}")


def test_the_decision_is_recorded_line_by_line_and_the_family_is_told(
    family, esbjerg, worker, make_client, db
):
    case = case_with_lines(family, esbjerg, 3)
    browser, staff = worker
    approval = decisions.approval()
    done = decisions.post(
        browser,
        case,
        {
            **approval,
            "outcome": "partly_approved",
            "lines-0-approved": "600",
            "lines-0-reason": "Et billigere redskab er lige så egnet.",
            "lines-2-refused": "y",
            "lines-2-reason": "Almindeligt indbo (Esbjerg Kommunes vejledning).",
        },
    )
    assert_redirects(done, f"/sagsbehandling/sager/{case.public_id}")
    db.session.refresh(case)
    decision = case.decision
    assert (case.status, decision.outcome, decision.decided_by_name) == (
        "decided",
        "partly_approved",
        staff.name,
    )
    assert [
        (line.line_index, line.description, line.requested, line.approved, line.refused)
        for line in decision.lines
    ] == [
        (0, "Træningsredskab nr. 1", Decimal("1000.00"), Decimal("600.00"), False),
        (1, "Træningsredskab nr. 2", Decimal("1000.00"), Decimal("1000.00"), False),
        (2, "Træningsredskab nr. 3", Decimal("1000.00"), Decimal("0.00"), True),
    ]
    assert decision.lines[2].reason == "Almindeligt indbo (Esbjerg Kommunes vejledning)."
    assert (decision.approved_total, decision.requested_total) == (
        Decimal("1600.00"),
        Decimal("3000.00"),
    )
    assert decision.next_supervision.isoformat() == approval["next_supervision"]
    assert decision.second_supervision.isoformat() == approval["second_supervision"]
    log = db.session.execute(
        select(AccessLog.action, AccessLog.detail).where(AccessLog.case_id == case.id)
    ).all()
    assert ("changed", "decided:partly_approved") in log
    told = db.session.scalars(
        select(Notification.kind).where(Notification.recipient == "mette@example.dk")
    ).all()
    assert "decided" in told

    # The caseworker's page shows the lines and offers the letter.
    page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    table = page.soup.select_one(".case-documents table.decision-table")
    cells = [td.get_text(strip=True) for td in table.select("tbody tr")[2].select("td")]
    assert cells[2] == "Afslag"
    assert page.soup.select_one(".case-documents a[href$='/afgoerelse.docx']")

    # The family sees the decision and downloads the letter; the page says how to complain.
    person, cpr = family
    parent_browser = tracking.family(make_client, person, cpr)
    parent_page = get(parent_browser, f"/sager/{case.public_id}")
    link = parent_page.soup.select_one(".decision-letter a")
    assert link.get_text() == "Hent afgørelsesbrevet (Word-dokument)"
    letter = parent_browser.get(link["href"])
    assert letter.status_code == 200
    assert letter.mimetype.endswith("wordprocessingml.document")
    assert f"Afg%C3%B8relse%20i%20sag%20{case.number}.docx" in letter.headers["Content-Disposition"]
    assert letter.data[:2] == b"PK"
    # The letter was made when the decision was recorded and is kept as made: later changes
    # (here the municipality's name) do not change what the family and the caseworker fetch.
    assert hashlib.sha256(letter.data).hexdigest() == decision.letter_sha256
    esbjerg.name = "Esbjerg Kommune (nyt navn)"
    db.session.commit()
    assert parent_browser.get(link["href"]).data == letter.data
    staff_copy = browser.get(f"/sagsbehandling/sager/{case.public_id}/afgoerelse.docx")
    assert staff_copy.data == letter.data
    assert "nyt navn" not in all_text(open_docx(staff_copy.data))

    # Once decided, the page is closed.
    again = decisions.url(case)
    assert_redirects(browser.get(again), f"/sagsbehandling/sager/{case.public_id}")
    token = get(browser, "/sagsbehandling/").form_values()["csrf_token"]
    refused = browser.post(again, data={"csrf_token": token, "_action": "send"})
    assert refused.status_code == 409
    assert db.session.scalar(select(func.count()).where(Decision.case_id == case.id)) == 1


def test_two_hundred_lines_are_decided_without_javascript(family, esbjerg, worker, db):
    case = case_with_lines(family, esbjerg, 200, amount="100")
    browser, _staff = worker
    page = get(browser, decisions.url(case))
    assert len(page.soup.select("table.decision-table tbody tr")) == 200
    # No script decides anything on the page: it is a form of plain fields.
    assert page.soup.select("main script") == []
    changes = {**decisions.approval(), "outcome": "partly_approved"}
    for n in range(0, 200, 10):
        changes[f"lines-{n}-refused"] = "y"
        changes[f"lines-{n}-reason"] = f"Linje {n + 1} er ikke nødvendig for træningen."
    done = decisions.post(browser, case, changes)
    assert_redirects(done, f"/sagsbehandling/sager/{case.public_id}")
    rows = db.session.scalars(
        select(DecisionLine)
        .join(Decision)
        .where(Decision.case_id == case.id)
        .order_by(DecisionLine.line_index)
    ).all()
    assert len(rows) == 200
    assert sum(row.refused for row in rows) == 20
    assert sum(row.approved for row in rows) == Decimal("18000.00")


def request_about_training(approved_family, esbjerg, worker, case_type: str) -> Case:
    """A request of `case_type`, received today, about a family's home training that the
    caseworker approved."""
    family = approved_family(caseworker=worker[1])
    return tracking.submitted_case(
        family.parent, esbjerg, received=today_local(), case_type=case_type, related=family.training
    )


def test_accounts_are_decided_on_their_own_page_after_the_review(
    approved_family, esbjerg, worker, db
):
    accounts = request_about_training(approved_family, esbjerg, worker, "accounts")
    browser, _staff = worker
    answer = browser.get(decisions.url(accounts))
    assert_redirects(answer, f"/sagsbehandling/sager/{accounts.public_id}/regnskab")
    page = get(browser, f"/sagsbehandling/sager/{accounts.public_id}")
    link = page.soup.select_one("#action-decision a.button")
    assert link.get_text(strip=True) == "Gennemgå regnskabet"


def test_equipment_outside_the_budget_is_decided_per_line_without_supervision(
    approved_family, esbjerg, worker, db
):
    equipment = request_about_training(approved_family, esbjerg, worker, "extra_equipment")
    browser, _staff = worker
    page = get(browser, decisions.url(equipment))
    (row,) = page.soup.select("table.decision-table tbody tr")
    assert "Ståstativ i ny størrelse" in row.get_text()
    done = decisions.post(
        browser, equipment, {"outcome": "approved", "text": "Ståstativet bevilges."}
    )
    assert_redirects(done, f"/sagsbehandling/sager/{equipment.public_id}")
    db.session.refresh(equipment)
    (line,) = equipment.decision.lines
    assert (line.description, line.approved, line.in_full) == (
        "Ståstativ i ny størrelse",
        Decimal("6500.00"),
        True,
    )
    assert equipment.decision.next_supervision is None


def test_tampered_rows_are_refused(family, esbjerg, worker):
    case = case_with_lines(family, esbjerg, 2)
    browser, _staff = worker
    page = get(browser, decisions.url(case))
    data = decisions.form_data(page)
    data["lines-7-approved"] = "5"
    data["_action"] = "send"
    assert browser.post(decisions.url(case), data=data).status_code == 400


def test_another_municipality_and_other_parents_get_404(
    family, esbjerg, other_municipality, make_client, worker, db
):
    case = case_with_lines(family, esbjerg, 1)
    browser, staff = worker
    tracking.decide(case, staff, on=today_local())
    aarhus, _aarhus_staff = tracking.caseworker(make_client, other_municipality)
    token = get(aarhus, "/sagsbehandling/").form_values()["csrf_token"]
    for response in (
        aarhus.get(decisions.url(case)),
        aarhus.post(decisions.url(case), data={"csrf_token": token, "_action": "send"}),
        aarhus.get(f"/sagsbehandling/sager/{case.public_id}/afgoerelse.docx"),
    ):
        assert response.status_code == 404
        assert "Anders" not in response.get_data(as_text=True)

    stranger, stranger_cpr = tracking.parent("Lars Jensen", "lars@example.dk")
    other = tracking.family(make_client, stranger, stranger_cpr)
    assert other.get(f"/sager/{case.public_id}/afgoerelse.docx").status_code == 404
    # A parent is not let into the staff's pages, a caseworker not into the family's.
    assert_redirects(
        other.get(decisions.url(case)), f"/medarbejder/log-ind?next={decisions.url(case)}?"
    )
    letter = f"/sager/{case.public_id}/afgoerelse.docx"
    assert_redirects(browser.get(letter), f"/log-ind?next={letter}?")
    # The case's own family has the letter; a case without a decision has none.
    person, cpr = family
    own = tracking.family(make_client, person, cpr)
    assert own.get(f"/sager/{case.public_id}/afgoerelse.docx").status_code == 200
    undecided = case_with_lines(family, esbjerg, 1)
    assert own.get(f"/sager/{undecided.public_id}/afgoerelse.docx").status_code == 404


def test_no_grant_passes_the_cap_counting_what_is_already_granted(
    approved_family, esbjerg, other_municipality, worker, db
):
    # "der ikke kan bevilges hjælp til de udgifter til træningsredskaber, kurser, hjælpere
    # mv., som inden for en sammenhængende periode på 12 måneder overstiger dette beløb"
    # (seed 003, pkt. 157 d): what the year's budget granted counts for the equipment too.
    browser, staff = worker
    family = approved_family(caseworker=staff)
    budget = decisions.request_with_lines(family, "annual_budget", "budget", 2, "300000")
    assert_redirects(
        decisions.post(browser, budget, decisions.approval()),
        f"/sagsbehandling/sager/{budget.public_id}",
    )
    # A grant of another municipality never counts, even for a case related to the training.
    elsewhere = decisions.request_with_lines(family, "extra_equipment", "udstyr", 1, "90000")
    assert_redirects(
        decisions.post(browser, elsewhere, {"outcome": "approved", "text": "Bevilges."}),
        f"/sagsbehandling/sager/{elsewhere.public_id}",
    )
    elsewhere.municipality_id = other_municipality.id
    db.session.commit()

    equipment = decisions.request_with_lines(family, "extra_equipment", "udstyr", 2, "75000")
    page = get(browser, decisions.url(equipment))
    granted = page.soup.select_one(".granted-before")
    assert [row.get_text(" ", strip=True) for row in granted.select("tbody tr")] == [
        f"{budget.number} Budget for det kommende år 2024 {long_date(today_local())} 600.000,00 kr."
    ]
    assert granted.select_one(".granted-in-year").get_text() == "600.000,00 kr."
    assert granted.select_one(".remaining-before").get_text() == "106.600,00 kr."

    over = decisions.post(browser, equipment, {"outcome": "approved", "text": "Bevilges."})
    assert over.error_summary() == {
        "bevilget-i-alt": "Der er allerede bevilget 600.000,00 kr. til træningsudgifter i 2024. "
        "Med linje 1 (Træningsredskab nr. 1) og 2 (Træningsredskab nr. 2) bliver det "
        "750.000,00 kr., og 43.400,00 kr. af det bevilgede er over loftet på 706.600,00 kr. "
        "(2024-niveau) for ét barn. Sæt 43.400,00 kr. ned."
    }
    totals = over.soup.find(id="bevilget-i-alt").get_text(" ", strip=True)
    assert "Tilbage under loftet -43.400,00 kr." in totals
    assert db.session.scalar(select(func.count()).where(Decision.case_id == equipment.id)) == 0

    within = decisions.post(
        browser,
        equipment,
        {
            "outcome": "partly_approved",
            "text": "Redskab 2 bevilges delvist.",
            "lines-1-approved": "31.600",
            "lines-1-reason": "Resten ville passere det årlige loft.",
        },
    )
    assert_redirects(within, f"/sagsbehandling/sager/{equipment.public_id}")
    db.session.refresh(equipment)
    assert equipment.decision.approved_total == Decimal("106600.00")
    # The letter says what was already granted and what remains, as it was on the day.
    letter = open_docx(equipment.decision.letter)
    assert dict(cell_texts(table_starting(letter, "Budgettet", "Beløb"))[1:]) == {
        "Ansøgt i alt": "150.000,00 kr.",
        "Bevilget i alt": "106.600,00 kr.",
        "Bevilget ved andre afgørelser i 2024": "600.000,00 kr.",
        "Loft for ét barn i 2024": "706.600,00 kr.",
        "Tilbage under loftet": "0,00 kr.",
    }


def test_the_years_budget_is_approved_with_the_years_supervision_visits(
    approved_family, esbjerg, worker, db
):
    # "Datoerne for kommende tilsynsbesøg vil fremgå af afgørelsen på hjemmetræningen, der
    # fremsendes hvert år i december" (seed 001, »Tilsyn«).
    browser, staff = worker
    budget = decisions.request_with_lines(
        approved_family(caseworker=staff), "annual_budget", "budget", 1, "500"
    )
    approval = decisions.approval()
    page = decisions.post(
        browser, budget, {**approval, "next_supervision": "", "second_supervision": ""}
    )
    assert page.error_summary() == {
        "next_supervision": "Skriv datoen for det næste tilsynsbesøg. Datoerne for tilsyn skal "
        "stå i afgørelsen."
    }
    assert_redirects(
        decisions.post(browser, budget, approval), f"/sagsbehandling/sager/{budget.public_id}"
    )
    db.session.refresh(budget)
    assert budget.decision.next_supervision.isoformat() == approval["next_supervision"]
    letter = all_text(open_docx(budget.decision.letter))
    assert "Næste tilsynsbesøg" in letter
