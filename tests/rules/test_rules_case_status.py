"""The statuses of a case and who may change them (portal.rules.case_status)."""

from __future__ import annotations

from datetime import date

import pytest

from portal.rules.case_status import (
    ACTORS,
    CLOSED_STATUSES,
    COMPLAINT_STATUSES,
    EVENT_LABELS,
    OPEN_STATUSES,
    OUTCOME_LABELS,
    OUTCOMES,
    STATUS_EXPLANATIONS,
    STATUS_LABELS,
    STATUSES,
    TransitionRefused,
    allowed_next,
    check_transition,
    delay_notice_problem,
)

# Every change of status by every actor, written out: one grid per actor, a row per status the
# case has, a column per status it would get. "ja" is allowed, "-" refused. Abbreviations:
# mod(taget), beh(andling), mgl (mangler oplysninger), afg(jort), træk(ket tilbage),
# gen(vurdering), ank(estyrelsen), not (taget til efterretning).
COLUMNS = ("mod", "beh", "mgl", "afg", "træk", "gen", "ank", "not")
ABBREVIATIONS = dict(
    zip(
        COLUMNS,
        (
            "received",
            "under_review",
            "information_requested",
            "decided",
            "withdrawn",
            "reconsideration",
            "forwarded",
            "noted",
        ),
        strict=True,
    )
)
GRIDS = {
    # The family: withdraws an open request, answers a question, complains about a decision.
    "parent": """
        from→to    mod  beh  mgl  afg  træk gen  ank  not
        mod          -    -    -    -    ja   -    -    -
        beh          -    -    -    -    ja   -    -    -
        mgl          -    ja   -    -    ja   -    -    -
        afg          -    -    -    -    -    ja   -    -
        træk         -    -    -    -    -    -    -    -
        gen          -    -    -    -    -    -    -    -
        ank          -    -    -    -    -    -    -    -
        not          -    -    -    -    -    -    -    -
    """,
    # The municipality: handles, asks, decides; records a complaint made orally or by letter,
    # reconsiders (a new decision or forwarded), records Ankestyrelsen's answer (decided
    # again, or sent back and under review).
    "staff": """
        from→to    mod  beh  mgl  afg  træk gen  ank  not
        mod          -    ja   ja   ja   -    -    -    ja
        beh          -    -    ja   ja   -    -    -    ja
        mgl          -    ja   -    ja   -    -    -    ja
        afg          -    -    -    -    -    ja   -    -
        træk         -    -    -    -    -    -    -    -
        gen          -    -    -    ja   -    -    ja   -
        ank          -    ja   -    ja   -    -    -    -
        not          -    -    -    -    -    -    -    -
    """,
    # The portal itself changes no status.
    "system": """
        from→to    mod  beh  mgl  afg  træk gen  ank  not
        mod          -    -    -    -    -    -    -    -
        beh          -    -    -    -    -    -    -    -
        mgl          -    -    -    -    -    -    -    -
        afg          -    -    -    -    -    -    -    -
        træk         -    -    -    -    -    -    -    -
        gen          -    -    -    -    -    -    -    -
        ank          -    -    -    -    -    -    -    -
        not          -    -    -    -    -    -    -    -
    """,
}


def _expected() -> dict[tuple[str, str, str], bool]:
    table = {}
    for actor, grid in GRIDS.items():
        header, *rows = [line.split() for line in grid.strip().splitlines()]
        assert header[1:] == list(COLUMNS)
        assert [row[0] for row in rows] == list(COLUMNS)
        for row in rows:
            assert len(row) == len(COLUMNS) + 1 and set(row[1:]) <= {"ja", "-"}
            for column, cell in zip(COLUMNS, row[1:], strict=True):
                table[(ABBREVIATIONS[row[0]], ABBREVIATIONS[column], actor)] = cell == "ja"
    return table


EXPECTED = _expected()


def test_the_grids_cover_every_status_and_actor():
    assert set(ABBREVIATIONS.values()) == set(STATUSES)
    assert set(GRIDS) == set(ACTORS)
    assert len(EXPECTED) == len(STATUSES) ** 2 * len(ACTORS)


