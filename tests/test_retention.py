"""`flask retention`: an untouched draft is warned about by e-mail and deleted 14 days later,
an ended case is purged with everything that belongs to it (its files in storage too) after
the municipality's years, never while a complaint is open; `--dry-run` only lists; each
deletion is recorded without personal data."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from portal.models import (
    Attachment,
    Case,
    CaseEvent,
    Decision,
    Draft,
    DraftStep,
    RetentionRecord,
)
from portal.services import attachments, complaints, drafts
from portal.storage import storage
from portal.timeutil import today_local
from tests.support import tracking
from tests.support.smtp import Mailbox

# The children of tracking.request_answers are born 15 March 2018: an approved training with
# no end set ends on the 18th birthday, 15 March 2036, and may go 5 years later.
ENDS = date(2036, 3, 15)


def run(app, *args: str, today: date) -> list[str]:
    result = app.test_cli_runner().invoke(args=["retention", *args, "--today", today.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def _file_on(parent, **where) -> str:
    kept = attachments.keep(
        tracking._staged_pdf(), [], kind="other", note=None, uploader=parent, **where
    )
    return kept.attachments[0].storage_key


def _untouched_draft(db, esbjerg, saved: date) -> tuple[Draft, str]:
    person, _cpr = tracking.parent()
    draft = drafts.start_draft(person.id, esbjerg, "new_application")
    db.session.add(DraftStep(draft=draft, step="barnet", data={"child_name": ["Anders"]}))
    db.session.flush()
    key = _file_on(person, draft=drafts.own_draft(person.id, draft.public_id))
    draft.updated_at = tracking.at_noon(saved)
    db.session.commit()
    return draft, key


def test_an_untouched_draft_is_warned_about_then_deleted_with_its_files(
    app, db, esbjerg, mailbox: Mailbox
):
    saved = today_local() - relativedelta(months=6) + timedelta(days=10)
    draft, key = _untouched_draft(db, esbjerg, saved)
    draft_id, public_id = draft.id, draft.public_id
    deleted_on = saved + relativedelta(months=6)

    # Four days before the warning is due, nothing; the dry run on the day only lists it.
    assert run(app, today=deleted_on - timedelta(days=15)) == ["I alt: 0"]
    listed = run(app, "--dry-run", today=deleted_on - timedelta(days=14))
    assert listed[0].startswith(f"kladde {public_id}") and "advares" in listed[0]
    assert mailbox.to("mette@example.dk") == []

    lines = run(app, today=today_local())
    assert "advaret" in lines[0]
    (message,) = mailbox.to("mette@example.dk")
    body = mailbox.body(message)
    assert message["Subject"].startswith("Din kladde bliver slettet")
    assert f"/ansoegning/{public_id}/" in body
    assert "Anders" not in body  # nothing from the answers in an e-mail
    # Run again the same day: not warned twice.
    run(app, today=today_local())
    assert len(mailbox.to("mette@example.dk")) == 1

    # 14 days after the warning (the draft's period is up by then too), it goes.
    gone_on = today_local() + timedelta(days=14)
    assert run(app, today=gone_on - timedelta(days=1)) == ["I alt: 0"]
    lines = run(app, today=gone_on)
    assert lines[0].startswith(f"kladde {public_id}") and "slettet" in lines[0]
    db.session.expire_all()
    assert db.session.get(Draft, draft_id) is None
    assert db.session.scalar(select(func.count()).select_from(DraftStep)) == 0
    assert not storage().exists(key)
    record = db.session.scalars(select(RetentionRecord)).one()
    assert (record.kind, record.reference, record.counted_from) == ("draft", public_id, saved)
    assert (record.files, record.cases) == (1, 0)


def test_a_draft_saved_after_the_warning_starts_a_new_period(app, db, esbjerg, mailbox):
    saved = today_local() - relativedelta(months=6)
    draft, _key = _untouched_draft(db, esbjerg, saved)
    run(app, today=today_local())
    assert len(mailbox.to("mette@example.dk")) == 1
    draft.updated_at = tracking.at_noon(today_local())
    db.session.commit()
    assert run(app, today=today_local() + timedelta(days=20)) == ["I alt: 0"]
    assert db.session.get(Draft, draft.id) is not None


def test_a_draft_of_a_parent_without_an_e_mail_address_goes_when_its_period_ends(
    app, db, esbjerg, mailbox
):
    saved = today_local() - relativedelta(months=6)
    draft, _key = _untouched_draft(db, esbjerg, saved)
    draft.parent.email = None
    db.session.commit()
    draft_id = draft.id
    assert run(app, today=today_local() - timedelta(days=1)) == ["I alt: 0"]
    lines = run(app, today=today_local())
    assert "slettet" in lines[0]
    assert mailbox.subjects() == []
    db.session.expire_all()
    assert db.session.get(Draft, draft_id) is None


def test_an_ended_training_is_purged_with_its_cases_and_files_after_five_years(
    app, db, approved_family
):
    family = approved_family()
    training = family.training
    budget = tracking.submitted_case(
        family.parent,
        family.municipality,
        received=today_local() - timedelta(days=30),
        case_type="annual_budget",
        related=training,
    )
    tracking.decide(budget, family.caseworker, on=today_local() - timedelta(days=10))
    key = _file_on(family.parent, case=budget)
    db.session.commit()
    ids = {training.id, budget.id}
    number = training.number
    purge_on = ENDS + relativedelta(years=5)

    # The day before, nothing goes; the dry run lists it on the day and changes nothing.
    assert run(app, "--dry-run", today=purge_on - timedelta(days=1))[-1] == "I alt: 0"
    listed = run(app, "--dry-run", today=purge_on)
    assert any(line.startswith(f"sag {number}") and "slettes" in line for line in listed)
    assert db.session.get(Case, training.id) is not None and storage().exists(key)

    run(app, today=purge_on)
    db.session.expire_all()
    remaining = set(db.session.scalars(select(Case.id)).all())
    assert not (ids & remaining)
    assert not storage().exists(key)
    for model in (CaseEvent, Decision, Attachment):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model
    records = db.session.scalars(select(RetentionRecord).order_by(RetentionRecord.id)).all()
    training_record = next(r for r in records if r.reference == number)
    assert (training_record.kind, training_record.cases, training_record.files) == ("case", 2, 1)
    assert training_record.counted_from == ENDS
    assert family.parent.name not in str([vars(r) for r in records])


def test_a_refused_case_is_kept_for_the_municipalitys_years_from_its_end(
    app, db, esbjerg, approved_family
):
    esbjerg.settings_data = {"case_retention_years": 2}
    family = approved_family(municipality=esbjerg)
    refused = tracking.submitted_case(
        family.parent, esbjerg, received=today_local() - timedelta(days=5)
    )
    tracking.decide(refused, family.caseworker, on=today_local(), outcome="refused")
    ended = refused.updated_at.date()
    training_id, refused_id = family.training.id, refused.id
    assert run(app, "--dry-run", today=ended + relativedelta(years=2) - timedelta(days=1)) == [
        "I alt: 0"
    ]
    lines = run(app, today=ended + relativedelta(years=2))
    assert any(line.startswith(f"sag {refused.number}") for line in lines)
    db.session.expire_all()
    assert db.session.get(Case, refused_id) is None
    # The training is still running (the child is not 18): kept.
    assert db.session.get(Case, training_id) is not None


def test_an_open_complaint_keeps_the_case_however_old(app, db, approved_family):
    family = approved_family()
    complaints.complain(
        family.training, family.parent, reasons="Uenige.", now=tracking.at_noon(today_local())
    )
    db.session.commit()
    day = ENDS + relativedelta(years=10)
    training_id, number = family.training.id, family.training.number
    lines = run(app, "--dry-run", today=day)
    assert any(f"sag {number}" in line and "klage" in line for line in lines)
    run(app, today=day)
    db.session.expire_all()
    assert db.session.get(Case, training_id) is not None
    assert db.session.scalars(select(RetentionRecord)).all() == []
