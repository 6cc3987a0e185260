"""The administrator's list of what did not leave the portal (e-mail and Digital Post
letters the worker gave up on; later hand-offs), with the error, and the button that has one
tried again. Scoped to the administrator's municipality: another's message is 404; a
caseworker gets 403."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from portal.i18n import gettext as _
from portal.identity.session import admin_required, current_staff
from portal.rules.i18n import N_
from portal.services import deliveries

CHANNEL_LABELS = {
    "email": N_("E-mail"),
    "digital_post": N_("Digital Post"),
    "case_system": N_("Sagssystemet"),
}


@admin_required
def failed_deliveries():
    return render_template(
        "staff/deliveries.html",
        title=_("Forsendelser, der ikke kom frem"),
        messages=deliveries.failed(current_staff().municipality),
        channel_labels=CHANNEL_LABELS,
    )


@admin_required
def retry_delivery(message_id: int):
    message = deliveries.message(current_staff().municipality, message_id)
    if message is None:
        abort(404)
    if deliveries.retry(message):
        flash(
            _(
                "„%(subject)s“ til %(recipient)s bliver sendt igen om lidt.",
                subject=message.subject,
                recipient=message.recipient,
            ),
            "success",
        )
    else:
        flash(_("Forsendelsen er allerede sendt eller venter på et nyt forsøg."), "info")
    return redirect(url_for("staff.failed_deliveries"))
