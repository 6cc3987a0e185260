"""Check the municipality's decision on a request, budget line by budget line.

"Familierådgivningen Handicap skal træffe afgørelse om hver enkelt post, der fremgår af
budgettet" (seed 001, »Budget«) and "Du vil modtage en skriftlig afgørelse med klagevejledning
og begrundelse for alle bevilligede og ikke-bevilligede udgiftsposter" (seed 001, »Nødvendige
træningsudgifter«): every line the family asked for gets an amount (from nothing up to what was
asked) and, when it is not granted in full, the reason. The overall outcome must agree with the
lines; the approved expenses may not exceed the year's cap (Bekendtgørelse § 6, stk. 2, seed
004); and an approval names the next supervision visits: "Datoerne for kommende tilsynsbesøg
vil fremgå af afgørelsen på hjemmetræningen" (seed 001, »Tilsyn«), twice a year
(Bekendtgørelse § 4, stk. 1, seed 004).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from portal.rules import formatting
from portal.rules.budget import training_cap
from portal.rules.cap import (
    ONE_OFF_CASE_TYPES,
    WINDOW_SOURCE,
    YEAR_SOURCE,
    CapPosition,
    Grant,
    cap_position,
    window_params,
    year_params,
)
from portal.rules.findings import ERROR, WARNING, Finding, make_finding
from portal.rules.i18n import Listed, N_plural, _
from portal.rules.sources import DUKH, EXECUTIVE_ORDER, GUIDE
from portal.rules.yearly import YearlyFigures

__all__ = [
    "SUPERVISED_CASE_TYPES",
    "TRAINING_CASE_TYPES",
    "DecisionCheck",
    "LineDecision",
    "check_decision",
    "derived_outcome",
    "plan_due",
]

# Requests whose approval starts or changes the home training itself (Bekendtgørelse § 3).
TRAINING_CASE_TYPES: frozenset[str] = frozenset(
    {"new_application", "supplement_method", "switch_method"}
)
# Requests whose approval names the coming supervision visits: those that start or change the
# training, and the year's budget, whose decision in December sets the year's visits:
# "Datoerne for kommende tilsynsbesøg vil fremgå af afgørelsen på hjemmetræningen, der
# fremsendes hvert år i december" (seed 001, »Tilsyn«). Equipment outside the budget and the
# accounts belong to a year whose visits are already named.
SUPERVISED_CASE_TYPES: frozenset[str] = TRAINING_CASE_TYPES | {"annual_budget"}

# "Kommunalbestyrelsen skal ... 2 gange årligt føre tilsyn" (Bekendtgørelse § 4, stk. 1):
# the first visit within half a year of the decision, the second within the year.
_FIRST_VISIT_WITHIN = relativedelta(months=6)
_SECOND_VISIT_WITHIN = relativedelta(years=1)
# "Tids- og faseplanen fremsendes til rådgiver senest 14 dage inden tilsynsbesøget"
# (seed 001, Bilag 13).
_PLAN_BEFORE_VISIT = timedelta(days=14)

_REASON_SOURCE = (
    f"{GUIDE}, »Nødvendige træningsudgifter«: »begrundelse for alle bevilligede og "
    f"ikke-bevilligede udgiftsposter«; forvaltningsloven §§ 22 og 24 ({DUKH})"
)
_REQUESTED_SOURCE = "Ansøgningens budgetlinje"
_OUTCOME_SOURCE = "Afgørelsen skal stemme med budgetlinjerne"
_CAP_SOURCE = "Bekendtgørelse § 6, stk. 2"
_SUPERVISION_SOURCE = (
    f"{EXECUTIVE_ORDER} § 4, stk. 1; {GUIDE}, »Tilsyn«: »Datoerne for kommende "
    "tilsynsbesøg vil fremgå af afgørelsen«"
)


@dataclass(frozen=True)
class LineDecision:
    """The decision on one budget line. ``index`` is the line's place in the budget (0-based);
    a refused line has ``approved`` 0."""

    index: int
    requested: Decimal
    approved: Decimal
    refused: bool
    reason: str = ""
    description: str = ""

    @property
    def in_full(self) -> bool:
        return not self.refused and self.approved >= self.requested


@dataclass(frozen=True)
class DecisionCheck:
    lines: tuple[LineDecision, ...]
    requested_total: Decimal
    approved_total: Decimal
    # The cap used: the amount, the year its figure is for, and its source (None: no budget).
    budget_year: int | None
    cap: Decimal | None
    cap_year: int | None
    cap_source: str | None
    findings: tuple[Finding, ...]
    # The approved total against the cap with what is already granted for the child.
    position: CapPosition | None = None

    @property
    def granted_before(self) -> Decimal:
        """What is already granted for the child in the budget year, by other decisions."""
        return self.position.granted if self.position is not None else Decimal("0.00")

    @property
    def remaining(self) -> Decimal | None:
        if self.cap is None:
            return None
        return self.cap - self.granted_before - self.approved_total


def derived_outcome(lines: Sequence[LineDecision]) -> str | None:
    """The outcome the lines alone point to: every line in full is an approval, every line
    refused a refusal, anything between a partial approval. None without lines."""
    if not lines:
        return None
    if all(line.in_full for line in lines):
        return "approved"
    if all(line.refused for line in lines):
        return "refused"
    return "partly_approved"


def plan_due(visit: date) -> date:
    """The day the family's time-and-phase plan for a supervision visit is due."""
    return visit - _PLAN_BEFORE_VISIT


