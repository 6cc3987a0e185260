"""Every setting on the administrator's pages changes what a family or a caseworker sees:
one test per setting, each failing if the portal ignored the setting. A row names the
setting, what the administrator types, and what a person sees before and after."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta

from portal.models import DraftStep
from portal.rules.case_types import CASE_TYPES
from portal.rules.formatting import long_date
from portal.services import drafts, training
from portal.timeutil import local_date, now_utc, today_local
from tests.support import journey, tracking
from tests.support.pages import get
from tests.support.settings_pages import save

# The other holder of custody, in the application's family step.
LARS = {
    "name": "Lars Hansen",
    "relation": "far",
    "custody": "ja",
    "occupation": "Tømrer",
    "weekly_hours": "37",
    "working_times": "Mandag til fredag kl. 7-15",
}

HELPER_LINE = {
    # Left empty, the training weeks are 52 minus the municipality's holiday weeks.
    "training_weeks": "",
    "lines-1-category": "helper",
    "lines-1-description": "Hjælpetræner",
    "lines-1-hours_per_week": "8",
    "lines-1-helper_family": "ja",
    "lines-1-helper_goals": "Mål 1: øvelsen på måtten kræver to personer",
    "lines-1-justification": "Anders træner hver dag efter skole",
}


@dataclass
class World:
    app: object
    db: object
    make_client: Callable
    esbjerg: object
    approved_family: Callable
    mailbox: object

    _family: tracking.ApprovedFamily | None = None

    @property
    def family(self) -> tracking.ApprovedFamily:
        if self._family is None:
            self._family = self.approved_family(municipality=self.esbjerg)
        return self._family


def family_check_page(world: World) -> str:
    """A parent's new application with a helper in the budget, on "Tjek dine svar"."""
    client = world.make_client()
    journey.login_parent(client)
    base = journey.start_application(client)
    answers = journey.valid_answers()
    answers["budget"] = answers["budget"] | HELPER_LINE
    for slug, step in answers.items():
        journey.save_step(client, base, slug, step)
    return get(client, base + "tjek").text()


def family_start_page(world: World) -> str:
    """The start page of a family with an approved training: each request and its timing."""
    family = world.family
    client = tracking.family(world.make_client, family.parent, family.cpr)
    return get(client, "/ansoegning/").text()


def caseworker_case_page(world: World) -> str:
    """A caseworker's page of a new application received today."""
    person, _cpr = tracking.parent("Sofie Jensen", "sofie@example.dk")
    case = tracking.submitted_case(person, world.esbjerg, received=today_local())
    worker, _user = tracking.caseworker(world.make_client, world.esbjerg)
    page = get(worker, f"/sagsbehandling/sager/{case.public_id}")
    deadline = page.soup.select_one(".summary-deadline .badge-warning")
    return page.text() + (" [snart]" if deadline else " [ikke snart]")


def consent_page(world: World) -> str:
    """The applicant's check page after sending the link to the other holder of custody."""
    client = world.make_client()
    journey.login_parent(client)
    base = journey.start_application(client)
    answers = journey.valid_answers()
    answers["familien"] = answers["familien"] | journey.prefixed("adults-1", LARS)
    journey.fill_application(client, base, answers)
    token = get(client, base + "tjek").form_values()["csrf_token"]
    client.post(
        base + "medindehaver", data={"csrf_token": token, "custody-email": "lars@example.dk"}
    )
    return get(client, base + "tjek").text()


def new_case_mail(world: World) -> str:
    """Who is told by e-mail of a case received today."""
    world.mailbox.clear()
    person, _cpr = tracking.parent("Sofie Jensen", "sofie@example.dk")
    tracking.submitted_case(person, world.esbjerg, received=today_local())
    return " ".join(str(message["To"]) for message in world.mailbox.messages)


def draft_warning(world: World) -> str:
    """What `flask retention` does today to a draft last saved four months ago."""
    person, _cpr = tracking.parent("Sofie Jensen", "sofie@example.dk")
    draft = drafts.start_draft(person.id, world.esbjerg, "new_application")
    world.db.session.add(DraftStep(draft=draft, step="barnet", data={"child_name": ["Ea"]}))
    draft.updated_at = tracking.at_noon(today_local() - relativedelta(months=4))
    world.db.session.commit()
    world.mailbox.clear()
    runner = world.app.test_cli_runner()
    result = runner.invoke(args=["retention", "--today", today_local().isoformat()])
    assert result.exit_code == 0, result.output
    return " ".join(world.mailbox.subjects("sofie@example.dk")) or "ingen e-mail"


