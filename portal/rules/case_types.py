"""The kinds of request (sagstyper) whose handling time the portal tracks (seed 001)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from portal.rules.i18n import N_

__all__ = ["CASE_TYPES", "CASE_TYPE_LABELS", "CaseType"]

CaseType = str

CASE_TYPES: tuple[CaseType, ...] = (
    "new_application",
    "supplement_method",
    "switch_method",
    "extra_equipment",
    "annual_budget",
    "accounts",
    "renewed_goals",
    # Changes during the year (portal.rules.changes).
    "family_change",
    "child_change",
    "school_change",
    "training_pause",
    "helper_hours",
    "budget_move",
)

# Danish labels as the parent and the caseworker know them; translated by the Flask layer.
CASE_TYPE_LABELS: Mapping[CaseType, str] = MappingProxyType(
    {
        "new_application": N_("Ansøgning om hjemmetræning"),
        "supplement_method": N_("Supplere med en ny metode"),
        "switch_method": N_("Skifte metode"),
        "extra_equipment": N_("Træningsredskaber uden for budgettet"),
        "annual_budget": N_("Budget for det kommende år"),
        "accounts": N_("Regnskab for det afsluttede budgetår"),
        # "Målene gælder i 6 måneder" (seed 001): the time-and-phase plan is renewed.
        "renewed_goals": N_("Nye mål for de næste 6 måneder"),
        # 001: "Ændringer der kan have betydning for bevilling af hjemmetræning".
        "family_change": N_("Ændring i familien"),
        "child_change": N_("Ændring i barnets helbred"),
        "school_change": N_("Skolestart, dagtilbud eller nedsat skoleskema"),
        "training_pause": N_("Perioder uden træning"),
        "helper_hours": N_("Ændrede timer til hjælpetræner"),
        "budget_move": N_("Flyt penge mellem budgetlinjer"),
    }
)
