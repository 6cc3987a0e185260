"""Another family and another municipality get 404 on every page and file of a complaint, and
the caseworker's reads and changes are in the access log."""

from __future__ import annotations

from sqlalchemy import select

from portal.models import AccessLog, Attachment
from portal.timeutil import today_local
from tests.support import complaints, decisions, files, tracking
from tests.support.pages import get


def _complained_and_changed(family, parent_browser, staff_browser, db):
    case = family.training
    complaints.complain(parent_browser, case, files=[("udtalelse.pdf", files.pdf())])
    decisions.post(staff_browser, case, {**decisions.approval(), "text": "Ny afgørelse."})
    db.session.expire_all()
    return case


def test_another_family_gets_404_on_every_complaint_page_and_file(
    family, parent_browser, staff_browser, make_client, db
):
    case = _complained_and_changed(family, parent_browser, staff_browser, db)
    sent = db.session.scalar(select(Attachment).where(Attachment.complaint_id.is_not(None)))
    person, cpr = tracking.parent("Sara Jensen", "sara@example.dk")
    other = tracking.family(make_client, person, cpr)
    for url in (
        f"/sager/{case.public_id}/klage",
        f"/sager/{case.public_id}/klage-over-sagsbehandlingstid",
        f"/sager/{case.public_id}/afgoerelse-1.docx",
        f"/sager/{case.public_id}/afgoerelse-2.docx",
        f"/ansoegning/bilag/{sent.public_id}",
    ):
        assert other.get(url).status_code == 404, url
    token = _token(other, "/")
    assert other.post(f"/sager/{case.public_id}/klage", data=token).status_code == 404
    assert (
        other.post(f"/sager/{case.public_id}/klage-over-sagsbehandlingstid", data=token).status_code
        == 404
    )
    # The family's own: an earlier letter that does not exist is 404 too.
    assert parent_browser.get(f"/sager/{case.public_id}/afgoerelse-3.docx").status_code == 404


def test_another_municipality_gets_404_on_every_complaint_page_action_and_file(
    family, parent_browser, staff_browser, make_client, other_municipality, db
):
    case = _complained_and_changed(family, parent_browser, staff_browser, db)
    sent = db.session.scalar(select(Attachment).where(Attachment.complaint_id.is_not(None)))
    aarhus, _worker = tracking.caseworker(make_client, other_municipality)
    base = f"/sagsbehandling/sager/{case.public_id}"
    for url in (
        f"{base}/klager",
        f"{base}/afgoerelse-1.docx",
        f"{base}/bilag/{sent.public_id}",
    ):
        assert aarhus.get(url).status_code == 404, url
    token = _token(aarhus, "/sagsbehandling/")
    for action in (
        "klager/ny",
        "klager/ankestyrelsen-sendt",
        "klager/ankestyrelsen-svar",
        "klager/x/svar",
    ):
        assert aarhus.post(f"{base}/{action}", data=token).status_code == 404, action


def _token(browser, url: str) -> dict[str, str]:
    """The logged-in person's own form token, from the logout form every page has."""
    return {"csrf_token": get(browser, url).form_values()["csrf_token"]}


def test_the_caseworkers_reads_and_changes_are_in_the_access_log(
    family, parent_browser, staff_browser, db
):
    case = family.training
    complaints.complain(parent_browser, case)
    get(staff_browser, complaints.staff_url(case))
    complaints.forward(staff_browser, case, today_local())
    complaints.ankestyrelsen(staff_browser, case, "upheld", today_local())
    rows = db.session.execute(
        select(AccessLog.action, AccessLog.detail)
        .where(AccessLog.case_id == case.id)
        .order_by(AccessLog.id)
    ).all()
    assert ("opened", "klager") in rows
    assert ("changed", "complaint_forwarded") in rows
    assert ("changed", "ankestyrelsen:upheld") in rows
