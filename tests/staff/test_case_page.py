"""The case page a caseworker reads from top to bottom: the summary, every answer as the family
sent it, the rules' findings, the attachments, the questions and notices, and the history in
plain Danish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from flask.testing import FlaskClient
from sqlalchemy import select

from portal.models import Case, DraftStep
from portal.rules.formatting import long_date
from portal.services import cases
from portal.timeutil import now_utc, today_local
from tests.support import files, journey, tracking
from tests.support.pages import Page, assert_redirects, get
from tests.support.uploads import send

VAGUE = "Anders bliver bedre til påklædning"


@dataclass
class Sent:
    parent: FlaskClient
    case: Case


@pytest.fixture
def sent(client, esbjerg, db) -> Sent:
    """Anders's application with a vague short-term goal (advice, not an error) and a doctor's
    statement, sent through the wizard."""
    journey.login_parent(client, "Mette Hansen")
    base = journey.start_application(client)
    answers = journey.valid_answers()
    answers["maal"] = {**answers["maal"], "goals-0-short_term": VAGUE}
    for slug, step_answers in answers.items():
        page = journey.save_step(client, base, slug, step_answers)
        if slug == "maal":
            # The advice is shown once; saving the same answers again goes on.
            assert "kan ikke måles" in page.text()
            page = journey.save_step(client, base, slug, step_answers)
        assert_redirects(page, journey.after_step(base, slug))
    send(client, base + "bilag", [("Lægeudtalelse.pdf", files.pdf(2))], kind="medical_statement")
    journey.submit(client, base)
    case = db.session.execute(select(Case).order_by(Case.id.desc())).scalars().first()
    return Sent(client, case)


def case_url(case: Case) -> str:
    return f"/sagsbehandling/sager/{case.public_id}"


def summary(page: Page) -> dict[str, str]:
    box = page.soup.select_one(".case-summary")
    return {
        div.dt.get_text(" ", strip=True): div.dd.get_text(" ", strip=True)
        for div in box.select("dl > div")
    }


def test_the_summary_says_who_what_and_how_much_time_is_left(sent, make_client, esbjerg, db):
    browser, worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, case_url(sent.case))
    assert page.h1 == f"Sag {sent.case.number}"
    facts = summary(page)
    age = relativedelta(today_local(), journey.CHILD_BIRTH).years
    assert facts["Barn"].startswith("Anders Hansen")
    assert facts["Alder"].startswith(f"{age} år")
    assert facts["Sagstype"] == "Ansøgning om hjemmetræning"
    assert facts["Status"] == "Modtaget"
    assert facts["Sagsbehandler"] == "Ingen"
    days = (sent.case.due_date - today_local()).days
    assert facts["Sagsbehandlingstiden udløber"].endswith(f"Om {days} dage")

    cases.take_case(sent.case, worker, now=now_utc())
    db.session.commit()
    assert summary(get(browser, case_url(sent.case)))["Sagsbehandler"] == worker.name


def test_a_passed_deadline_is_counted_in_the_summary(make_client, esbjerg, db):
    person, _cpr = tracking.parent()
    late = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=130))
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    facts = summary(get(browser, case_url(late)))
    overdue = (today_local() - late.due_date).days
    assert facts["Sagsbehandlingstiden udløber"].endswith(f"Overskredet med {overdue} dage")


def test_every_answer_is_shown_as_the_family_sent_it(sent, make_client, esbjerg, db):
    # The draft is the family's working copy; what the municipality received is the case's
    # own document. A later change to the draft's rows must not change the case page.
    step = db.session.execute(
        select(DraftStep).where(
            DraftStep.draft_id == sent.case.draft_id, DraftStep.step == "overvejelser"
        )
    ).scalar_one()
    step.data = {**step.data, "motivation": ["Ændret bagefter"]}
    db.session.commit()

    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, case_url(sent.case))
    application = page.soup.select_one("section.application")
    titles = [h.get_text() for h in application.select("h3")]
    assert titles[:3] == ["Barnet", "Familien", "Træningsmetoder"]
    text = application.get_text(" ", strip=True)
    assert "Anders lærer bedst i trygge rammer derhjemme." in text
    assert "Ændret bagefter" not in text
    assert "Ergoterapeutisk ADL-træning" in text
    assert "Skammel til påklædning" in text
    assert "Lægerne i Bryggen" in text
    goal = application.select_one("#afsnit-maal")
    assert "Mål 1" in goal.get_text()
    assert VAGUE in goal.get_text()


def test_the_rules_findings_include_the_vague_goals_advice(sent, make_client, esbjerg):
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, case_url(sent.case))
    rows = [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.soup.select(".findings-table tbody tr")
    ]
    vague = [row for row in rows if "kan ikke måles" in row[3]]
    assert vague, rows
    section, concerns, kind, text, source = vague[0]
    assert (section, concerns, kind) == ("Mål for træningen", "Mål 1", "Råd")
    assert text.startswith("Ord som »bedre« og »mere« kan ikke måles.")
    assert source
    caption = page.soup.select_one(".findings-table caption").get_text()
    assert caption == "Reglernes bemærkninger til ansøgningen"


def finding_rows(page: Page) -> list[list[str]]:
    return [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.soup.select(".findings-table tbody tr")
    ]


def test_goals_valid_when_received_are_not_faults_months_later_only_notes(
    make_client, esbjerg, clock
):
    """Findings are judged as at the day the municipality received the request. Seed 000
    item 8: "Enkelte forældre har oplevet dette krav, som et forsøg på, at trække sagens
    behandling unødig ud": a case that has waited 200 days must not show the family's goals,
    valid when sent, as errors."""
    person, _cpr = tracking.parent()
    received = today_local()
    case = tracking.submitted_case(person, esbjerg, received=received)
    goal = case.application["maal"]["goals"][0]
    clock(200)
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, case_url(case))

    rows = finding_rows(page)
    assert [row[2] for row in rows] == ["Oplysning", "Oplysning"], rows
    assert [row[3] for row in rows] == [
        f"Datoen for det {term} mål, {long_date(date.fromisoformat(goal[key]))}, er passeret "
        f"siden ansøgningen blev modtaget den {long_date(received)}."
        for term, key in (("kortsigtede", "short_term_by"), ("langsigtede", "long_term_by"))
    ]
    assert "Vælg en dato fra i dag" not in page.text()


def test_school_age_is_judged_as_at_the_receipt(make_client, esbjerg, clock, db):
    """001: "for børn under skolealderen hjemmetrænes højest 37 timer i ugen"; from school
    age "vil skolegang og hjemmetræning ikke kunne overstige 37 timer". A child who was not
    of school age when the request arrived is not judged as a school child months later."""
    person, _cpr = tracking.parent()
    received = today_local()
    case = tracking.submitted_case(person, esbjerg, received=received)
    # Six next year: school starts on 1 August next year (Folkeskoleloven § 34), after the receipt.
    case.child_birth_date = date(received.year + 1 - 6, 1, 15)
    week = [
        {"day": day, "start": "08:00", "end": "14:00", "kind": "training"}
        for day in ("mon", "tue", "wed", "thu", "fri")
    ] + [{"day": "sat", "start": "08:00", "end": "18:00", "kind": "school"}]
    case.application = {**case.application, "ugeskema": {"entries": week}, "maal": {}}
    db.session.commit()
    clock((date(received.year + 1, 9, 1) - received).days)
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, case_url(case))

    # 30 hours of training, 37 allowed before school age; as a school child it would be 40.
    assert finding_rows(page) == []
    assert "Skole og træning er" not in page.text()


def test_a_request_without_findings_says_so(make_client, esbjerg):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, case_url(case))
    findings = page.soup.select_one(".findings")
    assert findings.select_one("table") is None
    assert "Reglerne har ingen bemærkninger til ansøgningen." in findings.get_text()


def test_attachments_questions_notices_and_history_on_one_page(sent, make_client, esbjerg, db):
    browser, worker = tracking.caseworker(make_client, esbjerg)
    cases.take_case(sent.case, worker, now=now_utc())
    request = cases.ask_for_information(
        sent.case, worker, "Hvor mange timer om ugen går Anders i skole?", now=now_utc()
    )
    db.session.commit()
    family = sent.parent
    cases.answer_information_request(
        sent.case, sent.case.parent, request, "Han går i skole 20 timer om ugen.", now=now_utc()
    )
    cases.record_delay_notice(
        sent.case,
        worker,
        sent.case.due_date + timedelta(days=30),
        "Visitationsudvalget mødes først i næste måned.",
        now=now_utc(),
    )
    db.session.commit()
    send(
        family,
        f"/ansoegning/sager/{sent.case.public_id}/bilag",
        [("Skoleudtalelse.pdf", files.pdf(1))],
        kind="other",
    )

    page = get(browser, case_url(sent.case))
    table = page.soup.select_one("#attachments-heading").find_parent("section")
    names = [a.get_text() for a in table.select(".attachment-table td a")]
    assert "Lægeudtalelse.pdf" in names and "Skoleudtalelse.pdf" in names

    questions = page.soup.select_one(".questions").get_text(" ", strip=True)
    assert "Hvor mange timer om ugen går Anders i skole?" in questions
    assert "Svar fra Mette Hansen" in questions
    assert "Han går i skole 20 timer om ugen." in questions
    notices = page.soup.select_one(".delay-notices").get_text(" ", strip=True)
    assert "Visitationsudvalget mødes først i næste måned." in notices

    history = [li.select_one("strong").get_text() for li in page.soup.select(".case-history > li")]
    assert history == [
        "Familien har sendt bilag",
        "Kommunen har givet besked om, at afgørelsen bliver forsinket",
        "Familien har svaret på kommunens spørgsmål",
        "Kommunen har bedt om flere oplysninger",
        "Sagen har fået en sagsbehandler",
        "Sendt til kommunen",
    ]
    # Plain Danish throughout: no event code reaches the page.
    assert "attachments_added" not in page.text()


def test_the_case_page_has_a_place_for_the_documents_and_unique_ids(sent, make_client, esbjerg):
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, case_url(sent.case))
    ids = [element["id"] for element in page.soup.select("[id]")]
    assert len(ids) == len(set(ids))
    contents = page.soup.select_one("nav.case-contents")
    for link in contents.select("a"):
        assert page.soup.find(id=link["href"].lstrip("#")), link["href"]


def test_another_municipality_gets_404_and_nothing_is_logged(sent, make_client, other_municipality):
    browser, _worker = tracking.caseworker(make_client, other_municipality)
    response = browser.get(case_url(sent.case))
    assert response.status_code == 404
    assert "Anders" not in response.get_data(as_text=True)


def test_an_approved_training_and_its_request_link_to_each_other(
    make_client, esbjerg, db, approved_family
):
    family = approved_family()
    training = family.training
    budget = tracking.submitted_case(
        family.parent, esbjerg, received=today_local(), case_type="annual_budget", related=training
    )
    browser, _me = tracking.caseworker(make_client, esbjerg)
    page = get(browser, case_url(budget))
    facts = summary(page)
    assert facts["Hører til sag"] == training.number
    assert facts["Sagstype"] == "Budget for det kommende år"
    assert [h.get_text() for h in page.soup.select("section.application h3")] == ["Budget"]
    closed = summary(get(browser, case_url(training)))
    assert closed["Status"].startswith("Afgjort")


def test_the_caseworker_sees_the_advice_on_methods_and_offers(sent, make_client, esbjerg, db):
    """The same rules as the family met: 70-14's forbidden elements at the method (seed 003)
    and a school the training is to replace (seed 003 point 157 c)."""
    document = dict(sent.case.application)
    method = {**document["metoder"]["methods"][0], "elements": "Påklædning og mild trykkammer"}
    offer = {**document["tilbud"]["offers"][0], "change": "erstatte"}
    document["metoder"] = {"methods": [method]}
    document["tilbud"] = {"offers": [offer]}
    sent.case.application = document
    db.session.commit()

    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, case_url(sent.case))
    rows = {
        tuple(td.get_text(" ", strip=True) for td in tr.select("td")[:3]): tr.get_text(" ")
        for tr in page.soup.select(".findings-table tbody tr")
    }
    assert "trykkammer" in rows[("Træningsmetoder", "Metode 1", "Råd")]
    assert "kan ikke erstatte skolegang" in rows[("Skole og dagtilbud", "Tilbud 1", "Råd")]
