"""Which events hand the case to the case system: the case arriving, the family's answer to a
question or a hearing, each decision and a supervision report; each once, and nothing else."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from portal.extensions import db as _db
from portal.models import CaseHandoff, Notification
from portal.notify import handoffs
from portal.services import cases, hearings, supervision
from portal.timeutil import now_utc, today_local
from tests.support import tracking
from tests.support.supervision import plan_visits


def events_of(case) -> list[tuple[str, str]]:
    return [
        (h.event, h.status)
        for h in _db.session.scalars(
            select(CaseHandoff).where(CaseHandoff.case_id == case.id).order_by(CaseHandoff.id)
        )
    ]


def case_system_messages(case) -> list[str]:
    return list(
        _db.session.scalars(
            select(Notification.key)
            .where(Notification.case_id == case.id, Notification.channel == "case_system")
            .order_by(Notification.id)
        )
    )


def test_arrival_and_the_familys_answer_to_a_question_each_hand_the_case_over(
    app, db, esbjerg, make_client
):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    assert events_of(case) == [("received", "waiting")]
    staff = tracking.caseworker(make_client, esbjerg)[1]

    # What the caseworker does on the case (taking it, asking) hands nothing over.
    tracking.staff_action(tracking.caseworker(make_client, esbjerg)[0], case, "tag")
    request = cases.ask_for_information(case, staff, "Hvor mange timer?", now=now_utc())
    db.session.commit()
    assert events_of(case) == [("received", "waiting")]

    event = cases.answer_information_request(case, person, request, "Ti timer.", now=now_utc())
    db.session.commit()
    assert events_of(case) == [("received", "waiting"), ("answered", "waiting")]
    assert case_system_messages(case) == [
        f"{case.number}-received",
        f"{case.number}-answered-{event.id}",
    ]


def test_a_decision_a_hearing_answered_and_a_supervision_report_each_hand_the_training_over(
    db, approved_family
):
    family = approved_family()
    training, staff = family.training, family.caseworker
    assert [event for event, _status in events_of(training)] == ["received", "decided"]

    hearing = hearings.open_hearing(
        training, kind="repayment", subject="Forslag", staff=staff, now=now_utc()
    )
    db.session.commit()
    assert len(events_of(training)) == 2  # the letter goes to the family, not yet a hand-off
    hearings.answer_hearing(hearing, family.parent, text="Vi er uenige.", now=now_utc())
    db.session.commit()

    [visit, _second] = plan_visits(training, today_local() - timedelta(days=2), date(2099, 1, 1))
    supervision.record_visit(
        visit,
        staff,
        supervision.ReportInput(
            held_on=today_local() - timedelta(days=1),
            participants=["one_parent", "child"],
            participants_note="",
            child_heard=False,
            child_heard_how="",
            sections={"purpose": "Ja."},
            recommendation="continue",
            recommendation_reason="Træningen virker.",
        ),
        now=now_utc(),
    )
    supervision.send_report(visit, staff, now=now_utc())
    db.session.commit()
    assert [event for event, _status in events_of(training)] == [
        "received",
        "decided",
        "hearing_answered",
        "supervision_report",
    ]
    keys = case_system_messages(training)
    assert len(keys) == len(set(keys)) == 4


def test_an_event_is_queued_once_however_often_the_code_runs(db, esbjerg):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local())
    assert handoffs.queue(case, "received") is None
    db.session.commit()
    count = select(func.count()).select_from(CaseHandoff).where(CaseHandoff.case_id == case.id)
    assert db.session.scalar(count) == 1
    assert case_system_messages(case) == [f"{case.number}-received"]
