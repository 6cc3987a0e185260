"""The yearly figures every municipality uses (the cap, the lost-earnings ceiling, the ATP
rates), each with its source, and their history. Every administrator sees them; a national
administrator (`flask staff national`) adds a year's figure here, as `flask figures add` does
on the server. A caseworker gets 403."""

from __future__ import annotations

from functools import wraps

from flask import abort, flash, redirect, render_template, url_for

from portal.extensions import db
from portal.forms.base import error_targets
from portal.forms.figures import FigureForm
from portal.i18n import gettext as _
from portal.identity.session import admin_required, current_staff
from portal.rules import yearly
from portal.rules.labels import label
from portal.services import admin_history, figures
from portal.timeutil import today_local


def national_required(view):
    @admin_required
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_staff().national:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def _page(form: FigureForm | None, errors=(), status: int = 200):
    return (
        render_template(
            "staff/figures.html",
            title=_("Årlige lofter og satser"),
            rows=figures.listing(),
            form=form,
            errors=list(errors),
            history=admin_history.history("figures", municipality=None),
        ),
        status,
    )


@admin_required
def figures_page():
    form = FigureForm(formdata=None) if current_staff().national else None
    return _page(form)


@national_required
def add_figure():
    form = FigureForm()
    if not form.validate_on_submit():
        return _page(form, error_targets(form), 400)
    atp = form.kind.data == yearly.ATP
    figures.add(
        figures.FigureInput(
            kind=form.kind.data,
            year=form.year.data,
            source=form.source.data,
            source_date=form.source_date.data,
            amount=None if atp else form.amount.data,
            atp=form.atp_rates() if atp else None,
        ),
        by=current_staff(),
    )
    db.session.commit()
    flash(
        _(
            "%(kind)s for %(year)s er gemt og bruges fra nu af i alle kommuner.",
            kind=_(label("yearly_figure", form.kind.data)),
            year=form.year.data,
        ),
        "success",
    )
    return redirect(url_for("staff.figures"))


def template_helpers() -> dict:
    """`missing_figures()` for the warning component (staff/_figures_warning.html): from
    1 December, next year's figures that are not yet added, for an administrator."""

    def missing_figures() -> tuple[int, tuple[str, ...]]:
        staff = current_staff()
        if staff is None or staff.role != "admin":
            return 0, ()
        return figures.next_year_missing(today_local())

    return {
        "missing_figures": missing_figures,
        "shown_figure": figures.shown,
        "shown_row": figures.shown_row,
    }
