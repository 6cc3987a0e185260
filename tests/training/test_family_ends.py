"""The family ends the training themselves: the form with what follows, the notice on a case of
its own for the municipality, and the caseworker's decision that confirms it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import Case, Notification, TrainingChange
from portal.rules.formatting import long_date
from portal.timeutil import today_local
from tests.support import tracking
from tests.support.pages import Page, assert_redirects, get


@pytest.fixture
def family(make_client, esbjerg, approved_family):
    mette = approved_family()
    return tracking.family(make_client, mette.parent, mette.cpr), mette


def stop_url(training: Case) -> str:
    return f"/sager/{training.public_id}/stop-hjemmetraening"


def send(browser, training: Case, **answers) -> Page:
    page = get(browser, stop_url(training))
    data = {**page.form_values(), **answers}
    return Page(browser.post(stop_url(training), data=data))


def test_the_form_explains_what_follows_before_the_family_sends(family):
    browser, mette = family
    page = get(browser, f"/sager/{mette.training.public_id}")
    link = page.soup.find("a", href=stop_url(mette.training))
    assert link is not None and link.get_text(strip=True) == "Stop hjemmetræningen"
    form = get(browser, stop_url(mette.training))
    assert form.h1 == "Stop hjemmetræningen"
    text = form.text()
    assert "Tabt arbejdsfortjeneste stopper med hjemmetræningen" in text
    assert "hjælpetræner" in text
    assert "afsluttende regnskab senest 8 uger efter den sidste dag" in text
    assert "hvilket tilbud jeres barn i stedet skal have" in text
    assert form.soup.find("label", attrs={"for": "last_day"}) is not None


def test_missing_answers_are_errors_at_the_field_and_other_answers_are_kept(family):
    browser, mette = family
    page = send(browser, mette.training, last_day="", reason="", needs_instead="Børnehave")
    assert page.status == 200
    assert page.title.startswith("Fejl:")
    assert page.error_summary() == {
        "last_day": "Skriv den sidste dag med hjemmetræning",
        "reason": "Skriv hvorfor I stopper hjemmetræningen",
    }
    assert page.value("needs_instead").strip() == "Børnehave"


def test_a_last_day_before_the_approval_cannot_be(family):
    browser, mette = family
    approved = mette.training.decision.decided_at.date()
    page = send(browser, mette.training, last_day="2001-01-31", reason="Vi flytter.")
    assert page.title.startswith("Fejl:")
    assert page.field_error("last_day").startswith("Skriv en dato efter den ")
    assert str(approved.year) in page.field_error("last_day")
    assert page.value("reason").strip() == "Vi flytter."


def test_the_notice_becomes_a_case_for_the_municipality_and_the_training_is_ending(family, db):
    browser, mette = family
    last = today_local() + timedelta(days=40)
    response = send(
        browser,
        mette.training,
        last_day=last.isoformat(),
        reason="Anders starter i specialbørnehave.",
        needs_instead="En plads i specialbørnehave.",
    ).response
    assert_redirects(response, f"/sager/{mette.training.public_id}")
    change = db.session.scalars(select(TrainingChange)).one()
    case = change.case
    assert (case.case_type, case.status, case.related_case_id) == (
        "training_ending",
        "received",
        mette.training.id,
    )
    assert case.draft_id is None
    assert case.due_date == today_local() + timedelta(weeks=4)
    assert change.last_day == last
    page = get(browser, f"/sager/{mette.training.public_id}")
    assert page.soup.select_one(".training-state").get_text(strip=True) == (
        "Hjemmetræningen slutter"
    )
    assert long_date(last) in page.soup.select_one(".training-last-day").get_text()
    accounts = last + timedelta(weeks=8)
    assert long_date(accounts) in page.soup.select_one(".final-accounts").get_text()
    assert page.soup.find("a", href=stop_url(mette.training)) is None
    # The family's own list shows the new case; the inbox hears of it without the child's name.
    overview = get(browser, "/")
    assert case.number in overview.text()
    mails = db.session.scalars(
        select(Notification).where(Notification.case_id == case.id, Notification.channel == "email")
    ).all()
    kinds = {mail.kind for mail in mails}
    assert kinds == {"case_received", "new_case"}
    for mail in mails:
        assert mette.training.child_name.split()[0] not in mail.subject + mail.body
    # A second notice is refused: the family talks to the municipality to change the day.
    again = browser.get(stop_url(mette.training))
    assert_redirects(again, f"/sager/{mette.training.public_id}")


def test_a_last_day_after_the_18th_birthday_is_advice_and_the_family_may_send_anyway(
    family, db, make_client
):
    browser, mette = family
    eighteen = mette.training.child_birth_date.replace(
        year=mette.training.child_birth_date.year + 18
    )
    late = eighteen + timedelta(days=30)
    answers = {"last_day": late.isoformat(), "reason": "Vi flytter."}
    page = send(browser, mette.training, **answers)
    assert page.status == 200 and not page.title.startswith("Fejl:")
    assert "fylder 18 år" in page.soup.find(id="raad").get_text()
    assert db.session.scalars(select(TrainingChange)).first() is None
    again = Page(browser.post(stop_url(mette.training), data={**page.form_values(), **answers}))
    assert again.status == 302
    change = db.session.scalars(select(TrainingChange)).one()
    assert change.last_day == late
    # The caseworker reads the same advice on the case, with its source.
    staff, _worker = tracking.caseworker(make_client, mette.municipality)
    case_page = get(staff, f"/sagsbehandling/sager/{change.case.public_id}")
    advice = case_page.soup.select_one(".training-advice").get_text(" ", strip=True)
    assert "fylder 18 år" in advice and "principafgørelse 45-14" in advice


def test_another_family_gets_404_on_the_form(family, make_client, approved_family):
    _browser, mette = family
    lars = approved_family(name="Lars Jensen", email="lars@example.dk")
    other = tracking.family(make_client, lars.parent, lars.cpr)
    assert other.get(stop_url(mette.training)).status_code == 404
    token = get(other, "/").form_values().get("csrf_token", "")
    response = other.post(
        stop_url(mette.training),
        data={"csrf_token": token, "last_day": today_local().isoformat(), "reason": "x"},
    )
    assert response.status_code == 404


def test_the_family_takes_back_its_notice_and_the_training_runs_on(family, db):
    browser, mette = family
    last = today_local() + timedelta(days=40)
    send(browser, mette.training, last_day=last.isoformat(), reason="Vi flytter.")
    case = db.session.scalars(select(TrainingChange)).one().case
    url = f"/sager/{case.public_id}/traek-tilbage"
    page = get(browser, url)
    assert_redirects(browser.post(url, data=page.form_values()), f"/sager/{case.public_id}")
    training = get(browser, f"/sager/{mette.training.public_id}")
    assert training.soup.select_one(".training-state").get_text(strip=True) == (
        "Hjemmetræningen kører"
    )
    assert training.soup.find("a", href=stop_url(mette.training)) is not None
