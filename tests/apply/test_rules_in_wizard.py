"""The rules of portal.rules at the step where they arise and on "Tjek dine svar"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from portal.rules.deadlines import due_date
from portal.rules.schedule import DAYS
from portal.rules.settings import DEFAULT_SETTINGS
from portal.wizard.checks import Context, check_step
from tests.support import journey
from tests.support.figures import SHIPPED
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


def _advice(page) -> dict[str, str]:
    """The advice box as the parent reads it: link target -> text."""
    box = page.soup.select_one("#raad")
    return {a["href"]: a.get_text(" ", strip=True) for a in box.select("a.function-link")}


def _advice_at(client, draft, slug, changes, target) -> str:
    """Save a step's valid answers with `changes`: the step is saved without errors, and the
    advice links to `target`, an element of the page; returns the advice's text."""
    page = journey.save_step(client, draft, slug, journey.valid_answers()[slug] | changes)
    assert page.status == 200 and page.error_summary() == {}
    assert page.soup.find(id=target) is not None
    return _advice(page)[f"#{target}"]


def test_a_forbidden_element_in_a_method_is_advice_at_the_method(client, draft):
    """Principle decision 70-14 (seed 003): the municipality can refuse "så længe sådanne
    elementer indgår i den samlede beskrivelse af den hjemmetræning": said early, at the
    method, and the family can still go on."""
    changes = {"methods-0-elements": "Kravleøvelser, mønstring og mild trykkammerbehandling"}
    advice = _advice_at(client, draft, "metoder", changes, "methods-0-elements")
    assert "kommunen kan ikke godkende træningen, så længe det er en del af den" in advice
    assert "I kan stadig sende ansøgningen" in advice
    methods = journey.valid_answers()["metoder"] | changes
    assert_redirects(journey.save_step(client, draft, "metoder", methods), draft + "overvejelser")


def test_helpers_alone_as_trainers_is_advice_about_9_17(client, draft):
    """Principle decision 9-17 (seed 003): "Det er forældrene, der er godkendt til at varetage
    hjemmetræningen"; the question itself explains it."""
    answers = journey.valid_answers()["overvejelser"] | {"trainers": ["hjaelpetraenere"]}
    page = journey.save_step(client, draft, "overvejelser", answers)

    assert "principafgørelse 9-17" in page.soup.select_one("#trainers").get_text()
    assert "I skal selv træne barnet" in _advice(page)["#trainers"]


def test_a_school_to_be_replaced_is_advice_about_compulsory_schooling(client, draft):
    """Seed 003 point 157 c: "et barn i den undervisningspligtige alder, som hjemmetrænes, også
    vil skulle undervises enten i en skole eller i hjemmet"."""
    changes = {"offers-0-change": "erstatte"}
    advice = _advice_at(client, draft, "tilbud", changes, "offers-0-change")
    assert "Hjemmetræning kan ikke erstatte skolegang" in advice
    assert "hjemmeundervisning" in advice


def test_the_application_is_made_by_a_custody_holder(client, draft):
    """Seed 003: the municipality approves "efter anmodning fra indehaveren af
    forældremyndigheden": without one the portal cannot say who applies."""
    family = journey.valid_answers()["familien"] | {"adults-0-custody": "nej"}
    page = journey.save_step(client, draft, "familien", family)

    assert page.status == 200
    assert "forældremyndigheden" in page.error_summary()["adults-list"]
    assert page.soup.find(id="adults-list") is not None
    with_custody = family | {"adults-0-custody": "ja"}
    assert_redirects(journey.save_step(client, draft, "familien", with_custody), draft + "metoder")


