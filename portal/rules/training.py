"""A home training's life after its approval: running, ending (a last day is set) and ended;
who may end or change it, and how.

Three ways end a training:
- the family ends it themselves, on a last day of their choosing (001: "Hvis du overvejer at
  stoppe med at hjemmetræne dit barn, skal du kontakte rådgiver");
- the municipality ends or reduces it, only by a decision after a hearing of the family (001:
  "Der vil altid være en dialog med jer som forældre, inden der træffes afgørelse om ophør af
  hjemmetræningen. Dette vil ske i form af en skriftlig høring og/eller et møde"), taking
  effect no earlier than the lost-earnings notice (001: "Den tabte arbejdsfortjeneste er
  omfattet af de almindelige varslings- og afviklingsregler"; Serviceloven § 3 a, 14 weeks);
- the child turns 18 (principafgørelse 45-14; 001: "Når den unge fylder 18 år, stopper
  hjemmetræning og muligheden for kompensation for tabt arbejdsfortjeneste uden yderligere
  varsling").

Dates: `ends_on` is the first day without home training, the day the grants stop. The last day
of training is the day before.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Literal

from dateutil.relativedelta import relativedelta

from portal.rules.findings import NOTE, WARNING, Finding, make_finding
from portal.rules.formatting import long_date
from portal.rules.i18n import N_, _
from portal.rules.lost_earnings import notice_date
from portal.rules.sources import GUIDE

__all__ = [
    "CHANGE_KINDS",
    "CHANGE_KIND_LABELS",
    "EVENT_LABELS",
    "OUTCOME_LABELS",
    "FINAL_ACCOUNTS_AFTER",
    "STATES",
    "STATE_LABELS",
    "TRANSITIONS",
    "WAYS",
    "ChangeRefused",
    "check_change",
    "decision_problem",
    "earliest_effect",
    "eighteenth_birthday",
    "ending_findings",
    "ends_on_after",
    "final_accounts_due",
    "last_day",
    "last_day_problem",
    "needs_hearing",
    "age_notice_day",
    "set_end",
    "state",
    "training_ends_on",
]

State = Literal["active", "ending", "ended"]
STATES: tuple[State, ...] = ("active", "ending", "ended")
STATE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "active": N_("Hjemmetræningen kører"),
        "ending": N_("Hjemmetræningen slutter"),
        "ended": N_("Hjemmetræningen er slut"),
    }
)

# Who ends or changes a training: the family, the municipality (by decision after a hearing),
# the 18th birthday, or the passing of the day set.
Way = Literal["family", "municipality", "age18", "time"]
WAYS: tuple[Way, ...] = ("family", "municipality", "age18", "time")

# What the municipality's page can decide: "om der er behov for i samarbejde med familien at
# justere hjemmetræningen, eller om der skal ske en revisitation" (001, Tilsyn).
CHANGE_KINDS: tuple[str, ...] = ("adjust", "reduce", "end")
CHANGE_KIND_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "adjust": N_("Justere hjemmetræningen"),
        "reduce": N_("Nedsætte hjemmetræningen"),
        "end": N_("Stoppe hjemmetræningen"),
    }
)

# The outcome of a decision on an end or change, and the history's words for what happens to
# the training (gathered with the case's own in portal.rules.labels).
OUTCOME_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "ended": N_("Hjemmetræningen stopper"),
        "reduced": N_("Hjemmetræningen nedsættes"),
        "adjusted": N_("Hjemmetræningen justeres"),
    }
)
EVENT_LABELS: Mapping[str, str] = MappingProxyType(
    {"training_change_opened": N_("Kommunen har oprettet sagen")}
)

# 001: "Senest 8 uger efter endt budgetår"; a training that ends during the year has its final
# accounts due 8 weeks after its end.
FINAL_ACCOUNTS_AFTER = timedelta(weeks=8)
# The family hears of the 18th birthday three months before it, as well as at 16 (001: "Rådgiver
# vil allerede, når jeres barn fylder 16 år drøfte dette med jer").
AGE_NOTICE_BEFORE = relativedelta(months=3)


class ChangeRefused(Exception):
    """A change of the training's state the rules do not allow; `msgid` says why (Danish)."""

    def __init__(self, msgid: str) -> None:
        super().__init__(msgid)
        self.msgid = msgid


