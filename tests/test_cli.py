"""The commands the people who run the portal use."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from portal.identity.passwords import verify_password
from portal.models import Municipality, StaffUser
from tests.support import factories, tracking
from tests.support.logins import try_login


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
    # The demo municipality has contact details for its letters, e-mails and footer.
    contact = m.settings.contact
    assert contact.email == "familieraadgivningen@esbjerg.example"
    assert contact.address.startswith("Familierådgivningen Handicap\n")
    assert all((contact.phone, contact.web, contact.hours))


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


def _staff_command(app, *args: str, typed: str | None = None):
    return app.test_cli_runner().invoke(args=["staff", *args], input=typed)


def test_a_deactivated_caseworker_can_no_longer_log_in(app, db, esbjerg, make_client):
    worker = factories.staff(esbjerg)
    result = _staff_command(app, "deactivate", "--email", worker.email.upper())
    assert result.exit_code == 0, result.output
    assert "deaktiveret" in result.output
    db.session.refresh(worker)
    assert worker.active is False
    page = try_login(make_client(), worker.email, factories.PASSWORD)
    assert page.status == 200
    assert page.error_summary()["email"] == "E-mail eller adgangskode er forkert."


def test_an_admin_is_made_and_unmade(app, db, esbjerg):
    # Another administrator: the municipality's last one is never unmade (tests/admin).
    factories.staff(esbjerg, role="admin")
    worker = factories.staff(esbjerg)
    assert (
        _staff_command(app, "set-role", "--email", worker.email, "--role", "admin").exit_code == 0
    )
    db.session.refresh(worker)
    assert worker.role == "admin"
    result = _staff_command(app, "set-role", "--email", worker.email, "--role", "caseworker")
    assert result.exit_code == 0 and "er nu caseworker" in result.output
    db.session.refresh(worker)
    assert worker.role == "caseworker"
    result = _staff_command(app, "set-role", "--email", worker.email, "--role", "chef")
    assert result.exit_code != 0 and "chef" in result.output
    db.session.refresh(worker)
    assert worker.role == "caseworker"


def test_a_reset_password_is_asked_for_twice_and_replaces_the_old(app, db, esbjerg):
    worker = factories.staff(esbjerg)
    worker.failed_logins = 4
    db.session.commit()
    new = "et-helt-nyt-kodeord-561"
    result = _staff_command(app, "reset-password", "--email", worker.email, typed=f"{new}\n{new}\n")
    assert result.exit_code == 0, result.output
    assert new not in result.output
    db.session.refresh(worker)
    assert verify_password(worker.password_hash, new)
    assert not verify_password(worker.password_hash, factories.PASSWORD)
    assert worker.failed_logins == 0


def test_a_reset_password_must_be_long_typed_alike_and_never_on_the_command_line(app, db, esbjerg):
    worker = factories.staff(esbjerg)
    for typed in ("kort\nkort\n", "et-helt-nyt-kodeord\net-andet-kodeord\n"):
        result = _staff_command(app, "reset-password", "--email", worker.email, typed=typed)
        assert result.exit_code != 0
    assert (
        "mindst 12 tegn"
        in _staff_command(
            app, "reset-password", "--email", worker.email, typed="kort\nkort\n"
        ).output
    )
    result = _staff_command(
        app, "reset-password", "--email", worker.email, "--password", "et-helt-nyt-kodeord"
    )
    assert result.exit_code != 0 and "No such option" in result.output
    db.session.refresh(worker)
    assert verify_password(worker.password_hash, factories.PASSWORD)


def test_the_staff_commands_refuse_an_unknown_e_mail(app, db, esbjerg):
    for args in (
        ("deactivate",),
        ("set-role", "--role", "admin"),
        ("reset-password",),
    ):
        result = _staff_command(
            app, *args, "--email", "ingen@esbjerg.example", typed="et-helt-nyt-kodeord\n" * 2
        )
        assert result.exit_code != 0, args
        assert "Ingen medarbejder har e-mailen ingen@esbjerg.example" in result.output