def _line_findings(line: LineDecision) -> list[Finding]:
    found = []
    if line.approved < 0:
        found.append(
            make_finding(
                "decision.approved_negative",
                ERROR,
                f"{line.index}.approved",
                _("Skriv et beløb på 0 kr. eller mere."),
                _REQUESTED_SOURCE,
            )
        )
    elif line.approved > line.requested:
        found.append(
            make_finding(
                "decision.approved_over_requested",
                ERROR,
                f"{line.index}.approved",
                _("Der kan højst bevilges det ansøgte beløb (%(requested)s)."),
                _REQUESTED_SOURCE,
                requested=formatting.money(line.requested),
            )
        )
    if not line.in_full and not line.reason.strip():
        if line.refused:
            msgid = _("Skriv hvorfor udgiften afslås")
        else:
            msgid = _("Skriv hvorfor udgiften ikke bevilges fuldt ud")
        found.append(
            make_finding(
                "decision.reason_missing", ERROR, f"{line.index}.reason", msgid, _REASON_SOURCE
            )
        )
    return found


def _outcome_findings(outcome: str, lines: Sequence[LineDecision]) -> list[Finding]:
    if not lines:
        return []
    short = [line for line in lines if not line.in_full]
    if outcome == "approved" and short:
        return [
            make_finding(
                "decision.approved_but_lines_short",
                ERROR,
                "outcome",
                _(
                    "Du har afslået eller sat beløbet ned på %(count)s af budgetlinjerne. Vælg "
                    "„Delvist bevilget“, eller bevilg linjerne fuldt ud."
                ),
                _OUTCOME_SOURCE,
                count=str(len(short)),
            )
        ]
    granted = [line for line in lines if line.approved > 0]
    if outcome == "refused" and granted:
        return [
            make_finding(
                "decision.refused_but_lines_granted",
                ERROR,
                "outcome",
                _(
                    "Ved et afslag kan der ikke bevilges udgifter, men %(count)s af "
                    "budgetlinjerne har et bevilget beløb. Afslå linjerne, eller vælg "
                    "„Delvist bevilget“."
                ),
                _OUTCOME_SOURCE,
                count=str(len(granted)),
            )
        ]
    return []


