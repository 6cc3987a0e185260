"""The timeline picture: where received, today and the deadline stand, and its state."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from portal import timeline
from portal.rules.settings import MunicipalitySettings

LABELS = {
    "received": "Modtaget 1. mar. 2026",
    "due": "Forventet 1. jul. 2026",
    "expected": "Ny dato 1. sep. 2026",
    "today": "I dag",
    "closed": "Afgjort 1. jun. 2026",
}
RECEIVED = date(2026, 3, 1)
DUE = date(2026, 7, 1)


def marks(tl):
    return {m.key: m for m in tl.marks}


def segments(tl):
    return {s.key: s for s in tl.segments}


def test_an_open_case_within_its_deadline():
    tl = timeline.build(RECEIVED, DUE, date(2026, 5, 1), labels=LABELS)
    assert tl.state == "ok"
    assert tl.days_left == 61
    m = marks(tl)
    assert m["received"].x < m["today"].x < m["due"].x
    assert "overdue" not in segments(tl)
    # The line ends at the deadline; today is drawn above it, the dates below.
    assert m["due"].x == timeline.WIDTH - timeline.PADDING
    assert m["today"].label_y < tl.bar_y < m["due"].label_y


def test_within_the_warning_window_the_state_is_soon():
    settings = MunicipalitySettings(soon_window_days=14)
    assert timeline.build(RECEIVED, DUE, DUE - timedelta(days=14), labels=LABELS).state == "soon"
    late = timeline.build(RECEIVED, DUE, DUE - timedelta(days=15), labels=LABELS, settings=settings)
    assert late.state == "ok"


def test_a_passed_deadline_turns_red_from_the_deadline_to_today():
    tl = timeline.build(RECEIVED, DUE, date(2026, 7, 11), labels=LABELS)
    assert tl.state == "overdue"
    assert tl.overdue_days == 10
    m, s = marks(tl), segments(tl)
    assert s["overdue"].x == m["due"].x
    assert s["overdue"].x + s["overdue"].width == m["today"].x
    assert s["used"].width == m["due"].x - m["received"].x


def test_a_notice_of_delay_extends_the_line_to_the_new_date():
    tl = timeline.build(RECEIVED, DUE, date(2026, 7, 11), labels=LABELS, expected=date(2026, 9, 1))
    m, s = marks(tl), segments(tl)
    assert tl.state == "overdue" and tl.expected == date(2026, 9, 1)
    assert m["due"].x < m["today"].x < m["expected"].x
    assert s["expected"].x == m["due"].x


def test_a_decided_case_shows_whether_it_kept_the_deadline():
    in_time = timeline.build(
        RECEIVED,
        DUE,
        date(2026, 11, 1),
        labels=LABELS,
        closed_on=date(2026, 6, 1),
        closed_kind="decided",
    )
    assert in_time.state == "decided_in_time" and "today" not in marks(in_time)
    late = timeline.build(
        RECEIVED,
        DUE,
        date(2026, 11, 1),
        labels=LABELS,
        closed_on=date(2026, 8, 1),
        closed_kind="decided",
    )
    assert late.state == "decided_late"
    assert segments(late)["overdue"].width > 0


def test_labels_close_together_go_to_separate_rows():
    # Received and the deadline of a 4-week request, seen a year later, lie close together.
    tl = timeline.build(date(2025, 1, 1), date(2025, 1, 29), date(2026, 1, 1), labels=LABELS)
    m = marks(tl)
    assert m["received"].label_y != m["due"].label_y


@given(
    received=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    handling=st.integers(1, 200),
    offset=st.integers(-10, 800),
    delay=st.one_of(st.none(), st.integers(1, 300)),
)
def test_every_mark_and_bar_stays_inside_the_picture(received, handling, offset, delay):
    due = received + timedelta(days=handling)
    expected = due + timedelta(days=delay) if delay else None
    tl = timeline.build(
        received, due, received + timedelta(days=offset), labels=LABELS, expected=expected
    )
    for mark in tl.marks:
        assert timeline.PADDING <= mark.x <= timeline.WIDTH - timeline.PADDING
    for segment in tl.segments:
        assert segment.width >= 0
        assert segment.x + segment.width <= timeline.WIDTH - timeline.PADDING + 0.1
