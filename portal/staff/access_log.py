"""The access log, for the municipality's administrator: who among the staff opened,
downloaded or changed a case, and when (portal.models.AccessLog), and who looked at the
municipality's case list, searched it or opened its statistics (portal.models.ViewLog).
Another municipality's case is 404 as everywhere, and its views are never listed; a caseworker
who is not an administrator is refused with 403."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort, render_template, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.forms.access_log import ViewLogFilterForm
from portal.forms.base import error_targets
from portal.forms.workspace import WorkspaceFilterForm
from portal.i18n import gettext as _
from portal.i18n import ngettext
from portal.identity.session import admin_required, current_staff, staff_required
from portal.models import AccessLog, ViewLog
from portal.rules.case_status import OUTCOME_LABELS, STATUS_LABELS
from portal.rules.i18n import N_
from portal.services import access_log as logged
from portal.services import workspace
from portal.services.access_log import REMOVED_ATTACHMENT
from portal.staff.case_page import municipality_case

ACTION_LABELS = {
    "opened": N_("Åbnede sagen"),
    "downloaded_attachment": N_("Hentede et bilag"),
    "downloaded_dossier": N_("Hentede sagsakten (Word)"),
    "downloaded_zip": N_("Hentede hele sagen (ZIP)"),
    "downloaded_letter": N_("Hentede afgørelsesbrevet (Word)"),
    "downloaded_receipt": N_("Hentede familiens kvittering (PDF)"),
    "changed": N_("Ændrede sagen"),
}

# What portal.staff.actions writes as the detail of a change.
CHANGE_LABELS = {
    "taken": N_("Tog sagen"),
    "information_requested": N_("Bad familien om flere oplysninger"),
    "delay_notice": N_("Gav familien besked om forsinkelse"),
    "complaint": N_("Skrev en klage over afgørelsen på sagen"),
    "hearing": N_("Sendte familien i høring før genvurderingen"),
    "complaint_forwarded": N_("Fastholdt afgørelsen og sendte klagen til Ankestyrelsen"),
    "handling_time_answer": N_("Svarede på en klage over sagsbehandlingstiden"),
    "ankestyrelsen:upheld": N_("Skrev Ankestyrelsens afgørelse på sagen: stadfæstet"),
    "ankestyrelsen:changed": N_("Skrev Ankestyrelsens afgørelse på sagen: ændret"),
    "ankestyrelsen:sent_back": N_("Skrev Ankestyrelsens afgørelse på sagen: hjemvist"),
    "repayment_proposed": N_("Foreslog et krav om tilbagebetaling"),
    "accounts_reviewed": N_("Gennemgik regnskabet"),
    "noted": N_("Tog ændringen til efterretning"),
    # Written with the visit's or the change's id after a colon, which the log does not show.
    "report_sent": N_("Sendte tilsynsrapporten i høring"),
    "visit_recorded": N_("Skrev tilsynsbesøget og rapporten på sagen"),
    "visit_moved": N_("Flyttede tilsynsbesøget"),
    "visit_added": N_("Lagde et ekstra tilsynsbesøg ind"),
    "follow_up": N_("Registrerede opfølgningen på tilsynet"),
    "training_change": N_("Startede kommunens ændring af hjemmetræningen"),
    "opened": N_("Oprettede sagen om kommunens ændring"),
}

# Which page of the case was opened, as portal.staff writes it (older entries in Danish).
OPENED_LABELS = {
    "regnskab": N_("Regnskabet"),
    "klager": N_("Klagerne"),
    "afgørelse": N_("Afgørelsen"),
    "ændring af hjemmetræningen": N_("Kommunens ændring af hjemmetræningen"),
    "supervision": N_("Tilsynsbesøget"),
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    person: str
    action: str
    detail: str


def detail_text(action: str, detail: str | None) -> str:
    """The detail in the reader's language where it is one of the portal's own codes (or a
    page's Danish name, as the portal writes it), else as written (a file name, a reason)."""
    if not detail:
        return ""
    kind, _sep, value = detail.partition(":")
    if action == "downloaded_zip" and kind == "files" and value.isdigit():
        # Written as "files:<count>"; entries from before read as written ("3 bilag").
        return ngettext("%(num)s bilag", "%(num)s bilag", int(value))
    if action == "opened":
        return _(OPENED_LABELS[kind]) if kind in OPENED_LABELS else detail
    if action != "changed":
        return detail
    if kind == "status" and value in STATUS_LABELS:
        return _("Status ændret til „%(status)s“", status=_(STATUS_LABELS[value]))
    if kind == "decided" and value in OUTCOME_LABELS:
        return _("Traf afgørelse: %(outcome)s", outcome=_(OUTCOME_LABELS[value]))
    if detail in CHANGE_LABELS:
        return _(CHANGE_LABELS[detail])
    if kind in CHANGE_LABELS:
        return _(CHANGE_LABELS[kind])
    if detail.startswith(REMOVED_ATTACHMENT):
        return _("Bilag fjernet: %(name)s", name=detail.removeprefix(REMOVED_ATTACHMENT))
    return detail


@staff_required
def access_log(public_id: str):
    case = municipality_case(public_id)
    if current_staff().role != "admin":
        abort(403)
    rows = db.session.execute(
        select(AccessLog)
        .where(AccessLog.case_id == case.id)
        .order_by(AccessLog.at.desc(), AccessLog.id.desc())
    ).scalars()
    entries = [
        Entry(
            row.at,
            row.staff_name,
            _(ACTION_LABELS[row.action]) if row.action in ACTION_LABELS else row.action,
            detail_text(row.action, row.detail),
        )
        for row in rows
    ]
    return render_template(
        "staff/access_log.html",
        title=_("Adgangslog for sag %(number)s", number=case.number),
        case=case,
        entries=entries,
    )


VIEW_LABELS = {
    "case_list": N_("Så listen over sager"),
    "search": N_("Søgte i sagerne"),
    "statistics": N_("Så statistikken"),
}


def _view_detail(row: ViewLog, list_form) -> str:
    """What the view showed, in the reader's language: the search (masked as kept), the
    list's filters and page, or the statistics' year."""
    if row.what == "statistics":
        year = row.detail.get("aar", "")
        return _("Alle år") if year == "alle" else _("År %(year)s", year=year)
    parts = []
    if row.search:
        parts.append(_("Søgning: „%(term)s“", term=row.search))
    parts += [f"{name}: {value}" for name, value in list_form(row.detail).chosen()]
    page = row.detail.get("side")
    if page:
        parts.append(_("Side %(number)s", number=page))
    return "; ".join(parts) or _("Alle sager")


@admin_required
def view_log():
    staff = current_staff()
    municipality = staff.municipality
    people = workspace.caseworkers(municipality.id)
    form = ViewLogFilterForm(request.args, staff=people)
    errors = [] if form.validate() else error_targets(form)
    page_value = request.args.get("side", "")
    listing = logged.views(
        municipality.id,
        staff_id=form.staff_id(),
        day=form.dato.data,
        page=int(page_value) if page_value.isdigit() and len(page_value) < 7 else 1,
    )

    def list_form(detail: dict) -> WorkspaceFilterForm:
        return WorkspaceFilterForm(
            MultiDict(detail),
            caseworkers=people,
            soon_days=municipality.settings.soon_window_days,
        )

    entries = [
        Entry(
            row.at,
            row.staff_name,
            _(VIEW_LABELS[row.what]) if row.what in VIEW_LABELS else row.what,
            _view_detail(row, list_form),
        )
        for row in listing.rows
    ]
    query = form.query_args()

    def page_url(number: int) -> str:
        return url_for("staff.view_log", **query, **({"side": number} if number > 1 else {}))

    return render_template(
        "staff/view_log.html",
        title=_("Adgangslog for sagslisten, søgninger og statistik"),
        form=form,
        errors=errors,
        listing=listing,
        entries=entries,
        page_url=page_url,
    )
