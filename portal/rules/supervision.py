"""Supervision (tilsyn) of an approved home training, from plain data.

"Kommunalbestyrelsen skal ... 2 gange årligt føre tilsyn med barnets eller den unges udvikling
og trivsel" (Bekendtgørelse § 4, stk. 1). The visits are named in every approving decision
(portal.rules.decisions); before each the family sends the time-and-phase plan for
supervision (Bilag 13), after each the caseworker writes the supervision report (Bilag 14)
"med begrundet indstilling om fortsættelse, justering eller ophør" (§ 4, stk. 4), which goes
to the family for a hearing; then the follow-up (§ 4, stk. 5).

What the guide expects of the visit (who takes part, the plan in time) is advice here, never a
refusal: a plan sent late is still received, a visit without a parent is still recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from dateutil.relativedelta import relativedelta

from portal.rules.deadlines import add_period
from portal.rules.decisions import plan_due
from portal.rules.findings import NOTE, WARNING, Finding, make_finding
from portal.rules.formatting import long_date
from portal.rules.i18n import N_, _
from portal.rules.settings import MunicipalitySettings
from portal.rules.sources import EXECUTIVE_ORDER, GUIDE

__all__ = [
    "EVENT_LABELS",
    "FOLLOW_UP_LABELS",
    "PARTICIPANT_LABELS",
    "PARTICIPANTS",
    "PLAN_GOAL_FIELDS",
    "PLAN_SECTIONS",
    "RECOMMENDATIONS",
    "RECOMMENDATION_LABELS",
    "REPORT_SECTIONS",
    "STATE_LABELS",
    "VisitFacts",
    "participation_findings",
    "plan_due",
    "plan_findings",
    "report_due",
    "report_in_time_share",
    "two_visits_share",
    "visit_state",
]

# § 4, stk. 4: "begrundet indstilling om fortsættelse, justering eller ophør".
RECOMMENDATIONS: tuple[str, ...] = ("continue", "adjust", "stop")
RECOMMENDATION_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "continue": N_("Fortsættelse som hidtil"),
        "adjust": N_("Justering af hjemmetræningen"),
        "stop": N_("Ophør af hjemmetræningen"),
    }
)
# § 4, stk. 5: after the hearing the municipality decides what follows.
FOLLOW_UP_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "continue": N_("Hjemmetræningen fortsætter som hidtil"),
        "adjust": N_("Hjemmetræningen justeres"),
        "stop": N_("Kommunen vil overveje at stoppe hjemmetræningen"),
    }
)

# 001, »Tilsyn«: "Begge forældre og barnet der hjemmetrænes skal som udgangspunkt deltage i
# tilsynet"; siblings are greeted or talked to "under tilsyn eller på et andet tidspunkt".
PARTICIPANTS: tuple[str, ...] = ("both_parents", "one_parent", "child", "siblings", "others")
PARTICIPANT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "both_parents": N_("Begge forældre"),
        "one_parent": N_("Én af forældrene"),
        "child": N_("Barnet, der hjemmetrænes"),
        "siblings": N_("Søskende"),
        "others": N_("Andre, fx fagpersoner fra kommunen"),
    }
)

# Bilag 13, per goal: "Udvalgt mål", "Metode", "Grad af målopfyldelse", "Skal målet
# fortsætte? Ja/Nej", "Skal der ske ændringer til målet ...? I så fald hvilke?"
PLAN_GOAL_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "goal": N_("Udvalgt mål: hvilket mål har været i fokus siden sidste tilsynsbesøg?"),
        "method": N_("Metode: hvilken eller hvilke metoder bruges for at nå målet?"),
        "achievement": N_("Grad af målopfyldelse: i hvilken grad og hvordan er målet nået?"),
        "changes": N_(
            "Skal der ske ændringer til målet eller justeres på træningen? I så fald hvilke?"
        ),
    }
)
# Issue 16: besides the goals, what went well, what changed, new goals and questions.
PLAN_SECTIONS: Mapping[str, str] = MappingProxyType(
    {
        "went_well": N_("Hvad er gået godt siden sidste tilsyn?"),
        "changed": N_("Hvad har ændret sig hos barnet eller i familien?"),
        "new_goals": N_("Nye mål, I vil arbejde med"),
        "questions": N_("Spørgsmål til tilsynet"),
    }
)

# Bilag 14, "Tilsynsrapport i forbindelse med hjemmetræning", and what issue 16 adds: goals
# reached and how documented, the training volume and the use of the funds.
REPORT_SECTIONS: Mapping[str, str] = MappingProxyType(
    {
        "purpose": N_("Lever hjemmetræningen overordnet set op til formålet?"),
        "supports": N_("Hvordan understøtter hjemmetræningen barnets udvikling, tarv og trivsel?"),
        "why": N_(
            "Hvorfor eller hvorfor ikke understøtter hjemmetræningen barnets udvikling, "
            "tarv og trivsel?"
        ),
        "goals": N_("Mål: er de nået eller ej, og hvordan er det dokumenteret?"),
        "volume": N_("Træningens omfang"),
        "funds": N_("Brugen af bevillingen"),
        "health": N_("Sundhedsforhold"),
        "learning": N_("Læring og dagpasning/skoleforhold"),
        "leisure": N_("Fritidsforhold og venskaber"),
        "behaviour": N_("Udvikling og adfærd"),
        "family": N_("Familieforhold og relationer, herunder søskendes trivsel"),
        "other": N_("Andre relevante tematikker og oplysninger"),
    }
)

# Where a visit stands, as both sides read it.
STATE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "planned": N_("Planlagt"),
        "visit_overdue": N_("Besøget er ikke registreret"),
        "report_due": N_("Rapporten skrives"),
        "report_overdue": N_("Rapporten er forsinket"),
        "reported": N_("Rapporten er sendt"),
        "replaced": N_("Erstattet af en senere afgørelse"),
    }
)

EVENT_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "supervision_planned": N_("Tilsynsbesøg er planlagt"),
        "supervision_moved": N_("Et tilsynsbesøg er flyttet"),
        "supervision_added": N_("Kommunen har lagt et ekstra tilsynsbesøg"),
        "supervision_plan_sent": N_("Tids- og faseplanen til tilsynet er sendt"),
        "supervision_held": N_("Tilsynsbesøget er registreret"),
        "supervision_report_sent": N_("Tilsynsrapporten er sendt til høring"),
        "supervision_follow_up": N_("Kommunen har fulgt op på tilsynet"),
    }
)

_VISIT_SOURCE = f"{EXECUTIVE_ORDER} § 4, stk. 1"
_PARTICIPANTS_SOURCE = (
    f"{GUIDE}, »Tilsyn«: »Begge forældre og barnet der hjemmetrænes skal som udgangspunkt "
    "deltage i tilsynet«"
)
_CHILD_HEARD_SOURCE = f"{EXECUTIVE_ORDER} § 4, stk. 4"
_PLAN_SOURCE = f"{GUIDE}, bilag 13: »fremsendes til rådgiver senest 14 dage inden tilsynsbesøget«"
# 001: "Det kan aftales, at begge forældre kun deltager ved et af de to årlige tilsyn".
_YEAR = relativedelta(years=1)


def report_due(held_on: date, settings: MunicipalitySettings) -> date:
    """The day the report is due: "Tilsynsrapporten vil blive tilsendt senest 2 uger efter
    tilsynet" (001, »Tilsyn«), the municipality's own period."""
    return add_period(held_on, settings.supervision_report_within)


