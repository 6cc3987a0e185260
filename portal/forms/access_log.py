"""The filters above the administrator's log of views of the case list, searches and
statistics: a staff member and a day. Sent with GET, so the log's address can be bookmarked; a
staff member the form does not know falls back to "all"."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict
from wtforms import SelectField
from wtforms.validators import Optional

from portal.forms.base import BaseForm
from portal.forms.fields import DateField
from portal.i18n import gettext as _
from portal.i18n import lazy_gettext as _l


class ViewLogFilterForm(BaseForm):
    medarbejder = SelectField(_l("Medarbejder"), choices=[])
    dato = DateField(_l("Dato"), [Optional()], description=_l("Fx 01-06-2027"))

    def __init__(self, args: MultiDict, *, staff: list[tuple[int, str, bool]]) -> None:
        super().__init__(formdata=args, meta={"csrf": False})
        self.medarbejder.choices = [("", _("Alle"))] + [
            (str(staff_id), name if active else _("%(name)s (ikke aktiv)", name=name))
            for staff_id, name, active in staff
        ]
        if self.medarbejder.data not in dict(self.medarbejder.choices):
            self.medarbejder.data = ""

    def staff_id(self) -> int | None:
        return int(self.medarbejder.data) if self.medarbejder.data else None

    def query_args(self) -> dict[str, str]:
        """The address's query for these filters (a day that could not be read is left out)."""
        query = {}
        if self.medarbejder.data:
            query["medarbejder"] = self.medarbejder.data
        if self.dato.data is not None:
            query["dato"] = self.dato.data.isoformat()
        return query
