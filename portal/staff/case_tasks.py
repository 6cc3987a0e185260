"""What waits for the caseworker on a case, at the top of the case page: from what the page
already knows, by the same rules the workspace and the reminders use (the deadline's state,
the supervision visit's state, the complaint's reconsideration), never a second reckoning of
"late"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for

from portal.i18n import gettext as _
from portal.i18n import locale_name, ngettext
from portal.models import Case, Hearing
from portal.rules import formatting
from portal.rules.deadlines import DeadlineState
from portal.rules.labels import label
from portal.services.complaints import ComplaintParts
from portal.services.supervision import VisitRow
from portal.services.training import OnCase
from portal.timeutil import local_date

# portal.rules.supervision.visit_state: the states SupervisionVisit.late selects in SQL.
_LATE_VISIT = frozenset({"visit_overdue", "report_overdue"})


def long_date(value: date | datetime) -> str:
    """The day in the reader's language; an instant by its Danish calendar day."""
    day = local_date(value) if isinstance(value, datetime) else value
    return formatting.long_date(day, locale_name())


@dataclass(frozen=True)
class Task:
    """One thing waiting on the case: what, and the link to where it is done or read."""

    text: str
    link: str
    href: str
    # Past its deadline: shown first, marked as an error.
    late: bool = False


def case_tasks(
    case: Case,
    today: date,
    *,
    deadline: DeadlineState | None,
    days_left: int,
    complaint_parts: ComplaintParts,
    visits: Sequence[VisitRow] | None,
    training: OnCase,
    hearings: Sequence[Hearing],
    is_open: bool,
    keeps_ledger: bool,
) -> list[Task]:
    """The tasks, the late ones first, else in the order the case page shows their sections."""
    found = [
        *_deadline(case, deadline, days_left, is_open),
        *_questions(case, today, is_open),
        *_complaints(case, complaint_parts),
        *_supervision(case, visits or ()),
        *_hearings(hearings, today, is_open),
        *_decision(case, training, is_open, keeps_ledger),
    ]
    return sorted(found, key=lambda task: not task.late)


def _deadline(
    case: Case, deadline: DeadlineState | None, days_left: int, is_open: bool
) -> list[Task]:
    tasks = []
    if is_open and case.assigned_to is None:
        tasks.append(Task(_("Sagen har ingen sagsbehandler."), _("Tag sagen"), "#action-take"))
    if deadline == "overdue":
        if case.expected_date is None:
            # Retssikkerhedsloven § 3: "Kan tidsfristen ikke overholdes, skal borgere have
            # skriftlig besked herom".
            text = _(
                "Fristen for afgørelse er overskredet med %(days)s dage, og familien har ikke "
                "fået besked om forsinkelse.",
                days=-days_left,
            )
            tasks.append(Task(text, _("Giv besked om forsinkelse"), "#action-delay", late=True))
        else:
            text = _(
                "Fristen for afgørelse er overskredet med %(days)s dage. Familien venter "
                "afgørelsen senest %(date)s.",
                days=-days_left,
                date=long_date(case.expected_date),
            )
            tasks.append(Task(text, _("Se status og frist"), "#tracking-heading", late=True))
    elif deadline == "soon":
        text = _(
            "Fristen for afgørelse er %(date)s, om %(days)s dage.",
            date=long_date(case.due_date),
            days=days_left,
        )
        tasks.append(Task(text, _("Se status og frist"), "#tracking-heading"))
    return tasks


def _questions(case: Case, today: date, is_open: bool) -> list[Task]:
    if not is_open or not case.information_requests:
        return []
    tasks = []
    for req in case.information_requests:
        if req.is_open and req.answer_by is not None and req.answer_by < today:
            text = _(
                "Familien har ikke svaret på spørgsmålet fra %(asked)s. Svaret var ønsket "
                "senest %(date)s.",
                asked=long_date(req.asked_at),
                date=long_date(req.answer_by),
            )
            tasks.append(Task(text, _("Se spørgsmål og svar"), "#questions-heading", late=True))
        elif req.is_open:
            text = _(
                "Spørgsmålet fra %(asked)s venter på familiens svar.", asked=long_date(req.asked_at)
            )
            tasks.append(Task(text, _("Se spørgsmål og svar"), "#questions-heading"))
    last = case.information_requests[-1]
    if not last.is_open:
        # The latest answer is what the decision still waits on while the case is open.
        text = _(
            "Familien svarede %(date)s på spørgsmålet fra %(asked)s.",
            date=long_date(last.answered_at),
            asked=long_date(last.asked_at),
        )
        tasks.append(Task(text, _("Læs svaret"), "#questions-heading"))
    return tasks


