"""The comparison behind the side-by-side view of renewed goals: "Målene gælder i 6 måneder"
(seed 001, Bilag 13), so every half year a new plan is set beside the approved one."""

from __future__ import annotations

from datetime import date

from portal.wizard.goal_changes import goal_changes

DRESSING = {
    "title": "Anders tager selv tøj på",
    "short_term": "Det ene ben i bukserne",
    "short_term_by": "2026-06-01",
    "purpose": "Selvhjulpen om morgenen",
}
EATING = {"title": "Anders spiser selv", "short_term": "Holder skeen", "purpose": "Spise selv"}


def rows(change) -> list[tuple[str, str, str]]:
    return [(str(f.label), f.before, f.now) for f in change.fields]


def test_only_the_fields_that_changed_are_shown_with_before_and_now():
    new = {**DRESSING, "short_term": "Begge ben i bukserne", "short_term_by": "2026-12-01"}
    [change] = goal_changes([DRESSING], [new])
    assert (change.number, change.title, change.status) == (1, DRESSING["title"], "changed")
    assert rows(change) == [
        ("Kortsigtet mål (om ½ år)", "Det ene ben i bukserne", "Begge ben i bukserne"),
        ("Dato for det kortsigtede mål", date(2026, 6, 1), date(2026, 12, 1)),
    ]


def test_an_unchanged_plan_has_no_differences():
    assert goal_changes([DRESSING, EATING], [dict(DRESSING), dict(EATING)]) == []


def test_goals_are_matched_by_title_before_position():
    # The family put the eating goal first: it is compared with the old eating goal.
    new_eating = {**EATING, "short_term": "Spiser med ske"}
    changes = goal_changes([DRESSING, EATING], [new_eating, DRESSING])
    assert [(c.number, c.title, c.status) for c in changes] == [(1, EATING["title"], "changed")]
    assert rows(changes[0]) == [("Kortsigtet mål (om ½ år)", "Holder skeen", "Spiser med ske")]


def test_a_renamed_goal_is_matched_by_position():
    renamed = {**DRESSING, "title": "Anders tager selv bukser på"}
    [change] = goal_changes([DRESSING], [renamed])
    assert change.status == "changed"
    assert rows(change) == [
        ("Udvalgt mål", "Anders tager selv tøj på", "Anders tager selv bukser på")
    ]


def test_a_new_goal_and_a_dropped_goal_are_both_shown():
    changes = goal_changes([DRESSING, EATING], [DRESSING, {"title": "Anders går på trapper"}])
    # The second position has a new title, so it continues the old second goal by position.
    assert [(c.number, c.status) for c in changes] == [(2, "changed")]
    added = goal_changes([DRESSING], [DRESSING, EATING])
    assert [(c.number, c.title, c.status) for c in added] == [(2, EATING["title"], "new")]
    assert rows(added[0])[0] == ("Udvalgt mål", "", EATING["title"])
    dropped = goal_changes([DRESSING, EATING], [DRESSING])
    assert [(c.number, c.title, c.status) for c in dropped] == [(2, EATING["title"], "dropped")]
    assert rows(dropped[0])[0] == ("Udvalgt mål", EATING["title"], "")
