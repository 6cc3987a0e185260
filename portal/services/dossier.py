"""Collect what the dossier shows about a case, from the stored data."""

from __future__ import annotations

from portal.dossier.case_dossier import (
    AttachmentRow,
    DelayRow,
    DossierData,
    HearingRow,
    HistoryRow,
    QuestionRow,
    SupervisionRow,
)
from portal.dossier.complaints_part import ComplaintRow
from portal.i18n import gettext, in_danish
from portal.models import Case
from portal.rules import supervision as supervision_rules
from portal.rules.formatting import long_date
from portal.rules.labels import LABELS, label
from portal.rules.schedule import week_totals
from portal.services import (
    accounts,
    complaints,
    custody_consent,
    hearings,
    supervision,
    training,
)
from portal.services import attachments as case_files
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


@in_danish
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
    budget = document_budget(document, ctx)
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
        budget=budget,
        lost_earnings=document_lost_earnings(
            document, year=local_date(case.received_at).year, figures=ctx.figures
        ),
        lost_earnings_names=earning_parents(document),
        category_labels=_labels("budget_category"),
        day_labels=_labels("day"),
        kind_labels=_labels("activity"),
        findings=document_findings(document, ctx, budget=budget),
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
        accounts=accounts.dossier_part(case),
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
        supervision=_supervision_rows(case),
        decision=letter_data(case) if case.decision else None,
        earlier_decisions=[
            (d.sequence, local_date(d.superseded_at), letter_data(case, d))
            for d in case.decisions
            if d.superseded_at is not None
        ],
        complaints=_complaint_rows(case),
        **training.dossier_rows(case, today_local()),
    )


def _complaint_rows(case: Case) -> list[ComplaintRow]:
    """Every complaint on the case, oldest first, with all that came of it."""
    found = complaints.complaints_for(case)
    files = complaints.complaint_files(case) if found else {}
    rows = []
    for c in found:
        facts = [
            (
                gettext("Modtaget"),
                f"{long_date(c.received_on)} ({gettext(label('complaint_channel', c.channel))})",
            ),
            (gettext("Skrevet på sagen af"), f"{c.recorded_by_name}, {long_date(c.recorded_at)}"),
            (gettext("Begrundelse"), c.reasons),
        ]
        if files.get(c.id):
            names = ", ".join(a.original_name for a in files[c.id])
            facts.append((gettext("Filer"), names))
        if c.late:
            facts.append(
                (
                    gettext("Klagefrist"),
                    gettext("Modtaget efter klagefristen på 4 uger (retssikkerhedsloven § 67)."),
                )
            )
        if c.kind == "decision":
            facts.append((gettext("Genvurderes senest"), long_date(c.reconsider_by)))
            if c.outcome == "changed":
                facts.append(
                    (
                        gettext("Genvurdering"),
                        gettext(
                            "Afgørelsen ændret %(date)s af %(name)s",
                            date=long_date(c.reconsidered_at),
                            name=c.reconsidered_by_name,
                        ),
                    )
                )
            elif c.outcome == "forwarded":
                text = gettext(
                    "Afgørelsen fastholdt; klagen sendt til Ankestyrelsen %(date)s af %(name)s",
                    date=long_date(c.forwarded_on),
                    name=c.reconsidered_by_name,
                )
                facts.append((gettext("Genvurdering"), f"{text}. {c.forward_note or ''}".strip()))
            if c.result:
                answer = f"{gettext(label('complaint_result', c.result))}, {long_date(c.result_on)}"
                facts.append(
                    (
                        gettext("Ankestyrelsens afgørelse"),
                        f"{answer}. {c.result_note or ''}".strip(),
                    )
                )
            if c.new_due_date:
                facts.append(
                    (
                        gettext("Ny forventet afgørelse"),
                        gettext(
                            "%(new)s (før %(old)s)",
                            new=long_date(c.new_due_date),
                            old=long_date(c.previous_due_date),
                        ),
                    )
                )
        elif c.answered_at:
            facts.append(
                (
                    gettext("Kommunens svar"),
                    f"{c.answer} ({c.answered_by_name}, {long_date(c.answered_at)})",
                )
            )
        else:
            facts.append((gettext("Kommunens svar"), gettext("Ikke besvaret endnu")))
        title = gettext(label("complaint", c.kind))
        rows.append(ComplaintRow(f"{title}, {long_date(c.received_on)}", facts))
    return rows


