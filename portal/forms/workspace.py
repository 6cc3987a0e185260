"""The filters above the caseworker's list of cases. Sent with GET, so the list's address can
be bookmarked and shared with a colleague; a value the form does not know (an old bookmark, a
hand-edited address) falls back to "all" instead of showing an error."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import SelectField, StringField

from portal.forms.base import BaseForm
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l
from portal.i18n import ngettext
from portal.rules.case_status import STATUS_LABELS, STATUSES
from portal.rules.case_types import CASE_TYPE_LABELS, CASE_TYPES
from portal.services.workspace import DEFAULT_PAGE_SIZE, PAGE_SIZES, SEARCH_MAX, Filters

# What an address without the parameter means; every other filter's default is "all" ("").
DEFAULTS = {"sortering": "deadline", "antal": str(DEFAULT_PAGE_SIZE)}


class WorkspaceFilterForm(BaseForm):
    soeg = StringField(
        _l("Søg efter sagsnummer, barnets navn eller CPR-nummer"),
        description=_l(
            "Det er nok at skrive en del af sagsnummeret eller navnet. CPR-nummeret skal"
            " skrives helt."
        ),
        render_kw={"maxlength": SEARCH_MAX, "type": "search", "autocomplete": "off"},
    )
    sagstype = SelectField(_l("Sagstype"), choices=[])
    status = SelectField(_l("Status"), choices=[])
    sagsbehandler = SelectField(_l("Sagsbehandler"), choices=[])
    frist = SelectField(_l("Frist"), choices=[])
    sortering = SelectField(_l("Sortér efter"), choices=[])
    antal = SelectField(_l("Sager pr. side"), choices=[])

    def __init__(
        self, args: MultiDict, *, caseworkers: list[tuple[int, str, bool]], soon_days: int
    ) -> None:
        super().__init__(formdata=args, meta={"csrf": False})
        everything = ("", _("Alle"))
        self.sagstype.choices = [everything] + [
            (value, _(CASE_TYPE_LABELS[value])) for value in CASE_TYPES
        ]
        self.status.choices = [
            everything,
            ("open", _("Alle åbne sager")),
            ("complaints", _("Alle klagesager")),
        ] + [(value, _(STATUS_LABELS[value])) for value in STATUSES]
        self.sagsbehandler.choices = [
            everything,
            ("mine", _("Mine sager")),
            ("none", _("Uden sagsbehandler")),
        ] + [
            (str(staff_id), name if active else _("%(name)s (ikke aktiv)", name=name))
            for staff_id, name, active in caseworkers
        ]
        self.frist.choices = [
            everything,
            ("overdue", _("Overskredet")),
            (
                "soon",
                ngettext(
                    "Inden for %(days)s dag", "Inden for %(days)s dage", soon_days, days=soon_days
                ),
            ),
            ("supervision", _("Tilsyn eller tilsynsrapport forsinket")),
        ]
        self.sortering.choices = [
            ("deadline", _("Frist")),
            ("received", _("Modtaget, nyeste først")),
            ("number", _("Sagsnummer")),
        ]
        self.antal.choices = [(str(size), str(size)) for size in PAGE_SIZES]
        for name, field in self._fields.items():
            if isinstance(field, SelectField) and field.data not in dict(field.choices):
                field.data = DEFAULTS.get(name, "")
        self.soeg.data = " ".join((self.soeg.data or "").split())[:SEARCH_MAX]

    def filters(self) -> Filters:
        return Filters(
            search=self.soeg.data,
            case_type=self.sagstype.data,
            status=self.status.data,
            caseworker=self.sagsbehandler.data,
            deadline=self.frist.data,
            sort=self.sortering.data,
            per_page=int(self.antal.data),
        )

    def chosen(self) -> list[tuple[str, str]]:
        """The filters in force as (label, chosen value) pairs, for an empty result to name."""
        chosen = []
        if self.soeg.data:
            chosen.append((_("Søgning"), f"„{self.soeg.data}“"))
        for field in (self.sagstype, self.status, self.sagsbehandler, self.frist):
            if field.data:
                label = dict(field.choices)[field.data]
                chosen.append((str(field.label.text), str(label)))
        return chosen

    def query_args(self) -> dict[str, str]:
        """The address's query for these filters, leaving out what is the default."""
        return {
            name: field.data
            for name, field in self._fields.items()
            if field.data and field.data != DEFAULTS.get(name, "")
        }
