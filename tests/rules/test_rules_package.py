"""The rules package: pure Python, one Finding shape, and messages gettext can find."""

import ast
import re
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

import portal.rules
from portal.rules import Finding
from portal.rules.budget import CATEGORY_LABELS, check_budget
from portal.rules.case_types import CASE_TYPE_LABELS
from portal.rules.family import check_adults, check_offers, check_trainers
from portal.rules.findings import errors, has_errors, make_finding, warnings
from portal.rules.goals import check_goal
from portal.rules.lost_earnings import GrantDecision, check_family, check_grants, estimate
from portal.rules.methods import check_methods
from portal.rules.schedule import DAY_LABELS, KIND_LABELS, check_week
from portal.rules.yearly import KINDS
from tests.support.figures import SHIPPED

RULES_DIR = Path(portal.rules.__file__).parent
MODULES = sorted(RULES_DIR.glob("*.py"))
# Babel (locale data, no framework) writes numbers and dates: portal.rules.formatting.
FORBIDDEN_IMPORTS = ("flask", "flask_babel", "flask_wtf", "sqlalchemy", "wtforms")


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_rules_import_no_framework_and_nothing_else_from_the_portal(path):
    for name in _imports(path):
        top = name.split(".")[0]
        assert top not in FORBIDDEN_IMPORTS, f"{path.name} imports {name}"
        if top == "portal":
            assert name.startswith("portal.rules"), f"{path.name} imports {name}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_marked_message_is_one_string_literal(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "N_"):
            assert len(node.args) == 1, f"{path.name}:{node.lineno}"
            assert isinstance(node.args[0], ast.Constant), f"{path.name}:{node.lineno}"
            assert isinstance(node.args[0].value, str), f"{path.name}:{node.lineno}"


def _sample_findings():
    today = date(2025, 3, 10)
    found = list(check_goal({"indicator": "Bedre motorik"}, today=today))
    found += check_goal(
        {"short_term_by": date(2026, 3, 1), "long_term_by": date(2027, 3, 1)}, today=today
    )
    found += check_goal(
        {"short_term_by": date(2025, 3, 1), "long_term_by": date(2025, 3, 2)}, today=today
    )
    found += check_goal(
        {"short_term_by": date(2025, 6, 1), "long_term_by": date(2025, 5, 1)}, today=today
    )
    rows = [
        {"day": "mon", "start": time(8), "end": time(20), "kind": "training"},
        {"day": "mon", "start": time(9), "end": time(10), "kind": "school"},
        {"day": "tue", "start": time(8), "end": time(7), "kind": "training"},
        {"day": "wed", "start": None, "end": time(7), "kind": "training"},
    ] + [
        {"day": d, "start": time(6), "end": time(18), "kind": "training"}
        for d in ("thu", "fri", "sat")
    ]
    found += check_week(rows, child_birth_date=date(2022, 1, 1), today=today)
    found += check_week(rows, child_birth_date=date(2015, 1, 1), today=today)
    descriptions = ["Trykkammer", "Carbogen", "Respirationsterapi", "Sygehusbehandling",
                    "Kursus i udlandet", "CBD", "Blodprøve", "Behandling", "Revisor", "Møbler",
                    "Diæt", "Svømning", "Måtte fra udlandet", ""]  # fmt: skip
    lines = [
        {"category": "equipment", "description": d, "amount": "1", "justification": ""}
        for d in descriptions
    ] + [
        {"category": "equipment", "description": "X", "amount": None, "quantity": 0},
        {"category": "equipment", "description": "X", "amount": "-1"},
        {"category": "helper", "description": "H", "hours_per_week": 45, "weeks": 47},
        {
            "category": "helper",
            "description": "H",
            "helper_goals": "Øvelse 2",
            "helper_family": "ja",
        },
        {"category": "helper", "description": "H"},
        {"category": "helper", "description": "H", "hours_per_week": -1, "weeks": 60},
        {"category": "other", "description": "X", "amount": "800000"},
    ]
    found += check_budget(lines, year=2024, figures=SHIPPED).findings
    found += check_budget(lines, year=2030, figures=SHIPPED).findings
    for hours in ((0, 0), (30, 37), (37, 37)):
        found += estimate(
            previous_monthly_income=50000,
            previous_weekly_hours=hours[0],
            requested_weekly_hours=hours[1],
            year=2030,
            figures=SHIPPED,
        ).findings
    parents = [
        {"name": "Mette", "employment": "not_working", "requested_hours": 37},
        {"name": "Jens", "employment": "self_employed", "monthly_income": 9000,
         "weekly_hours": 45, "requested_hours": 20},
        {"name": "Ole", "employment": "employee"},
    ]  # fmt: skip
    found += check_family(
        {"applying": "ja", "parents": parents, "home_schooling": "ja",
         "home_schooling_by": "Mette"},
        year=2030, figures=SHIPPED
    ).findings  # fmt: skip
    found += check_family({"applying": "ja", "parents": []}, year=2030, figures=SHIPPED).findings
    on = date(2027, 1, 4)
    blank = GrantDecision(0, Decimal(20), False, None, None, None)
    late = GrantDecision(
        1, Decimal(20), False, Decimal(100), Decimal(20), on, on, previous_monthly=Decimal(900)
    )
    refused = GrantDecision(2, Decimal(20), True, None, None, None)
    found += check_grants("approved", [blank, late, refused], decided_on=on)
    found += check_grants("refused", [late], decided_on=on)
    found += check_methods([{"name": "Trykkammer", "elements": "Carbogen, respirationsterapi"}])
    found += check_methods([{"description": "Sygehusbehandling"}])
    found += check_adults([{"custody": "nej"}])
    found += check_trainers(["hjaelpetraenere"])
    found += check_offers([{"offer": "skole", "change": "erstatte"}])
    return found


