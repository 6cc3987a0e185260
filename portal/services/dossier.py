"""Collect what the dossier shows about a case, from the stored data."""

from __future__ import annotations

from portal.dossier.case_dossier import (
    AttachmentRow,
    DelayRow,
    DossierData,
    HearingRow,
    HistoryRow,
    QuestionRow,
)
from portal.i18n import gettext
from portal.models import Case
from portal.rules.formatting import long_date
from portal.rules.labels import LABELS, label
from portal.rules.schedule import week_totals
from portal.services import attachments as case_files
from portal.services import custody_consent, hearings, training
from portal.services.case_rules import receipt_context
from portal.services.decisions import letter_data
from portal.timeutil import local_date, today_local
from portal.tracking import event_text
from portal.wizard.case_view import Section
from portal.wizard.checks import (
    document_budget,
    document_findings,
    document_lost_earnings,
    document_schedule,
    earning_parents,
)
from portal.wizard.steps import SCHEDULE, steps_for


def _labels(concept: str) -> dict[str, str]:
    return {value: gettext(msgid) for value, msgid in LABELS[concept].items()}


def _custody_consent_rows(case: Case) -> list[tuple[str, str]]:
    """The other holder of custody's consent as the case was sent with it: its state, who
    answered, when and how they logged in (never the CPR number), and any statement."""
    consent = custody_consent.for_case(case)
    if consent is None:
        return []
    state = custody_consent.state_when_sent(consent, case.received_at)
    rows = [
        (
            gettext("Samtykke fra den anden forældremyndighedsindehaver"),
            gettext(label("consent_state", state)),
        )
    ]
    if consent.answered_at is not None:
        answered = gettext(
            "%(name)s, %(date)s, logget ind med %(login)s",
            name=consent.answered_by_name,
            date=long_date(consent.answered_at),
            login=gettext(label("login", consent.answered_by_provider or "")),
        )
        rows.append((gettext("Svaret af"), answered))
    if consent.reason:
        rows.append((gettext("Begrundelse for nej"), consent.reason))
    if consent.statement:
        rows.append(
            (gettext("Ansøgerens begrundelse for at sende uden samtykke"), consent.statement)
        )
    return rows


def dossier_data(case: Case, sections: list[Section]) -> DossierData:
    """What the dossier shows of `case`; `sections` are its answers read back
    (portal.forms.steps.case_sections)."""
    document = case.application or {}
    # Judged as at the receipt: the week's school age, the budget's year, the goals.
    ctx = receipt_context(case, today=today_local())
    adults = []
    for section in sections:
        for item_list in section.lists:
            if item_list.key != "adults":
                continue
            for item in item_list.items:
                values = {row.key: row.value for row in item.rows}
                adults.append(
                    (values.get("name", ""), values.get("relation", ""), values.get("custody", ""))
                )
    schedule = document_schedule(document)
    attachments = case_files.for_case(case, removed=False)
    answer_files = case_files.group_by_question(attachments)
    return DossierData(
        municipality=case.municipality.name,
        number=case.number,
        case_type=gettext(label("case_type", case.case_type)),
        status=gettext(label("status", case.status)),
        child_name=case.child_name,
        child_cpr=case.child_cpr,
        child_birth_date=case.child_birth_date,
        applicant=case.parent.name,
        adults=adults,
        custody_consent=_custody_consent_rows(case),
        received_at=case.received_at,
        due_date=case.due_date,
        expected_date=case.expected_date,
        sections=sections,
        schedule=schedule,
        week=week_totals(schedule, child_birth_date=case.child_birth_date, today=ctx.today)
        if SCHEDULE.slug in document
        else None,
        weekly_cap=ctx.settings.weekly_training_cap_hours,
        budget=document_budget(document, ctx),
        lost_earnings=document_lost_earnings(document, year=local_date(case.received_at).year),
        lost_earnings_names=earning_parents(document),
        category_labels=_labels("budget_category"),
        day_labels=_labels("day"),
        kind_labels=_labels("activity"),
        findings=document_findings(document, ctx),
        section_titles={step.slug: str(step.title) for step in steps_for(case.case_type)},
        attachments=[
            AttachmentRow(
                kind=gettext(label("attachment", a.kind)),
                name=a.original_name,
                size=a.size,
                sha256=a.sha256,
                uploaded=a.created_at,
                uploaded_by=a.uploaded_by_name,
                note=a.note or "",
            )
            for a in attachments
        ],
        history=[HistoryRow(e.at, event_text(e), e.actor_name, e.note or "") for e in case.events],
        caseworker=case.assigned_to.name if case.assigned_to else None,
        questions=[
            QuestionRow(
                asked_at=r.asked_at,
                asked_by=r.asked_by_name,
                question=r.question,
                answer_by=r.answer_by,
                answer=r.answer,
                answered_at=r.answered_at,
                answered_by=r.answered_by_name,
                files=tuple(a.original_name for a in answer_files.get(r.id, ())),
            )
            for r in case.information_requests
        ],
        delays=[
            DelayRow(
                recorded_at=n.recorded_at,
                recorded_by=n.recorded_by_name,
                previous_date=n.previous_date,
                new_date=n.new_expected_date,
                reason=n.reason,
            )
            for n in case.delay_notices
        ],
        hearings=[
            HearingRow(
                kind=gettext(label("hearing", h.kind)),
                sent_at=h.sent_at,
                sent_by=h.sent_by_name,
                subject=h.subject,
                answer_by=h.answer_by,
                answer=h.answer,
                answered_at=h.answered_at,
                answered_by=h.answered_by_name,
                files=tuple(a.original_name for a in h.attachments),
            )
            for h in hearings.hearings_for(case)
        ],
        decision=letter_data(case) if case.decision else None,
        **training.dossier_rows(case, today_local()),
    )
