"""`flask` commands for the people who run the portal."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation

import click
from cryptography.fernet import Fernet
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from portal.extensions import db
from portal.identity import staff_accounts, store
from portal.identity.passwords import hash_password
from portal.models import Municipality, StaffUser
from portal.rules import yearly
from portal.services import cpr_keys, figures, people, retention
from portal.services import municipality_settings as municipality_settings_service
from portal.timeutil import now_utc, today_local

municipality_cli = AppGroup("municipality", help="Kommuner.")
staff_cli = AppGroup("staff", help="Medarbejdere med lokal konto.")
figures_cli = AppGroup("figures", help="Årlige lofter og satser for alle kommuner.")
sessions_cli = AppGroup("sessions", help="Log ind-sessioner.")
digital_post_cli = AppGroup("digital-post", help="Breve til familierne som Digital Post.")
cpr_cli = AppGroup("cpr", help="Barnets CPR-nummer, krypteret.")

DEMO_MUNICIPALITY = ("561", "Esbjerg Kommune")
# Where the demo municipality's e-mails go: new cases, answers, complaints (portal.notify).
DEMO_INBOX = "hjemmetraening@esbjerg.example"
# The demo municipality's contact details, printed in letters, e-mails and the footer. The
# guide names the unit, "Familierådgivningen Handicap", and that "der fx om torsdagen er åbent
# til kl. 17" (Esbjerg Kommunes vejledning om hjemmetræning, juni 2022); the rest is invented.
DEMO_CONTACT = {
    "address": "Familierådgivningen Handicap\nEksempelvej 1\n6700 Esbjerg",
    "email": "familieraadgivningen@esbjerg.example",
    "phone": "+45 70 00 05 61",
    "web": "https://www.esbjerg.example/hjemmetraening",
    "hours": "Mandag-onsdag kl. 9-15, torsdag kl. 9-17, fredag kl. 9-13",
}
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


# How the commands sign the changes they record in the administrators' history.
STAFF_COMMAND = "flask staff"
FIGURES_COMMAND = "flask figures"
REFUSALS = {
    "last_admin": "{email} er kommunens eneste aktive administrator; gør en anden til "
    "administrator først. Intet er ændret.",
    "email_taken": "{email} findes allerede",
    "national_needs_admin": "{email} skal være administrator for at blive national "
    "administrator. Intet er ændret.",
}


def create_staff(
    municipality: Municipality,
    email: str,
    name: str,
    password: str,
    role: str = "caseworker",
    by_name: str = STAFF_COMMAND,
) -> StaffUser:
    if role not in StaffUser.ROLES:
        raise click.BadParameter(f"role must be one of {', '.join(StaffUser.ROLES)}")
    try:
        return people.create(
            municipality,
            email=email,
            name=name,
            role=role,
            password_hash=hash_password(password),
            by=None,
            by_name=by_name,
        )
    except people.PeopleRefused as refused:
        raise click.ClickException(REFUSALS[refused.code].format(email=email)) from None


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
            if not isinstance(data, dict):
                raise ValueError(f"settings must be a mapping, not {type(data).__name__}")
            # The same operation as the administrator's pages: recorded in the settings'
            # history, and the cases received until now keep the rules they were received under.
            municipality_settings_service.change_settings(
                municipality, data, by=None, by_name="flask municipality settings", now=now_utc()
            )
        except (ValueError, TypeError) as error:
            db.session.rollback()
            raise click.ClickException(f"Reglerne er ikke gemt: {error}") from error
        db.session.commit()
        settings = municipality.settings
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


def _ask_password() -> str:
    # Asked for twice and never taken on the command line, where the shell's history and
    # the process list would keep it.
    password = click.prompt(
        "Adgangskode", hide_input=True, confirmation_prompt="Gentag adgangskoden"
    )
    if len(password) < 12:
        raise click.ClickException("Adgangskoden skal have mindst 12 tegn.")
    return password


def _staff(email: str) -> StaffUser:
    staff = staff_accounts.find_staff(email)
    if staff is None:
        raise click.ClickException(f"Ingen medarbejder har e-mailen {email}; intet er ændret.")
    return staff


@staff_cli.command("create")
@click.option("--municipality", "code", required=True, help="Kommunekode, fx 561")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", default="caseworker", type=click.Choice(StaffUser.ROLES))
def create_staff_command(code: str, email: str, name: str, role: str) -> None:
    """Create a staff account; the password is asked for twice."""
    municipality = _municipality(code)
    staff = create_staff(municipality, email, name, _ask_password(), role)
    db.session.commit()
    click.echo(f"{staff.email} ({staff.role}) i {municipality.name}")


@staff_cli.command("passwords")
@click.argument("state", type=click.Choice(["on", "off"]))
@click.option("--municipality", "code", required=True, help="Kommunekode, fx 561")
def staff_passwords(state: str, code: str) -> None:
    """Allow or refuse the municipality's staff logging in with a local password. Off once the
    municipality's single sign-on works; on again for break-glass use."""
    municipality = _municipality(code)
    municipality.password_login_enabled = state == "on"
    db.session.commit()
    allowed = "tilladt" if municipality.password_login_enabled else "slået fra"
    click.echo(f"Login med adgangskode er {allowed} for {municipality.name}.")


