"""A case's time and history as the pages show them, in the reader's language: the timeline
(portal.timeline) with its labels, and the status history in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal import timeline
from portal.i18n import gettext as _
from portal.i18n import locale_name, ngettext
from portal.models import Case, CaseEvent, Complaint
from portal.rules import formatting
from portal.rules.case_status import DECIDED_STATUSES
from portal.rules.labels import label
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings
from portal.timeutil import local_date, today_local


def _short(day: date) -> str:
    return formatting.short_date(day, locale_name())


def closed_on(case: Case) -> date | None:
    """The day a closed case was decided, withdrawn or taken to note: for a decided case the
    decision that ended its handling time, which a decision made later after a complaint does
    not move. A case Ankestyrelsen sent back was handled again, and the first decision after
    its return ends that."""
    if case.status in DECIDED_STATUSES and case.decisions:
        returned = [e.at for e in case.events if e.kind == "ankestyrelsen_sent_back"]
        after = [d for d in case.decisions if not returned or d.decided_at > returned[-1]]
        ending = after[0] if after else case.decisions[-1]
        return local_date(ending.decided_at)
    if case.status in ("withdrawn", "noted"):
        return local_date(case.updated_at)
    return None


# The label of the day a case closed, by how it closed.
_CLOSED_LABELS = {
    "decided": lambda day: _("Afgjort %(date)s", date=day),
    "withdrawn": lambda day: _("Trukket tilbage %(date)s", date=day),
    "noted": lambda day: _("Taget til efterretning %(date)s", date=day),
}

# In a list of cases the picture is drawn smaller; fewer units keep its text readable.
COMPACT = 480


def case_timeline(
    case: Case, today: date | None = None, *, width: int = timeline.WIDTH
) -> timeline.Timeline:
    today = today or today_local()
    closed = closed_on(case)
    labels = {
        "received": _("Modtaget %(date)s", date=_short(local_date(case.received_at))),
        "due": _("Forventet %(date)s", date=_short(case.due_date)),
        "expected": _("Ny dato %(date)s", date=_short(case.expected_date))
        if case.expected_date
        else "",
        "today": _("I dag"),
        "closed": _CLOSED_LABELS["decided" if case.status in DECIDED_STATUSES else case.status](
            _short(closed)
        )
        if closed
        else "",
    }
    return timeline.build(
        local_date(case.received_at),
        case.due_date,
        today,
        labels=labels,
        expected=case.expected_date,
        closed_on=closed,
        closed_kind=("decided" if case.status in DECIDED_STATUSES else case.status)
        if closed
        else None,
        settings=case.settings,
        width=width,
    )


@dataclass(frozen=True)
class HistoryItem:
    at: datetime
    text: str
    actor: str
    note: str | None


def event_text(event: CaseEvent) -> str:
    """What happened, in the reader's language: "Status er ændret til „Under behandling“"."""
    params = {
        "actor": event.actor_name,
        "status": _(label("status", event.to_status)) if event.to_status else "",
        "outcome": _(label("outcome", event.note))
        if event.kind in ("decided", "decision_changed") and event.note
        else "",
    }
    return _(label("event", event.kind)) % params


def history(case: Case, *, for_parent: bool) -> list[HistoryItem]:
    """The case's events, newest first. Parents read "I" for themselves."""
    items = []
    for event in case.events:
        text = event_text(event)
        if event.actor_kind == "parent" and for_parent:
            actor = _("I")
        elif event.actor_kind == "staff":
            actor = event.actor_name
        elif event.actor_kind == "parent":
            actor = _("Familien (%(name)s)", name=event.actor_name)
        else:
            actor = _("Kommunen")
        note = None if event.kind in ("decided", "decision_changed") else event.note
        items.append(HistoryItem(event.at, text, actor, note))
    return list(reversed(items))


def handling_time_text(case_type: str, settings: MunicipalitySettings | None = None) -> str:
    """The municipality's handling time for a request type, as the family reads it."""
    settings = settings or DEFAULT_SETTINGS
    period = settings.handling_times[case_type]
    if period.unit == "weeks":
        length = ngettext("%(num)s uge", "%(num)s uger", period.count)
    else:
        length = ngettext("%(num)s måned", "%(num)s måneder", period.count)
    if case_type == "annual_budget":
        return _(
            "Sendes senest %(day)s. Kommunens sagsbehandlingstid er %(length)s.",
            day=formatting.day_and_month(settings.budget_due.in_year(2000), locale_name()),
            length=length,
        )
    if case_type == "accounts":
        return _(
            "Sendes senest %(day)s. Kommunen forventer at træffe afgørelse %(decision)s.",
            day=formatting.day_and_month(settings.accounts_due.in_year(2001), locale_name()),
            decision=formatting.day_and_month(
                settings.accounts_decision.in_year(2001), locale_name()
            ),
        )
    return _(
        "Kommunens sagsbehandlingstid er %(length)s fra den dag, den har modtaget det.",
        length=length,
    )


def complaint_timeline(
    complaint: Complaint, case: Case, today: date | None = None
) -> timeline.Timeline:
    """The reconsideration's time: the complaint received, its deadline, and today or the day
    the municipality changed the decision or forwarded the complaint."""
    today = today or today_local()
    due = complaint.reconsider_by or complaint.received_on
    closed = local_date(complaint.reconsidered_at) if complaint.reconsidered_at else None
    labels = {
        "received": _("Klage modtaget %(date)s", date=_short(complaint.received_on)),
        "due": _("Genvurderes senest %(date)s", date=_short(due)),
        "expected": "",
        "today": _("I dag"),
        "closed": _("Genvurderet %(date)s", date=_short(closed)) if closed else "",
    }
    return timeline.build(
        complaint.received_on,
        due,
        today,
        labels=labels,
        closed_on=closed,
        closed_kind="decided" if closed else None,
        settings=case.settings,
    )