def refused_case_kept(world: World) -> str:
    """What `flask retention --dry-run` lists three years after a refused case ended."""
    family = world.family
    refused = tracking.submitted_case(
        family.parent, world.esbjerg, received=today_local() - timedelta(days=5)
    )
    tracking.decide(refused, family.caseworker, on=today_local(), outcome="refused")
    day = refused.updated_at.date() + relativedelta(years=3)
    runner = world.app.test_cli_runner()
    result = runner.invoke(args=["retention", "--dry-run", "--today", day.isoformat()])
    return result.output


def footer(world: World) -> str:
    """The contact details in the footer of the family's case page."""
    family = world.family
    client = tracking.family(world.make_client, family.parent, family.cpr)
    page = get(client, f"/sager/{family.training.public_id}")
    found = page.soup.select_one("footer")
    return found.get_text(" ", strip=True) if found else ""


def public_statistics(world: World) -> str:
    answer = world.make_client().get("/statistik/561")
    return f"status {answer.status_code}"


@dataclass(frozen=True)
class Row:
    setting: str
    page: str
    typed: dict[str, str]
    seen: Callable[[World], str]
    # What a person sees only before the change, and only after it (None: nothing).
    before: str | None
    after: str | None


ROWS = [
    Row(
        "weekly_training_cap_hours",
        "traening-og-oekonomi",
        # The example's week: 20 minutes of training and 4 hours of school.
        {"weekly_training_cap_hours": "4"},
        family_check_page,
        None,
        "Esbjerg Kommune regner normalt med højst 4 timer",
    ),
    Row(
        "holiday_weeks",
        "traening-og-oekonomi",
        {"holiday_weeks": "7"},
        family_check_page,
        "47 træningsuger om året",
        "45 træningsuger om året",
    ),
    Row(
        "helper_hourly_rates",
        "traening-og-oekonomi",
        {"rate_new_year": str(today_local().year + 1), "rate_new": "150"},
        family_check_page,
        "Timeløn 133,00 kr. (2022-niveau",
        "Timeløn 150,00 kr. uden feriepenge",
    ),
    Row(
        "helper_holiday_pay_percent",
        "traening-og-oekonomi",
        {"helper_holiday_pay_percent": "10"},
        family_check_page,
        "Feriepenge 12,5 %",
        "Feriepenge 10 %",
    ),
    Row(
        "helper_normal_weekly_hours",
        "traening-og-oekonomi",
        {"helper_normal_weekly_hours": "6"},
        family_check_page,
        None,
        "8 timer om ugen er mere end normal arbejdstid (6 timer)",
    ),
    Row(
        "family_helpers_allowed",
        "traening-og-oekonomi",
        {"family_helpers_allowed": "ja"},
        family_check_page,
        "dækker normalt ikke løn til familie",
        None,
    ),
    Row(
        "budget_due",
        "traening-og-oekonomi",
        {"budget_due": "01-11"},
        family_start_page,
        "Sendes senest 15. november",
        "Sendes senest 1. november",
    ),
    Row(
        "accounts_due",
        "traening-og-oekonomi",
        {"accounts_due": "15-02"},
        family_start_page,
        "Sendes senest 28. februar",
        "Sendes senest 15. februar",
    ),
    Row(
        "accounts_decision",
        "traening-og-oekonomi",
        {"accounts_decision": "30-04"},
        family_start_page,
        "træffe afgørelse 31. marts",
        "træffe afgørelse 30. april",
    ),
    Row(
        "soon_window_days",
        "traening-og-oekonomi",
        {"soon_window_days": "150"},
        caseworker_case_page,
        "[ikke snart]",
        "[snart]",
    ),
    Row(
        "consent_days",
        "traening-og-oekonomi",
        {"consent_days": "30"},
        consent_page,
        long_date(today_local() + timedelta(days=14)),
        long_date(today_local() + timedelta(days=30)),
    ),
    Row(
        "contact.address",
        "kontakt",
        {"contact_address": "Familierådgivningen\nTorvegade 74\n6700 Esbjerg"},
        footer,
        None,
        "Torvegade 74",
    ),
    Row(
        "contact.email",
        "kontakt",
        {"contact_email": "familie@esbjerg.example"},
        footer,
        None,
        "familie@esbjerg.example",
    ),
    Row(
        "contact.phone",
        "kontakt",
        {"contact_phone": "+45 76 16 16 16"},
        footer,
        None,
        "+45 76 16 16 16",
    ),
    Row(
        "contact.web",
        "kontakt",
        {"contact_web": "https://www.esbjerg.example/hjemmetraening"},
        footer,
        None,
        "www.esbjerg.example/hjemmetraening",
    ),
    Row(
        "contact.hours",
        "kontakt",
        {"contact_hours": "Mandag-fredag kl. 9-12"},
        footer,
        None,
        "Mandag-fredag kl. 9-12",
    ),
    Row(
        "inbox_email",
        "kontakt",
        {"inbox_email": "nye-sager@esbjerg.example"},
        new_case_mail,
        "hjemmetraening@561.example",
        "nye-sager@esbjerg.example",
    ),
    Row(
        "draft_retention",
        "opbevaring-og-statistik",
        {"draft_retention_count": "3"},
        draft_warning,
        "ingen e-mail",
        "Din kladde bliver slettet",
    ),
    Row(
        "case_retention_years",
        "opbevaring-og-statistik",
        {"case_retention_years": "2"},
        refused_case_kept,
        "I alt: 0",
        "sag HT-",
    ),
    Row(
        "publish_statistics",
        "opbevaring-og-statistik",
        {"publish_statistics": "ja"},
        public_statistics,
        "status 404",
        "status 200",
    ),
]


