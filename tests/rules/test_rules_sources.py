"""No user reads "seed": every finding the rules can make names its source by the document's
title (portal.rules.sources), and no string in the portal's code says the word.

The autouse fixture `no_seed_shown` (tests/conftest.py) reads every finding any test makes as
well; here the findings are made on purpose, from the rules' own tables and examples: the
sample that reaches every code (test_rules_package), the table of real-looking goals and
budgets, the accounts, the caseworker's decisions, and the notes on a submitted request.
"""

from __future__ import annotations

import ast
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from portal.rules.accounts import GrantedLine, LineReview, check_accounts, check_review
from portal.rules.budget import check_budget
from portal.rules.decisions import LineDecision, check_decision
from portal.rules.examples import anders_goal, maja_goal
from portal.rules.goals import check_goal, passed_since_receipt
from portal.rules.sources import ANKESTYRELSEN, DUKH, EXECUTIVE_ORDER, GUIDE
from tests.rules.test_rules_examples_table import BUDGET_ROWS, GOAL_ROWS
from tests.rules.test_rules_examples_table import TODAY as TABLE_DAY
from tests.rules.test_rules_package import _sample_findings
from tests.support.figures import SHIPPED

PORTAL = Path(__file__).resolve().parents[2] / "portal"
DAY = date(2027, 3, 10)
# The operator's command that fills a demonstration database: a command name, not a page.
OPERATOR_WORDS = {"seed-demo"}


def _decisions():
    line = LineDecision(0, Decimal("1000"), Decimal("0"), refused=True)
    over = LineDecision(0, Decimal("900000"), Decimal("900000"), refused=False)
    made = []
    for outcome, lines, first, second in (
        ("approved", [line], None, None),
        ("refused", [over], None, None),
        ("partly_approved", [over], date(2028, 1, 1), date(2027, 3, 1)),
        ("approved", [], date(2027, 3, 12), None),
    ):
        made += check_decision(
            outcome,
            lines,
            case_type="annual_budget",
            budget_year=2027,
            decided_on=DAY,
            next_supervision=first,
            second_supervision=second,
            figures=SHIPPED,
        ).findings
    return made


def every_finding():
    found = list(_sample_findings())
    for row in GOAL_ROWS:
        found += check_goal(row.values[0], today=TABLE_DAY)
    for row in BUDGET_ROWS:
        lines, year, _expected, _total = row.values
        found += check_budget(lines, year=year, figures=SHIPPED).findings
    for goal in (anders_goal(DAY), maja_goal(DAY)):
        found += passed_since_receipt(goal, received=DAY, today=date(2029, 1, 1))
    lines = [
        GrantedLine(f"HT-1:{i}", "equipment", "Bold", Decimal(100), 2026, "HT-1") for i in (0, 1)
    ]
    found += check_accounts(
        2026,
        lines,
        [
            {
                "line": "HT-1:0",
                "amount": Decimal(150),
                "paid_on": date(2027, 5, 1),
                "kind": "pension",
            },
            {"line": "HT-1:1", "amount": Decimal(50), "paid_on": date(2026, 5, 1), "receipt": ""},
            {"line": "HT-9:9", "amount": Decimal(50)},
        ],
    ).findings
    found += check_review([LineReview("Bold", Decimal(100), Decimal(50), None)])
    return found + _decisions()


def test_every_finding_names_its_source_by_a_documents_title_never_seed():
    findings = every_finding()
    codes = {f.code for f in findings}
    # The sample reaches the notes, the accounts and the decisions, not only the wizard's rules.
    assert {"goal.short_term_by_passed_since_receipt", "accounts.overspent"} <= codes
    assert any(code.startswith("decision.") for code in codes), codes
    for finding in findings:
        shown = f"{finding.message} {finding.source}"
        assert finding.source.strip() and "seed" not in shown.lower(), (finding.code, shown)


def test_the_documents_are_named_by_their_titles():
    for title in (GUIDE, ANKESTYRELSEN, EXECUTIVE_ORDER, DUKH):
        assert title.strip() and "seed" not in title.lower() and not title[:3].isdigit()


def _docstrings(tree: ast.AST) -> set[int]:
    owners = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, owners)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def test_no_string_in_the_portals_code_says_seed():
    """Comments and docstrings cite the seeds for us; a string in the code may reach a user."""
    said = []
    for path in sorted(PORTAL.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        said += [
            f"{path.relative_to(PORTAL)}:{node.lineno}: {node.value[:80]!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and "seed" in node.value.lower()
            and node.value not in OPERATOR_WORDS
        ]
    assert said == []


def test_no_template_says_seed():
    """Templates are the pages, e-mails and letters users read; a comment in one is read by
    whoever maintains it beside the text, so it cites a document by its title too."""
    said = [
        f"{path.relative_to(PORTAL)}:{number}: {line.strip()[:80]}"
        for path in sorted((PORTAL / "templates").rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"(?<![^\W\d_])seeds?(?![^\W\d_])", line, re.IGNORECASE)
    ]
    assert said == []
