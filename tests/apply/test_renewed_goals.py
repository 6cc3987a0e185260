"""Goals renewed every half year: "Målene gælder i 6 måneder" (seed 001, Bilag 13). The family
starts from the last approved time-and-phase plan, sees what it changes beside the old plan
before sending, and the caseworker sees the same on the case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import Case, Draft
from portal.timeutil import today_local
from tests.support import journey, tracking
from tests.support.pages import Page, get


@pytest.fixture
def family(make_client, esbjerg, db, approved_family):
    """Mette, whose home training of Anders (with the example plan's goal) was approved."""
    today = today_local()
    mette = approved_family(
        received=today - timedelta(days=400), decided=today - timedelta(days=300)
    )
    return tracking.family(make_client, mette.parent, mette.cpr), mette


def start_renewal(browser, training: Case) -> str:
    page = get(browser, "/ansoegning/")
    data = {
        **page.form_values(),
        "case_type": "renewed_goals",
        "related_case": training.public_id,
    }
    return journey.new_draft(browser.post("/ansoegning/", data=data), "maal")


def goal_table(page: Page) -> dict[str, tuple[str, str]]:
    """The side-by-side table of the first changed goal: field -> (Før, Nu)."""
    table = page.soup.select_one("#goal-change-1")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Felt", "Før", "Nu"]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    return {
        row.th.get_text(strip=True): tuple(td.get_text(strip=True) for td in row.select("td"))
        for row in table.select("tbody tr")
    }


def test_the_renewal_starts_from_the_approved_plan_and_both_sides_see_what_changed(
    family, db, make_client
):
    browser, mette = family
    training = mette.training
    old_goal = training.application["maal"]["goals"][0]
    base = start_renewal(browser, training)

    # "Målene gælder i 6 måneder": last plan's goal is there to build on, its dates left empty.
    step = get(browser, base + "maal")
    assert step.soup.find(id="goals-0-title")["value"] == old_goal["title"]
    assert step.soup.find(id="goals-0-purpose").get_text().strip() == old_goal["purpose"]
    assert not step.soup.find(id="goals-0-short_term_by").get("value")

    answers = journey.valid_answers(today_local() + timedelta(days=200))["maal"]
    new_by = answers["goals-0-short_term_by"]
    new_short_term = "Anders tager selv begge ben i bukserne og rejser sig op."
    answers["goals-0-short_term"] = new_short_term
    journey.save_step(browser, base, "maal", answers)
    journey.save_step(browser, base, "bilag", tracking.request_answers("renewed_goals")["bilag"])

    check = get(browser, base + "tjek")
    rows = goal_table(check)
    assert rows["Kortsigtet mål (om ½ år)"] == (old_goal["short_term"], new_short_term)
    assert "Formålet med målet" not in rows  # unchanged fields are not repeated
    # The old target date beside the new one the family set.
    old_date, new_date = rows["Dato for det kortsigtede mål"]
    assert (old_date[-4:], new_date[-4:]) == (old_goal["short_term_by"][:4], str(new_by.year))
    caption = check.soup.select_one("#goal-change-1 caption").get_text(strip=True)
    assert caption == f"Mål 1: {old_goal['title']}"

    journey.submit(browser, base)
    case = db.session.execute(select(Case).where(Case.case_type == "renewed_goals")).scalar_one()
    assert case.related_case_id == training.id
    assert case.application["maal"]["goals"][0]["short_term"] == new_short_term

    staff, _worker = tracking.caseworker(make_client, mette.municipality)
    page = get(staff, f"/sagsbehandling/sager/{case.public_id}")
    assert "Nye mål for de næste 6 måneder" in page.text()
    assert goal_table(page)["Kortsigtet mål (om ½ år)"] == (old_goal["short_term"], new_short_term)


def test_a_renewal_starts_from_the_newest_approved_plan(family, db, make_client):
    browser, mette = family
    training = mette.training
    # An earlier renewal, approved: the next one starts from its goals, not the application's.
    answers = tracking.request_answers("renewed_goals")
    answers["maal"]["goals-0-title"] = "Anders tager selv trøje på"
    earlier = tracking.submitted_case(
        training.parent,
        training.municipality,
        received=today_local() - timedelta(days=100),
        case_type="renewed_goals",
        related=training,
        answers=answers,
    )
    tracking.decide(earlier, mette.caseworker, on=today_local() - timedelta(days=90))

    base = start_renewal(browser, training)
    step = get(browser, base + "maal")
    assert step.soup.find(id="goals-0-title")["value"] == "Anders tager selv trøje på"

    # The approved renewal itself is still shown beside the plan it renewed, not beside itself.
    staff, _worker = tracking.caseworker(make_client, mette.municipality)
    page = get(staff, f"/sagsbehandling/sager/{earlier.public_id}")
    assert goal_table(page)["Udvalgt mål"] == (
        training.application["maal"]["goals"][0]["title"],
        "Anders tager selv trøje på",
    )


def test_another_family_cannot_renew_the_goals_of_someone_elses_training(
    family, approved_family, make_client, db
):
    _browser, mette = family
    other = approved_family(name="Lone Jensen", email="lone@example.dk")
    lone = tracking.family(make_client, other.parent, other.cpr)
    page = get(lone, "/ansoegning/")
    data = {
        **page.form_values(),
        "case_type": "renewed_goals",
        "related_case": mette.training.public_id,
    }
    answer = Page(lone.post("/ansoegning/", data=data))
    # Mette's training is not among Lone's choices: no draft starts, nothing of her plan shows.
    assert answer.status == 200, answer.status
    assert mette.training.number not in answer.text()
    assert answer.error_summary() == {"related_case-0": "Vælg en af mulighederne."}
    renewals = select(Draft).where(
        Draft.parent_id == other.parent.id, Draft.case_type == "renewed_goals"
    )
    assert db.session.scalars(renewals).all() == []
    # Mette's own renewal, pre-filled with her plan, is not found for Lone.
    base = start_renewal(_browser, mette.training)
    assert lone.get(base + "maal").status_code == 404
    assert lone.get(base + "tjek").status_code == 404


def test_the_renewed_goals_meet_the_applications_goal_checks(family):
    """The plan's dates are checked as in the application: "Målene gælder i 6 måneder"
    (seed 001), so last half year's date cannot be the new target."""
    browser, mette = family
    base = start_renewal(browser, mette.training)
    check = get(browser, base + "tjek")
    # The dates are left for the family to set: the goals are not ready to send yet.
    assert check.soup.select_one('.alert a[href="#section-maal"]') is not None

    answers = journey.valid_answers(today_local() + timedelta(days=200))["maal"]
    answers["goals-0-short_term_by"] = today_local() - timedelta(days=1)
    page = journey.save_step(browser, base, "maal", answers)
    assert page.error_summary()["goals-0-short_term_by"] == (
        "Datoen for det kortsigtede mål er passeret. Vælg en dato fra i dag."
    )