# (from, to) -> the ways that may make the change. Nothing leaves "ended": a new training is a
# new application. A family that has given notice talks to the municipality to change the day;
# the municipality may set another day only by a new decision after a hearing.
TRANSITIONS: Mapping[tuple[str, str], frozenset[str]] = MappingProxyType(
    {
        ("active", "ending"): frozenset({"family", "municipality"}),
        # A last day already past when the family tells, and the 18th birthday, which ends the
        # training "uden yderligere varsling" (principafgørelse 45-14).
        ("active", "ended"): frozenset({"family", "age18"}),
        ("ending", "ending"): frozenset({"municipality"}),
        # The family takes back its notice (withdraws the request) while the municipality has
        # not yet decided on it; after the decision the end stands like any decision.
        ("ending", "active"): frozenset({"family"}),
        ("ending", "ended"): frozenset({"time", "age18"}),
    }
)


def check_change(
    from_state: str, to_state: str, way: str, *, heard: bool = False, decided: bool = False
) -> None:
    """Raise ChangeRefused unless `way` may move a training from one state to another. The
    municipality needs the hearing (or its deadline passed) and its decision."""
    for value in (from_state, to_state):
        if value not in STATES:
            raise ValueError(f"unknown state {value!r}")
    if way not in WAYS:
        raise ValueError(f"unknown way {way!r}")
    if from_state == "ended":
        raise ChangeRefused(
            N_("Hjemmetræningen er slut. En ny hjemmetræning kræver en ny ansøgning.")
        )
    allowed = TRANSITIONS.get((from_state, to_state), frozenset())
    if way not in allowed:
        if from_state == "ending" and way == "family":
            raise ChangeRefused(
                N_(
                    "I har allerede givet besked om, at hjemmetræningen slutter. Kontakt "
                    "kommunen, hvis datoen skal ændres."
                )
            )
        if to_state == "active":
            raise ChangeRefused(
                N_("En hjemmetræning, der slutter, fortsætter kun efter en ny ansøgning.")
            )
        raise ChangeRefused(N_("Hjemmetræningen kan ikke ændres på den måde."))
    if way == "family" and to_state == "active" and decided:
        raise ChangeRefused(
            N_("Kommunen har truffet afgørelse om, at hjemmetræningen stopper. Kontakt kommunen.")
        )
    if way == "municipality" and not (heard and decided):
        raise ChangeRefused(
            N_(
                "Kommunen kan kun stoppe hjemmetræningen ved en afgørelse, efter at familien er "
                "hørt."
            )
        )


def eighteenth_birthday(birth_date: date) -> date:
    """The day the child turns 18, the first day without home training. A child born on
    29 February turns 18 on 28 February in a common year, as the portal's calendar and
    reminders count every birthday (relativedelta); the guide and the principle decision
    name no other day."""
    return birth_date + relativedelta(years=18)


def age_notice_day(birth_date: date) -> date:
    """The day the family is told that the training ends at 18: three months before."""
    return eighteenth_birthday(birth_date) - AGE_NOTICE_BEFORE


def training_ends_on(birth_date: date, ends_on: date | None) -> date:
    """The first day without training: the day set by the family or the municipality, and at
    the latest the 18th birthday."""
    eighteen = eighteenth_birthday(birth_date)
    return eighteen if ends_on is None else min(ends_on, eighteen)


def set_end(
    *,
    kind: str,
    initiated_by: str,
    withdrawn: bool,
    effective_on: date,
    decided_effective_on: date | None,
) -> date | None:
    """The first day without training a recorded end sets, or None: the family's own day from
    their notice (their choice; the decision confirms it), the municipality's only by its
    decision (after the hearing)."""
    if kind != "end" or withdrawn:
        return None
    if decided_effective_on is not None:
        return decided_effective_on
    return effective_on if initiated_by == "family" else None


