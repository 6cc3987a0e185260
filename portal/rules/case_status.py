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
    "COMPLAINT_STATUSES",
    "DECIDED_STATUSES",
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
    "reconsideration",
    "forwarded",
    # A change during the year the municipality only needed to know of (portal.rules.changes).
    "noted",
)
OPEN_STATUSES: frozenset[str] = frozenset({"received", "under_review", "information_requested"})
CLOSED_STATUSES: frozenset[str] = frozenset({"decided", "withdrawn", "noted"})
# A decided case the family has complained about: the municipality reconsiders it, then
# Ankestyrelsen (Retssikkerhedsloven §§ 66-67). The decision stands meanwhile; the case
# changes only by a new decision or by Ankestyrelsen's answer.
COMPLAINT_STATUSES: frozenset[str] = frozenset({"reconsideration", "forwarded"})
# The statuses of a case that has a decision on file.
DECIDED_STATUSES: frozenset[str] = frozenset({"decided"}) | COMPLAINT_STATUSES

STATUS_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "received": N_("Modtaget"),
        "under_review": N_("Under behandling"),
        "information_requested": N_("Kommunen mangler oplysninger"),
        "decided": N_("Afgjort"),
        "withdrawn": N_("Trukket tilbage"),
        "reconsideration": N_("Genvurdering"),
        "forwarded": N_("Sendt til Ankestyrelsen"),
        "noted": N_("Taget til efterretning"),
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
        "reconsideration": N_(
            "Kommunen har modtaget jeres klage og ser på afgørelsen igen. Kommunen ændrer "
            "afgørelsen, eller den sender klagen videre til Ankestyrelsen. Afgørelsen gælder, "
            "indtil andet er besluttet."
        ),
        "forwarded": N_(
            "Kommunen har fastholdt afgørelsen og sendt jeres klage til Ankestyrelsen. "
            "Ankestyrelsen sender sin afgørelse til jer, og kommunen skriver den på sagen."
        ),
        "noted": N_(
            "Kommunen har taget ændringen til efterretning. Den ændrer ikke bevillingen. Læs "
            "kommunens besked i historikken."
        ),
    }
)

# (from, to) -> who may make the change. Withdrawn is final. A decided case changes only by a
# complaint: the family complains (or the caseworker records a complaint made orally or by
# letter: "I kan klage skriftligt eller mundtligt"), the municipality reconsiders it and either
# makes a new decision or upholds it and forwards the complaint to Ankestyrelsen, whose answer
# the caseworker records: upheld or changed (decided again) or sent back (under review again,
# with a new handling time). Retssikkerhedsloven §§ 66-67.
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
        ("decided", "reconsideration"): frozenset({"parent", "staff"}),
        ("reconsideration", "decided"): frozenset({"staff"}),
        ("reconsideration", "forwarded"): frozenset({"staff"}),
        ("forwarded", "decided"): frozenset({"staff"}),
        ("forwarded", "under_review"): frozenset({"staff"}),
        # A change the municipality only needs to know of is closed by taking it to note;
        # which requests may be is portal.rules.changes.NOTICE_TYPES.
        ("received", "noted"): frozenset({"staff"}),
        ("under_review", "noted"): frozenset({"staff"}),
        ("information_requested", "noted"): frozenset({"staff"}),
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
        # A file sent again under another kind keeps the one stored and takes the new kind.
        "attachment_kind_changed": N_("Familien har ændret, hvad et bilag er"),
        "accounts_reviewed": N_("Kommunen har gennemgået regnskabet"),
        # Issue 15: the other holder of custody's answer, and a sending without it.
        "custody_consented": N_("Den anden forældremyndighedsindehaver har givet samtykke"),
        "custody_declined": N_("Den anden forældremyndighedsindehaver har ikke givet samtykke"),
        # Databeskyttelsesforordningen art. 15: the parent took their own copy of everything.
        "own_data_copy": N_("Familien har hentet en kopi af alle sine oplysninger"),
        "sent_without_consent": N_("Sendt uden den anden forældremyndighedsindehavers samtykke"),
        "noted": N_("Kommunen har taget ændringen til efterretning"),
        # A hearing (partshøring, portal.rules.hearings) sent to the family, and their answer.
        "hearing_sent": N_("Kommunen har sendt et forslag i høring hos familien"),
        "hearing_answered": N_("Familien har svaret på høringen"),
        # Complaints (portal.rules.complaints).
        "complaint_received": N_("Kommunen har modtaget en klage over afgørelsen"),
        "decision_changed": N_("Kommunen har ændret afgørelsen efter klagen: %(outcome)s"),
        "complaint_forwarded": N_(
            "Kommunen har fastholdt afgørelsen og sendt klagen til Ankestyrelsen"
        ),
        "ankestyrelsen_upheld": N_("Ankestyrelsen har stadfæstet afgørelsen"),
        "ankestyrelsen_changed": N_("Ankestyrelsen har ændret afgørelsen"),
        "ankestyrelsen_sent_back": N_(
            "Ankestyrelsen har sendt sagen tilbage til kommunen (hjemvist)"
        ),
        "handling_time_complaint": N_("Familien har klaget over sagsbehandlingstiden"),
        "handling_time_answer": N_("Kommunen har svaret på klagen over sagsbehandlingstiden"),
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
    """Raise ``TransitionRefused`` unless the request is still being handled: a withdrawn case
    is final, and a decided one changes only by the complaint's own steps."""
    if status == "decided":
        raise TransitionRefused(N_("Sagen er afgjort. Den kan ikke ændres."))
    if status == "withdrawn":
        raise TransitionRefused(N_("Ansøgningen er trukket tilbage. Sagen kan ikke ændres."))
    if status == "reconsideration":
        raise TransitionRefused(
            N_(
                "Kommunen genvurderer afgørelsen efter en klage. Sagen ændres kun ved en ny "
                "afgørelse eller ved at sende klagen til Ankestyrelsen."
            )
        )
    if status == "forwarded":
        raise TransitionRefused(
            N_(
                "Klagen er sendt til Ankestyrelsen. Sagen ændres først, når Ankestyrelsens "
                "afgørelse er skrevet på sagen."
            )
        )
    if status == "noted":
        raise TransitionRefused(N_("Ændringen er taget til efterretning. Sagen kan ikke ændres."))


def check_transition(from_status: str, to_status: str, actor: Actor) -> None:
    """Raise ``TransitionRefused`` unless ``actor`` may move a case from one status to another."""
    for status in (from_status, to_status):
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
    if actor not in ACTORS:
        raise ValueError(f"unknown actor {actor!r}")
    if (from_status, to_status) not in TRANSITIONS:
        # A closed or decided case says why it takes no other change.
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
        if to_status == "reconsideration":
            raise TransitionRefused(
                N_("Kun familien eller kommunen på familiens vegne kan klage over afgørelsen.")
            )
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
