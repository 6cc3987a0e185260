"""The commands the people who run the portal use."""

from __future__ import annotations

from sqlalchemy import select

from portal.auth.passwords import verify_password
from portal.models import Municipality, StaffUser


def test_staff_accounts_are_created_bound_to_a_municipality(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["municipality", "add", "--code", "561", "--name", "Esbjerg Kommune"]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=[
            "staff",
            "create",
            "--municipality",
            "561",
            "--email",
            "Ny@Esbjerg.example",
            "--name",
            "Ny Sagsbehandler",
        ],
        input="en-lang-adgangskode\nen-lang-adgangskode\n",
    )
    assert result.exit_code == 0, result.output

    staff = db.session.execute(
        select(StaffUser).where(StaffUser.email == "ny@esbjerg.example")
    ).scalar_one()
    assert staff.municipality.code == "561"
    assert staff.password_hash.startswith("$argon2id$")
    assert verify_password(staff.password_hash, "en-lang-adgangskode")
    assert not verify_password(staff.password_hash, "forkert")


def test_a_short_password_or_unknown_municipality_is_refused(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["staff", "create", "--municipality", "999", "--email", "a@b.dk", "--name", "A"],
        input="en-lang-adgangskode\nen-lang-adgangskode\n",
    )
    assert result.exit_code != 0 and "findes ikke" in result.output
    runner.invoke(args=["municipality", "add", "--code", "561", "--name", "Esbjerg Kommune"])
    result = runner.invoke(
        args=["staff", "create", "--municipality", "561", "--email", "a@b.dk", "--name", "A"],
        input="kort\nkort\n",
    )
    assert result.exit_code != 0 and "mindst 12 tegn" in result.output


def test_the_demo_seed_makes_esbjerg_and_a_caseworker_and_can_run_twice(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert "Esbjerg Kommune (561)" in result.output
    m = db.session.execute(select(Municipality).where(Municipality.code == "561")).scalar_one()
    assert [s.email for s in m.staff] == ["sagsbehandler@esbjerg.example"]
