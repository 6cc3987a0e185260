"""The municipality's administrator reads who opened, downloaded or changed a case, and when;
a caseworker who is not an administrator is refused (403), another municipality finds
nothing (404)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.timeutil import today_local
from tests.support import tracking
from tests.support.pages import Page, assert_redirects, get


@pytest.fixture
def case(db, esbjerg):
    person, _cpr = tracking.parent()
    return tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=10))


def log_url(case) -> str:
    return f"/sagsbehandling/sager/{case.public_id}/adgangslog"


def entries(page: Page) -> list[list[str]]:
    return [
        [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in page.soup.select("table.access-log tbody tr")
    ]


def test_the_administrator_reads_who_did_what_newest_first(case, make_client, esbjerg):
    worker_browser, worker = tracking.caseworker(make_client, esbjerg)
    tracking.staff_action(worker_browser, case, "tag")
    tracking.staff_action(worker_browser, case, "spoergsmaal", {"question-question": "Udtalelse?"})
    tracking.staff_action(
        worker_browser,
        case,
        "status",
        {"status-to_status": "under_review", "status-reason": "Udtalelsen er kommet."},
    )
    admin_browser, admin = tracking.caseworker(make_client, esbjerg, role="admin")
    case_page = get(admin_browser, f"/sagsbehandling/sager/{case.public_id}")
    link = case_page.soup.find("a", href=log_url(case))
    assert link.get_text() == "Se hvem der har åbnet, hentet eller ændret sagen"

    page = get(admin_browser, log_url(case))
    assert page.h1 == f"Adgangslog for sag {case.number}"
    assert [th.get_text() for th in page.soup.select("table.access-log thead th")] == [
        "Tidspunkt",
        "Medarbejder",
        "Handling",
        "Detaljer",
    ]
    assert all(th["scope"] == "col" for th in page.soup.select("table.access-log th"))
    assert page.soup.select_one("table.access-log caption")
    rows = entries(page)
    assert [row[1:] for row in rows] == [
        [admin.name, "Åbnede sagen", ""],
        [worker.name, "Ændrede sagen", "Status ændret til „Under behandling“"],
        [worker.name, "Åbnede sagen", ""],
        [worker.name, "Ændrede sagen", "Bad familien om flere oplysninger"],
        [worker.name, "Åbnede sagen", ""],
        [worker.name, "Ændrede sagen", "Tog sagen"],
        [worker.name, "Åbnede sagen", ""],
    ]
    today = today_local()
    assert all(row[0].startswith(f"{today.day}. ") and " kl. " in row[0] for row in rows)


def test_a_decision_and_an_attachment_removal_read_in_plain_danish(app):
    from portal.staff.access_log import detail_text

    with app.test_request_context():
        assert (
            detail_text("changed", "decided:partly_approved") == "Traf afgørelse: Delvist bevilget"
        )
        assert detail_text("changed", "delay_notice") == "Gav familien besked om forsinkelse"
        assert detail_text("changed", "Bilag fjernet: a.pdf") == "Bilag fjernet: a.pdf"
        assert detail_text("changed", "report_sent:x1") == "Sendte tilsynsrapporten i høring"
        assert detail_text("changed", "accounts_reviewed") == "Gennemgik regnskabet"
        assert detail_text("opened", "klager") == "Klagerne"
        assert detail_text("opened", "supervision:x1") == "Tilsynsbesøget"
        assert detail_text("downloaded_attachment", "a.pdf (SHA-256 0f)") == "a.pdf (SHA-256 0f)"


def test_every_kind_of_entry_has_a_danish_name():
    from portal.services.access_log import ACTIONS
    from portal.staff.access_log import ACTION_LABELS

    assert set(ACTIONS) == set(ACTION_LABELS)


def test_a_caseworker_who_is_not_an_administrator_is_refused(case, make_client, esbjerg):
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    case_page = get(browser, f"/sagsbehandling/sager/{case.public_id}")
    assert case_page.soup.find("a", href=log_url(case)) is None
    refused = get(browser, log_url(case), status=403)
    assert refused.h1 == "Du har ikke adgang"
    assert "Åbnede sagen" not in refused.text()


def test_another_municipalitys_administrator_finds_nothing(case, make_client, other_municipality):
    browser, _admin = tracking.caseworker(make_client, other_municipality, role="admin")
    response = browser.get(log_url(case))
    assert response.status_code == 404
    assert case.number not in response.get_data(as_text=True)


def test_nobody_logged_in_is_sent_to_log_in(case, client):
    response = client.get(log_url(case))
    assert_redirects(response, f"/medarbejder/log-ind?next={log_url(case)}?")
