"""`flask staff` keeps working, and records each change in the people page's history signed
"flask staff"; the last administrator is kept there too; `flask staff national` decides who
may add the yearly figures."""

from __future__ import annotations

from sqlalchemy import select

from portal.models import AdminChange, LoginSession
from tests.support import factories, tracking

PASSWORD_TWICE = "en-lang-adgangskode\nen-lang-adgangskode\n"


def staff_command(app, *args: str, input: str | None = None):
    return app.test_cli_runner().invoke(args=["staff", *args], input=input)


def history(db, email: str) -> list[tuple]:
    changes = db.session.scalars(
        select(AdminChange).filter_by(area="people", subject=email).order_by(AdminChange.id)
    )
    return [(c.old_value, c.new_value, c.changed_by, c.staff_id) for c in changes]


def test_every_staff_command_records_its_change_signed_flask_staff(app, db, esbjerg, make_client):
    factories.staff(esbjerg, role="admin")
    result = staff_command(
        app, "create", "--municipality", "561", "--email", "ny@esbjerg.example", "--name", "Ny",
        input=PASSWORD_TWICE,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    browser, worker = tracking.caseworker(make_client, esbjerg)
    for args in (
        ("set-role", "--email", worker.email, "--role", "admin"),
        ("deactivate", "--email", worker.email),
        ("reactivate", "--email", worker.email),
    ):
        result = staff_command(app, *args)
        assert result.exit_code == 0, result.output
    result = staff_command(app, "reset-password", "--email", worker.email, input=PASSWORD_TWICE)
    assert result.exit_code == 0, result.output

    assert history(db, "ny@esbjerg.example") == [
        (None, {"role": "caseworker", "active": True}, "flask staff", None)
    ]
    assert history(db, worker.email) == [
        (
            {"role": "caseworker", "active": True},
            {"role": "admin", "active": True},
            "flask staff",
            None,
        ),
        (
            {"role": "admin", "active": True},
            {"role": "admin", "active": False},
            "flask staff",
            None,
        ),
        (
            {"role": "admin", "active": False},
            {"role": "admin", "active": True},
            "flask staff",
            None,
        ),
        ({"password": "set"}, {"password": "new"}, "flask staff", None),
    ]
    # The role change ended the caseworker's session at once: its row is gone.
    assert db.session.scalars(select(LoginSession).filter_by(user_id=worker.id)).all() == []
    assert browser.get("/sagsbehandling/").status_code == 302


def test_the_command_keeps_the_last_administrator_too(app, db, esbjerg):
    admin = factories.staff(esbjerg, role="admin")
    for args in (("set-role", "--email", admin.email, "--role", "caseworker"),
                 ("deactivate", "--email", admin.email)):  # fmt: skip
        result = staff_command(app, *args)
        assert result.exit_code != 0
        assert "eneste aktive administrator" in result.output and "Intet er ændret" in result.output
    db.session.refresh(admin)
    assert (admin.role, admin.active) == ("admin", True)
    assert history(db, admin.email) == []


def test_only_an_administrator_is_made_national(app, db, esbjerg):
    admin, worker = factories.staff(esbjerg, role="admin"), factories.staff(esbjerg)
    refused = staff_command(app, "national", "on", "--email", worker.email)
    assert refused.exit_code != 0 and "skal være administrator" in refused.output
    assert staff_command(app, "national", "on", "--email", admin.email).exit_code == 0
    db.session.refresh(admin)
    assert admin.national
    assert history(db, admin.email) == [
        ({"national": False}, {"national": True}, "flask staff", None)
    ]
