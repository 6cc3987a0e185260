"""portal.rules.supervision: where a visit stands, the report's due day from the
municipality's settings, and the guide's expectations of the visit as advice, never errors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.rules.findings import ERROR
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings
from portal.rules.supervision import (
    VisitFacts,
    participation_findings,
    plan_due,
    plan_findings,
    report_due,
    visit_state,
)

VISIT = date(2027, 3, 10)


@pytest.mark.parametrize(
    ("facts", "today", "state"),
    [
        (VisitFacts(VISIT), VISIT, "planned"),
        (VisitFacts(VISIT), VISIT + timedelta(days=1), "visit_overdue"),
        (
            VisitFacts(VISIT, held_on=VISIT, report_due_on=VISIT + timedelta(14)),
            VISIT + timedelta(14),
            "report_due",
        ),
        (
            VisitFacts(VISIT, held_on=VISIT, report_due_on=VISIT + timedelta(14)),
            VISIT + timedelta(15),
            "report_overdue",
        ),
        (
            VisitFacts(
                VISIT,
                held_on=VISIT,
                report_sent_on=VISIT + timedelta(20),
                report_due_on=VISIT + timedelta(14),
            ),
            VISIT + timedelta(30),
            "reported",
        ),
        (VisitFacts(VISIT, replaced=True), VISIT + timedelta(30), "replaced"),
    ],
)
def test_where_a_visit_stands(facts, today, state):
    assert visit_state(facts, today) == state


def test_the_report_is_due_two_weeks_after_the_visit_or_the_municipalitys_own_period():
    # 001: "Tilsynsrapporten vil blive tilsendt senest 2 uger efter tilsynet".
    assert report_due(VISIT, DEFAULT_SETTINGS) == VISIT + timedelta(weeks=2)
    three = MunicipalitySettings.from_mapping({"supervision_report_within": {"weeks": 3}})
    assert report_due(VISIT, three) == VISIT + timedelta(weeks=3)
    assert MunicipalitySettings.from_mapping(three.to_mapping()) == three


def test_the_plan_is_due_14_days_before_and_late_is_a_note():
    # 001, Bilag 13: "senest 14 dage inden tilsynsbesøget".
    assert plan_due(VISIT) == VISIT - timedelta(days=14)
    assert plan_findings(VISIT, plan_due(VISIT)) == []
    (late,) = plan_findings(VISIT, plan_due(VISIT) + timedelta(days=1))
    assert late.code == "supervision.plan_late" and late.severity != ERROR
    assert "bilag 13" in late.source


def test_who_took_part_is_advice_measured_over_the_year():
    both = participation_findings(["both_parents", "child"], child_heard=True, held_on=VISIT)
    assert both == []
    one = participation_findings(["one_parent", "child"], child_heard=True, held_on=VISIT)
    assert [f.code for f in one] == ["supervision.parents_absent"]
    # 001: "Det kan aftales, at begge forældre kun deltager ved et af de to årlige tilsyn".
    earlier = [VISIT - timedelta(days=180)]
    assert (
        participation_findings(
            ["one_parent", "child"],
            child_heard=True,
            held_on=VISIT,
            earlier_with_both_parents=earlier,
        )
        == []
    )
    too_old = [VISIT - timedelta(days=400)]
    assert participation_findings(
        ["one_parent", "child"], child_heard=True, held_on=VISIT, earlier_with_both_parents=too_old
    )
    absent = participation_findings(["both_parents"], child_heard=False, held_on=VISIT)
    assert {f.code for f in absent} == {"supervision.child_absent", "supervision.child_not_heard"}
    assert all(f.severity != ERROR for f in one + absent)
