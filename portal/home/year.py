"""The family's year on one page ("Jeres år") and as a calendar feed behind a secret link.

The feed answers to its token alone (calendar apps cannot log in) and syncs to third parties,
so it names no child and no CPR number: only the kind of item and the case number.
"""

from __future__ import annotations

from datetime import date

import icalendar
from flask import abort, flash, make_response, redirect, render_template, url_for

from portal.i18n import gettext as _
from portal.identity.session import current_parent, parent_required
from portal.rules.calendar import YearItem
from portal.services import year
from portal.services.year import TrainingYear
from portal.timeutil import now_utc, today_local


@parent_required
def year_page():
    return _render_year()


@parent_required
def new_feed():
    token = year.new_feed_token(current_parent().id)
    # Shown on this response only: the portal keeps no more than the token's SHA-256.
    return _render_year(feed_url=url_for("home.year_feed", token=token, _external=True))


@parent_required
def revoke_feed():
    year.revoke_feed(current_parent().id)
    flash(_("Kalenderlinket virker ikke længere."), "success")
    return redirect(url_for("home.year_page"))


def _render_year(feed_url: str | None = None):
    parent_id = current_parent().id
    today = today_local()
    response = make_response(
        render_template(
            "home/year.html",
            title=_("Jeres år"),
            trainings=year.parent_year(parent_id, today=today),
            today=today,
            has_feed=year.has_feed(parent_id),
            feed_url=feed_url,
        )
    )
    if feed_url:
        response.headers["Cache-Control"] = "no-store"
    return response


def year_feed(token: str):
    parent_id = year.feed_parent_id(token)
    if parent_id is None:
        abort(404)
    calendar = _calendar(year.parent_year(parent_id, today=today_local()))
    response = make_response(calendar.to_ical())
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _calendar(trainings: list[TrainingYear]) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Hjemmetraening//Selvbetjening//DA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Hjemmetræning"))
    stamp = now_utc()
    for training in trainings:
        for item in training.items:
            calendar.add_component(_event(training.case.number, item, stamp))
    return calendar


def _event(number: str, item: YearItem, stamp) -> icalendar.Event:
    event = icalendar.Event()
    # Stable across fetches, so a calendar app updates an item rather than doubling it.
    event.add("uid", f"{number}-{item.kind}-{item.day.isoformat()}@hjemmetraening")
    event.add("dtstamp", stamp)
    event.add("dtstart", item.day)
    event.add("dtend", date.fromordinal(item.day.toordinal() + 1))
    event.add(
        "summary",
        _("Hjemmetræning: %(title)s (sag %(number)s)", title=_(item.title), number=number),
    )
    event.add("description", _("Kilde: %(source)s", source=item.source))
    return event
