"""A label says "(frivilligt)" only where the application can be sent without the answer: an
answer the rules need before sending (an error finding) is never marked optional, even though
the step can be saved without it."""

from __future__ import annotations

from datetime import date

from portal.forms.application import BudgetLineForm
from portal.rules.budget import check_budget
from portal.rules.findings import ERROR
from portal.rules.goals import GOAL_FIELDS, check_goal
from tests.support import journey
from tests.support.figures import SHIPPED
from tests.support.pages import get

OPTIONAL = "(frivilligt)"


def _label(page, field_id: str) -> str:
    label = page.soup.find("label", attrs={"for": field_id}) or page.soup.find(id=field_id).find(
        "legend"
    )
    return label.get_text(" ", strip=True)


def _needed(findings, prefix: str = "") -> set[str]:
    return {f.field.removeprefix(prefix) for f in findings if f.severity == ERROR}


def test_the_goals_needed_to_send_are_not_marked_optional(client, draft_with_child):
    page = get(client, draft_with_child + "maal")
    needed = _needed(check_goal({}, today=date(2027, 3, 1)))

    assert {"title", "current_status", "indicator", "documentation"} <= needed
    for name in GOAL_FIELDS:
        marked = _label(page, f"goals-0-{name}").endswith(OPTIONAL)
        assert marked == (name not in needed), name


def test_the_budget_lines_justification_and_amount_are_not_marked_optional(
    client, draft_with_child
):
    line = {"category": "equipment", "description": "Skammel", "quantity": "1"}
    journey.save_step(
        client,
        draft_with_child,
        "budget",
        {"year": "2027", **journey.prefixed("lines-0", line)},
    )
    page = get(client, draft_with_child + "budget")
    needed = _needed(check_budget([line], year=2027, figures=SHIPPED).findings, "0.")

    assert {"justification", "amount"} <= needed
    for name in BudgetLineForm().data:
        if page.soup.find(id=f"lines-0-{name}") is None:
            continue
        if name in needed:
            assert not _label(page, f"lines-0-{name}").endswith(OPTIONAL), name
    assert _label(page, "lines-0-quantity").endswith(OPTIONAL)
    assert _label(page, "lines-0-justification") == "Hvorfor er udgiften nødvendig for træningen?"