@pytest.fixture
def world(app, db, make_client, esbjerg, approved_family, mailbox) -> World:
    return World(app, db, make_client, esbjerg, approved_family, mailbox)


@pytest.mark.parametrize("row", ROWS, ids=[row.setting for row in ROWS])
def test_the_setting_changes_what_people_see(row: Row, world: World):
    admin, _user = tracking.caseworker(world.make_client, world.esbjerg, role="admin")
    before = row.seen(world)

    save(admin, row.page, row.typed)

    after = row.seen(world)
    if row.before is not None:
        assert row.before in before
        assert row.before not in after
    if row.after is not None:
        assert row.after not in before
        assert row.after in after


def _case_of_type(world: World, case_type: str):
    """A request of `case_type` received today: through the wizard's submission, or the
    family's notice of an end, or the municipality's proposal to change the training."""
    family = world.family
    if case_type == "new_application":
        person, _cpr = tracking.parent("Sofie Jensen", "sofie@example.dk")
        return tracking.submitted_case(person, world.esbjerg, received=today_local())
    if case_type == "training_ending":
        change = training.end_by_family(
            family.training,
            family.parent,
            last_day=today_local() + timedelta(days=120),
            reason="Vi flytter.",
            needs_instead=None,
            now=now_utc(),
        )
    elif case_type == "training_change":
        change = training.open_change(
            family.training,
            family.caseworker,
            kind="adjust",
            proposal="Færre timer.",
            effective_on=today_local() + timedelta(days=120),
            by_agreement=False,
            basis=None,
            now=now_utc(),
        )
    else:
        return tracking.submitted_case(
            family.parent,
            world.esbjerg,
            received=today_local(),
            case_type=case_type,
            related=family.training,
        )
    world.db.session.commit()
    return change.case


@pytest.mark.parametrize("case_type", CASE_TYPES)
def test_a_handling_time_gives_the_requests_received_after_it_their_deadline(
    case_type: str, world: World
):
    admin, _user = tracking.caseworker(world.make_client, world.esbjerg, role="admin")
    save(
        admin,
        "sagsbehandlingstider",
        {
            f"handling_times_{case_type}_count": "30",
            f"handling_times_{case_type}_unit": "weeks",
        },
    )
    case = _case_of_type(world, case_type)
    worker, _user = tracking.caseworker(world.make_client, world.esbjerg)
    page = get(worker, f"/sagsbehandling/sager/{case.public_id}")
    deadline = page.soup.select_one(".summary-deadline").get_text(" ", strip=True)
    received = local_date(case.received_at)
    # 30 weeks reach beyond the accounts' decision day (31 March) from any day of the year.
    assert long_date(received + timedelta(weeks=30)) in deadline