def _cap_findings(approved: Decimal, year: int, cap: Decimal, cap_year: int, source: str):
    if approved <= cap:
        return []
    params = {
        "total": formatting.money(approved),
        "cap": formatting.money(cap),
        "year": str(year),
        "cap_year": str(cap_year),
        "excess": formatting.money(approved - cap),
    }
    if cap_year == year:
        return [
            make_finding(
                "decision.over_cap",
                ERROR,
                "total",
                _(
                    "De bevilgede udgifter er %(total)s, men loftet for %(year)s er %(cap)s for "
                    "ét barn. Sæt %(excess)s ned."
                ),
                f"{_CAP_SOURCE}: {source}",
                **params,
            )
        ]
    # The cap is regulated every 1 January (§ 6, stk. 5); the year's own figure is likely
    # higher than the older one, so this is for the caseworker to confirm, not a block.
    return [
        make_finding(
            "decision.maybe_over_cap",
            WARNING,
            "total",
            _(
                "De bevilgede udgifter er %(total)s. Loftet for %(year)s er ikke lagt ind i "
                "portalen endnu; loftet på %(cap)s (%(cap_year)s-niveau) er overskredet med "
                "%(excess)s. Tjek årets loft."
            ),
            f"{_CAP_SOURCE}: {source}; reguleres hvert år 1. januar (§ 6, stk. 5)",
            **params,
        )
    ]


def _named_lines(lines: Sequence[LineDecision]) -> Listed:
    """The lines that grant something, as the caseworker finds them in the table."""
    return Listed(
        tuple(
            f"{line.index + 1} ({line.description})" if line.description else str(line.index + 1)
            for line in lines
            if not line.refused and line.approved > 0
        )
    )


def _granted_cap_findings(position: CapPosition, lines: Sequence[LineDecision]) -> list[Finding]:
    """The cap counting what other decisions already granted the child (portal.rules.cap). An
    error where the cap is known, so no grant passes it; a warning where the year's figure is
    not yet published (§ 6, stk. 5), for the caseworker to confirm.

    The family's request is advice only (portal.rules.cap.cap_advice); the municipality's
    grant is bound: "der ikke kan bevilges hjælp til de udgifter ..., som ... overstiger dette
    beløb" (seed 003, pkt. 157 d). The family still gets a decision: the caseworker refuses or
    cuts the lines, with reasons the family can complain about."""
    if position.requested <= 0:
        return []
    found = []
    named = _named_lines(lines)
    if position.granted > 0 and position.year_excess > 0:
        found.append(
            make_finding(
                "decision.over_cap_with_granted"
                if position.cap_known
                else "decision.maybe_over_cap_with_granted",
                ERROR if position.cap_known else WARNING,
                "total",
                # Danish says "linje 1 og 2" for several lines too; English "lines 1 and 2".
                N_plural(
                    "Der er allerede bevilget %(granted)s til træningsudgifter i %(year)s. Med "
                    "linje %(lines)s bliver det %(total)s, og %(excess)s af det bevilgede er over "
                    "loftet på %(cap)s (%(cap_year)s-niveau) for ét barn. Sæt %(excess)s ned.",
                    "Der er allerede bevilget %(granted)s til træningsudgifter i %(year)s. Med "
                    "linje %(lines)s bliver det %(total)s, og %(excess)s af det bevilgede er over "
                    "loftet på %(cap)s (%(cap_year)s-niveau) for ét barn. Sæt %(excess)s ned.",
                    len(named),
                ),
                f"{YEAR_SOURCE}: {position.cap_source}",
                lines=named,
                **year_params(position),
            )
        )
    window = position.window
    if window is not None and window.earlier > 0 and position.window_says_more:
        found.append(
            make_finding(
                "decision.over_cap_in_12_months"
                if window.cap_known
                else "decision.maybe_over_cap_in_12_months",
                ERROR if window.cap_known else WARNING,
                "total",
                N_plural(
                    "I de 12 måneder fra %(start)s til %(end)s er der allerede bevilget "
                    "%(granted)s; med linje %(lines)s bliver det %(total)s, og %(excess)s af det "
                    "bevilgede er over loftet på %(cap)s (%(cap_year)s-niveau). Sæt %(excess)s "
                    "ned.",
                    "I de 12 måneder fra %(start)s til %(end)s er der allerede bevilget "
                    "%(granted)s; med linje %(lines)s bliver det %(total)s, og %(excess)s af det "
                    "bevilgede er over loftet på %(cap)s (%(cap_year)s-niveau). Sæt %(excess)s "
                    "ned.",
                    len(named),
                ),
                WINDOW_SOURCE,
                lines=named,
                **window_params(window),
            )
        )
    return found


