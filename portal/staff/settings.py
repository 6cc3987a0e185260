"""The administrator's pages: the front page listing them, and the municipality's settings
(handling times, the helper rate, holiday weeks, dates, contact details, the inbox, retention
and statistics), each with its history. Scoped to the administrator's own municipality; a
caseworker gets 403."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from portal.extensions import db
from portal.forms.base import error_targets
from portal.forms.settings import PAGES, read, rows, settings_form, stored_values
from portal.i18n import gettext as _
from portal.identity.session import admin_required, current_staff
from portal.services import admin_history
from portal.services import municipality_settings as service
from portal.timeutil import now_utc


@admin_required
def administration():
    return render_template(
        "staff/administration.html",
        title=_("Administration"),
        pages=PAGES.values(),
    )


def _own(municipality) -> dict:
    return {
        "inbox_email": municipality.inbox_email,
        "publish_statistics": municipality.publish_statistics,
    }


@admin_required
def settings_page(slug: str):
    page = PAGES.get(slug)
    if page is None:
        abort(404)
    staff = current_staff()
    municipality = staff.municipality
    settings = municipality.settings
    form = settings_form(
        page, settings, _own(municipality), request.form if request.method == "POST" else None
    )
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        typed = read(form, page, settings)
        if typed is not None:
            changed = service.change_settings(
                municipality,
                service.stored_data(municipality, stored_values(typed, settings)),
                by=staff,
                now=now_utc(),
            )
            if "inbox_email" in typed and service.change_inbox(
                municipality, typed["inbox_email"], by=staff
            ):
                changed.append("inbox_email")
            if "publish_statistics" in typed and service.change_publication(
                municipality, typed["publish_statistics"], by=staff
            ):
                changed.append("publish_statistics")
            db.session.commit()
            if not changed:
                flash(_("Der var ingen ændringer at gemme."), "info")
            elif page.case_rules:
                flash(
                    _(
                        "Ændringerne er gemt. De gælder for anmodninger, kommunen modtager fra "
                        "nu; sager modtaget før følger de regler, der gjaldt, da de blev modtaget."
                    ),
                    "success",
                )
            else:
                flash(_("Ændringerne er gemt og gælder fra nu."), "success")
            return redirect(url_for("staff.settings_page", slug=page.slug))
        errors = error_targets(form)
    history = admin_history.history("settings", municipality=municipality, keys=page.keys())
    return render_template(
        "staff/settings.html",
        title=_(page.title),
        page=page,
        pages=PAGES.values(),
        form=form,
        sections=rows(page, form.rate_years),
        history=history,
        errors=errors,
    )
