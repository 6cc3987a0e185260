"""`flask` commands for the people who run the portal."""

from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from portal.extensions import db
from portal.identity import store
from portal.identity.passwords import hash_password
from portal.models import Municipality, StaffUser
from portal.rules.settings import MunicipalitySettings
from portal.timeutil import now_utc

municipality_cli = AppGroup("municipality", help="Kommuner.")
staff_cli = AppGroup("staff", help="Medarbejdere med lokal konto.")
sessions_cli = AppGroup("sessions", help="Log ind-sessioner.")

DEMO_MUNICIPALITY = ("561", "Esbjerg Kommune")
DEMO_CASEWORKER = ("sagsbehandler@esbjerg.example", "Demo Sagsbehandler", "demo-adgang-561")


def ensure_municipality(code: str, name: str) -> Municipality:
    municipality = db.session.execute(
        select(Municipality).where(Municipality.code == code)
    ).scalar_one_or_none()
    if municipality is None:
        municipality = Municipality(code=code, name=name)
        db.session.add(municipality)
        db.session.flush()
    return municipality


def create_staff(
    municipality: Municipality, email: str, name: str, password: str, role: str = "caseworker"
) -> StaffUser:
    if role not in StaffUser.ROLES:
        raise click.BadParameter(f"role must be one of {', '.join(StaffUser.ROLES)}")
    exists = db.session.execute(
        select(StaffUser).where(func.lower(StaffUser.email) == email.lower())
    ).scalar_one_or_none()
    if exists is not None:
        raise click.ClickException(f"{email} findes allerede")
    staff = StaffUser(
        municipality=municipality,
        email=email.lower(),
        name=name,
        password_hash=hash_password(password),
        role=role,
    )
    db.session.add(staff)
    db.session.flush()
    return staff


@municipality_cli.command("add")
@click.option("--code", required=True, help="Kommunekode, fx 561")
@click.option("--name", required=True, help="Fx Esbjerg Kommune")
@click.option("--inbox", default=None, help="Postkasse til nye sager")
def add_municipality(code: str, name: str, inbox: str | None) -> None:
    municipality = ensure_municipality(code, name)
    if inbox:
        municipality.inbox_email = inbox
    db.session.commit()
    click.echo(f"{municipality.name} ({municipality.code})")


@municipality_cli.command("settings")
@click.option("--code", required=True, help="Kommunekode, fx 561")
@click.option(
    "--file",
    "path",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help=(
        "JSON med de regler, der afviger fra Esbjerg Kommunes vejledning om hjemmetræning "
        "(juni 2022); uden: vis reglerne"
    ),
)
def municipality_settings(code: str, path) -> None:
    """Show a municipality's rules (handling times, caps, rates), or replace them from JSON.

    Only the keys given differ from Esbjerg Kommune's defaults; a key the portal does not know,
    or a value it cannot read, is refused before anything is stored, because a misread
    handling time would move every family's deadline."""
    municipality = _municipality(code)
    if path is not None:
        try:
            data = json.load(path)
            settings = MunicipalitySettings.from_mapping({"name": municipality.name, **data})
        except (ValueError, TypeError) as error:
            raise click.ClickException(f"Reglerne er ikke gemt: {error}") from error
        data.pop("name", None)
        municipality.settings_data = data
        db.session.commit()
    else:
        settings = municipality.settings
    click.echo(json.dumps(settings.to_mapping(), ensure_ascii=False, indent=2))


def _municipality(code: str) -> Municipality:
    municipality = db.session.execute(
        select(Municipality).where(Municipality.code == code)
    ).scalar_one_or_none()
    if municipality is None:
        raise click.ClickException(
            f"Kommune {code} findes ikke; opret den med `flask municipality add`."
        )
    return municipality


@staff_cli.command("create")
@click.option("--municipality", "code", required=True, help="Kommunekode, fx 561")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", default="caseworker", type=click.Choice(StaffUser.ROLES))
@click.password_option(help="Spørges om, hvis den ikke gives")
def create_staff_command(code: str, email: str, name: str, role: str, password: str) -> None:
    municipality = _municipality(code)
    if len(password) < 12:
        raise click.ClickException("Adgangskoden skal have mindst 12 tegn.")
    staff = create_staff(municipality, email, name, password, role)
    db.session.commit()
    click.echo(f"{staff.email} ({staff.role}) i {municipality.name}")


@click.command("seed-demo")
def seed_demo() -> None:
    """Demo municipality (Esbjerg Kommune, 561) and a demo caseworker, for development only."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Demo-data oprettes ikke i produktion.")
    municipality = ensure_municipality(*DEMO_MUNICIPALITY)
    email, name, password = DEMO_CASEWORKER
    exists = db.session.execute(select(StaffUser).where(StaffUser.email == email)).scalar()
    if exists is None:
        create_staff(municipality, email, name, password, role="admin")
    db.session.commit()
    click.echo(f"Kommune: {municipality.name} ({municipality.code})")
    click.echo(f"Sagsbehandler: {email} / {password}")


@sessions_cli.command("purge")
def purge_sessions() -> None:
    """Delete the sessions that have ended (idle or past their absolute limit); daily, from
    cron. A session that has ended is refused anyway: this only keeps the table small."""
    removed = store.purge(current_app, now_utc())
    db.session.commit()
    click.echo(f"Afsluttede sessioner slettet: {removed}")


def init_app(app: Flask) -> None:
    from portal.storage.cli import attachments_cli

    app.cli.add_command(attachments_cli)
    app.cli.add_command(municipality_cli)
    app.cli.add_command(staff_cli)
    app.cli.add_command(sessions_cli)
    app.cli.add_command(seed_demo)
