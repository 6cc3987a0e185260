"""A case's statuses, the changes between them and who may make each change.

Pure data and checks: portal.services.cases makes the changes and records them, the pages
show the labels and explanations, and the tests ask these tables. Every change is recorded
with who made it, when and why, because the parents must be able to follow their case and
the municipality must tell them in writing when it cannot keep its handling time
(Retssikkerhedsloven § 3, seed 000: "Kan tidsfristen ikke overholdes, skal borgere have
skriftlig besked herom").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Literal

from portal.rules.i18n import N_

__all__ = [
    "ACTORS",
    "CLOSED_STATUSES",
    "DEFAULT_COMPLAINT_GUIDANCE",
    "EVENT_LABELS",
    "OPEN_STATUSES",
    "OUTCOMES",
    "OUTCOME_LABELS",
    "STATUSES",
    "STATUS_EXPLANATIONS",
    "STATUS_LABELS",
    "TRANSITIONS",
    "Actor",
    "TransitionRefused",
    "allowed_next",
    "check_open",
    "check_transition",
    "delay_notice_problem",
    "is_open",
]

Actor = Literal["parent", "staff", "system"]
ACTORS: tuple[Actor, ...] = ("parent", "staff", "system")

STATUSES: tuple[str, ...] = (
    "received",
    "under_review",
    "information_requested",
    "decided",
    "withdrawn",
)
OPEN_STATUSES: frozenset[str] = frozenset({"received", "under_review", "information_requested"})
CLOSED_STATUSES: frozenset[str] = frozenset({"decided", "withdrawn"})

STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "received": N_("Modtaget"),
        "under_review": N_("Under behandling"),
        "information_requested": N_("Kommunen mangler oplysninger"),
        "decided": N_("Afgjort"),
        "withdrawn": N_("Trukket tilbage"),
    }
)

# What the status means for the family, in plain Danish.
STATUS_EXPLANATIONS: Mapping[str, str] = MappingProxyType(
    {
        "received": N_(
            "Kommunen har modtaget ansøgningen. En sagsbehandler går i gang med den, og I får "
            "besked, når der sker noget."
        ),
        "under_review": N_(
            "En sagsbehandler arbejder på sagen. Kommunen kontakter jer, hvis den har brug for "
            "flere oplysninger."
        ),
        "information_requested": N_(
            "Sagsbehandleren har brug for flere oplysninger fra jer. Svar på spørgsmålet "
            "herunder, så sagen kan komme videre."
        ),
        "decided": N_(
            "Kommunen har truffet afgørelse. Læs afgørelsen og vejledningen om, hvordan I kan "
            "klage."
        ),
        "withdrawn": N_("I har trukket ansøgningen tilbage. Kommunen behandler den ikke videre."),
    }
)

# (from, to) -> who may make the change. Decided and withdrawn are final: a complaint about a
# decision is a new step for the municipality and Ankestyrelsen, not a change of this case.
# Only the parents withdraw their own request; only the municipality asks, reviews and decides.
# A parent's answer puts the case back under review.
TRANSITIONS: Mapping[tuple[str, str], frozenset[Actor]] = MappingProxyType(
    {
        ("received", "under_review"): frozenset({"staff"}),
        ("received", "information_requested"): frozenset({"staff"}),
        ("received", "decided"): frozenset({"staff"}),
        ("received", "withdrawn"): frozenset({"parent"}),
        ("under_review", "information_requested"): frozenset({"staff"}),
        ("under_review", "decided"): frozenset({"staff"}),
        ("under_review", "withdrawn"): frozenset({"parent"}),
        ("information_requested", "under_review"): frozenset({"staff", "parent"}),
        ("information_requested", "decided"): frozenset({"staff"}),
        ("information_requested", "withdrawn"): frozenset({"parent"}),
    }
)

OUTCOMES: tuple[str, ...] = ("approved", "partly_approved", "refused")
OUTCOME_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "approved": N_("Bevilget"),
        "partly_approved": N_("Delvist bevilget"),
        "refused": N_("Afslag"),
    }
)

# The history as the parents read it; %(...)s are filled in by the page.
EVENT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "received": N_("Sendt til kommunen"),
        "taken": N_("Sagen har fået en sagsbehandler"),
        "status_changed": N_("Status er ændret til „%(status)s“"),
        "information_requested": N_("Kommunen har bedt om flere oplysninger"),
        "information_answered": N_("Familien har svaret på kommunens spørgsmål"),
        "delay_notice": N_("Kommunen har givet besked om, at afgørelsen bliver forsinket"),
        "decided": N_("Kommunen har truffet afgørelse: %(outcome)s"),
        "withdrawn": N_("Trukket tilbage af familien"),
        "attachments_added": N_("Familien har sendt bilag"),
        "attachment_removed": N_("Kommunen har fjernet et bilag fra sagen"),
        # Issue 15: the other holder of custody's answer, and a sending without it.
        "custody_consented": N_("Den anden forældremyndighedsindehaver har givet samtykke"),
        "custody_declined": N_("Den anden forældremyndighedsindehaver har ikke givet samtykke"),
        "sent_without_consent": N_("Sendt uden den anden forældremyndighedsindehavers samtykke"),
        # A hearing (partshøring, portal.rules.hearings) sent to the family, and their answer.
        "hearing_sent": N_("Kommunen har sendt et forslag i høring hos familien"),
        "hearing_answered": N_("Familien har svaret på høringen"),
    }
)

# Every decision must give reasons and complaint guidance (forvaltningsloven §§ 24-25, cited
# in seeds 000 and 003; "Du vil modtage en skriftlig afgørelse med klagevejledning", seed 001).
# The 4 weeks and the municipality's reconsideration before Ankestyrelsen are
# Retssikkerhedsloven §§ 66-67 (not in the seeds). The caseworker adapts the text per decision.
DEFAULT_COMPLAINT_GUIDANCE = N_(
    "I kan klage over afgørelsen. Klagen skal være modtaget i kommunen senest 4 uger efter, at "
    "I har fået afgørelsen. I kan klage skriftligt eller mundtligt til kommunen. Kommunen ser "
    "på sagen igen. Fastholder kommunen afgørelsen, sender den klagen videre til "
    "Ankestyrelsen (retssikkerhedsloven §§ 66-67)."
)


class TransitionRefused(Exception):
    """A change of status that the rules do not allow. ``msgid`` is the Danish message and
    ``params`` name statuses (their label msgids), translated by the Flask layer."""

    def __init__(self, msgid: str, **params: str) -> None:
        super().__init__(msgid % params if params else msgid)
        self.msgid = msgid
        self.params = params


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def allowed_next(status: str, actor: Actor) -> list[str]:
    """The statuses ``actor`` may move a case in ``status`` to, in the order of STATUSES."""
    return [to for to in STATUSES if actor in TRANSITIONS.get((status, to), frozenset())]


def check_open(status: str) -> None:
    """Raise ``TransitionRefused`` if the case is closed: decided or withdrawn cases are final."""
    if status == "decided":
        raise TransitionRefused(N_("Sagen er afgjort. Den kan ikke ændres."))
    if status == "withdrawn":
        raise TransitionRefused(N_("Ansøgningen er trukket tilbage. Sagen kan ikke ændres."))


def check_transition(from_status: str, to_status: str, actor: Actor) -> None:
    """Raise ``TransitionRefused`` unless ``actor`` may move a case from one status to another."""
    for status in (from_status, to_status):
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
    if actor not in ACTORS:
        raise ValueError(f"unknown actor {actor!r}")
    check_open(from_status)
    if from_status == to_status:
        raise TransitionRefused(
            N_("Sagen har allerede status „%(status)s“."), status=STATUS_LABELS[to_status]
        )
    allowed = TRANSITIONS.get((from_status, to_status))
    if allowed is None:
        raise TransitionRefused(
            N_("En sag med status „%(from_status)s“ kan ikke få status „%(to_status)s“."),
            from_status=STATUS_LABELS[from_status],
            to_status=STATUS_LABELS[to_status],
        )
    if actor not in allowed:
        if to_status == "withdrawn":
            raise TransitionRefused(N_("Kun forældrene kan trække en ansøgning tilbage."))
        raise TransitionRefused(
            N_("Kun kommunen kan give sagen status „%(to_status)s“."),
            to_status=STATUS_LABELS[to_status],
        )


def delay_notice_problem(new_date: date, *, due: date, today: date) -> str | None:
    """Why a new expected decision date cannot be given, or None.

    A notice of delay tells the family that the municipality cannot keep its handling time,
    and when they can expect a decision instead (Retssikkerhedsloven § 3, seed 000: "borgere
    har et lovbestemt krav på at få oplyst, hvornår der kan forventes en afgørelse"). So the
    new date lies after the deadline, and in the future."""
    if new_date <= today:
        return N_("Skriv en dato efter i dag.")
    if new_date <= due:
        return N_(
            "Skriv en dato efter fristen. Kan kommunen træffe afgørelse inden fristen, er der "
            "ingen forsinkelse at give besked om."
        )
    return None
