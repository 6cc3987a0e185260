"""The commands the people who run the portal use."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from portal.identity.passwords import verify_password
from portal.models import Municipality, StaffUser
from tests.support import tracking


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


def test_a_municipality_sets_its_own_handling_time_and_new_cases_follow_it(
    app, db, esbjerg, tmp_path
):
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["municipality", "settings", "--code", "561"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["handling_times"]["new_application"] == {"months": 4}

    # A misspelt key or an unreadable period is refused, and nothing is stored.
    for wrong in ({"handling_time": {}}, {"handling_times": {"new_application": {"days": 10}}}):
        path = tmp_path / "wrong.json"
        path.write_text(json.dumps(wrong))
        result = runner.invoke(args=["municipality", "settings", "--code", "561", "--file", path])
        assert result.exit_code != 0 and "Reglerne er ikke gemt" in result.output
    db.session.refresh(esbjerg)
    assert esbjerg.settings_data in ({}, None)

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"handling_times": {"new_application": {"weeks": 10}}}))
    result = runner.invoke(args=["municipality", "settings", "--code", "561", "--file", path])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["handling_times"]["new_application"] == {"weeks": 10}
    # The other rules stay Esbjerg's (seed 001).
    assert json.loads(result.output)["handling_times"]["supplement_method"] == {"weeks": 8}

    person, _cpr = tracking.parent()
    received = date(2026, 3, 2)
    case = tracking.submitted_case(person, esbjerg, received=received)
    assert case.due_date == received + timedelta(weeks=10)