def _complaints(case: Case, parts: ComplaintParts) -> list[Task]:
    tasks = []
    where = url_for("staff.complaints", public_id=case.public_id)
    current = parts.current
    if current is not None and current.in_reconsideration:
        text = _(
            "Klagen modtaget %(received)s skal genvurderes senest %(date)s.",
            received=long_date(current.received_on),
            date=long_date(current.reconsider_by),
        )
        tasks.append(Task(text, _("Se klager og genvurdering"), where))
    elif current is not None and current.awaits_changed_decision:
        text = _("Ankestyrelsen har ændret afgørelsen. Den ændrede afgørelse mangler.")
        tasks.append(Task(text, _("Se klager og genvurdering"), where))
    waiting = [c for c in parts.complaints if c.kind == "handling_time" and c.answered_at is None]
    if waiting:
        text = ngettext(
            "%(num)s klage over sagsbehandlingstiden venter på svar.",
            "%(num)s klager over sagsbehandlingstiden venter på svar.",
            len(waiting),
        )
        tasks.append(Task(text, _("Se klager og genvurdering"), where))
    return tasks


def _supervision(case: Case, visits: Sequence[VisitRow]) -> list[Task]:
    tasks = []
    for row in visits:
        if row.state not in _LATE_VISIT:
            continue
        if row.state == "visit_overdue":
            text = _(
                "Tilsynsbesøget %(date)s er ikke registreret.",
                date=long_date(row.visit.planned_on),
            )
        else:
            text = _(
                "Rapporten fra tilsynsbesøget %(date)s skulle være sendt senest %(due)s.",
                date=long_date(row.visit.held_on),
                due=long_date(row.visit.report_due),
            )
        where = url_for(
            "staff.supervision_visit", public_id=case.public_id, visit_id=row.visit.public_id
        )
        tasks.append(Task(text, _("Gå til tilsynsbesøget"), where, late=True))
    return tasks


def _hearings(hearings: Sequence[Hearing], today: date, is_open: bool) -> list[Task]:
    tasks = []
    for hearing in hearings:
        kind = _(label("hearing", hearing.kind))
        if hearing.is_open and hearing.answer_by < today:
            text = _(
                "%(hearing)s: fristen for familiens svar var %(date)s.",
                hearing=kind,
                date=long_date(hearing.answer_by),
            )
            tasks.append(Task(text, _("Se høringen"), "#hearings-heading", late=True))
        elif hearing.is_open:
            text = _(
                "%(hearing)s: familien kan svare til og med %(date)s.",
                hearing=kind,
                date=long_date(hearing.answer_by),
            )
            tasks.append(Task(text, _("Se høringen"), "#hearings-heading"))
        elif is_open:
            text = _(
                "%(hearing)s: familien svarede %(date)s.",
                hearing=kind,
                date=long_date(hearing.answered_at),
            )
            tasks.append(Task(text, _("Læs svaret"), "#hearings-heading"))
    return tasks


def _decision(case: Case, training: OnCase, is_open: bool, keeps_ledger: bool) -> list[Task]:
    if training.change is not None and case.decision is None:
        where = url_for("staff.decide_change", public_id=case.public_id)
        return [Task(_("Afgørelsen om hjemmetræningen mangler."), _("Træf afgørelse"), where)]
    if not is_open:
        return []
    if keeps_ledger:
        where = url_for("staff.accounts", public_id=case.public_id)
        return [Task(_("Regnskabet er ikke gennemgået."), _("Gennemgå regnskabet"), where)]
    where = url_for("staff.decide", public_id=case.public_id)
    return [Task(_("Afgørelsen mangler."), _("Træf afgørelse"), where)]