def _change_staff(email: str, change: Callable[[StaffUser], None], done: str) -> None:
    # The e-mail is looked up before anything is asked for or changed. Each change is
    # recorded in the administrators' history, signed "flask staff".
    staff = _staff(email)
    try:
        change(staff)
    except people.PeopleRefused as refused:
        db.session.rollback()
        raise click.ClickException(REFUSALS[refused.code].format(email=staff.email)) from None
    db.session.commit()
    click.echo(done.format(email=staff.email))


@staff_cli.command("deactivate")
@click.option("--email", required=True)
def deactivate_staff_command(email: str) -> None:
    """The account can no longer log in; its sessions end at once."""
    _change_staff(
        email,
        lambda staff: people.set_active(staff, False, by=None, by_name=STAFF_COMMAND),
        "{email} er deaktiveret og kan ikke længere logge ind.",
    )


@staff_cli.command("reactivate")
@click.option("--email", required=True)
def reactivate_staff_command(email: str) -> None:
    """A deactivated account can log in again."""
    _change_staff(
        email,
        lambda staff: people.set_active(staff, True, by=None, by_name=STAFF_COMMAND),
        "{email} kan logge ind igen.",
    )


@staff_cli.command("set-role")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice(StaffUser.ROLES))
def set_role_command(email: str, role: str) -> None:
    """Make a caseworker an admin, or an admin a caseworker; the account's sessions end."""
    _change_staff(
        email,
        lambda staff: people.change_role(staff, role, by=None, by_name=STAFF_COMMAND),
        f"{{email}} er nu {role}.",
    )


@staff_cli.command("reset-password")
@click.option("--email", required=True)
def reset_password_command(email: str) -> None:
    """A new password, asked for twice; the old one and the account's sessions end at once."""
    _change_staff(
        email,
        lambda staff: people.set_password(
            staff, hash_password(_ask_password()), by=None, by_name=STAFF_COMMAND
        ),
        "{email} har fået en ny adgangskode.",
    )


@staff_cli.command("national")
@click.argument("state", type=click.Choice(["on", "off"]))
@click.option("--email", required=True)
def national_staff_command(state: str, email: str) -> None:
    """Let an administrator add the yearly figures every municipality uses (the cap, the
    lost-earnings ceiling, the ATP rates) on the page "Årlige lofter og satser", or no more."""
    _change_staff(
        email,
        lambda staff: people.set_national(staff, state == "on", by_name=STAFF_COMMAND),
        "{email} er national administrator."
        if state == "on"
        else "{email} er ikke længere national administrator.",
    )