def _text(value: str | None) -> str:
    return value or "–"


def _supervision_rows(case: Case) -> list[SupervisionRow]:
    """The training's visits with the plan, the record and report, and the follow-up."""
    if not supervision.is_training(case):
        return []
    today = today_local()
    rows = []
    for visit in supervision.visits_for(case, replaced=True):
        state = gettext(label("supervision_state", supervision.visit_state(visit, today)))
        note = ""
        if visit.moved_reason:
            note = (
                gettext("Ekstra besøg: %(reason)s", reason=visit.moved_reason)
                if visit.extra
                else gettext(
                    "Flyttet fra %(date)s: %(reason)s",
                    date=long_date(visit.moved_from),
                    reason=visit.moved_reason,
                )
            )
        plan = visit.plan
        plan_rows: list[tuple[str, str]] = []
        if plan is not None and plan.is_sent:
            for number, goal in enumerate(plan.goals, start=1):
                continues = {"ja": gettext("Ja"), "nej": gettext("Nej")}.get(
                    goal.get("continue"), "–"
                )
                plan_rows += [
                    (
                        gettext("Mål %(number)s: udvalgt mål", number=number),
                        _text(goal.get("goal")),
                    ),
                    (gettext("Metode"), _text(goal.get("method"))),
                    (gettext("Grad af målopfyldelse"), _text(goal.get("achievement"))),
                    (gettext("Skal målet fortsætte?"), continues),
                    (gettext("Ændringer"), _text(goal.get("changes"))),
                ]
            plan_rows += [
                (gettext(title), _text(plan.sections.get(key)))
                for key, title in supervision_rules.PLAN_SECTIONS.items()
            ]
        report_rows: list[tuple[str, str]] = []
        if visit.held_on is not None:
            participants = ", ".join(
                gettext(label("supervision_participant", p)) for p in visit.participants or []
            )
            report_rows = [
                (gettext("Dato for tilsynsbesøget"), long_date(visit.held_on)),
                (
                    gettext("Hvem deltog?"),
                    " ".join(filter(None, [participants, visit.participants_note or ""])),
                ),
                (
                    gettext("Er barnet hørt?"),
                    (gettext("Ja") if visit.child_heard else gettext("Nej"))
                    + (f". {visit.child_heard_how}" if visit.child_heard_how else ""),
                ),
                *(
                    (gettext(title), _text((visit.report or {}).get(key)))
                    for key, title in supervision_rules.REPORT_SECTIONS.items()
                ),
                (
                    gettext("Kommunens indstilling"),
                    f"{gettext(label('supervision_recommendation', visit.recommendation))}: "
                    f"{_text(visit.recommendation_reason)}"
                    if visit.recommendation
                    else "–",
                ),
            ]
        follow_up_rows: list[tuple[str, str]] = []
        if visit.follow_up:
            follow_up_rows = [
                (gettext("Opfølgning"), gettext(label("supervision_follow_up", visit.follow_up))),
                (gettext("Hvad sker der nu?"), _text(visit.follow_up_note)),
                (
                    gettext("Registreret"),
                    f"{long_date(visit.follow_up_at)}, {visit.follow_up_by_name}",
                ),
            ]
        rows.append(
            SupervisionRow(
                planned_on=visit.planned_on,
                state=state,
                note=note,
                plan_sent=gettext(
                    "sendt %(date)s af %(name)s",
                    date=long_date(plan.sent_at),
                    name=plan.sent_by_name,
                )
                if plan is not None and plan.is_sent
                else "",
                plan=tuple(plan_rows),
                plan_files=tuple(a.original_name for a in supervision.plan_files(plan)),
                held_on=visit.held_on,
                report=tuple(report_rows),
                report_sent=gettext(
                    "sendt til høring %(date)s af %(name)s",
                    date=long_date(visit.report_sent_at),
                    name=visit.report_sent_by_name,
                )
                if visit.report_sent
                else gettext("ikke sendt"),
                follow_up=tuple(follow_up_rows),
            )
        )
    return rows