@dataclass(frozen=True)
class VisitFacts:
    """What the state of a visit depends on."""

    planned_on: date
    held_on: date | None = None
    report_sent_on: date | None = None
    replaced: bool = False
    report_due_on: date | None = None


def visit_state(visit: VisitFacts, today: date) -> str:
    """One of STATE_LABELS: a planned visit past its day without a record is overdue; a held
    visit's report is due until sent, then overdue after its due day."""
    if visit.replaced:
        return "replaced"
    if visit.held_on is None:
        return "visit_overdue" if visit.planned_on < today else "planned"
    if visit.report_sent_on is not None:
        return "reported"
    if visit.report_due_on is not None and visit.report_due_on < today:
        return "report_overdue"
    return "report_due"


def plan_findings(visit_on: date, sent_on: date) -> list[Finding]:
    """Advice on a plan sent after its due day: it is received all the same."""
    due = plan_due(visit_on)
    if sent_on <= due:
        return []
    return [
        make_finding(
            "supervision.plan_late",
            NOTE,
            "plan",
            _(
                "Planen er sendt efter fristen %(due)s. Kommunen har den alligevel, men "
                "rådgiveren har haft kortere tid til at forberede besøget."
            ),
            _PLAN_SOURCE,
            due=long_date(due),
        )
    ]


