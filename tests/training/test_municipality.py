"""The caseworker's side: the family's notice confirmed by a decision, and the municipality's
own change of a training, heard first and decided with at least the lost-earnings notice."""

from __future__ import annotations

import io
from datetime import timedelta

import docx
import pytest
from sqlalchemy import select

from portal.models import AccessLog, Case, Notification, TrainingChange
from portal.rules.formatting import long_date
from portal.rules.lost_earnings import notice_date
from portal.services import training as service
from portal.timeutil import now_utc, today_local
from tests.support import tracking
from tests.support.pages import Page, assert_redirects, get

STAFF = "/sagsbehandling/sager"


@pytest.fixture
def mette(esbjerg, approved_family):
    return approved_family()


@pytest.fixture
def worker(make_client, mette):
    return tracking.caseworker(make_client, mette.municipality)


def family_notice(mette, db, days: int = 40) -> TrainingChange:
    change = service.end_by_family(
        mette.training,
        mette.parent,
        last_day=today_local() + timedelta(days=days),
        reason="Anders starter i specialbørnehave.",
        needs_instead="Specialbørnehave.",
        now=now_utc(),
    )
    db.session.commit()
    return change


def proposed_end(mette, db) -> TrainingChange:
    """The municipality's proposal to stop the training, sent to the family for a hearing."""
    change = service.open_change(
        mette.training,
        mette.caseworker,
        kind="end",
        proposal="Stop.",
        effective_on=notice_date(today_local()),
        by_agreement=False,
        basis=None,
        now=now_utc(),
    )
    db.session.commit()
    return change


