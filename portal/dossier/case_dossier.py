"""The whole case as one Word document for the caseworker's desk and the visitation committee.

Order (issue 6, point 2): a cover with the case's key facts; every section of the
application in the order of Bilag 8 (seed 001), with the time-and-phase plan as one table per
goal (the rows of Bilag 9), the weekly schedule as a week table with totals, and the budget as
one table per category with the year's cap (Bilag 11); then the rules' findings; what a
visitation committee needs to see of the case's course: the questions to the family and their
answers, the notices of delay and the decision with its reasons per budget line; the
attachments with their SHA-256 (numbered as in the case's ZIP), and the status history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from portal.dossier import accounts_section, complaints_part, decision_letter, kit
from portal.dossier.accounts_section import AccountsDossier
from portal.dossier.complaints_part import ComplaintRow
from portal.dossier.decision_letter import LetterData
from portal.i18n import gettext as _
from portal.i18n import in_danish
from portal.rules.budget import BudgetCheck
from portal.rules.findings import Finding
from portal.rules.formatting import clock, cpr, file_size, long_date, money, number
from portal.rules.labels import label
from portal.rules.lost_earnings import FamilyEarnings, LostEarningsEstimate
from portal.rules.schedule import WeekTotals
from portal.wizard.case_view import Section
from portal.wizard.checks import message
from portal.wizard.steps import ACCOUNTS, ATTACHMENTS, BUDGET, GOALS, LOST_EARNINGS, SCHEDULE


@dataclass(frozen=True)
class AttachmentRow:
    kind: str
    name: str
    size: int
    sha256: str
    uploaded: datetime
    uploaded_by: str
    note: str = ""


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    what: str
    by: str
    note: str = ""


@dataclass(frozen=True)
class QuestionRow:
    asked_at: datetime
    asked_by: str
    question: str
    answer_by: date | None = None
    answer: str | None = None
    answered_at: datetime | None = None
    answered_by: str | None = None
    # Names of the files sent as the answer (portal.models.Attachment.info_request_id).
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class DelayRow:
    recorded_at: datetime
    recorded_by: str
    previous_date: date
    new_date: date
    reason: str


@dataclass(frozen=True)
class HearingRow:
    kind: str
    sent_at: datetime
    sent_by: str
    subject: str
    answer_by: date
    answer: str | None = None
    answered_at: datetime | None = None
    answered_by: str | None = None
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupervisionRow:
    """One supervision visit as the dossier writes it: labels already in the reader's language.
    `plan` and `report` are (question, answer) rows; empty when there is none."""

    planned_on: date
    state: str
    note: str = ""
    plan_sent: str = ""
    plan: tuple[tuple[str, str], ...] = ()
    plan_files: tuple[str, ...] = ()
    held_on: date | None = None
    report: tuple[tuple[str, str], ...] = ()
    report_sent: str = ""
    follow_up: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DossierData:
    municipality: str
    number: str
    case_type: str
    status: str
    child_name: str
    child_cpr: str
    child_birth_date: date
    applicant: str
    adults: list[tuple[str, str, str]]  # name, relation to the child, custody
    received_at: datetime
    due_date: date
    expected_date: date | None
    sections: list[Section]
    schedule: list[dict] = field(default_factory=list)  # typed rows, as the rules read them
    week: WeekTotals | None = None
    weekly_cap: Decimal | None = None
    budget: BudgetCheck | None = None
    # The guiding estimate per parent who applies for lost earnings, with the figures of the
    # day the request was received; and the parents' names in the same order.
    lost_earnings: FamilyEarnings | None = None
    lost_earnings_names: list[str] = field(default_factory=list)
    category_labels: dict[str, str] = field(default_factory=dict)
    day_labels: dict[str, str] = field(default_factory=dict)
    kind_labels: dict[str, str] = field(default_factory=dict)
    findings: list[tuple[str, str, Finding]] = field(default_factory=list)
    section_titles: dict[str, str] = field(default_factory=dict)
    attachments: list[AttachmentRow] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    caseworker: str | None = None
    questions: list[QuestionRow] = field(default_factory=list)
    delays: list[DelayRow] = field(default_factory=list)
    # Hearings (partshøring) on the case: the proposal as sent and the family's answer.
    hearings: list[HearingRow] = field(default_factory=list)
    # The training's supervision visits, plans and reports (Bekendtgørelse § 4; Bilag 13, 14).
    supervision: list[SupervisionRow] = field(default_factory=list)
    # For accounts: the lines as reviewed, the ledger and the claim.
    accounts: AccountsDossier | None = None
    # The end or change of the training (portal.services.training.dossier_rows): (what, as
    # read) rows under their own heading; empty for a request that neither is nor has one.
    training_heading: str = ""
    training_rows: list[tuple[str, str]] = field(default_factory=list)
    decision: LetterData | None = None
    # The other holder of custody's consent (issue 15): (what, as read) rows for the cover.
    custody_consent: list[tuple[str, str]] = field(default_factory=list)
    # Decisions replaced after a complaint, oldest first: (number, replaced at, the letter's
    # data); and every complaint on the case.
    earlier_decisions: list[tuple[int, date, LetterData]] = field(default_factory=list)
    complaints: list[ComplaintRow] = field(default_factory=list)


@in_danish
def build(data: DossierData) -> bytes:
    document = kit.new_document(
        title=_("Sag %(number)s", number=data.number),
        footer=_(
            "%(municipality)s · Sag %(number)s", municipality=data.municipality, number=data.number
        ),
    )
    _cover(document, data)
    kit.heading(document, _("Ansøgningen"), 1)
    for section in data.sections:
        if section.slug == GOALS.slug:
            _goals(document, section)
        elif section.slug == SCHEDULE.slug:
            _schedule(document, section, data)
        elif section.slug == BUDGET.slug:
            _budget(document, section, data)
        elif section.slug == ACCOUNTS.slug and data.accounts is not None:
            continue  # the ledger as kept, with its lines and receipts, follows below
        elif section.slug == LOST_EARNINGS.slug:
            _generic(document, section)
            _lost_earnings(document, data)
        else:
            _generic(document, section)
    _findings(document, data)
    _questions(document, data)
    _delays(document, data)
    _hearings(document, data)
    _supervision(document, data)
    accounts_section.write(document, data.accounts)
    _training(document, data)
    _decision(document, data)
    _earlier_decisions(document, data)
    complaints_part.complaints(document, data.complaints)
    _history(document, data)
    # Last, as the application's own step says: "sidst i sagsakten".
    _attachments(document, data)
    return kit.to_bytes(document)


def _cover(document, data: DossierData) -> None:
    kit.heading(document, _("Sag %(number)s", number=data.number), 0)
    kit.paragraph(document, f"{data.municipality} – {data.case_type}", bold=True)
    rows = [
        (_("Kommune"), data.municipality),
        (_("Sagsnummer"), data.number),
        (_("Sagstype"), data.case_type),
        (_("Status"), data.status),
        (_("Barn"), data.child_name),
        (_("CPR-nummer"), cpr(data.child_cpr)),
        (_("Fødselsdato"), long_date(data.child_birth_date)),
        (_("Ansøger"), data.applicant),
    ]
    for name, relation, custody in data.adults:
        rows.append(
            (
                _("Forælder"),
                _(
                    "%(name)s (%(relation)s; forældremyndighed: %(custody)s)",
                    name=name,
                    relation=relation,
                    custody=custody,
                ),
            )
        )
    rows += data.custody_consent
    rows += [
        (_("Modtaget"), long_date(data.received_at)),
        (_("Forventet afgørelse (kommunens sagsbehandlingstid)"), long_date(data.due_date)),
    ]
    if data.expected_date and data.expected_date != data.due_date:
        rows.append((_("Forventet afgørelse (varslet)"), long_date(data.expected_date)))
    rows.append((_("Sagsbehandler"), data.caseworker or _("Ingen")))
    kit.table(document, None, rows, widths=(5, 11), bold_first_column=True)


def _generic(document, section: Section) -> None:
    kit.heading(document, section.title, 2)
    if section.slug == ATTACHMENTS.slug:
        # The step lists the files as sent; the case's own list below has them all.
        kit.paragraph(document, _("Filerne står i afsnittet „Bilag“ sidst i sagsakten."))
        return
    if section.rows:
        kit.table(
            document,
            (_("Spørgsmål"), _("Svar")),
            [(row.label, row.value or "–") for row in section.rows],
            widths=(6, 10),
        )
    for item_list in section.lists:
        kit.heading(document, item_list.title, 3)
        if not item_list.items:
            kit.paragraph(document, _("Ingen."))
        for item in item_list.items:
            kit.paragraph(document, item.title, bold=True)
            kit.table(
                document,
                (_("Spørgsmål"), _("Svar")),
                [(row.label, row.value or "–") for row in item.rows],
                widths=(6, 10),
            )


def _goals(document, section: Section) -> None:
    kit.heading(document, _("Tids- og faseplan"), 2)
    goals = section.lists[0].items if section.lists else []
    if not goals:
        kit.paragraph(document, _("Der er ikke beskrevet nogen mål."))
    for goal in goals:
        title = next((r.value for r in goal.rows if r.key == "title"), "")
        kit.heading(document, f"{goal.title}: {title}" if title else goal.title, 3)
        kit.table(
            document,
            (_("Punkt"), _("Beskrivelse")),
            [(row.label, row.value or "–") for row in goal.rows],
            widths=(5, 11),
            bold_first_column=True,
        )


def _schedule(document, section: Section, data: DossierData) -> None:
    kit.heading(document, _("Ugeskema"), 2)
    order = list(data.day_labels)
    rows = sorted(
        data.schedule,
        key=lambda e: (
            order.index(e["day"]) if e["day"] in order else 99,
            e.get("start") or time.min,
        ),
    )
    if not rows:
        kit.paragraph(document, _("Der er ikke udfyldt et ugeskema."))
    else:
        kit.table(
            document,
            (_("Dag"), _("Fra"), _("Til"), _("Slags"), _("Aktivitet"), _("Metode")),
            [
                (
                    data.day_labels.get(e["day"], e["day"]),
                    clock(e.get("start")),
                    clock(e.get("end")),
                    data.kind_labels.get(e["kind"], e["kind"]),
                    e.get("activity") or "",
                    e.get("method") or "",
                )
                for e in rows
            ],
            widths=(2.2, 1.5, 1.5, 2.3, 5, 3.5),
        )
    if data.week is not None:
        totals = [
            (data.kind_labels.get(kind, kind), number(hours))
            for kind, hours in data.week.hours_by_kind.items()
        ]
        label = _("Skole og træning i alt") if data.week.school_age else _("Træning i alt")
        totals.append((label, number(data.week.capped_hours)))
        if data.weekly_cap is not None:
            totals.append((_("Kommunens ramme"), number(data.weekly_cap)))
        kit.table(document, (_("Timer om ugen"), _("Timer")), totals, widths=(8, 3))


def _budget(document, section: Section, data: DossierData) -> None:
    kit.heading(document, _("Budget"), 2)
    result = data.budget
    if result is None or not result.lines:
        kit.paragraph(document, _("Der er ikke søgt om udgifter til træningen."))
    else:
        kit.paragraph(document, _("Budgetår: %(year)s", year=result.year))
        for category, label in data.category_labels.items():
            lines = [line for line in result.lines if line.category == category]
            if not lines:
                continue
            kit.heading(document, label, 3)
            # Numbered as the decision numbers its lines (the line's place in the budget), so
            # a line grouped here under its category is found by number in the decision.
            rows = [
                (
                    str(line.index + 1),
                    line.description,
                    number(line.quantity) if line.quantity is not None else "",
                    number(line.hours_per_week) if line.hours_per_week is not None else "",
                    money(line.amount),
                    line.justification,
                )
                for line in lines
            ]
            rows.append(("", _("I alt"), "", "", money(result.totals[category]), ""))
            kit.table(
                document,
                (_("Nr."), _("Udgift"), _("Antal"), _("Timer/uge"), _("Beløb"), _("Begrundelse")),
                rows,
                widths=(1, 4.2, 1.4, 1.6, 2.5, 5.3),
            )
        totals = [
            (_("Udgifter til træning i alt"), money(result.total_training)),
            (_("Loft for ét barn (%(year)s-niveau)", year=result.cap_year), money(result.cap)),
            (_("Tilbage under loftet"), money(result.remaining)),
        ]
        kit.table(document, (_("Budgettet"), _("Beløb")), totals, widths=(8, 4))
        if result.cap_year != result.year:
            kit.paragraph(
                document,
                _(
                    "Loftet for %(year)s er ikke lagt ind i portalen endnu; "
                    "vi har brugt %(cap)s (%(cap_year)s-niveau).",
                    year=result.year,
                    cap=money(result.cap),
                    cap_year=result.cap_year,
                ),
            )


def estimate_rows(estimate: LostEarningsEstimate) -> list[tuple[str, str]]:
    """The calculation as two columns of text, deductions with a minus."""
    return [
        (_(row.msgid, **row.params), f"-{money(row.amount)}" if row.sign else money(row.amount))
        for row in estimate.rows
    ]


def _lost_earnings(document, data: DossierData) -> None:
    if data.lost_earnings is None or not data.lost_earnings.estimates:
        return
    kit.heading(document, _("Vejledende beregning"), 3)
    for estimate, name in zip(data.lost_earnings.estimates, data.lost_earnings_names, strict=True):
        kit.paragraph(document, name, bold=True)
        kit.table(document, (_("Om måneden"), _("Beløb")), estimate_rows(estimate), widths=(11, 5))
        if estimate.ceiling_year != estimate.year:
            kit.paragraph(
                document,
                _(
                    "Loftet for %(year)s er ikke lagt ind i portalen endnu; vi har brugt "
                    "%(ceiling)s om måneden (%(ceiling_year)s-niveau).",
                    year=estimate.year,
                    ceiling=money(estimate.ceiling_full_time),
                    ceiling_year=estimate.ceiling_year,
                ),
            )
        if estimate.tax_rate_assumed:
            kit.paragraph(
                document,
                _(
                    "Familien har ikke skrevet trækprocent; der er regnet med %(rate)s %% uden "
                    "fradrag.",
                    rate=number(estimate.tax_rate),
                ),
            )
    kit.paragraph(
        document,
        _(
            "Kilde: %(source)s; loftet: %(ceiling)s.",
            source=_LOST_EARNINGS_SOURCE,
            ceiling=data.lost_earnings.estimates[0].ceiling_source,
        ),
    )


_LOST_EARNINGS_SOURCE = (
    "Serviceloven § 42, stk. 3 (Esbjerg Kommunes vejledning om hjemmetræning, bilag 3); "
    "Ankestyrelsens notat om hjemmetræning og tabt arbejdsfortjeneste, pkt. 237-244"
)


def _kind(finding: Finding) -> str:
    if finding.is_error:
        return _("Fejl")
    return _("Oplysning") if finding.is_note else _("Råd")


def _findings(document, data: DossierData) -> None:
    kit.heading(document, _("Regeltjek"), 1)
    if not data.findings:
        kit.paragraph(document, _("Reglerne har ingen bemærkninger til ansøgningen."))
        return
    # Judged as at the receipt (portal.services.case_rules); a note tells what has passed since.
    kit.paragraph(
        document,
        _("Reglerne er kørt på ansøgningen, som den var den dag, kommunen modtog den."),
    )
    kit.table(
        document,
        (_("Afsnit"), _("Gælder"), _("Art"), _("Bemærkning"), _("Grundlag")),
        [
            (
                data.section_titles.get(slug, slug),
                concerns,
                _kind(finding),
                message(finding),
                finding.source,
            )
            for slug, concerns, finding in data.findings
        ],
        widths=(2.5, 2, 1.3, 6.7, 3.5),
    )


def _attachments(document, data: DossierData) -> None:
    kit.heading(document, _("Bilag"), 1)
    if not data.attachments:
        kit.paragraph(document, _("Der er ingen bilag."))
        return
    kit.table(
        document,
        (_("Nr."), _("Type"), _("Fil"), _("Størrelse"), _("Modtaget"), _("SHA-256")),
        [
            (
                str(n),
                a.kind,
                a.name,
                file_size(a.size),
                long_date(a.uploaded),
                kit.Unbroken(a.sha256),
            )
            for n, a in enumerate(data.attachments, start=1)
        ],
        widths=(1, 3, 3.6, 1.8, 2.6, 4),
    )


def _history(document, data: DossierData) -> None:
    kit.heading(document, _("Sagens forløb"), 1)
    kit.table(
        document,
        (_("Tidspunkt"), _("Hændelse"), _("Af"), _("Bemærkning")),
        [(long_date(h.at), h.what, h.by, h.note) for h in data.history],
        widths=(3.5, 4, 3.5, 5),
    )


def _questions(document, data: DossierData) -> None:
    kit.heading(document, _("Spørgsmål til familien"), 1)
    if not data.questions:
        kit.paragraph(document, _("Kommunen har ikke stillet familien spørgsmål i sagen."))
        return
    kit.table(
        document,
        (_("Spurgt"), _("Spørgsmål"), _("Svar ønsket senest"), _("Svar"), _("Besvaret")),
        [
            (
                f"{long_date(q.asked_at)}, {q.asked_by}",
                q.question,
                long_date(q.answer_by) if q.answer_by else "–",
                _answer_text(q),
                f"{long_date(q.answered_at)}, {q.answered_by or ''}".rstrip(", ")
                if q.answered_at
                else "–",
            )
            for q in data.questions
        ],
        widths=(3, 4.5, 2.3, 4.5, 2.7),
    )


def _answer_text(question: QuestionRow) -> str:
    answer = question.answer if question.answered_at else _("Ikke besvaret")
    if question.files:
        answer += " " + _("(Filer: %(names)s)", names=", ".join(question.files))
    return answer


def _delays(document, data: DossierData) -> None:
    kit.heading(document, _("Besked om forsinkelse"), 1)
    if not data.delays:
        kit.paragraph(document, _("Kommunen har ikke givet besked om forsinkelse."))
        return
    kit.table(
        document,
        (_("Givet"), _("Tidligere dato"), _("Ny forventet dato"), _("Begrundelse")),
        [
            (
                f"{long_date(d.recorded_at)}, {d.recorded_by}",
                long_date(d.previous_date),
                long_date(d.new_date),
                d.reason,
            )
            for d in data.delays
        ],
        widths=(3.5, 2.7, 2.7, 8),
    )


def _hearings(document, data: DossierData) -> None:
    if not data.hearings:
        return
    kit.heading(document, _("Høringer"), 1)
    for hearing in data.hearings:
        kit.heading(
            document,
            _(
                "%(kind)s, sendt %(date)s af %(name)s",
                kind=hearing.kind,
                date=long_date(hearing.sent_at),
                name=hearing.sent_by,
            ),
            2,
        )
        kit.paragraph(document, hearing.subject)
        if hearing.answered_at:
            answered = f"{long_date(hearing.answered_at)}, {hearing.answered_by or ''}"
            answer = hearing.answer or "–"
        else:
            answered, answer = "–", _("Ikke besvaret")
        rows = [
            (_("Svar senest"), long_date(hearing.answer_by)),
            (_("Besvaret"), answered.rstrip(", ")),
            (_("Familiens svar"), answer),
        ]
        if hearing.files:
            rows.append((_("Filer"), ", ".join(hearing.files)))
        kit.table(document, (_("Felt"), _("Indhold")), rows, widths=(4, 12.5))


def _supervision(document, data: DossierData) -> None:
    if not data.supervision:
        return
    kit.heading(document, _("Tilsyn"), 1)
    for visit in data.supervision:
        kit.heading(
            document,
            _(
                "Tilsynsbesøg %(date)s: %(state)s",
                date=long_date(visit.planned_on),
                state=visit.state,
            ),
            2,
        )
        if visit.note:
            kit.paragraph(document, visit.note)
        if visit.plan:
            kit.heading(
                document, _("Tids- og faseplan til tilsynet, %(sent)s", sent=visit.plan_sent), 3
            )
            rows = list(visit.plan)
            if visit.plan_files:
                rows.append((_("Filer"), ", ".join(visit.plan_files)))
            kit.table(document, (_("Spørgsmål"), _("Familiens svar")), rows, widths=(6, 10.5))
        if visit.report:
            kit.heading(document, _("Tilsynsrapport, %(sent)s", sent=visit.report_sent), 3)
            kit.table(
                document,
                (_("Emne"), _("Kommunens vurdering")),
                list(visit.report),
                widths=(6, 10.5),
            )
        if visit.follow_up:
            kit.heading(document, _("Opfølgning"), 3)
            kit.table(document, (_("Felt"), _("Indhold")), list(visit.follow_up), widths=(4, 12.5))


def _training(document, data: DossierData) -> None:
    if not data.training_rows:
        return
    kit.heading(document, data.training_heading, 1)
    kit.table(document, None, data.training_rows, widths=(5, 11), bold_first_column=True)


def _decision(document, data: DossierData) -> None:
    kit.heading(document, _("Afgørelse"), 1)
    decision = data.decision
    if decision is None:
        kit.paragraph(document, _("Der er endnu ikke truffet afgørelse."))
        return
    _decision_body(document, decision, 2)


def _earlier_decisions(document, data: DossierData) -> None:
    """Decisions changed after a complaint, or sent back by Ankestyrelsen, stay part of the
    case, each as it was made."""
    if not data.earlier_decisions:
        return
    kit.heading(document, _("Tidligere afgørelser"), 1)
    for sequence, replaced_at, decision in data.earlier_decisions:
        kit.heading(
            document,
            _(
                "Afgørelse nr. %(number)s, gælder ikke fra %(date)s",
                number=sequence,
                date=long_date(replaced_at),
            ),
            2,
        )
        _decision_body(document, decision, 3)


def _decision_body(document, decision: LetterData, level: int) -> None:
    facts = [
        (_("Afgørelse"), _(label("outcome", decision.outcome))),
        (_("Truffet af"), decision.decided_by),
        (_("Dato"), long_date(decision.decided_at)),
    ]
    if decision.next_supervision:
        facts.append((_("Næste tilsynsbesøg"), long_date(decision.next_supervision)))
    if decision.second_supervision:
        facts.append((_("Det følgende tilsynsbesøg"), long_date(decision.second_supervision)))
    kit.table(document, None, facts, widths=(5, 11), bold_first_column=True)
    kit.heading(document, _("Begrundelse"), level)
    for part in decision.text.splitlines():
        if part.strip():
            kit.paragraph(document, part)
    if decision.lines:
        kit.heading(document, _("Afgørelse for hver udgift"), level)
        decision_letter.lines_table(document, decision)
        if decision.cap is not None:
            kit.table(
                document,
                (_("Budgettet"), _("Beløb")),
                [
                    (_("Bevilget i alt"), money(decision.approved_total)),
                    (
                        _("Loft for ét barn (%(year)s-niveau)", year=decision.cap_year),
                        money(decision.cap),
                    ),
                    (_("Tilbage under loftet"), money(decision.cap - decision.approved_total)),
                ],
                widths=(8, 4),
            )
    if decision.lost_earnings:
        kit.heading(document, _("Afgørelse om tabt arbejdsfortjeneste"), level)
        decision_letter.grants_table(document, decision)
    kit.heading(document, _("Klagevejledning"), level)
    for part in decision.complaint_guidance.splitlines():
        if part.strip():
            kit.paragraph(document, part)
