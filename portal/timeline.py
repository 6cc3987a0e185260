"""The picture of a case's time: received -> today -> deadline, as a line the page draws.

Pure geometry over dates (no Flask, no database): positions in the drawing's own units, the
state the colours and the warning follow, and label rows that do not overlap. The page draws
it as inline SVG with a text alternative; everything it shows is also written out in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal

from portal.rules.deadlines import days_left, deadline_state
from portal.rules.settings import MunicipalitySettings

State = Literal["ok", "soon", "overdue", "decided_in_time", "decided_late", "withdrawn"]

WIDTH = 640
PADDING = 14
BAR_Y = 30
BAR_HEIGHT = 12
# Label rows under the line; "today" (or the day the case closed) is written above it.
ROWS = (64, 82, 100)
ABOVE = 20
HEIGHT = 112
FONT_SIZE = 13
# A generous estimate of a character's width at FONT_SIZE, to keep labels apart.
CHAR_WIDTH = 7.4
GAP = 10


@dataclass(frozen=True)
class Mark:
    key: str  # "received", "due", "expected", "today", "closed"
    day: date
    x: float
    label: str
    label_x: float
    label_y: float
    anchor: Literal["start", "middle", "end"]


@dataclass(frozen=True)
class Segment:
    key: str  # "track", "used", "overdue", "expected"
    x: float
    width: float


@dataclass(frozen=True)
class Timeline:
    received: date
    due: date
    expected: date | None
    today: date
    closed_on: date | None
    state: State
    # Days from today to the deadline: 0 on the day, negative once passed.
    days_left: int
    marks: tuple[Mark, ...]
    segments: tuple[Segment, ...]
    width: int = WIDTH
    height: int = HEIGHT
    bar_y: int = BAR_Y
    # How a closed case was closed: "decided", "withdrawn", or "noted" (a change during the
    # year taken to note, drawn as a decision in or after the handling time).
    closed_kind: str | None = None
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)


def _state(
    due: date,
    today: date,
    closed_on: date | None,
    closed_kind: str | None,
    settings: MunicipalitySettings | None,
) -> State:
    if closed_on is None:
        return deadline_state(due, today, settings=settings)
    if closed_kind == "withdrawn":
        return "withdrawn"
    return "decided_in_time" if closed_on <= due else "decided_late"


def _place_labels(items: list[tuple[str, date, float, str]], width_units: int) -> list[Mark]:
    """Put each label in the first row where it does not overlap the one before it."""
    marks = []
    row_ends = [float("-inf")] * len(ROWS)
    for key, day, x, label in sorted(items, key=lambda item: item[2]):
        width = len(label) * CHAR_WIDTH
        if x - width / 2 < PADDING:
            anchor, left = "start", x
        elif x + width / 2 > width_units - PADDING:
            anchor, left = "end", x - width
        else:
            anchor, left = "middle", x - width / 2
        row = next((i for i, end in enumerate(row_ends) if left >= end + GAP), len(ROWS) - 1)
        row_ends[row] = left + width
        marks.append(Mark(key, day, x, label, x, ROWS[row], anchor))
    return marks


def build(
    received: date,
    due: date,
    today: date,
    *,
    labels: Mapping[str, str],
    expected: date | None = None,
    closed_on: date | None = None,
    closed_kind: str | None = None,
    settings: MunicipalitySettings | None = None,
    width: int = WIDTH,
) -> Timeline:
    """The timeline of one case. `labels` has the text under each mark ("received", "due",
    "expected", and "today" or "closed"), already translated and with their dates. `width` is
    the drawing's width in its own units: narrower for a list, so the text stays readable."""
    now = closed_on or today
    end = max(due, expected or due, now)
    span = max((end - received).days, 1)
    usable = width - 2 * PADDING

    def x(day: date) -> float:
        return round(PADDING + usable * max(0, (day - received).days) / span, 1)

    segments = [Segment("track", x(received), x(end) - x(received))]
    used_end = min(now, due)
    segments.append(Segment("used", x(received), x(used_end) - x(received)))
    if expected and expected > due:
        segments.append(Segment("expected", x(due), x(expected) - x(due)))
    if now > due:
        segments.append(Segment("overdue", x(due), x(now) - x(due)))

    below = [("received", received, x(received), labels["received"])]
    below.append(("due", due, x(due), labels["due"]))
    if expected and expected > due:
        below.append(("expected", expected, x(expected), labels["expected"]))
    marks = _place_labels(below, width)
    now_key = "today" if closed_on is None else "closed"
    now_x = x(now)
    label_width = len(labels[now_key]) * CHAR_WIDTH
    anchor: Literal["start", "middle", "end"] = "middle"
    if now_x - label_width / 2 < PADDING:
        anchor = "start"
    elif now_x + label_width / 2 > width - PADDING:
        anchor = "end"
    marks.append(Mark(now_key, now, now_x, labels[now_key], now_x, ABOVE, anchor))

    return Timeline(
        received=received,
        due=due,
        expected=expected if expected and expected > due else None,
        today=today,
        closed_on=closed_on,
        closed_kind=closed_kind if closed_on else None,
        state=_state(due, today, closed_on, closed_kind, settings),
        days_left=days_left(due, today),
        marks=tuple(marks),
        segments=tuple(s for s in segments if s.width > 0 or s.key == "track"),
        width=width,
    )
