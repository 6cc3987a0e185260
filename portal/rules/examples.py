"""The two good goals of seed 001, Bilag 10 (SMARTe-mål), as goals the portal accepts.

Written with an indicator and target dates relative to ``today`` so that they stay valid on
any day; the wizard's browser tests reuse Anders. Both must pass ``check_goal`` with no error
and no warning.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

__all__ = ["anders_goal", "maja_goal"]

_MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def _day_month(day: date) -> str:
    return f"{day.day}. {_MONTHS[day.month - 1]}"


def anders_goal(today: date) -> dict[str, Any]:
    """Anders puts on his jogging trousers himself (Bilag 10), due in 6 months."""
    short_by = today + relativedelta(months=3)
    long_by = today + relativedelta(months=6)
    return {
        "title": "Anders tager selv tøj på",
        "current_status": (
            "Anders kan vende bukserne rigtigt med hjælp, men kan ikke selv få benene i "
            "buksebenene."
        ),
        "indicator": (
            "Anders tager selv joggingbukser på om morgenen derhjemme. Bukserne er ikke "
            "stramme. Han må guides verbalt."
        ),
        "short_term": (
            "Anders kan sidde og tage det ene ben i det ene bukseben og det andet ben i det "
            "andet bukseben."
        ),
        "short_term_by": short_by,
        "long_term": (
            "Anders skal selv kunne tage joggingbukser på om morgenen derhjemme. Han må guides "
            f"verbalt. Han skal kunne det {_day_month(long_by)}. Når Anders har haft anfald om "
            "natten og har sovet dårligt, forventes det ikke, at han kan selv."
        ),
        "long_term_by": long_by,
        "purpose": "Anders skal selv kunne tage tøj på.",
        "method": "Ergoterapeutisk træning af påklædning",
        "exercises": (
            "Anders kan vende bukserne rigtigt. Anders kan sidde og tage det ene ben i det ene "
            "bukseben. Anders kan tage det andet ben i det andet bukseben. Anders kan stå op og "
            "tage bukserne op foran. Anders kan stå op og trække bukserne op i siderne. Anders "
            "kan trække bukserne op bagpå."
        ),
        "when": "Hver morgen ved påklædning, kl. 7.00-7.20",
        "equipment": "Joggingbukser, der ikke er stramme, og en stol",
        "documentation": (
            "Vi skriver hver morgen i et skema, hvilke af de seks delmål Anders klarer selv, "
            "og filmer påklædningen én gang om måneden."
        ),
    }


def maja_goal(today: date) -> dict[str, Any]:
    """Maja crawls 3 m before Christmas Eve (Bilag 10): due the next 24 December."""
    christmas_eve = date(today.year, 12, 24)
    if christmas_eve <= today:
        christmas_eve = date(today.year + 1, 12, 24)
    halfway = today + timedelta(days=(christmas_eve - today).days // 2)
    short_by = min(halfway, today + relativedelta(months=6))
    return {
        "title": "Maja kravler hen til sit legetøj",
        "current_status": (
            "Maja kan sidde på gulvet med strakte ben, men kan ikke komme op i kravlestilling "
            "og bevæge sig hen efter legetøj."
        ),
        "indicator": "Maja kravler 3 m på gulvtæppe/måtte.",
        "short_term": "Maja skal kunne stå stabilt i kravlestilling i 5 sekunder.",
        "short_term_by": short_by,
        "long_term": (
            "Maja kan kravle 3 m på gulvtæppe/måtte. Det skal hun selv kunne inden juleaften, "
            "så hun kan finde sine gaver under træet. Hun skal kunne det derhjemme, hos "
            "bedsteforældrene og i børnehaven."
        ),
        "long_term_by": christmas_eve,
        "purpose": (
            "Når Maja sidder på gulvet, skal hun kunne bevæge sig hen efter noget legetøj."
        ),
        "method": "Fysioterapeutisk motorisk træning",
        "exercises": (
            "Fra siddende på gulvet med strakte ben til havfruestilling over begge sider. Fra "
            "havfruestilling til kravlestilling. Stå stabilt i kravlestilling i 5 sekunder. Stå "
            "i kravlestilling og række ud efter legetøj. Vægtoverføre til siden og føre ét knæ "
            "frem, til begge sider. Kravle 1 m, 2 m, 3 m."
        ),
        "when": "Hver formiddag kl. 9.30-10.00 og hver eftermiddag efter børnehaven",
        "equipment": "Gulvtæppe eller måtte og Majas eget legetøj",
        "documentation": (
            "Vi måler hver fredag, hvor langt Maja kravler, skriver det i et skema og filmer "
            "det én gang om måneden."
        ),
    }
