"""The caseworker's decision page filled in as a person would: open it, keep what stands there
(every line at the amount asked for), change what the test says, and press a button."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from flask.testing import FlaskClient

from portal.extensions import db
from portal.models import Case
from portal.services import decisions as decision_service
from portal.timeutil import now_utc, today_local
from tests.support import factories, journey, tracking
from tests.support.pages import Page, get


def url(case: Case) -> str:
    return f"/sagsbehandling/sager/{case.public_id}/afgoerelse"


def form_data(page: Page) -> dict[str, Any]:
    """What the page's form would send as it stands: fields, ticked boxes, the chosen radio."""
    form = page.soup.select_one("form[method=post][action$='/afgoerelse']")
    data: dict[str, Any] = {}
    for element in form.select("input[name], textarea[name]"):
        kind = element.get("type", "text")
        if element.name == "textarea":
            data[element["name"]] = element.get_text()
        elif kind in ("checkbox", "radio"):
            if element.has_attr("checked"):
                data[element["name"]] = element.get("value", "y")
        elif kind != "submit":
            data[element["name"]] = element.get("value", "")
    return data


def lines(count: int, *, amount: str = "1000", category: str = "equipment") -> dict[str, str]:
    """A budget step's answers with `count` lines (for tracking.submitted_case)."""
    answers = {"year": str(today_local().year + 1)}
    for n in range(count):
        answers.update(
            journey.prefixed(
                f"lines-{n}",
                {
                    "category": category,
                    "description": f"Træningsredskab nr. {n + 1}",
                    "quantity": "1",
                    "amount": amount,
                    "justification": f"Redskab {n + 1} bruges hver dag i træningen af balance.",
                },
            )
        )
    return answers


def approval(today: date | None = None) -> dict[str, str]:
    """The decision as a whole for an approval, with the next two supervision visits."""
    today = today or today_local()
    return {
        "outcome": "approved",
        "text": "Hjemmetræningen efter ADL-metoden godkendes. Metoden har målbare indikatorer.",
        "next_supervision": (today + timedelta(days=90)).isoformat(),
        "second_supervision": (today + timedelta(days=270)).isoformat(),
    }


def post(
    browser: FlaskClient, case: Case, changes: dict[str, Any] | None = None, action: str = "send"
) -> Page:
    page = get(browser, url(case))
    data = {**form_data(page), **(changes or {}), "_action": action}
    for key in [k for k, v in data.items() if v is None]:
        del data[key]  # None: the box is not ticked, the field not sent
    return Page(browser.post(url(case), data=data))


def granted_budget(training: Case, amount: str, year: int) -> Case:
    """Next year's budget for the family's training, two lines of `amount` each, granted in
    full by the caseworker today."""
    answers = tracking.request_answers("annual_budget")
    answers["budget"] = {**answers["budget"], **lines(2, amount=amount), "year": year}
    return granted_in_full(training, answers, [Decimal(amount)] * 2)


def granted_in_full(
    training: Case, answers: dict[str, Any], amounts: list[Decimal], *, on: date | None = None
) -> Case:
    """A budget for the family's training with the lines of `answers`, each granted its
    amount of `amounts` by a caseworker today (or received and decided at noon `on`)."""
    case = tracking.submitted_case(
        training.parent,
        training.municipality,
        received=on or today_local(),
        case_type="annual_budget",
        related=training,
        answers=answers,
    )
    decision_service.record(
        case,
        factories.staff(training.municipality),
        decision_service.DecisionInput(
            outcome="approved",
            text="Budgettet bevilges.",
            complaint_guidance="Klag inden 4 uger.",
            lines=[decision_service.LineInput(n, a, False) for n, a in enumerate(amounts)],
            next_supervision=(on or today_local()) + timedelta(days=90),
        ),
        now=tracking.at_noon(on) if on else now_utc(),
    )
    db.session.commit()
    return case


def request_with_lines(family, case_type: str, step: str, count: int, amount: str) -> Case:
    """A request of `case_type` about the family's home training with `count` lines of
    `amount` for the budget year 2024, whose cap is known (706.600 kr., seed 004 § 6, stk. 2)."""
    answers = tracking.request_answers(case_type)
    answers[step] = {**answers[step], **lines(count, amount=amount), "year": "2024"}
    return tracking.submitted_case(
        family.parent,
        family.municipality,
        received=today_local(),
        case_type=case_type,
        related=family.training,
        answers=answers,
    )