def _supervision_findings(
    *,
    required: bool,
    decided_on: date,
    first: date | None,
    second: date | None,
) -> list[Finding]:
    found = []
    if first is None:
        if required:
            found.append(
                make_finding(
                    "decision.supervision_missing",
                    ERROR,
                    "next_supervision",
                    _(
                        "Skriv datoen for det næste tilsynsbesøg. Datoerne for tilsyn skal stå "
                        "i afgørelsen."
                    ),
                    _SUPERVISION_SOURCE,
                )
            )
        if second is not None:
            found.append(
                make_finding(
                    "decision.second_without_first",
                    ERROR,
                    "next_supervision",
                    _("Skriv også datoen for det første tilsynsbesøg."),
                    _SUPERVISION_SOURCE,
                )
            )
        return found
    latest_first = decided_on + _FIRST_VISIT_WITHIN
    if first <= decided_on:
        found.append(
            make_finding(
                "decision.supervision_not_after_decision",
                ERROR,
                "next_supervision",
                _("Tilsynsbesøget skal ligge efter dagen for afgørelsen, %(date)s."),
                _SUPERVISION_SOURCE,
                date=formatting.long_date(decided_on),
            )
        )
    elif first > latest_first:
        found.append(
            make_finding(
                "decision.first_supervision_too_late",
                ERROR,
                "next_supervision",
                _(
                    "Der skal være tilsyn 2 gange om året. Læg det første tilsynsbesøg senest "
                    "%(date)s."
                ),
                _SUPERVISION_SOURCE,
                date=formatting.long_date(latest_first),
            )
        )
    if second is not None:
        latest_second = decided_on + _SECOND_VISIT_WITHIN
        if second <= first:
            found.append(
                make_finding(
                    "decision.second_supervision_not_after_first",
                    ERROR,
                    "second_supervision",
                    _("Det andet tilsynsbesøg skal ligge efter det første, %(date)s."),
                    _SUPERVISION_SOURCE,
                    date=formatting.long_date(first),
                )
            )
        elif second > latest_second:
            found.append(
                make_finding(
                    "decision.second_supervision_too_late",
                    ERROR,
                    "second_supervision",
                    _(
                        "Der skal være tilsyn 2 gange om året. Læg det andet tilsynsbesøg "
                        "senest %(date)s."
                    ),
                    _SUPERVISION_SOURCE,
                    date=formatting.long_date(latest_second),
                )
            )
    return found


def check_decision(
    outcome: str,
    lines: Sequence[LineDecision],
    *,
    case_type: str,
    budget_year: int | None,
    decided_on: date,
    next_supervision: date | None = None,
    second_supervision: date | None = None,
    figures: YearlyFigures,
    granted: Sequence[Grant] = (),
) -> DecisionCheck:
    """Check a decision before it is recorded. ``lines`` are the decisions on the request's
    budget lines (none for a request without a budget); ``budget_year`` is the year of the
    budget, whose cap applies; ``granted`` what other decisions already granted the child's
    home training, which counts towards the same cap."""
    found: list[Finding] = []
    for line in lines:
        found += _line_findings(line)
    found += _outcome_findings(outcome, lines)
    requested = sum((line.requested for line in lines), Decimal("0.00"))
    approved = sum((line.approved for line in lines if not line.refused), Decimal("0.00"))
    cap = cap_year = cap_source = position = None
    if lines and budget_year is not None:
        cap, cap_year, cap_source = training_cap(budget_year, figures)
        one_off = case_type in ONE_OFF_CASE_TYPES
        this = Grant(approved, budget_year, decided_on, one_off=one_off)
        position = cap_position(granted, [this], year=budget_year, figures=figures)
        if position.granted == 0:
            found += _cap_findings(approved, budget_year, cap, cap_year, cap_source)
        found += _granted_cap_findings(position, lines)
    found += _supervision_findings(
        required=outcome != "refused" and case_type in SUPERVISED_CASE_TYPES,
        decided_on=decided_on,
        first=next_supervision,
        second=second_supervision,
    )
    return DecisionCheck(
        lines=tuple(lines),
        requested_total=requested,
        approved_total=approved,
        budget_year=budget_year if lines else None,
        cap=cap,
        cap_year=cap_year,
        cap_source=cap_source,
        findings=tuple(found),
        position=position,
    )