def test_a_helper_line_shows_its_reckoning_and_asks_what_the_helper_does(client, draft):
    """Seed 001: "133 kr./time (2022 niveau) ... ekskl. feriepenge" and "5 ugers ferie";
    9-17: a helper only for exercises that need two persons."""
    budget = journey.valid_answers()["budget"] | {
        "training_weeks": "40",
        "lines-1-category": "helper",
        "lines-1-description": "Hjælpetræner",
        "lines-1-hours_per_week": "8",
        "lines-1-helper_family": "ja",
        "lines-1-justification": "Anders træner hver dag efter skole",
    }
    page = journey.save_step(client, draft, "budget", budget)

    advice = _advice(page)
    assert "kræver to personer" in advice["#lines-1-helper_goals"]
    assert "Esbjerg Kommune dækker normalt ikke løn til familie" in advice["#lines-1-helper_family"]
    reckoning = page.soup.select_one(".helper-reckoning").get_text(" ", strip=True)
    # 8 h x 40 weeks x 133 kr = 42.560 kr, + 12,5 % holiday pay 5.320 kr = 47.880 kr.
    assert "8 timer × 40 uger × 133,00 kr. (2022-niveau) = 42.560,00 kr." in reckoning
    assert "feriepenge 12,5 %: 5.320,00 kr." in reckoning
    assert "47.880,00 kr." in reckoning


def test_the_check_page_reads_back_the_helpers_reckoning(client, draft):
    journey.fill_application(client, draft)
    budget = journey.valid_answers()["budget"] | {
        "lines-1-category": "helper",
        "lines-1-description": "Hjælpetræner",
        "lines-1-hours_per_week": "5",
        "lines-1-helper_goals": "Mål 1: øvelsen på måtten kræver to personer",
        "lines-1-helper_family": "nej",
        "lines-1-justification": "Anders træner hver dag efter skole",
    }
    journey.save_step(client, draft, "budget", budget)

    check = get(client, draft + "tjek")
    section = check.soup.select_one("#section-budget")
    reckoning = section.select_one(".helper-reckoning").get_text(" ", strip=True)
    # 5 h x 47 weeks (the default) x 133 kr = 31.255 kr, + 12,5 % = 35.161,88 kr.
    assert "5 timer × 47 uger × 133,00 kr." in reckoning
    assert "i alt 35.161,88 kr." in reckoning
    answers = section.get_text(" ", strip=True)
    assert "Mål 1: øvelsen på måtten kræver to personer" in answers
    # The helper's amount was left for the portal to reckon: it is read back, and how.
    amounts = [
        row.select_one("dd").get_text(" ", strip=True)
        for row in section.select(".answers-nested > div")
        if row.select_one("dt").get_text(strip=True) == "Beløb i kr."
    ]
    assert amounts == [
        "450,00 kr.",
        "35.161,88 kr. (regnet ud af portalen: 5 timer om ugen × 47 uger × 133,00 kr. = "
        "31.255,00 kr., plus feriepenge 12,5 % = 3.906,88 kr.)",
    ]


def test_school_age_is_judged_on_the_day_a_decision_can_be_expected():
    """The training cannot start before the decision (seed 001: "Den lovgivningsmæssige frist
    for udarbejdelsen af den børnefaglige undersøgelse er 4 måneder"), so a child who starts
    school (Folkeskoleloven § 34: 1 August of the year it turns 6) before then is judged a
    school child: school and training together against the 37 hours."""
    week = {
        "entries": [
            {"day": day, "start": time(8), "end": time(13), "kind": "school"} for day in DAYS[:5]
        ]
        + [{"day": day, "start": time(14), "end": time(17), "kind": "training"} for day in DAYS[:5]]
    }
    ctx = Context(
        today=date(2025, 5, 1),
        settings=DEFAULT_SETTINGS,
        child_birth_date=date(2019, 3, 1),  # starts school 1 August 2025
        figures=SHIPPED,
    )
    assert check_step("ugeskema", week, ctx) == []
    after_decision = replace(ctx, decision_expected=due_date("new_application", ctx.today))
    assert after_decision.decision_expected == date(2025, 9, 1)
    (placed,) = check_step("ugeskema", week, after_decision)
    assert placed.finding.code == "schedule.school_and_training_over_cap"
