"""The kinds of request (sagstyper) whose handling time the portal tracks (seed 001)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from portal.rules.i18n import N_

__all__ = [
    "CASE_TYPES",
    "CASE_TYPE_LABELS",
    "OWN_PAGE_CASE_TYPES",
    "WIZARD_CASE_TYPES",
    "CaseType",
]

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
    # The family's notice that they end the training is a request: it asks the municipality
    # for the written decision that ends the grants from the last day (lost earnings, the
    # helper trainers' wages), which the family can complain about, so the family must know
    # when to expect it and the caseworker's list must track it like any other request.
    "training_ending",
    # The case the municipality opens on its own motion to adjust, reduce or stop a training:
    # a decision the family can complain about, with a hearing first and a handling time.
    "training_change",
)

# Requests made on a page of their own rather than through the application's wizard.
OWN_PAGE_CASE_TYPES: frozenset[CaseType] = frozenset({"training_ending", "training_change"})
WIZARD_CASE_TYPES: tuple[CaseType, ...] = tuple(
    case_type for case_type in CASE_TYPES if case_type not in OWN_PAGE_CASE_TYPES
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
        "training_ending": N_("Familien stopper hjemmetræningen"),
        "training_change": N_("Kommunen ændrer eller stopper hjemmetræningen"),
    }
)