def _atp_tier(value: str) -> tuple[str, Decimal, Decimal]:
    hours, _sep, shares = value.partition("=")
    recipient, _sep, municipality = shares.partition("/")
    try:
        return hours.strip(), Decimal(recipient), Decimal(municipality)
    except InvalidOperation:
        raise click.BadParameter(
            f"{value!r}: skriv timer=modtager/kommune, fx 117=94.65/189.35"
        ) from None


@figures_cli.command("add")
@click.option("--kind", required=True, type=click.Choice(yearly.KINDS))
@click.option("--year", required=True, type=click.IntRange(2000, 2100))
@click.option("--value", default=None, help="Beløbet i kr., fx 720000 (loftet for et år)")
@click.option(
    "--atp",
    "atp",
    multiple=True,
    help="ATP-sats pr. måned: timer=modtager/kommune, én for hver af 117, 78 og 39 timer",
)
@click.option("--source", required=True, help="Hvor tallet står, fx bekendtgørelsens navn")
@click.option(
    "--source-date", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="ÅÅÅÅ-MM-DD"
)
def add_figure_command(
    kind: str, year: int, value: str | None, atp: tuple[str, ...], source: str, source_date
) -> None:
    """Add a year's figure for every municipality, or replace the one there is; in use at
    once, and recorded in the history of the page "Årlige lofter og satser"."""
    if kind == yearly.ATP:
        tiers = {
            hours: (recipient, municipality)
            for hours, recipient, municipality in map(_atp_tier, atp)
        }
        if set(tiers) != set(yearly.ATP_TIERS) or value is not None:
            raise click.UsageError(
                "ATP-satserne skal gives med --atp for 117, 78 og 39 timer, uden --value."
            )
        amount = None
    else:
        tiers = None
        try:
            amount = Decimal(value) if value is not None and not atp else None
        except InvalidOperation:
            amount = None
        if amount is None or amount <= 0:
            raise click.UsageError("Giv beløbet med --value, fx --value 720000 (uden --atp).")
    figures.add(
        figures.FigureInput(
            kind=kind,
            year=year,
            source=source.strip(),
            source_date=source_date.date(),
            amount=amount,
            atp=tiers,
        ),
        by=None,
        by_name=FIGURES_COMMAND,
    )
    db.session.commit()
    click.echo(f"{kind} {year} er gemt.")


@figures_cli.command("list")
def list_figures_command() -> None:
    """Every yearly figure with its source."""
    for row in figures.listing():
        shown = figures.shown_row(row)
        amount = (
            str(shown.amount)
            if shown.amount is not None
            else ", ".join(f"{h}={r}/{m}" for h, r, m in shown.tiers)
        )
        click.echo(f"{row.kind} {row.year}: {amount} ({row.source})")