@pytest.mark.parametrize(("from_status", "to_status", "actor"), sorted(EXPECTED))
def test_every_change_is_allowed_exactly_as_the_grid_says(from_status, to_status, actor):
    if EXPECTED[(from_status, to_status, actor)]:
        check_transition(from_status, to_status, actor)
        assert to_status in allowed_next(from_status, actor)
    else:
        with pytest.raises(TransitionRefused) as refused:
            check_transition(from_status, to_status, actor)
        # The message is Danish and complete once its status labels are filled in.
        message = refused.value.msgid % refused.value.params
        assert message.endswith(".") and "%(" not in message
        assert to_status not in allowed_next(from_status, actor)


def test_a_case_under_complaint_says_why_nothing_else_changes_it():
    with pytest.raises(TransitionRefused, match="genvurderer afgørelsen efter en klage"):
        check_transition("reconsideration", "under_review", "staff")
    with pytest.raises(TransitionRefused, match="sendt til Ankestyrelsen"):
        check_transition("forwarded", "withdrawn", "parent")
    with pytest.raises(TransitionRefused, match="Kun familien eller kommunen"):
        check_transition("decided", "reconsideration", "system")


def test_decided_and_withdrawn_are_final_with_a_plain_reason():
    with pytest.raises(TransitionRefused, match="Sagen er afgjort"):
        check_transition("decided", "under_review", "staff")
    with pytest.raises(TransitionRefused, match="trukket tilbage"):
        check_transition("withdrawn", "under_review", "staff")
    assert allowed_next("withdrawn", "parent") == allowed_next("withdrawn", "staff") == []
    # A decision changes only by a complaint.
    assert allowed_next("decided", "staff") == allowed_next("decided", "parent")
    assert allowed_next("decided", "parent") == ["reconsideration"]


def test_a_change_taken_to_note_is_final_and_only_the_municipality_takes_note():
    with pytest.raises(TransitionRefused, match="taget til efterretning"):
        check_transition("noted", "under_review", "staff")
    with pytest.raises(TransitionRefused, match="Kun kommunen"):
        check_transition("received", "noted", "parent")
    assert allowed_next("noted", "staff") == allowed_next("noted", "parent") == []
    assert "noted" in allowed_next("under_review", "staff")


def test_only_the_family_withdraws_and_only_the_municipality_decides():
    with pytest.raises(TransitionRefused, match="Kun forældrene"):
        check_transition("under_review", "withdrawn", "staff")
    with pytest.raises(TransitionRefused, match="Kun kommunen"):
        check_transition("under_review", "decided", "parent")
    assert allowed_next("information_requested", "parent") == ["under_review", "withdrawn"]


def test_every_status_outcome_and_event_has_danish_words():
    assert set(STATUS_LABELS) == set(STATUS_EXPLANATIONS) == set(STATUSES)
    assert set(STATUSES) == OPEN_STATUSES | CLOSED_STATUSES | COMPLAINT_STATUSES
    assert not OPEN_STATUSES & CLOSED_STATUSES
    assert not (OPEN_STATUSES | CLOSED_STATUSES) & COMPLAINT_STATUSES
    assert set(OUTCOME_LABELS) == set(OUTCOMES)
    assert {"received", "taken", "decided", "withdrawn", "delay_notice"} <= set(EVENT_LABELS)


def test_unknown_statuses_and_actors_are_programming_errors():
    with pytest.raises(ValueError):
        check_transition("received", "lost", "staff")
    with pytest.raises(ValueError):
        check_transition("received", "under_review", "robot")


class TestDelayNotice:
    due = date(2026, 3, 1)

    def test_the_new_date_lies_after_the_deadline_and_after_today(self):
        assert delay_notice_problem(date(2026, 4, 1), due=self.due, today=date(2026, 2, 1)) is None

    def test_a_date_before_the_deadline_is_no_delay(self):
        problem = delay_notice_problem(self.due, due=self.due, today=date(2026, 2, 1))
        assert problem.startswith("Skriv en dato efter fristen")

    def test_a_date_in_the_past_is_refused_even_after_the_deadline(self):
        problem = delay_notice_problem(date(2026, 3, 10), due=self.due, today=date(2026, 3, 10))
        assert problem == "Skriv en dato efter i dag."