def last_day(ends_on: date) -> date:
    return ends_on - timedelta(days=1)


def state(birth_date: date, ends_on: date | None, today: date) -> State:
    """Running, ending (a day set by the family or the municipality) or ended."""
    if today >= training_ends_on(birth_date, ends_on):
        return "ended"
    return "active" if ends_on is None else "ending"


def final_accounts_due(ends_on: date) -> date:
    """The final accounts of a training that ends: 8 weeks after its last day."""
    return last_day(ends_on) + FINAL_ACCOUNTS_AFTER


def needs_hearing(kind: str, *, by_agreement: bool) -> bool:
    """Reducing or stopping always needs the family's hearing first (001: "Der vil altid være en
    dialog med jer som forældre, inden der træffes afgørelse om ophør"). An adjustment agreed
    with the family needs none: it is made "i samarbejde med familien" (001, Tilsyn), so
    there is nothing the family has not already had its say on."""
    if kind not in CHANGE_KINDS:
        raise ValueError(f"unknown change {kind!r}")
    return kind != "adjust" or not by_agreement


def earliest_effect(kind: str, decided_on: date) -> date:
    """The first day a decision may take effect: reducing or stopping gives at least the notice
    of lost earnings (Serviceloven § 3 a, 14 weeks), which also lets the family give their
    helper trainers notice (001: "Hvis der er ansat en hjælpetræner, vil der ske varsling");
    an adjustment from the day of the decision."""
    if kind not in CHANGE_KINDS:
        raise ValueError(f"unknown change {kind!r}")
    return decided_on if kind == "adjust" else notice_date(decided_on)


def decision_problem(
    kind: str,
    *,
    by_agreement: bool,
    hearing_sent: bool,
    hearing_answered: bool,
    answer_by: date | None,
    today: date,
) -> str | None:
    """Why the municipality cannot decide yet, or None: a hearing is needed and not sent, or
    neither answered nor past its deadline."""
    if not needs_hearing(kind, by_agreement=by_agreement):
        return None
    if not hearing_sent:
        return N_("Send forslaget til familien i høring, før kommunen træffer afgørelse.")
    if not hearing_answered and answer_by is not None and today <= answer_by:
        return N_(
            "Familien har ikke svaret på høringen, og fristen er ikke udløbet. Vent på svaret "
            "eller fristen."
        )
    return None


def ends_on_after(last_day: date) -> date:
    """The first day without training after the last day of training."""
    return last_day + timedelta(days=1)


def last_day_problem(last: date, *, approved_on: date) -> str | None:
    """Why a last day of training cannot be, or None: it cannot lie before the day the
    training was approved."""
    if last < approved_on:
        return N_("Skriv en dato efter den %(day)s, hvor hjemmetræningen blev godkendt.")
    return None


def ending_findings(last: date, *, birth_date: date, today: date) -> list[Finding]:
    """Advice on the family's own last day. None of it stops them: it is their choice."""
    ends_on = ends_on_after(last)
    found = []
    eighteen = eighteenth_birthday(birth_date)
    if ends_on > eighteen:
        found.append(
            make_finding(
                "training.after_18",
                WARNING,
                "last_day",
                _(
                    "Hjemmetræningen slutter senest, når barnet fylder 18 år, den %(day)s. Den "
                    "sidste dag med hjemmetræning bliver derfor dagen før."
                ),
                "Ankestyrelsens principafgørelse 45-14",
                day=long_date(eighteen),
            )
        )
    if last < today:
        found.append(
            make_finding(
                "training.past",
                NOTE,
                "last_day",
                _(
                    "Den sidste dag ligger før i dag. Kommunen kan bede jer betale penge tilbage, "
                    "der er udbetalt til tiden efter den sidste dag."
                ),
                GUIDE,
            )
        )
    return found
