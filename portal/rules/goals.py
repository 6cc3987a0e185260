"""Check one goal of the time-and-phase plan (tids- og faseplan, seed 001 Bilag 9).

Parents report that municipalities use goal requirements to delay cases (seed 000 item 8).
The portal helps parents write goals that pass; it must not become another obstacle. So only
what the law needs is an error:

* a measurable indicator: "Kravet om dokumenterbarhed indebærer, at kommunalbestyrelsen skal
  vurdere, om metoden indeholder målbare indikatorer" (Bekendtgørelse § 3, stk. 5, seed 004);
* a time frame and a plan for documentation: supervision starts from "en tids- og faseplan for
  evaluering af indsatsen og en plan for måling og dokumentation af virkningen af indsatsen"
  (Bekendtgørelse § 4, stk. 3);
* the child's current status, without which no effect can be assessed (§ 3, stk. 4: "så det
  er muligt at vurdere effekten af træningen"; Bilag 9: "I tids- og faseplanen skal barnets
  aktuelle status som det første noteres");
* a title: a goal must be named to be followed up at supervision (Bilag 9 "Udvalgt mål";
  Bilag 13 asks per goal "Udvalgt mål: Hvilket mål har været i fokus").

Everything else Bilag 9 asks for (the goal texts, purpose, method, exercises, when, equipment)
is advice: it helps the caseworker, but the law does not make it a condition of approval, and
the method is already described in the application itself (Bilag 8 item 3) and the times in
the weekly schedule.

A submitted request is judged as at the day the municipality received it (`today` is then the
day of receipt): a goal that was valid when sent stays valid. Seed 000 item 8 reports goal
requirements used "som et forsøg på, at trække sagens behandling unødig ud"; a case that has
waited months must not turn its goals into errors. A date that has passed since the receipt is
told as a note (`passed_since_receipt`), never as an error or advice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta

from portal.rules import formatting
from portal.rules.findings import ERROR, NOTE, WARNING, Finding, make_finding
from portal.rules.i18n import _
from portal.rules.sources import GUIDE

__all__ = [
    "GOAL_FIELDS",
    "LONG_TERM_HORIZON",
    "SHORT_TERM_HORIZON",
    "check_goal",
    "is_vague",
    "passed_since_receipt",
]

GOAL_FIELDS: tuple[str, ...] = (
    "title",
    "current_status",
    "indicator",
    "short_term",
    "short_term_by",
    "long_term",
    "long_term_by",
    "purpose",
    "method",
    "exercises",
    "when",
    "equipment",
    "documentation",
)

# "Langsigtet mål (1 år)", "Kortsigtet mål (½ år)" (Bilag 9); "Målene gælder i 6 måneder".
SHORT_TERM_HORIZON = relativedelta(months=6)
LONG_TERM_HORIZON = relativedelta(months=12)

_BILAG_9 = f"{GUIDE}, bilag 9, tids- og faseplan"
_BILAG_10 = f"{GUIDE}, bilag 10, SMARTe-mål"
# Sections of the executive order (seed 004), named as a reader can look them up.
_ORDER = "Bekendtgørelse om hjemmetræning"
_MEASURABLE = f"{_ORDER} § 3, stk. 5"
_PLAN = f"{_ORDER} § 4, stk. 3"

# Words that promise progress without saying what will be seen: "bedre motorik", "styrke
# balancen", "øge ordforrådet". Matched as whole words with their Danish endings.
_VAGUE = re.compile(
    r"\b(?:bedre|mere|mest|større|mindre|gladere|nemmere|lettere|flere|"
    r"forbedr\w*|styrk\w*|udvikl\w*|øg(?:e|er|es|et|ede)|fremm\w*|optimer\w*|"
    r"stimuler\w*|trives|trivsel)\b",
    re.IGNORECASE,
)

# Verbs of action a person can see the child do (SMART "Specifikt: hvad barnet skal gøre").
_ACTION_VERBS = (
    "tage", "kravle", "gå", "stå", "sidde", "sige", "spise", "drikke", "række", "pege", "gribe",
    "holde", "kaste", "hoppe", "løbe", "skrive", "tegne", "læse", "tælle", "vende", "trække",
    "rulle", "vise", "svare", "kalde", "hente", "finde", "knappe", "lyne", "klatre", "cykle",
    "bære", "åbne", "lukke", "vaske", "børste", "hælde", "smøre", "kigge", "følge", "lytte",
    "vinke", "klappe", "sparke", "sætte", "lægge", "stable", "putte", "trykke", "bede", "synke",
    "tygge", "rejse", "lege", "bygge", "sortere", "gentage", "efterligne", "imitere", "benævne",
    "navngive", "vælge", "aflevere", "give", "tisse",
)  # fmt: skip
_ACTION = re.compile(
    r"\b(?:" + "|".join(sorted({f"{v}r?" for v in _ACTION_VERBS}, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# Something countable: a number, a unit, a duration or a frequency.
_COUNTABLE = re.compile(
    r"\d|%|\b(?:to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|tyve|halv|halvt|én|ét|"
    r"hver|hvert|ingen|"
    r"m|cm|km|meter|sek|sekund\w*|minut\w*|time|timer|dag|dage|uge|uger|måned\w*|"
    r"gang|gange|skridt|ord|trin|procent|pct|sætning\w*|stykker|stk)\b",
    re.IGNORECASE,
)


def is_vague(text: str) -> bool:
    """True when ``text`` promises progress (bedre, mere, styrke ...) but names nothing a
    person can see or count: no number, unit, duration, frequency or verb of action."""
    return bool(_VAGUE.search(text)) and not (_COUNTABLE.search(text) or _ACTION.search(text))


def _text(goal: Mapping[str, Any], key: str) -> str:
    value = goal.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"goal[{key!r}] must be a string, not {type(value).__name__}")
    return value.strip()


def _date(goal: Mapping[str, Any], key: str) -> date | None:
    value = goal.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"goal[{key!r}] must be a date, not {type(value).__name__}")
    return value


def _horizon_end(today: date, horizon: relativedelta) -> date | None:
    """``today + horizon``, or ``None`` when that is past ``date.max`` (year 9999).

    A wizard may be asked about any date a parent types; on the last days ``date`` can hold,
    6 or 12 months ahead does not exist, so no target date can be too far ahead.
    """
    try:
        return today + horizon
    except (OverflowError, ValueError):
        return None


def check_goal(goal: Mapping[str, Any], *, today: date) -> list[Finding]:
    """Findings for one goal; ``field`` is the goal's key (e.g. ``"indicator"``).

    Keys: title, current_status, indicator, short_term, short_term_by (date), long_term,
    long_term_by (date), purpose, method, exercises, when, equipment, documentation.
    Missing keys count as empty.
    """
    findings: list[Finding] = []
    findings += _check_required_texts(goal)
    findings += _check_dates(goal, today=today)
    findings += _check_advice_texts(goal)
    return findings


def _check_required_texts(goal: Mapping[str, Any]) -> list[Finding]:
    found = []
    if not _text(goal, "title"):
        found.append(
            make_finding(
                "goal.no_title",
                ERROR,
                "title",
                _("Giv målet en kort overskrift, fx »Tager selv bukser på«."),
                _BILAG_9,
            )
        )
    if not _text(goal, "current_status"):
        found.append(
            make_finding(
                "goal.no_current_status",
                ERROR,
                "current_status",
                _("Skriv hvad barnet kan nu, når det gælder dette mål."),
                f"{_ORDER} § 3, stk. 4; {_BILAG_9}",
            )
        )
    if not _text(goal, "indicator"):
        found.append(
            make_finding(
                "goal.no_indicator",
                ERROR,
                "indicator",
                _(
                    "Hvordan kan I se, at målet er nået? Skriv noget I kan se eller tælle, "
                    "fx »Maja kravler 3 m på måtten«."
                ),
                _MEASURABLE,
            )
        )
    if not _text(goal, "documentation"):
        found.append(
            make_finding(
                "goal.no_documentation",
                ERROR,
                "documentation",
                _(
                    "Skriv hvordan I vil dokumentere effekten, fx en video hver måned "
                    "eller et skema over, hvor langt barnet kravler."
                ),
                _PLAN,
            )
        )
    return found


def _check_dates(goal: Mapping[str, Any], *, today: date) -> list[Finding]:
    found = []
    short_by = _date(goal, "short_term_by")
    long_by = _date(goal, "long_term_by")
    short_limit = _horizon_end(today, SHORT_TERM_HORIZON)
    long_limit = _horizon_end(today, LONG_TERM_HORIZON)

    if short_by is None:
        found.append(
            make_finding(
                "goal.no_short_term_date",
                ERROR,
                "short_term_by",
                _("Skriv hvornår det kortsigtede mål skal være nået."),
                _PLAN,
            )
        )
    elif short_by < today:
        found.append(
            make_finding(
                "goal.short_term_date_past",
                ERROR,
                "short_term_by",
                _("Datoen for det kortsigtede mål er passeret. Vælg en dato fra i dag."),
                _PLAN,
            )
        )
    elif short_limit is not None and short_by > short_limit:
        found.append(
            make_finding(
                "goal.short_term_far",
                WARNING,
                "short_term_by",
                _(
                    "Et kortsigtet mål gælder normalt et halvt år. Overvej en dato senest "
                    "%(limit)s, eller flyt målet til det langsigtede mål."
                ),
                _BILAG_9,
                limit=formatting.long_date(short_limit),
            )
        )

    if long_by is None:
        found.append(
            make_finding(
                "goal.no_long_term_date",
                ERROR,
                "long_term_by",
                _("Skriv hvornår det langsigtede mål skal være nået."),
                _PLAN,
            )
        )
    elif long_by < today:
        found.append(
            make_finding(
                "goal.long_term_date_past",
                ERROR,
                "long_term_by",
                _("Datoen for det langsigtede mål er passeret. Vælg en dato fra i dag."),
                _PLAN,
            )
        )
    elif long_limit is not None and long_by > long_limit:
        found.append(
            make_finding(
                "goal.long_term_far",
                WARNING,
                "long_term_by",
                _(
                    "Et langsigtet mål gælder normalt et år. Overvej en dato senest "
                    "%(limit)s, og del målet op, hvis det tager længere tid."
                ),
                _BILAG_9,
                limit=formatting.long_date(long_limit),
            )
        )

    if short_by is not None and long_by is not None and short_by > long_by:
        found.append(
            make_finding(
                "goal.short_after_long",
                ERROR,
                "short_term_by",
                _(
                    "Det kortsigtede mål skal nås før det langsigtede. Vælg en dato "
                    "senest %(long_by)s."
                ),
                _PLAN,
                long_by=formatting.long_date(long_by),
            )
        )
    return found


def _check_advice_texts(goal: Mapping[str, Any]) -> list[Finding]:
    found = []
    for key in ("indicator", "short_term", "long_term"):
        text = _text(goal, key)
        if text and is_vague(text):
            found.append(
                make_finding(
                    "goal.vague",
                    WARNING,
                    key,
                    _(
                        "Ord som »bedre« og »mere« kan ikke måles. Skriv hvad barnet skal "
                        "gøre, og hvor langt, hvor længe eller hvor tit."
                    ),
                    _BILAG_10,
                )
            )

    missing_advice = {
        "short_term": _("Skriv hvad barnet skal kunne om et halvt år."),
        "long_term": _("Skriv hvad barnet skal kunne om et år."),
        "purpose": _("Skriv hvorfor målet er vigtigt for barnet i hverdagen."),
        "method": _("Skriv hvilken metode I bruger til målet."),
        "exercises": _("Skriv hvilke øvelser I laver for at nå målet."),
        "when": _("Skriv hvornår på dagen eller ugen I træner øvelserne."),
        "equipment": _("Skriv hvilke redskaber I bruger, eller skriv »ingen«."),
    }
    for key, msgid in missing_advice.items():
        if not _text(goal, key):
            found.append(make_finding(f"goal.no_{key}", WARNING, key, msgid, _BILAG_9))
    return found


def passed_since_receipt(goal: Mapping[str, Any], *, received: date, today: date) -> list[Finding]:
    """Notes for the goal's target dates that were ahead when the municipality received the
    request (``received``) and have passed by ``today``: information for the caseworker, not a
    fault of the family (the findings themselves are judged as at ``received``)."""
    passed = {
        "short_term_by": _(
            "Datoen for det kortsigtede mål, %(date)s, er passeret siden ansøgningen blev "
            "modtaget den %(received)s."
        ),
        "long_term_by": _(
            "Datoen for det langsigtede mål, %(date)s, er passeret siden ansøgningen blev "
            "modtaget den %(received)s."
        ),
    }
    found = []
    for key, msgid in passed.items():
        target = _date(goal, key)
        if target is not None and received <= target < today:
            found.append(
                make_finding(
                    f"goal.{key}_passed_since_receipt",
                    NOTE,
                    key,
                    msgid,
                    _PLAN,
                    date=formatting.long_date(target),
                    received=formatting.long_date(received),
                )
            )
    return found