def letter_text(browser, case: Case) -> str:
    response = browser.get(f"{STAFF}/{case.public_id}/afgoerelse.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def post_form(browser, url: str, data: dict) -> Page:
    token = get(browser, url).form_values()["csrf_token"]
    return Page(browser.post(url, data={"csrf_token": token, **data}))


def test_the_caseworker_confirms_the_familys_end_by_a_decision_with_a_letter(mette, worker, db):
    browser, _staff = worker
    change = family_notice(mette, db)
    case = change.case
    page = get(browser, f"{STAFF}/{case.public_id}")
    section = page.soup.select_one("section.training-change").get_text(" ", strip=True)
    assert "Anders starter i specialbørnehave." in section
    assert "Specialbørnehave." in section
    # The generic decision (budget lines, supervision) is not offered for an end.
    assert page.soup.find(id="action-decision") is None
    url = f"{STAFF}/{case.public_id}/aendring/afgoerelse"
    form = get(browser, url)
    assert form.value("effective_on") == change.effective_on.isoformat()
    done = post_form(
        browser,
        url,
        {
            "effective_on": change.effective_on.isoformat(),
            "text": "Kommunen bekræfter, at hjemmetræningen stopper efter jeres ønske.",
            "complaint_guidance": "I kan klage inden 4 uger.",
        },
    )
    assert_redirects(done.response, f"{STAFF}/{case.public_id}")
    db.session.refresh(case)
    assert (case.status, case.decision.outcome) == ("decided", "ended")
    text = letter_text(browser, case)
    assert "Hjemmetræningen stopper" in text
    assert long_date(change.last_day) in text
    assert "Tabt arbejdsfortjeneste" in text and "Hjælpetrænere" in text
    assert long_date(change.last_day + timedelta(weeks=8)) in text
    assert "Sådan klager I" in text
    # The history says what the decision does, and the family is told without the child's name.
    history = get(browser, f"{STAFF}/{case.public_id}").soup.select_one("#history-heading")
    assert "Kommunen har truffet afgørelse: Hjemmetræningen stopper" in history.parent.get_text()
    decided = db.session.scalars(
        select(Notification).where(Notification.case_id == case.id, Notification.kind == "decided")
    ).one()
    assert "Anders" not in decided.subject + decided.body
    logged = db.session.scalars(
        select(AccessLog.detail).where(AccessLog.case_id == case.id, AccessLog.action == "changed")
    ).all()
    assert logged == ["decided:ended"]


def test_the_change_page_explains_the_hearing_and_the_notice_and_shows_errors(mette, worker, db):
    browser, _staff = worker
    url = f"{STAFF}/{mette.training.public_id}/aendring"
    # A supervision's follow-up starts the page with its recommendation and proposal.
    page = get(browser, f"{url}?grundlag=Tilsynsrapporten+anbefaler+stop&forslag=end")
    assert page.h1 == "Kommunen ændrer eller stopper hjemmetræningen"
    assert page.value("basis").strip() == "Tilsynsrapporten anbefaler stop"
    assert page.value("kind-2") == "end"
    opened = db.session.scalars(
        select(AccessLog.detail).where(
            AccessLog.case_id == mette.training.id, AccessLog.action == "opened"
        )
    ).all()
    assert opened == ["ændring af hjemmetræningen"]
    assert long_date(notice_date(today_local())) in page.text()
    failed = post_form(
        browser, url, {"kind": "", "proposal": "", "basis": "Tilsyn", "effective_on": ""}
    )
    assert failed.title.startswith("Fejl:")
    assert set(failed.error_summary()) == {"kind-0", "proposal", "effective_on"}
    assert failed.value("basis").strip() == "Tilsyn"


def test_the_municipality_stops_a_training_only_after_the_familys_hearing(
    mette, worker, make_client, db
):
    browser, _staff = worker
    url = f"{STAFF}/{mette.training.public_id}/aendring"
    effective = notice_date(today_local())
    done = post_form(
        browser,
        url,
        {
            "kind": "end",
            "proposal": "Kommunen foreslår, at hjemmetræningen stopper, fordi ...",
            "effective_on": effective.isoformat(),
        },
    )
    change = db.session.scalars(select(TrainingChange)).one()
    case = change.case
    assert_redirects(done.response, f"{STAFF}/{case.public_id}")
    assert (case.case_type, case.status, case.draft_id) == ("training_change", "under_review", None)
    assert case.assigned_to_id == _staff.id
    # The e-mails; the hearing letter itself goes on the channel "digital_post".
    mails = db.session.scalars(
        select(Notification).where(Notification.case_id == case.id, Notification.channel == "email")
    )
    assert {mail.kind for mail in mails} == {"training_change_opened", "hearing_sent"}
    for mail in db.session.scalars(select(Notification).where(Notification.case_id == case.id)):
        assert "Anders" not in mail.subject + mail.body
    # The proposal went to the family for a hearing with the municipality's 2 weeks.
    hearing = change.hearing
    assert (hearing.kind, hearing.case_id) == ("ending", case.id)
    assert hearing.answer_by == today_local() + timedelta(weeks=2)
    assert "Kommunen foreslår: Stoppe hjemmetræningen" in hearing.subject
    url = f"{STAFF}/{case.public_id}/aendring/afgoerelse"
    decide = get(browser, url)
    assert "Vent på svaret eller fristen" in decide.soup.find(id="vent").get_text()
    data = {"effective_on": effective.isoformat(), "text": "Stop.", "complaint_guidance": "Klag."}
    refused = post_form(browser, url, data)
    assert refused.title.startswith("Fejl:")
    db.session.refresh(case)
    assert case.decision is None
    # The training is still running: only a decision after a hearing sets its end.
    assert service.training_end(mette.training, today_local()).state == "active"

    # The family answers on their own case page; then the municipality may decide.
    family = tracking.family(make_client, mette.parent, mette.cpr)
    hearing_url = f"/sager/{case.public_id}/hoering/{hearing.public_id}"
    assert get(family, f"/sager/{case.public_id}").soup.find("a", href=hearing_url)
    answer = get(family, hearing_url)
    family.post(hearing_url, data={**answer.form_values(), "answer": "Vi er uenige."})
    db.session.refresh(hearing)
    assert hearing.answer == "Vi er uenige."
    page = get(browser, url)
    assert page.soup.find(id="vent") is None
    assert "Vi er uenige." in page.text()
    too_early = post_form(browser, url, {**data, "effective_on": today_local().isoformat()})
    assert too_early.field_error("effective_on") == (
        f"Afgørelsen kan tidligst have virkning fra den {long_date(effective)}."
    )
    assert_redirects(post_form(browser, url, data).response, f"{STAFF}/{case.public_id}")
    end = service.training_end(mette.training, today_local())
    assert (end.state, end.ends_on, end.by) == ("ending", effective, "municipality")
    assert end.final_accounts_due == effective - timedelta(days=1) + timedelta(weeks=8)


def test_an_agreed_adjustment_is_decided_without_hearing_from_the_day_of_decision(
    mette, worker, db
):
    browser, _staff = worker
    today = today_local()
    post_form(
        browser,
        f"{STAFF}/{mette.training.public_id}/aendring",
        {
            "kind": "adjust",
            "proposal": "Færre timer om ugen i sommerferien, som aftalt.",
            "effective_on": today.isoformat(),
            "by_agreement": "y",
        },
    )
    case = db.session.scalars(select(TrainingChange)).one().case
    url = f"{STAFF}/{case.public_id}/aendring/afgoerelse"
    assert get(browser, url).soup.find(id="vent") is None
    done = post_form(
        browser,
        url,
        {
            "effective_on": today.isoformat(),
            "text": "Justeres som aftalt.",
            "complaint_guidance": "Klag.",
        },
    )
    assert done.status == 302
    db.session.refresh(case)
    assert case.decision.outcome == "adjusted"
    assert service.training_end(mette.training, today).state == "active"


def test_a_reduction_takes_effect_at_the_earliest_after_14_weeks(mette, db):
    staff = mette.caseworker
    change = service.open_change(
        mette.training,
        staff,
        kind="reduce",
        proposal="Færre timer.",
        effective_on=today_local(),
        by_agreement=False,
        basis=None,
        now=now_utc(),
    )
    heard = service.HearingState(sent=True, answered=True, answer_by=today_local())
    with pytest.raises(service.CaseActionRefused) as refused:
        service.decide_change(
            change,
            staff,
            effective_on=today_local() + timedelta(weeks=10),
            text="Nedsættes.",
            complaint_guidance="Klag.",
            hearing=heard,
            now=now_utc(),
        )
    assert refused.value.params["day"] == long_date(notice_date(today_local()))
    decision = service.decide_change(
        change,
        staff,
        effective_on=notice_date(today_local()),
        text="Nedsættes.",
        complaint_guidance="Klag.",
        hearing=heard,
        now=now_utc(),
    )
    assert decision.outcome == "reduced"


def test_another_municipality_gets_404_on_every_new_page(
    mette, make_client, other_municipality, db
):
    change = family_notice(mette, db)
    browser, _staff = tracking.caseworker(make_client, other_municipality)
    token = get(browser, "/sagsbehandling/").soup.find("input", attrs={"name": "csrf_token"})
    data = {"csrf_token": token["value"] if token else ""}
    for url in (
        f"{STAFF}/{mette.training.public_id}/aendring",
        f"{STAFF}/{change.case.public_id}/aendring/afgoerelse",
        f"{STAFF}/{change.case.public_id}",
    ):
        assert browser.get(url).status_code == 404, url
        assert browser.post(url, data=data).status_code in (404, 405), url


def test_another_family_gets_404_on_the_municipalitys_case(mette, make_client, approved_family, db):
    change = proposed_end(mette, db)
    own = tracking.family(make_client, mette.parent, mette.cpr)
    page = get(own, f"/sager/{change.case.public_id}")
    assert "Kommunens forslag" in page.text()
    # The municipality's own case is not the family's to withdraw; they answer the hearing.
    assert page.soup.find("a", href=f"/sager/{change.case.public_id}/traek-tilbage") is None
    assert own.get(f"/sager/{change.case.public_id}/traek-tilbage").status_code == 302
    assert change.case.number in get(own, "/").text()
    lars = approved_family(name="Lars Jensen", email="lars@example.dk")
    other = tracking.family(make_client, lars.parent, lars.cpr)
    assert other.get(f"/sager/{change.case.public_id}").status_code == 404
    assert other.get(f"/sager/{change.case.public_id}/afgoerelse.docx").status_code == 404


def test_without_an_answer_the_municipality_decides_once_the_hearing_has_passed(
    mette, worker, db, clock
):
    browser, _staff = worker
    change = proposed_end(mette, db)
    url = f"{STAFF}/{change.case.public_id}/aendring/afgoerelse"
    assert change.hearing.answer_by == today_local() + timedelta(days=14)
    assert get(browser, url).soup.find(id="vent") is not None
    day_after = clock(15)  # the day after the hearing's last day
    page = get(browser, url)
    assert page.soup.find(id="vent") is None
    assert page.value("effective_on") == notice_date(day_after).isoformat()
