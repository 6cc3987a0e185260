"""Horizontal bar charts as geometry for inline SVG: no JavaScript, no third party. The page
gives every chart a title, a description and the same figures as a table."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 720
LABEL_RIGHT = 290  # labels end here (text-anchor end)
BAR_LEFT = 300
BAR_RIGHT = 630  # room after the longest bar for its value
ROW = 34
BAR_HEIGHT = 18
TOP = 10
AXIS_SPACE = 26
FONT_SIZE = 13


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    width: float
    # A reference drawn across the bar, e.g. the handling time against the median.
    limit_x: float | None


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    height: int
    width: int = WIDTH
    bar_left: int = BAR_LEFT
    label_right: int = LABEL_RIGHT
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE
    axis_y: float = 0.0


def _nice_step(maximum: float, ticks: int = 4) -> float:
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def bar_chart(
    rows: list[tuple[str, float | None, str, float | None]],
    *,
    maximum: float | None = None,
    at_least: float = 1,
    tick_text=str,
) -> BarChart:
    """rows: (label, value or None, the value as text, reference value or None). The scale
    runs to `maximum`, or to a round number above the largest value (and `at_least`)."""
    values = [v for _l, v, _t, limit in rows for v in (v, limit) if v is not None]
    top = maximum or max([*values, at_least])
    step = _nice_step(top)
    top = maximum or step * math.ceil(top / step)
    scale = (BAR_RIGHT - BAR_LEFT) / top

    bars = []
    for index, (label, value, text, limit) in enumerate(rows):
        y = TOP + index * ROW
        bars.append(
            Bar(
                label=label,
                value_text=text,
                y=y,
                width=round((value or 0) * scale, 1),
                limit_x=round(BAR_LEFT + limit * scale, 1) if limit is not None else None,
            )
        )
    axis_y = TOP + len(rows) * ROW
    ticks = []
    value = 0.0
    while value <= top + 1e-9:
        ticks.append(Tick(round(BAR_LEFT + value * scale, 1), tick_text(value)))
        value += step
    return BarChart(
        bars=tuple(bars), ticks=tuple(ticks), height=int(axis_y + AXIS_SPACE), axis_y=axis_y
    )
