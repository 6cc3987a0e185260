"""A decided case changes only by a complaint's own steps: every other action of the
caseworker and of the family is refused while the case is decided, reconsidered or with
Ankestyrelsen; and each complaint step is refused where it does not belong."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from portal.models import CaseEvent, Complaint, Decision
from portal.services import cases
from portal.services import complaints as complaint_service
from portal.timeutil import now_utc, today_local
from tests.support import complaints, decisions, files, tracking
from tests.support.pages import Page, assert_redirects, get


def _put_in(status: str, family, db) -> None:
    case = family.training
    if status in ("reconsideration", "forwarded"):
        complaint_service.complain(case, family.parent, reasons="Uenige.", now=now_utc())
    if status == "forwarded":
        complaint_service.forward(
            case, family.caseworker, sent_on=today_local(), note="", now=now_utc()
        )
    db.session.commit()
    assert case.status == status


def _changes(db, case) -> tuple:
    return (
        db.session.scalar(select(func.count()).where(CaseEvent.case_id == case.id)),
        db.session.scalar(select(func.count()).where(Decision.case_id == case.id)),
    )


STAFF_ACTIONS = {
    "tag": {},
    "status": {"status-to_status": "under_review", "status-reason": "Forsøg."},
    "spoergsmaal": {"question-question": "Har I kvitteringer?"},
    "forsinkelse": {"delay-new_date": "2099-01-01", "delay-reason": "Travlt."},
}


@pytest.mark.parametrize("status", ["decided", "reconsideration", "forwarded"])
def test_every_other_staff_action_is_refused(status, family, staff_browser, db):
    _put_in(status, family, db)
    case = family.training
    before = _changes(db, case)
    for action, data in STAFF_ACTIONS.items():
        page = tracking.staff_action(staff_browser, case, action, data)
        assert page.status == 409, action
    # The decision page: only while reconsidering can a new decision be made.
    response = staff_browser.get(decisions.url(case))
    if status == "reconsideration":
        assert response.status_code == 200
    else:
        assert_redirects(response, f"/sagsbehandling/sager/{case.public_id}")
        token = get(staff_browser, f"/sagsbehandling/sager/{case.public_id}").form_values()
        posted = Page(
            staff_browser.post(
                decisions.url(case), data={**token, **decisions.approval(), "_action": "send"}
            )
        )
        assert posted.status == 409
    db.session.expire_all()
    assert case.status == status
    assert _changes(db, case) == before


@pytest.mark.parametrize("status", ["decided", "reconsideration", "forwarded"])
def test_every_other_family_action_is_refused(status, family, parent_browser, db):
    _put_in(status, family, db)
    case = family.training
    before = _changes(db, case)
    page = get(parent_browser, f"/sager/{case.public_id}")
    assert page.soup.select_one(f"a[href='/sager/{case.public_id}/traek-tilbage']") is None
    token = get(parent_browser, f"/ansoegning/sager/{case.public_id}/bilag").form_values(
        "form[enctype='multipart/form-data']"
    )
    withdraw = parent_browser.post(f"/sager/{case.public_id}/traek-tilbage", data=token)
    assert_redirects(withdraw, f"/sager/{case.public_id}")
    sent = parent_browser.post(
        f"/ansoegning/sager/{case.public_id}/bilag",
        data={**token, "files": [(io.BytesIO(files.pdf()), "ny.pdf", "application/pdf")]},
        content_type="multipart/form-data",
    )
    assert_redirects(sent, f"/sager/{case.public_id}")
    handling = parent_browser.get(f"/sager/{case.public_id}/klage-over-sagsbehandlingstid")
    assert_redirects(handling, f"/sager/{case.public_id}")
    if status != "decided":
        # The decision is already complained about.
        assert_redirects(
            parent_browser.get(complaints.complaint_url(case)), f"/sager/{case.public_id}"
        )
    db.session.expire_all()
    assert case.status == status
    assert _changes(db, case) == before


def test_each_complaint_step_is_refused_out_of_turn(family, staff_browser, db):
    case = family.training
    # Decided, no complaint: nothing to forward or to answer.
    assert complaints.forward(staff_browser, case, today_local()).status == 409
    assert complaints.ankestyrelsen(staff_browser, case, "upheld", today_local()).status == 409
    _put_in("reconsideration", family, db)
    assert complaints.ankestyrelsen(staff_browser, case, "upheld", today_local()).status == 409
    recorded = complaints.staff_post(
        staff_browser,
        case,
        "ny",
        {
            "klage-channel": "letter",
            "klage-received_on": today_local().isoformat(),
            "klage-reasons": "Igen.",
        },
    )
    assert recorded.status == 409
    assert db.session.scalar(select(func.count()).select_from(Complaint)) == 1
    with pytest.raises(cases.CaseActionRefused):
        complaint_service.complain(case, family.parent, reasons="Igen.", now=now_utc())
