"""A municipality's configuration of the rules, with Esbjerg Kommune's guide as the default.

Every municipality sets its own handling times and practice (seed 001 is Esbjerg's, June 2022).
Others store the configuration as JSON in the database: ``from_mapping`` reads it (missing keys
fall back to the defaults), ``to_mapping`` writes it, and the two round-trip.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Literal

from portal.rules.case_types import CASE_TYPES
from portal.rules.contact import MunicipalityContact

__all__ = [
    "CURRENT_KEYS",
    "DEFAULT_SETTINGS",
    "HandlingTime",
    "MonthDay",
    "MunicipalitySettings",
]

PeriodUnit = Literal["weeks", "months"]
_UNITS: tuple[PeriodUnit, ...] = ("weeks", "months")


@dataclass(frozen=True)
class HandlingTime:
    """A handling time counted from the day the municipality received the request."""

    count: int
    unit: PeriodUnit

    def __post_init__(self) -> None:
        if self.unit not in _UNITS:
            raise ValueError(f"unit must be one of {_UNITS}, not {self.unit!r}")
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 1:
            raise ValueError(f"count must be a positive whole number, not {self.count!r}")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> HandlingTime:
        """Read ``{"weeks": 8}`` or ``{"months": 4}``."""
        if not isinstance(data, Mapping) or len(data) != 1:
            raise ValueError(f'a handling time is {{"weeks": n}} or {{"months": n}}, not {data!r}')
        ((unit, count),) = data.items()
        return cls(count=count, unit=unit)

    def to_mapping(self) -> dict[str, int]:
        return {self.unit: self.count}


@dataclass(frozen=True, order=True)
class MonthDay:
    """A recurring day of the year, e.g. 15 November; stored as ``"11-15"``."""

    month: int
    day: int

    def __post_init__(self) -> None:
        # 2000 is a leap year, so 29 February is a valid recurring day.
        if (
            not 1 <= self.month <= 12
            or not 1 <= self.day <= calendar.monthrange(2000, self.month)[1]
        ):
            raise ValueError(f"no such day of the year: month {self.month}, day {self.day}")

    def in_year(self, year: int) -> date:
        """This day in ``year``; 29 February becomes 28 February in a common year."""
        return date(year, self.month, min(self.day, calendar.monthrange(year, self.month)[1]))

    @classmethod
    def parse(cls, text: str) -> MonthDay:
        try:
            month, day = (int(part) for part in str(text).split("-"))
        except ValueError:
            raise ValueError(f'a day of the year is written "MM-DD", not {text!r}') from None
        return cls(month=month, day=day)

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


def _to_decimal(value: Any, name: str) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, not {value!r}")
    if isinstance(value, float):
        # JSON numbers may arrive as floats; go through their shortest repr, not binary.
        value = repr(value)
    try:
        result = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    return result


def _to_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    return value


# Seed 001, Esbjerg Kommune, "Vejledning om hjemmetræning" (June 2022); DOMAIN "handling times".
_ESBJERG_HANDLING_TIMES: Mapping[str, HandlingTime] = MappingProxyType(
    {
        # "Den lovgivningsmæssige frist for udarbejdelsen af den børnefaglige undersøgelse er
        # 4 måneder." Then the visitation committee decides. The 4 months are the BFU's; the
        # decision itself has no statutory deadline (seed 000), so this is the municipality's
        # handling time, shown to the family as when to expect a decision.
        "new_application": HandlingTime(4, "months"),
        # "Hvis du ønsker at supplere ... Der er en sagsbehandlingstid på højest 8 uger."
        "supplement_method": HandlingTime(8, "weeks"),
        # "Ønsker du at skifte ... Sagsbehandlingstiden for dette er op til 4 måneder."
        "switch_method": HandlingTime(4, "months"),
        # "Ved ansøgning om træningsredskaber, der ikke indgår i det årlige budget, er der en
        # sagsbehandlingstid på 4 uger."
        "extra_equipment": HandlingTime(4, "weeks"),
        # "senest 15. november ansøgning om budget ..., der senest 4 uger senere vil fremsende
        # en afgørelse"
        "annual_budget": HandlingTime(4, "weeks"),
        # Accounts received in time are decided by the accounts decision date ("Senest
        # d. 31.03.xx modtager du afgørelse på regnskabet"). This period is the handling time for
        # accounts that arrive late; see deadlines.due_date. The seed sets none; 4 weeks is the
        # municipality's own pace for the other economic decisions (budget, equipment).
        "accounts": HandlingTime(4, "weeks"),
        # "Målene gælder i 6 måneder" (seed 001), but the seed sets no handling time for the
        # renewed goals. They change the plan as a supplement does, so the family gets the
        # supplement's "sagsbehandlingstid på højest 8 uger" rather than an open-ended wait.
        "renewed_goals": HandlingTime(8, "weeks"),
        # Changes during the year ("Ændringer der kan have betydning for bevilling af
        # hjemmetræning"): the seed asks the family to tell the caseworker, but sets no handling
        # time. A change the municipality only takes to note, or that changes the grant for the
        # weeks just ahead (a new timetable, a pause, helper hours), is worth little if the
        # answer comes after the change itself; so the family gets the shortest handling time
        # the seed knows, "Træningsredskaber uden for budgettet": "Der er en
        # sagsbehandlingstid på 4 uger".
        "family_change": HandlingTime(4, "weeks"),
        "child_change": HandlingTime(4, "weeks"),
        "school_change": HandlingTime(4, "weeks"),
        "training_pause": HandlingTime(4, "weeks"),
        "helper_hours": HandlingTime(4, "weeks"),
        # Moving money between lines is a new decision on the year's budget, which the
        # municipality answers "senest 4 uger senere" (001, "Budget"); the same 4 weeks.
        "budget_move": HandlingTime(4, "weeks"),
        # The guide sets no handling time for the end of a training. The family who ends it
        # needs the decision before the last day, when lost earnings and the helper trainers'
        # wages stop, so it gets the municipality's shortest pace, that of the other economic
        # decisions: "der senest 4 uger senere vil fremsende en afgørelse" (budget).
        "training_ending": HandlingTime(4, "weeks"),
        # The municipality's own case: the 2 weeks of hearing (settings.hearing_period), then
        # the decision; "Der vil altid være en dialog med jer som forældre, inden der træffes
        # afgørelse om ophør". The same 4 weeks as the family's own ending.
        "training_change": HandlingTime(4, "weeks"),
    }
)


# Seed 001: "133 kr./time (2022 niveau)".
_ESBJERG_HELPER_RATES: Mapping[int, Decimal] = MappingProxyType({2022: Decimal("133.00")})


def _helper_rates(rates: Mapping[Any, Any]) -> Mapping[int, Decimal]:
    """Rates by year, from code (``{2022: Decimal("133")}``) or JSON (``{"2022": "133"}``)."""
    if not isinstance(rates, Mapping) or not rates:
        raise ValueError("helper_hourly_rates must map at least one year to a rate")
    result = {}
    for year, rate in rates.items():
        try:
            number = int(year)
        except (TypeError, ValueError):
            raise ValueError(f"helper_hourly_rates: {year!r} is not a year") from None
        value = _to_decimal(rate, f"helper_hourly_rates[{number}]")
        if value <= 0:
            raise ValueError(f"helper_hourly_rates[{number}] must be positive, not {value}")
        result[number] = value
    return MappingProxyType(dict(sorted(result.items())))


@dataclass(frozen=True)
class MunicipalitySettings:
    """One municipality's configuration of the rules."""

    name: str = "Esbjerg Kommune"
    handling_times: Mapping[str, HandlingTime] = field(
        default_factory=lambda: _ESBJERG_HANDLING_TIMES, hash=False
    )
    # "I Esbjerg Kommune er hovedreglen, at der for børn under skolealderen hjemmetrænes højest
    # 37 timer i ugen"; for school-age children "skolegang og hjemmetræning ikke kunne overstige
    # 37 timer" (seed 001, "Ansøgning"). Not a legal maximum: "Der er i lovgivningen omkring
    # hjemmetræningen ikke et maksimalt timetal."
    weekly_training_cap_hours: Decimal = Decimal("37")
    # The helper's hourly rate by the year it is set for: "en fast timetakst på 133 kr./time
    # (2022 niveau) inkl. ATP, AES, AER, men ekskl. feriepenge" (seed 001, "Ansættelse af
    # hjælpetrænere"). A budget uses the latest year's rate up to its own year.
    helper_hourly_rates: Mapping[int, Decimal] = field(
        default_factory=lambda: _ESBJERG_HELPER_RATES, hash=False
    )
    # The rate is "ekskl. feriepenge" (seed 001), so holiday pay is added. The seed names no
    # percentage: 12,5 % is the holiday pay (feriegodtgørelse) the Danish Holiday Act
    # (ferieloven) gives staff paid by the hour without holiday with pay.
    helper_holiday_pay_percent: Decimal = Decimal("12.5")
    # "Der må ikke ansættes familie, venner eller kærester/samlevere som hjælpetrænere"
    # (seed 001, "Ansættelse af hjælpetrænere"); another municipality may allow it.
    family_helpers_allowed: bool = False
    # "når arbejdstiden for en hjælpetræner hver uge overstiger normal arbejdstid" (seed 001):
    # normal working hours in Denmark are 37 a week.
    helper_normal_weekly_hours: Decimal = Decimal("37")
    # "Der tages her udgangspunkt i, at I holder 5 ugers ferie om året, hvor jeres barn ikke har
    # sin formelle hjemmetræning – herunder behov for hjælpetrænere." (seed 001)
    holiday_weeks: int = 5
    # Not in the seeds: how early the portal flags a deadline as coming up.
    soon_window_days: int = 14
    # Days the other holder of custody has to answer a consent link before the applicant may
    # send without it. The seeds are silent on consent; 14 days is issue 15's default.
    consent_days: int = 14
    # "For alle hjemmetræningssager indsendes der senest 15. november ansøgning om budget"
    budget_due: MonthDay = MonthDay(11, 15)
    # "Senest 8 uger efter endt budgetår eller senest d. 28.02.XX, skal du fremsende et afstemt
    # regnskab"
    accounts_due: MonthDay = MonthDay(2, 28)
    # "Senest d. 31.03.xx modtager du afgørelse på regnskabet."
    accounts_decision: MonthDay = MonthDay(3, 31)
    # How long the family has to answer a hearing (partshøring) on a supervision report, a
    # repayment claim or an ending: "I vil efterfølgende have en høringsfrist på 2 uger"
    # (seed 001, "Tilsyn"). The seed gives no other hearing period, so the same serves all.
    hearing_period: HandlingTime = HandlingTime(2, "weeks")
    # How long the municipality has to reconsider a decision the family has complained about,
    # from the day it received the complaint, before it forwards the complaint to
    # Ankestyrelsen: 4 weeks (Retssikkerhedsloven § 67, stk. 1; not in the seeds).
    reconsideration_period: HandlingTime = HandlingTime(4, "weeks")
    # "Tilsynsrapporten vil blive tilsendt senest 2 uger efter tilsynet" (seed 001, »Tilsyn«).
    supervision_report_within: HandlingTime = HandlingTime(2, "weeks")
    # How families reach the municipality (address, e-mail, phone, web, telephone hours),
    # printed in letters, e-mails and the pages' footer. None by default: Esbjerg's rules are
    # every municipality's default, but Esbjerg's address must never be another's.
    contact: MunicipalityContact = MunicipalityContact()
    # A draft nobody has touched for this long is deleted (portal.rules.retention), after a
    # warning to the parent. Not in the seeds: the default of 6 months.
    draft_retention: HandlingTime = HandlingTime(6, "months")
    # Years a case is kept after the home training ended (or after the case's own end, for a
    # case that never became a training). The seed asks the family to keep "kopi af
    # kvitteringer for alle godkendte udgifter i 5 år" (seed 001, "Regnskab – dokumentation af
    # udgifter"); the municipality keeps the case as long by default.
    case_retention_years: int = 5

    def __post_init__(self) -> None:
        times = dict(_ESBJERG_HANDLING_TIMES)
        times.update(self.handling_times)
        unknown = set(times) - set(CASE_TYPES)
        if unknown:
            raise ValueError(f"unknown case types in handling_times: {sorted(unknown)}")
        for case_type, value in times.items():
            if not isinstance(value, HandlingTime):
                raise ValueError(f"handling time for {case_type} must be a HandlingTime")
        object.__setattr__(
            self, "handling_times", MappingProxyType({k: times[k] for k in CASE_TYPES})
        )
        for name in ("weekly_training_cap_hours", "helper_normal_weekly_hours"):
            value = _to_decimal(getattr(self, name), name)
            if value <= 0:
                raise ValueError(f"{name} must be positive, not {value}")
            object.__setattr__(self, name, value)
        object.__setattr__(self, "helper_hourly_rates", _helper_rates(self.helper_hourly_rates))
        holiday_pay = _to_decimal(self.helper_holiday_pay_percent, "helper_holiday_pay_percent")
        if not 0 <= holiday_pay < 100:
            raise ValueError(f"helper_holiday_pay_percent must be 0-100, not {holiday_pay}")
        object.__setattr__(self, "helper_holiday_pay_percent", holiday_pay)
        if not isinstance(self.family_helpers_allowed, bool):
            raise ValueError("family_helpers_allowed must be true or false")
        if not 0 <= _to_int(self.holiday_weeks, "holiday_weeks") < 52:
            raise ValueError(f"holiday_weeks must be between 0 and 51, not {self.holiday_weeks}")
        if _to_int(self.soon_window_days, "soon_window_days") < 0:
            raise ValueError(f"soon_window_days must not be negative: {self.soon_window_days}")
        if _to_int(self.consent_days, "consent_days") < 1:
            raise ValueError(f"consent_days must be at least 1, not {self.consent_days}")
        for name in _PERIODS:
            if not isinstance(getattr(self, name), HandlingTime):
                raise ValueError(f"{name} must be a HandlingTime")
        if _to_int(self.case_retention_years, "case_retention_years") < 1:
            raise ValueError(
                f"case_retention_years must be at least 1, not {self.case_retention_years}"
            )
        if not isinstance(self.contact, MunicipalityContact):
            raise ValueError("contact must be a MunicipalityContact")

    @property
    def working_weeks(self) -> int:
        """Weeks a year with formal training: 52 minus the holiday weeks."""
        return 52 - self.holiday_weeks

    def helper_rate(self, year: int) -> tuple[Decimal, int]:
        """The helper's hourly rate for a budget ``year`` and the year it was set for: the
        latest year's up to ``year``, or the earliest known for a year before them all."""
        known = [y for y in self.helper_hourly_rates if y <= year]
        rate_year = max(known) if known else min(self.helper_hourly_rates)
        return self.helper_hourly_rates[rate_year], rate_year

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> MunicipalitySettings:
        """Read settings as stored in JSON; ``None`` or a missing key gives the default.

        Unknown keys raise ``ValueError``: a misspelt key silently falling back to Esbjerg's
        value would move a citizen's deadline without anyone noticing.
        """
        if data is None:
            return DEFAULT_SETTINGS
        if not isinstance(data, Mapping):
            raise ValueError(f"settings must be a mapping, not {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key == "handling_times":
                if not isinstance(value, Mapping):
                    raise ValueError("handling_times must be a mapping of case type to period")
                changes[key] = {k: HandlingTime.from_mapping(v) for k, v in value.items()}
            elif key in _PERIODS:
                changes[key] = HandlingTime.from_mapping(value)
            elif key in ("budget_due", "accounts_due", "accounts_decision"):
                changes[key] = MonthDay.parse(value)
            elif key in (
                "weekly_training_cap_hours",
                "helper_normal_weekly_hours",
                "helper_holiday_pay_percent",
            ):
                changes[key] = _to_decimal(value, key)
            elif key == "contact":
                changes[key] = MunicipalityContact.from_mapping(value)
            elif key in ("helper_hourly_rates", "family_helpers_allowed"):
                changes[key] = value  # checked by __post_init__
            elif key == "name":
                if not isinstance(value, str) or not value.strip():
                    raise ValueError("name must be a non-empty string")
                changes[key] = value
            else:
                changes[key] = _to_int(value, key)
        return replace(DEFAULT_SETTINGS, **changes)

    def to_mapping(self) -> dict[str, Any]:
        """A JSON-serialisable mapping; ``from_mapping(s.to_mapping()) == s``."""
        return {
            "name": self.name,
            "handling_times": {k: v.to_mapping() for k, v in self.handling_times.items()},
            "weekly_training_cap_hours": str(self.weekly_training_cap_hours),
            "helper_hourly_rates": {str(y): str(r) for y, r in self.helper_hourly_rates.items()},
            "helper_holiday_pay_percent": str(self.helper_holiday_pay_percent),
            "family_helpers_allowed": self.family_helpers_allowed,
            "helper_normal_weekly_hours": str(self.helper_normal_weekly_hours),
            "holiday_weeks": self.holiday_weeks,
            "soon_window_days": self.soon_window_days,
            "consent_days": self.consent_days,
            "case_retention_years": self.case_retention_years,
            "budget_due": str(self.budget_due),
            "accounts_due": str(self.accounts_due),
            "accounts_decision": str(self.accounts_decision),
            **{name: getattr(self, name).to_mapping() for name in _PERIODS},
            "contact": self.contact.to_mapping(),
        }


# The settings that are periods counted from a day ({"weeks": n} or {"months": n} in JSON).
_PERIODS: tuple[str, ...] = tuple(
    f.name for f in fields(MunicipalitySettings) if isinstance(f.default, HandlingTime)
)

DEFAULT_SETTINGS = MunicipalitySettings()

# How the municipality works now, whatever case it is: how families reach it and how long it
# keeps drafts and cases. Every case follows their current value. The other settings are the
# rules of a case, fixed when the municipality received it: "a change takes effect for
# requests received after it" (issue: a municipality runs its own portal).
CURRENT_KEYS: tuple[str, ...] = ("name", "contact", "draft_retention", "case_retention_years")


def case_rules_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """The rules of a case in stored settings: every key but how the municipality works now."""
    return {key: value for key, value in data.items() if key not in CURRENT_KEYS}


def with_current(case_rules: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """Stored settings for a case: the rules it was received under, and the municipality's
    current contact details and retention periods."""
    return {
        **case_rules_data(case_rules),
        **{key: value for key, value in current.items() if key in CURRENT_KEYS},
    }
