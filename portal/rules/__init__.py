"""Domain rules for home training (hjemmetræning), in pure Python.

The rules that decide what the law allows live here, as plain functions over plain data
(mappings, dates, Decimals) returning frozen results, so that the wizard, the staff view, the
dossier and the tests all ask the same question the same way and get the same answer. Nothing
here imports Flask, a database or anything else from the portal; every rule cites its source
(the executive order, seed 004; Esbjerg Kommune's guide, seed 001; Ankestyrelsen, seed 003).

Modules: ``settings`` (a municipality's configuration), ``deadlines`` (handling times),
``findings`` (what a rule found), ``goals`` (the time-and-phase plan), ``schedule`` (the weekly
schedule), ``budget`` (training expenses and the yearly cap), ``accounts`` (the ended
year's accounts), ``case_status`` (statuses and who may change them), ``decisions`` (the
decision per budget line and the next supervision visits), ``lost_earnings`` (tabt
arbejdsfortjeneste), ``examples`` (Bilag 10's goals), ``labels`` (the names of every kind,
category, type and status), ``formatting`` (how amounts, dates and numbers are written) and
``i18n`` (translation markers).
"""

from portal.rules import (
    accounts,
    budget,
    case_status,
    case_types,
    deadlines,
    decisions,
    examples,
    findings,
    formatting,
    goals,
    i18n,
    lost_earnings,
    schedule,
    settings,
)
from portal.rules.findings import Finding, errors, warnings
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings

__all__ = [
    "DEFAULT_SETTINGS",
    "Finding",
    "MunicipalitySettings",
    "accounts",
    "budget",
    "case_status",
    "case_types",
    "deadlines",
    "decisions",
    "errors",
    "examples",
    "findings",
    "formatting",
    "goals",
    "i18n",
    "lost_earnings",
    "schedule",
    "settings",
    "warnings",
]