# The stable codes other parts of the portal may key on.
ALL_CODES = {
    "goal.no_title", "goal.no_current_status", "goal.no_indicator", "goal.no_documentation",
    "goal.no_short_term_date", "goal.no_long_term_date", "goal.short_term_date_past",
    "goal.long_term_date_past", "goal.short_after_long", "goal.short_term_far",
    "goal.long_term_far", "goal.vague", "goal.no_short_term", "goal.no_long_term",
    "goal.no_purpose", "goal.no_method", "goal.no_exercises", "goal.no_when",
    "goal.no_equipment",
    "schedule.time_missing", "schedule.end_before_start", "schedule.overlap",
    "schedule.training_over_cap", "schedule.school_and_training_over_cap",
    "budget.no_description", "budget.quantity_not_positive", "budget.amount_missing",
    "budget.amount_not_positive", "budget.no_justification", "budget.helper_hours_missing",
    "budget.hours_not_positive", "budget.weeks_invalid", "budget.helper_over_normal_hours",
    "budget.helper_insurance", "budget.over_cap", "budget.maybe_over_cap",
    "budget.excluded.hyperbaric_chamber", "budget.excluded.carbogen",
    "budget.excluded.respiratory_therapy", "budget.excluded.hospital_treatment",
    "budget.excluded.course_abroad", "budget.usually_not_granted.cbd_oil",
    "budget.usually_not_granted.blood_test", "budget.usually_not_granted.treatment",
    "budget.usually_not_granted.administration", "budget.usually_not_granted.household",
    "budget.usually_not_granted.special_diet", "budget.usually_not_granted.swimming",
    "budget.usually_not_granted.goods_abroad", "budget.helper_no_goals", "budget.helper_family",
    "method.forbidden.hyperbaric_chamber", "method.forbidden.carbogen",
    "method.forbidden.respiratory_therapy", "method.forbidden.hospital_treatment",
    "family.no_custody_holder", "trainers.no_parent", "offer.school_replaced",
    "lost_earnings.no_previous_hours", "lost_earnings.no_requested_hours",
    "lost_earnings.more_hours_than_before", "lost_earnings.ceiling_year_unknown",
    "lost_earnings.no_income", "lost_earnings.no_previous_work", "lost_earnings.self_employed",
    "lost_earnings.lower_income", "lost_earnings.no_parent",
    "lost_earnings.parents_together_over_37", "lost_earnings.home_schooling",
    "lost_earnings.same_parent_teaches_and_trains",
    "lost_earnings.amount_missing", "lost_earnings.hours_missing", "lost_earnings.start_missing",
    "lost_earnings.follow_up_before_start", "lost_earnings.reason_missing",
    "lost_earnings.notice_too_short", "lost_earnings.approved_but_short",
    "lost_earnings.refused_but_granted",
}  # fmt: skip


def test_the_sample_reaches_every_code_and_the_sources_define_no_other():
    assert {f.code for f in _sample_findings()} == ALL_CODES
    source = "\n".join(path.read_text(encoding="utf-8") for path in MODULES)
    literal = set(
        re.findall(
            r'"((?:goal|schedule|budget|lost_earnings|method|family|trainers|offer)\.[a-z_.]+)"',
            source,
        )
    )
    prefixes = {"budget.excluded", "budget.usually_not_granted", "method.forbidden"}
    assert literal - prefixes <= ALL_CODES


def test_every_message_is_extracted_for_translation_and_fully_rendered():
    # A counted message (N_plural) gives both its Danish forms.
    extracted = {
        form
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            RULES_DIR, keywords={**DEFAULT_KEYWORDS, "N_plural": (1, 2)}
        )
        for form in (message if isinstance(message, tuple) else (message,))
    }
    for finding in _sample_findings():
        assert finding.msgid in extracted, finding.code
        assert finding.msgid_plural == "" or finding.msgid_plural in extracted, finding.code
        assert "%(" not in finding.message, finding.code
        assert finding.message == finding.danish_template % finding.danish_params, finding.code
        assert finding.source.strip(), finding.code
        # Users read the source: a document's title, never a file number of ours.
        assert "seed" not in finding.source.lower(), finding.code
    labels = [*CASE_TYPE_LABELS.values(), *CATEGORY_LABELS.values(), *DAY_LABELS.values()]
    assert set(labels + list(KIND_LABELS.values())) <= extracted


class TestFinding:
    def test_is_frozen_hashable_and_exported_from_the_package(self):
        finding = make_finding("x.y", "error", "total", "Skriv %(n)s.", "Kilde", n="to")
        assert finding.message == "Skriv to."
        assert finding.msgid == "Skriv %(n)s."
        with pytest.raises(AttributeError):
            finding.code = "z"  # type: ignore[misc]
        assert hash(finding) == hash(
            make_finding("x.y", "error", "total", "Skriv %(n)s.", "Kilde", n="to")
        )
        assert portal.rules.Finding is Finding

    def test_unknown_severity_is_refused(self):
        with pytest.raises(ValueError):
            Finding(code="x", severity="info", field="f", message="m", source="s")  # type: ignore[arg-type]

    def test_errors_and_warnings_split_the_findings(self):
        e = make_finding("a", "error", "f", "m", "s")
        w = make_finding("b", "warning", "f", "m", "s")
        assert errors([e, w]) == [e]
        assert warnings([e, w]) == [w]
        assert has_errors([w, e]) and not has_errors([w])


@pytest.mark.parametrize("kind", KINDS)
def test_every_yearly_figure_names_its_source_by_title(kind):
    figures = SHIPPED.by_kind[kind]
    assert figures
    for figure in figures:
        assert figure.source.strip() and "seed" not in figure.source.lower(), figure.year
