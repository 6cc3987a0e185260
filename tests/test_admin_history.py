"""The record of administrators' changes: kept per municipality, newest first, and only for
what actually changed."""

from portal.extensions import db as database
from portal.services import admin_history
from tests.support import factories


def test_a_change_is_recorded_with_its_old_and_new_value_and_who_made_it(esbjerg):
    admin = factories.staff(esbjerg, role="admin")
    admin_history.record("settings", "consent_days", 14, 21, by=admin, municipality=esbjerg)
    admin_history.record("settings", "consent_days", 21, 21, by=admin, municipality=esbjerg)
    admin_history.record("settings", "consent_days", 21, 10, by=admin, municipality=esbjerg)
    database.session.commit()

    changes = admin_history.history("settings", municipality=esbjerg)
    assert [(c.old_value, c.new_value) for c in changes] == [(21, 10), (14, 21)]
    assert changes[0].changed_by == admin.name


def test_one_municipality_never_sees_another_municipalitys_changes(esbjerg, other_municipality):
    admin_history.record(
        "settings", "consent_days", 14, 21, by=None, by_name="flask", municipality=esbjerg
    )
    database.session.commit()

    assert admin_history.history("settings", municipality=other_municipality) == []
    assert admin_history.history("settings", municipality=None) == []
    assert len(admin_history.history("settings", municipality=esbjerg)) == 1