@click.command("seed-demo")
def seed_demo() -> None:
    """Demo municipality (Esbjerg Kommune, 561) and a demo caseworker, for development only."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("Demo-data oprettes ikke i produktion.")
    municipality = ensure_municipality(*DEMO_MUNICIPALITY)
    municipality.inbox_email = municipality.inbox_email or DEMO_INBOX
    if "contact" not in (municipality.settings_data or {}):
        municipality.settings_data = {**(municipality.settings_data or {}), "contact": DEMO_CONTACT}
    email, name, password = DEMO_CASEWORKER
    exists = db.session.execute(select(StaffUser).where(StaffUser.email == email)).scalar()
    if exists is None:
        create_staff(municipality, email, name, password, role="admin")
    db.session.commit()
    click.echo(f"Kommune: {municipality.name} ({municipality.code})")
    click.echo(f"Kommunens postkasse: {municipality.inbox_email}")
    click.echo(f"Sagsbehandler: {email} / {password}")
    if not current_app.config["MAIL_SERVER"]:
        click.echo(f"E-mails gemmes i {current_app.config['MAIL_OUTBOX']}")


@sessions_cli.command("purge")
def purge_sessions() -> None:
    """Delete the sessions that have ended (idle or past their absolute limit); daily, from
    cron. A session that has ended is refused anyway: this only keeps the table small."""
    removed = store.purge(current_app, now_utc())
    db.session.commit()
    click.echo(f"Afsluttede sessioner slettet: {removed}")


@digital_post_cli.command("send")
def send_letters() -> None:
    """Send the letters waiting in the outbox now, also those waiting for their next attempt
    (the worker sends them anyway; this is for a municipality without one running)."""
    from portal import outbox
    from portal.services import letters

    result = outbox.deliver(letters.waiting_message_ids())
    click.echo(f"{result.sent} brev(e) sendt, {result.failed} fejlede")
    if result.failed:
        raise SystemExit(1)


@cpr_cli.command("new-key")
def cpr_new_key() -> None:
    """Print a new key to put first in CPR_KEYS."""
    click.echo(Fernet.generate_key().decode())


@cpr_cli.command("rotate-key")
@click.option("--batch-size", default=500, show_default=True)
def cpr_rotate_key(batch_size: int) -> None:
    """Re-seal every CPR number with the newest key in CPR_KEYS. Safe to run again; an
    interrupted run leaves every value readable and continues where it is run again."""
    for table_name in cpr_keys.TABLES:
        after_id, changed = 0, 0
        while after_id is not None:
            after_id, count = cpr_keys.rotate_batch(table_name, after_id, batch_size)
            db.session.commit()
            changed += count
        click.echo(f"{table_name}: {changed} rækker krypteret med den nyeste nøgle")


@cpr_cli.command("rotate-hash-key")
@click.option("--batch-size", default=500, show_default=True)
def cpr_rotate_hash_key(batch_size: int) -> None:
    """Recompute the search hash of every case's CPR number under the newest key in
    CPR_HASH_KEYS. Safe to run again; until it has finished, the search finds a number under
    every listed key, and afterwards the old key can go."""
    after_id, changed = 0, 0
    while after_id is not None:
        after_id, count = cpr_keys.rehash_batch(after_id, batch_size)
        db.session.commit()
        changed += count
    click.echo(f"case_file: {changed} søgenøgler beregnet med den nyeste nøgle")


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Vis kun, hvad der ville blive slettet.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Dagen, der regnes fra (fx for at se, hvad der skal slettes om en måned).",
)
def retention_command(dry_run: bool, today: datetime | None) -> None:
    """Warn about and delete untouched drafts, and purge ended cases whose time is up (daily,
    from cron). Safe to run more than once a day."""
    day = today.date() if today else today_local()
    if dry_run:
        done = retention.review(day)
    else:
        done, keys = retention.carry_out(day, now_utc())
        db.session.commit()
        # The files go once their rows are gone for good: a failure here leaves a file no row
        # refers to (in the storage's list of keys), never a row whose file is gone.
        retention.remove_files(keys)
        # The warnings wait in the outbox for the worker (`flask worker`).
    for due in done:
        click.echo(_retention_line(due, dry_run))
    click.echo(f"I alt: {len(done)}")


_RETENTION_WORDS = {
    ("draft", "warn"): ("advares", "advaret"),
    ("draft", "delete"): ("slettes", "slettet"),
    ("case", "purge"): ("slettes", "slettet"),
    ("case", "blocked"): ("venter: sag åben eller klage under behandling",) * 2,
}


def _retention_line(due: retention.Due, dry_run: bool) -> str:
    word = _RETENTION_WORDS[(due.kind, due.action)][0 if dry_run else 1]
    what = "kladde" if due.kind == "draft" else "sag"
    return (
        f"{what} {due.reference} (kommune {due.municipality_id}): {word}; regnet fra"
        f" {due.counted_from.isoformat()}, slettes {due.goes_on.isoformat()}"
    )


def init_app(app: Flask) -> None:
    from portal.storage.cli import attachments_cli

    app.cli.add_command(attachments_cli)
    app.cli.add_command(municipality_cli)
    app.cli.add_command(staff_cli)
    app.cli.add_command(figures_cli)
    app.cli.add_command(sessions_cli)
    app.cli.add_command(digital_post_cli)
    app.cli.add_command(cpr_cli)
    app.cli.add_command(retention_command)
    app.cli.add_command(seed_demo)
