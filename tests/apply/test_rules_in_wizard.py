"""The rules of portal.rules at the step where they arise and on "Tjek dine svar"."""

from __future__ import annotations

import pytest

from tests.support import journey
from tests.support.pages import assert_redirects, get


@pytest.fixture
def draft(draft_with_child):
    return draft_with_child


VAGUE = {
    "goals-0-indicator": "Han skal blive bedre og mere selvstændig",
    "goals-0-title": "Bedre påklædning",
}


def test_advice_is_shown_once_and_never_blocks(client, draft):
    goal = journey.valid_answers()["maal"] | VAGUE
    first = journey.save_step(client, draft, "maal", goal)

    assert first.status == 200
    assert not first.title.startswith("Fejl")
    advice = first.soup.select_one("#raad")
    assert advice is not None and "Råd til jeres ansøgning" in advice.get_text()
    assert advice.select_one('a[href="#goals-0-indicator"]') is not None
    assert "Fortsæt uden at rette" in advice.get_text()

    # The same answers saved again: the parent has seen the advice and goes on.
    again = journey.save_step(client, draft, "maal", goal)
    assert_redirects(again, draft + "ugeskema")


def test_a_good_goal_gets_no_advice(client, draft):
    page = journey.save_step(client, draft, "maal", journey.valid_answers()["maal"])
    assert_redirects(page, draft + "ugeskema")


def test_the_check_page_lists_errors_and_advice_with_links_to_the_fields(client, draft):
    journey.fill_application(client, draft)
    goal = journey.valid_answers()["maal"] | VAGUE
    journey.save_step(client, draft, "maal", goal)
    budget = journey.valid_answers()["budget"] | {"lines-0-justification": ""}
    journey.save_step(client, draft, "budget", budget)

    check = get(client, draft + "tjek")
    budget_section = check.soup.select_one("#section-budget")
    problem = budget_section.select_one(".section-problems a")
    assert problem["href"].endswith("/budget?fra=tjek#lines-0-justification")
    goal_advice = check.soup.select_one("#section-maal .section-advice a")
    assert goal_advice["href"].endswith("/maal?fra=tjek#goals-0-indicator")

    refused = journey.submit(client, draft, sent=False)
    assert refused.status == 200
    assert refused.error_summary() == {"section-budget": "Ret afsnittet “Budget”"}


def test_the_week_shows_its_totals_and_the_cap_advice(client, draft):
    rows = {}
    for n, day in enumerate(("mon", "tue", "wed", "thu", "fri")):
        rows |= journey.prefixed(
            f"entries-{n}",
            {
                "day": day,
                "start": "08:00",
                "end": "16:00",
                "kind": "training",
                "activity": "Træning",
                "method": "ADL",
            },
        )
    page = journey.save_step(client, draft, "ugeskema", rows)

    assert page.status == 200  # advice: 40 hours is over Esbjerg's 37
    advice = page.soup.select_one("#raad").get_text(" ", strip=True)
    assert "37" in advice and "40" in advice
    totals = page.soup.select_one(".week-totals").get_text(" ", strip=True)
    assert "40" in totals


def test_the_budget_shows_its_total_against_the_cap(client, draft):
    page = journey.save_step(client, draft, "budget", journey.valid_answers()["budget"])
    assert_redirects(page, draft + "tabt-arbejdsfortjeneste")
    budget = get(client, draft + "budget")
    assert budget.soup.select_one(".budget-total").get_text(strip=True) == "450,00 kr."
    assert "706.600" in budget.soup.select_one(".budget-totals").get_text()


def test_a_goal_just_added_gets_no_advice_before_it_is_written(client, draft):
    journey.save_step(client, draft, "maal", journey.valid_answers()["maal"])
    added = journey.save_step(
        client, draft, "maal", journey.valid_answers()["maal"], action="add:goals"
    )
    assert_redirects(added, draft + "maal#goals-1")
    page = get(client, draft + "maal")
    assert page.soup.find(id="goals-1-title") is not None
    assert page.soup.select_one("#raad") is None

    # Pressing "Gem og fortsæt" with the new goal still empty says what it lacks.
    saved = journey.save_step(
        client, draft, "maal", journey.valid_answers()["maal"] | {"goals-1-title": ""}
    )
    assert saved.status == 200
    assert "goals-1-title" in saved.error_summary()
    assert not any(target.startswith("goals-0") for target in saved.error_summary())


def test_the_steps_check_by_the_municipalitys_own_rules(client, draft, esbjerg, db):
    """Esbjerg's guide counts 37 hours as a helper's normal week (seed 001); a municipality
    that counts 30 has its families told so at 33 hours, where Esbjerg's are not at 32."""
    budget = journey.valid_answers()["budget"] | {
        "lines-1-category": "helper",
        "lines-1-description": "Hjælpetræner",
        "lines-1-hours_per_week": "32",
        "lines-1-justification": "Anders træner hver dag efter skole",
    }
    at_esbjerg = journey.save_step(client, draft, "budget", budget)
    assert "mere end normal arbejdstid" not in at_esbjerg.text()

    esbjerg.settings_data = {"helper_normal_weekly_hours": 30}
    db.session.commit()
    # Changed answers (advice on the same answers is shown once, see above).
    elsewhere = journey.save_step(
        client, draft, "budget", budget | {"lines-1-hours_per_week": "33"}
    )
    assert elsewhere.status == 200
    assert "33 timer om ugen er mere end normal arbejdstid (30 timer)" in elsewhere.text()
