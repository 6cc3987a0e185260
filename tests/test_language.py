"""The language switch in every page's header: English throughout, Danish at a press, the
step's typed answers kept, the choice remembered with the parent and used for their e-mails;
letters and case documents stay Danish, the legal language of the case."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.models import Case, Notification, Parent
from portal.timeutil import today_local
from tests.support import documents, journey, tracking
from tests.support.pages import Page, assert_redirects, get


def switch(client, page: Page, language: str) -> None:
    """Press the header's language button of `page`, as a browser posts it."""
    form = page.soup.select_one("form.language-switch")
    button = form.select_one("button[lang]")
    assert button["value"] == language
    response = client.post(
        form["action"],
        data={"lang": language, "next": form.select_one("input[name=next]")["value"]},
    )
    return response


def test_the_header_offers_the_other_language_and_comes_back_to_the_same_page(client):
    page = get(client, "/privatliv")
    button = page.soup.select_one("form.language-switch button[lang]")
    assert button.get_text(strip=True) == "English"
    assert button["lang"] == "en"
    assert page.soup.html["lang"] == "da"

    assert_redirects(switch(client, page, "en"), "/privatliv")
    page = get(client, "/privatliv")
    assert page.soup.html["lang"] == "en"
    assert page.h1 == "How we use your information"
    button = page.soup.select_one("form.language-switch button[lang]")
    assert (button.get_text(strip=True), button["lang"]) == ("Dansk", "da")

    assert_redirects(switch(client, page, "da"), "/privatliv")
    assert get(client, "/privatliv").h1 == "Sådan behandler vi dine oplysninger"


def test_the_switch_keeps_the_query_and_never_leaves_the_site(client):
    page = get(client, "/log-ind/udvikling?next=/ansoegning/")
    assert page.soup.select_one("form.language-switch input[name=next]")["value"] == (
        "/log-ind/udvikling?next=/ansoegning/"
    )
    response = client.post("/sprog", data={"lang": "en", "next": "https://evil.example/"})
    assert_redirects(response, "/")
    # A language the portal does not speak changes nothing.
    client.post("/sprog", data={"lang": "xx", "next": "/"})
    assert get(client, "/").soup.html["lang"] == "en"


def test_an_anonymous_page_starts_no_session(client):
    response = client.get("/")
    assert client.get_cookie("portal_session") is None, response.headers


def test_switching_on_a_wizard_step_keeps_what_the_parent_typed(client, esbjerg):
    journey.login_parent(client)
    base = journey.start_application(client)
    page = get(client, base + "barnet")
    button = page.soup.select_one("form.language-switch button[lang]")
    # The header's button belongs to the step's own form, so the typed answers go with it.
    assert button["form"] == "step-form"
    assert page.soup.select_one("form#step-form") is not None
    # Enter in a field presses the step's own first button, which comes before the language.
    default = page.soup.select('[form="step-form"], form#step-form button')[0]
    assert (default["value"], default.has_attr("hidden")) == ("save", True)
    data = {
        **page.form_values("form#step-form"),
        "child_name": "Anders Hansen",
        "child_cpr": "",
        button["name"]: button["value"],
    }
    response = client.post(base + "barnet", data=data)
    assert_redirects(response, base + "barnet")

    page = get(client, base + "barnet")
    assert page.soup.html["lang"] == "en"
    assert page.value("child_name") == "Anders Hansen"
    # The missing CPR number is for "Save and continue" to point out, not the switch.
    assert page.error_summary() == {}
    assert not page.title.startswith(("Fejl", "Error"))


def test_a_parents_language_is_theirs_at_the_next_login(client, esbjerg, db):
    person, cpr = tracking.parent()
    journey.login_parent(client, person.name, cpr)
    page = get(client, "/")
    switch(client, page, "en")
    assert db.session.get(Parent, person.id).language == "en"
    token = get(client, "/").form_values("form[action='/log-ud']")["csrf_token"]
    client.post("/log-ud", data={"csrf_token": token})
    # Another browser, with nothing of the first session.
    client.delete_cookie("portal_session")
    assert get(client, "/").soup.html["lang"] == "da"

    journey.login_parent(client, person.name, cpr)
    assert get(client, "/").soup.html["lang"] == "en"


def test_a_parent_who_chose_english_gets_english_mail_and_the_inbox_stays_danish(
    client, esbjerg, db
):
    person, cpr = tracking.parent()
    person.language = "en"
    db.session.commit()
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=1))
    to_parent = db.session.scalar(
        select(Notification).where(Notification.recipient == person.email)
    )
    assert to_parent.subject == f"We have received your case {case.number}"
    assert "Mette Hansen" in to_parent.body
    to_inbox = db.session.scalar(
        select(Notification).where(Notification.recipient == esbjerg.inbox_email)
    )
    assert to_inbox.subject.startswith(f"Ny sag {case.number}")


def test_letters_stay_danish_when_the_family_reads_in_english(make_client, esbjerg, db):
    person, cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=20))
    staff, worker = tracking.caseworker(make_client, esbjerg)
    # The caseworker reads the portal in English when the decision is made.
    switch(staff, get(staff, "/sagsbehandling/"), "en")
    tracking.staff_action(staff, case, "tag")
    tracking.decide(db.session.get(Case, case.id), worker, on=today_local())

    family = tracking.family(make_client, person, cpr)
    switch(family, get(family, "/"), "en")
    page = get(family, f"/sager/{case.public_id}")
    link = page.soup.select_one(".decision-letter a")
    assert link["hreflang"] == "da"
    assert page.soup.select_one(".decision-letter .document-language").get_text(strip=True) == (
        "The document is in Danish, the language of your case."
    )
    letter = documents.all_text(documents.open_docx(family.get(link["href"]).data))
    assert "Afgørelse" in letter and "Sådan klager I" in letter and "Bevilget" in letter
    assert "Decision" not in letter and "complain" not in letter and "Granted" not in letter