def participation_findings(
    participants: Iterable[str],
    *,
    child_heard: bool,
    held_on: date,
    earlier_with_both_parents: Sequence[date] = (),
) -> list[Finding]:
    """Advice on who took part, measured against the guide's expectations, and on hearing the
    child (§ 4, stk. 4). `earlier_with_both_parents` are the training's other held visits
    where both parents took part."""
    present = set(participants)
    found = []
    if "child" not in present:
        found.append(
            make_finding(
                "supervision.child_absent",
                WARNING,
                "participants",
                _(
                    "Barnet, der hjemmetrænes, skal som udgangspunkt deltage i tilsynet. Skriv "
                    "i rapporten, hvorfor barnet ikke var med, og hvordan barnets trivsel er "
                    "vurderet."
                ),
                _PARTICIPANTS_SOURCE,
            )
        )
    if "both_parents" not in present:
        year_before = held_on - _YEAR
        if not any(year_before < day < held_on for day in earlier_with_both_parents):
            found.append(
                make_finding(
                    "supervision.parents_absent",
                    WARNING,
                    "participants",
                    _(
                        "Begge forældre skal som udgangspunkt deltage, og mindst ved et af de "
                        "to årlige tilsyn. Aftal, at begge er med ved næste besøg."
                    ),
                    _PARTICIPANTS_SOURCE,
                )
            )
    if not child_heard:
        found.append(
            make_finding(
                "supervision.child_not_heard",
                NOTE,
                "child_heard",
                _(
                    "Barnets synspunkter skal tillægges betydning efter alder og modenhed. "
                    "Skriv, hvorfor barnet ikke er hørt, hvis det ikke var muligt eller "
                    "relevant."
                ),
                _CHILD_HEARD_SOURCE,
            )
        )
    return found


def two_visits_share(held: Mapping[int, Sequence[date]], *, today: date) -> tuple[int, int]:
    """(trainings with at least two visits held in the 12 months up to today, trainings) over
    the trainings in `held` (training id -> days its visits were held): "2 gange årligt"
    (§ 4, stk. 1)."""
    start = today - _YEAR
    with_two = sum(1 for days in held.values() if sum(start < d <= today for d in days) >= 2)
    return with_two, len(held)


def report_in_time_share(
    reports: Iterable[tuple[date, date | None, date]], *, today: date
) -> tuple[int, int]:
    """(reports sent by their due day, visits whose report is sent or overdue): `reports` are
    (held on, report sent on or None, due day). A report not yet sent counts once its due day
    has passed, as not in time."""
    in_time = counted = 0
    for _held_on, sent_on, due in reports:
        if sent_on is None and due >= today:
            continue
        counted += 1
        if sent_on is not None and sent_on <= due:
            in_time += 1
    return in_time, counted
