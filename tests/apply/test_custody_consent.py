"""The other holder of custody consents (issue 15, point 4), with two parents logged in to
their own browsers: the applicant sends the link from "Tjek dine svar", the other holder
reads the application read-only and answers, and the application is sent with the consent,
or, after a refusal or no answer in time, with the applicant's statement why.

Seed 003: the municipality approves "efter anmodning fra indehaveren af
forældremyndigheden"; the seeds are silent on a second holder's consent, so the portal never
leaves the family without a way to send (a refusal or silence leads to a statement, not a
dead end).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import Case, CustodyConsent
from tests.support import journey, tracking
from tests.support.documents import all_text, cell_texts, open_docx, table_starting
from tests.support.factories import parent_cpr
from tests.support.pages import Page, assert_redirects, get
from tests.support.smtp import Mailbox
from tests.support.uploads import download

OTHER_EMAIL = "lars@example.dk"
METTE_CPR = "0101801234"
LARS = {
    "name": "Lars Hansen",
    "relation": "far",
    "custody": "ja",
    "occupation": "Tømrer",
    "weekly_hours": "37",
    "working_times": "Mandag til fredag kl. 7-15",
}


class Family:
    """Mette applies in one browser; Lars, the other holder of custody, has his own."""

    def __init__(self, make_client, lars_cpr: str, mette_cpr: str) -> None:
        self.mette = make_client()
        self.lars = make_client()
        self.lars_cpr = lars_cpr
        journey.login_parent(self.mette, "Mette Hansen", mette_cpr)
        journey.login_parent(self.lars, "Lars Hansen", lars_cpr)
        self.base = journey.start_application(self.mette)
        answers = journey.valid_answers()
        answers["familien"] = answers["familien"] | journey.prefixed("adults-1", LARS)
        journey.fill_application(self.mette, self.base, answers)

    def invite(self, cpr: str | None = None, email: str = OTHER_EMAIL) -> Page:
        page = get(self.mette, self.base + "tjek")
        data = {
            "csrf_token": page.form_values()["csrf_token"],
            "custody-email": email,
            "custody-cpr_number": cpr or "",
        }
        return Page(self.mette.post(self.base + "medindehaver", data=data))

    def send(self, statement: str = "") -> Page:
        page = get(self.mette, self.base + "tjek")
        data = {**page.form_values("form[method=post]"), "confirm": "ja", "statement": statement}
        return Page(self.mette.post(self.base + "tjek", data=data))

    def answer(self, link: str, answer: str, reason: str = "") -> Page:
        page = get(self.lars, link)
        data = {
            "csrf_token": page.form_values()["csrf_token"],
            "answer": answer,
            "reason": reason,
        }
        return Page(self.lars.post(link, data=data))


def consent_link(mailbox: Mailbox) -> str:
    (message,) = mailbox.to(OTHER_EMAIL)
    return re.search(r"/ansoegning/medindehaver/[\w-]+", Mailbox.body(message)).group(0)


@pytest.fixture
def family(make_client, esbjerg, mailbox) -> Family:
    return Family(make_client, parent_cpr(), METTE_CPR)


def test_the_other_holder_consents_through_their_own_login_and_the_case_says_so(
    family, mailbox, db, make_client
):
    check = get(family.mette, family.base + "tjek")
    assert "Samtykke fra den anden forældremyndighedsindehaver" in check.text()
    refused = family.send()
    assert refused.error_summary() == {
        "custody-email": (
            "Send et link til den anden forældremyndighedsindehaver, så de kan give samtykke"
        )
    }

    assert_redirects(family.invite(family.lars_cpr), family.base + "tjek#custody-consent")
    (message,) = mailbox.to(OTHER_EMAIL)
    assert message["Subject"] == "Du er bedt om samtykke til en ansøgning"
    body = Mailbox.body(message)
    # The e-mail names neither the child, the applicant nor what is applied for.
    for secret in ("Anders", journey.CHILD_CPR, "Mette", "Cerebral", family.lars_cpr):
        assert secret not in body and secret not in str(message["Subject"])
    link = consent_link(mailbox)
    # Only the hash of the link's token is stored, and no CPR number.
    consent = db.session.execute(select(CustodyConsent)).scalar_one()
    assert link.rsplit("/", 1)[1] not in consent.token_hash
    assert family.lars_cpr not in (consent.cpr_hash or "")

    waiting = get(family.mette, family.base + "tjek")
    assert waiting.soup.select_one(".consent-state").get_text(strip=True) == "Venter på svar"
    # The draft on the parent's front page says so too.
    front = get(family.mette, "/").soup.select_one(".draft-consent").get_text(" ", strip=True)
    assert front.startswith(
        "Samtykke fra den anden forældremyndighedsindehaver: Venter på svar (link sendt "
    )
    assert family.send().error_summary() == {
        "custody-consent": "Den anden forældremyndighedsindehaver har ikke svaret endnu. "
        "Vent på svaret, eller send linket igen"
    }

    page = get(family.lars, link)
    assert page.h1 == "Giv samtykke til ansøgningen"
    assert "Anders Hansen" in page.text()
    assert "Ret" not in [a.get_text(strip=True) for a in page.soup.select("a")]
    assert_redirects(family.answer(link, "consented"), link)
    (told,) = mailbox.to("mette@example.dk")
    assert told["Subject"] == "Den anden forældremyndighedsindehaver har svaret"
    assert "har givet samtykke til jeres ansøgning" in Mailbox.body(told)
    assert f"{family.base}tjek" in Mailbox.body(told)
    assert "Anders" not in Mailbox.body(told) and "Lars" not in Mailbox.body(told)
    used = get(family.lars, link, status=200)
    assert used.h1 == "Linket er brugt"

    consented = get(family.mette, family.base + "tjek")
    assert consented.soup.select_one(".consent-state").get_text(strip=True) == (
        "Har givet samtykke"
    )
    assert (
        consented.soup.select_one(".consent-answer").get_text(strip=True).startswith("Lars Hansen,")
    )
    assert "logget ind med Udviklingslogin" in consented.text()
    assert_redirects(family.send(), family.base + "kvittering")

    case = db.session.execute(select(Case)).scalar_one()
    history = [(e.kind, e.actor_name, e.note) for e in case.events]
    assert history[0] == (
        "custody_consented",
        "Lars Hansen",
        "Logget ind med Udviklingslogin",
    )
    assert history[1][0] == "received"
    staff, _worker = tracking.caseworker(make_client, case.municipality)
    staff_page = get(staff, f"/sagsbehandling/sager/{case.public_id}")
    section = staff_page.soup.select_one("#custody-consent").get_text(" ", strip=True)
    assert "Har givet samtykke" in section and "Lars Hansen" in section
    assert "Den anden forældremyndighedsindehaver har givet samtykke" in staff_page.text()
    assert family.lars_cpr not in staff_page.html


def test_a_link_opened_by_anyone_else_is_404_and_shows_nothing(family, mailbox, make_client):
    family.invite(family.lars_cpr)
    link = consent_link(mailbox)
    # The applicant's own login.
    assert "Anders" not in get(family.mette, link, status=404).text()
    # Somebody else with a login of their own: the CPR number the applicant gave differs.
    stranger = make_client()
    journey.login_parent(stranger, "Hans Jensen")
    assert "Anders" not in get(stranger, link, status=404).text()
    # A token that does not exist.
    get(family.lars, link[:-3] + "xyz", status=404)
    # Not logged in: to the login page first.
    assert_redirects(make_client().get(link), f"/log-ind?next={link}?")


def test_without_a_cpr_number_any_other_login_may_answer_but_not_the_applicant(family, mailbox):
    family.invite()
    link = consent_link(mailbox)
    get(family.mette, link, status=404)
    assert get(family.lars, link).h1 == "Giv samtykke til ansøgningen"


def test_the_applicant_cannot_name_their_own_cpr_number(family, db):
    page = family.invite(cpr=METTE_CPR)
    assert page.status == 200
    assert page.field_error("custody-cpr_number") == (
        "Skriv den anden forældremyndighedsindehavers CPR-nummer, ikke dit eget"
    )
    assert db.session.execute(select(CustodyConsent)).scalar_one_or_none() is None


def test_an_invalid_cpr_number_or_missing_email_is_an_error_at_the_field(family, db):
    page = family.invite(cpr="3213801234", email="")
    assert page.status == 200
    assert page.title.startswith("Fejl:")
    assert set(page.error_summary()) == {"custody-email", "custody-cpr_number"}
    assert page.field_error("custody-email") == (
        "Skriv den anden forældremyndighedsindehavers e-mailadresse"
    )
    assert db.session.execute(select(CustodyConsent)).scalar_one_or_none() is None


def test_a_declined_consent_lets_the_applicant_send_with_a_statement(family, mailbox, db):
    family.invite(family.lars_cpr)
    link = consent_link(mailbox)
    no_reason = family.answer(link, "declined")
    assert no_reason.status == 200
    assert no_reason.field_error("reason") == "Skriv hvorfor du ikke giver samtykke"
    assert_redirects(family.answer(link, "declined", "Jeg mener ikke, det er godt for ham"), link)
    (told,) = mailbox.to("mette@example.dk")
    assert "har ikke givet samtykke" in Mailbox.body(told)
    # The reason is read after logging in, not in the e-mail.
    assert "godt for ham" not in Mailbox.body(told)

    check = get(family.mette, family.base + "tjek")
    assert check.soup.select_one(".consent-state").get_text(strip=True) == "Har sagt nej"
    assert "Jeg mener ikke, det er godt for ham" in check.text()
    assert check.soup.find(id="statement") is not None
    assert family.send().error_summary() == {
        "statement": "Skriv hvorfor du sender ansøgningen uden den anden "
        "forældremyndighedsindehavers samtykke"
    }
    statement = "Vi er uenige. Kommunen må afgøre det."
    assert_redirects(family.send(statement), family.base + "kvittering")

    case = db.session.execute(select(Case)).scalar_one()
    kinds = [(e.kind, e.note) for e in case.events]
    assert kinds[0] == (
        "custody_declined",
        "Jeg mener ikke, det er godt for ham\nLogget ind med Udviklingslogin",
    )
    assert kinds[1] == ("sent_without_consent", statement)
    # The used link says so to the one who answered.
    assert "nej, du giver ikke samtykke" in get(family.lars, link, status=200).text()


def test_no_answer_in_time_lets_the_applicant_send_with_a_statement(family, mailbox, db):
    family.invite(family.lars_cpr)
    link = consent_link(mailbox)
    consent = db.session.execute(select(CustodyConsent)).scalar_one()
    # The municipality's 14 days have passed.
    consent.sent_at -= timedelta(days=14, minutes=1)
    consent.expires_at -= timedelta(days=14, minutes=1)
    db.session.flush()

    expired = get(family.lars, link, status=200)
    assert expired.h1 == "Linket er udløbet"
    assert "Anders" not in expired.text()
    check = get(family.mette, family.base + "tjek")
    assert check.soup.select_one(".consent-state").get_text(strip=True) == (
        "Har ikke svaret i tide"
    )
    statement = "Lars bor i udlandet og kan ikke træffes."
    assert_redirects(family.send(statement), family.base + "kvittering")
    case = db.session.execute(select(Case)).scalar_one()
    assert [(e.kind, e.note) for e in case.events][0] == ("sent_without_consent", statement)


def test_a_resent_link_replaces_the_old_one_and_starts_the_time_again(family, mailbox, db):
    family.invite(family.lars_cpr)
    first = consent_link(mailbox)
    mailbox.clear()
    assert_redirects(family.invite(family.lars_cpr), family.base + "tjek#custody-consent")
    second = consent_link(mailbox)
    assert first != second
    get(family.lars, first, status=404)
    assert get(family.lars, second).h1 == "Giv samtykke til ansøgningen"


def test_one_holder_of_custody_needs_no_consent(client, esbjerg, db):
    journey.login_parent(client)
    base = journey.start_application(client)
    journey.fill_application(client, base)
    assert (
        "Samtykke fra den anden forældremyndighedsindehaver"
        not in get(client, base + "tjek").text()
    )
    journey.submit(client, base)


def test_the_dossier_and_the_zips_dossier_say_who_consented_when_and_how(
    family, mailbox, db, make_client
):
    family.invite(family.lars_cpr)
    link = consent_link(mailbox)
    family.answer(link, "declined", "Jeg er ikke enig i metoden")
    statement = "Vi er uenige. Kommunen må afgøre det."
    assert_redirects(family.send(statement), family.base + "kvittering")
    case = db.session.execute(select(Case)).scalar_one()
    staff, _worker = tracking.caseworker(make_client, case.municipality)

    case_page = f"/sagsbehandling/sager/{case.public_id}"
    word = download(staff, f"{case_page}/sag.docx").data
    archive = zipfile.ZipFile(io.BytesIO(download(staff, f"{case_page}/sag.zip").data))
    # The ZIP's first entry is its dossier.
    in_zip = archive.read(archive.namelist()[0])
    for data in (word, in_zip):
        document = open_docx(data)
        cover = dict((row[0], row[1]) for row in cell_texts(document.tables[0]) if len(row) > 1)
        assert cover["Samtykke fra den anden forældremyndighedsindehaver"] == "Har sagt nej"
        assert cover["Svaret af"].startswith("Lars Hansen, ")
        assert cover["Svaret af"].endswith("logget ind med Udviklingslogin")
        assert cover["Begrundelse for nej"] == "Jeg er ikke enig i metoden"
        assert cover["Ansøgerens begrundelse for at sende uden samtykke"] == statement
        history = cell_texts(table_starting(document, "Tidspunkt", "Hændelse"))
        events = [row[1] for row in history[1:]]
        assert events[:3] == [
            "Den anden forældremyndighedsindehaver har ikke givet samtykke",
            "Sendt uden den anden forældremyndighedsindehavers samtykke",
            "Sendt til kommunen",
        ]
        assert family.lars_cpr not in all_text(document)


def test_a_consent_is_to_the_answers_read_and_a_change_asks_for_it_again(family, mailbox, db):
    family.invite(family.lars_cpr)
    family.answer(consent_link(mailbox), "consented")
    answers = journey.valid_answers()
    changed_family = (
        answers["familien"] | journey.prefixed("adults-1", LARS) | {"phone": "30 30 30 30"}
    )
    journey.save_step(family.mette, family.base, "familien", changed_family)

    check = get(family.mette, family.base + "tjek")
    assert check.soup.select_one(".consent-state").get_text(strip=True) == (
        "Har givet samtykke, men ansøgningen er ændret siden"
    )
    assert "Send linket igen, så de kan læse ansøgningen, som den er nu" in check.text()
    assert set(family.send().error_summary()) == {"statement"}

    # Lars reads the new answers and consents again: the application is sent with it.
    mailbox.clear()
    family.invite(family.lars_cpr)
    family.answer(consent_link(mailbox), "consented")
    assert_redirects(family.send(), family.base + "kvittering")
    case = db.session.execute(select(Case)).scalar_one()
    assert [e.kind for e in case.events] == ["custody_consented", "received"]


def test_the_link_runs_the_municipalitys_own_number_of_days(family, esbjerg, db):
    # Issue 15: "within the municipality's setting (default 14 days)".
    esbjerg.settings_data = {"consent_days": 3}
    db.session.flush()
    family.invite(family.lars_cpr)
    consent = db.session.execute(select(CustodyConsent)).scalar_one()
    assert consent.expires_at - consent.sent_at == timedelta(days=3)


def test_a_deleted_draft_takes_its_consent_link_with_it(family, mailbox, db):
    family.invite(family.lars_cpr)
    link = consent_link(mailbox)
    page = get(family.mette, family.base + "slet")
    response = family.mette.post(family.base + "slet", data=page.form_values())
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert db.session.execute(select(CustodyConsent)).scalar_one_or_none() is None
    get(family.lars, link, status=404)
