"""Lost earnings in the wizard: asked per parent, estimated at once, advice where the law may
not allow what is asked, and an error only where an answer is missing."""

from __future__ import annotations

import pytest

from tests.support import journey
from tests.support.pages import assert_redirects, get

STEP = "tabt-arbejdsfortjeneste"

MOTHER = {
    "parents-0-name": "Mette Hansen",
    "parents-0-employment": "employee",
    "parents-0-monthly_income": "32.000",
    "parents-0-weekly_hours": "37",
    "parents-0-requested_hours": "20",
    "parents-0-employer_pension": "3.000",
    "parents-0-saved_transport": "600",
    "parents-0-tax_rate": "38",
}
FATHER = {
    "parents-1-name": "Jens Hansen",
    "parents-1-employment": "employee",
    "parents-1-monthly_income": "28.000",
    "parents-1-weekly_hours": "37",
    "parents-1-requested_hours": "17",
}


@pytest.fixture
def draft(draft_with_child):
    return draft_with_child


def answers(**more):
    return {"applying": "ja", "child_in_daycare": "nej", "home_schooling": "nej", **more}


def estimate(page, index):
    table = page.soup.select_one(f"#lost-earnings-{index}")
    assert table is not None, page.text()[:2000]

    def text(cell):
        return cell.get_text(" ", strip=True).replace("\N{NO-BREAK SPACE}", " ")

    return {text(row.select("th, td")[0]): text(row.select("td")[-1]) for row in table("tr")[1:]}


def test_the_step_comes_after_the_budget_and_asks_per_parent(client, draft):
    page = get(client, draft + STEP)
    assert page.h1 == "Tabt arbejdsfortjeneste"
    # The whole picture counts (principle decision 95-17: "stort behov for pleje og
    # overvågning, sover meget uroligt ... Hensyn til søskende"), and training outside working
    # hours is not excluded (seed 001: "Modtagerens arbejdstider skal derfor ikke nødvendigvis
    # være sammenfaldende med hjemmetræningens tider").
    intro = page.soup.select_one(".font-lead").get_text()
    assert "uro om natten" in intro and "søskende" in intro
    assert "træning uden for arbejdstiden udelukker ikke hjælp" in intro
    assert page.soup.find("button", string="Tilføj en forælder") is not None


def test_two_parents_split_the_hours_and_each_sees_the_estimate_at_once(client, draft):
    # "Træningen og den tabte arbejdsfortjeneste kan også deles mellem forældrene" (seed 003,
    # principle decision 9-17).
    page = journey.save_step(client, draft, STEP, answers(**MOTHER, **FATHER), action="add:parents")
    page = get(client, draft + STEP)
    mother, father = estimate(page, 0), estimate(page, 1)
    assert mother["Løn for 20 af 37 timer om ugen"] == "17.297,29 kr."
    assert mother["Tabt arbejdsfortjeneste før skat"] == "17.297,29 kr."
    # Saved transport comes off after tax, krone for krone (seed 003 point 242).
    assert mother["Sparet transport til arbejde"] == "− minus 600,00 kr."
    assert "A-skat med trækprocent 38" in " ".join(mother)
    assert father["Løn for 17 af 37 timer om ugen"] == "12.864,86 kr."
    captions = [c.get_text() for c in page.soup.select(".lost-earnings-estimate caption")]
    assert captions == [
        "Vejledende beregning for Mette Hansen",
        "Vejledende beregning for Jens Hansen",
    ]
    text = page.soup.select_one(".lost-earnings-totals").get_text(" ", strip=True)
    # "Du kan derfor risikere at få en lavere indkomst end før" (seed 001).
    assert "Du kan derfor risikere at få en lavere indkomst end før" in text
    assert "I alt til udbetaling efter skat for jer begge" in text
    # Jens gave no tax rate: the estimate says which it assumed.
    assert "Vi har regnet med en trækprocent på 37 % og intet fradrag" in text
    assert "Ankestyrelsens notat om hjemmetræning og tabt arbejdsfortjeneste" in text


def test_a_parent_without_previous_work_gets_advice_and_can_go_on(client, draft):
    # "Når ydelsesmodtageren endnu ikke har opnået tilknytning til arbejdsmarkedet, må den
    # indtægt, som han eller hun ville have kunnet opnå, tages som udgangspunkt" (seed 003
    # point 239): not an error.
    student = {
        "parents-0-name": "Mette Hansen",
        "parents-0-employment": "not_working",
        "parents-0-requested_hours": "30",
    }
    page = journey.save_step(client, draft, STEP, answers(**student))
    assert page.status == 200 and not page.title.startswith("Fejl")
    advice = page.soup.select_one("#raad").get_text(" ", strip=True)
    assert "Kommunen fastsætter den indtægt, du kunne have haft" in advice
    assert "pkt. 239" in advice
    assert (
        "kommunen fastsætter den indtægt"
        in page.soup.select_one(".lost-earnings-totals").get_text()
    )
    assert_redirects(
        journey.save_step(client, draft, STEP, answers(**student)), draft + "samarbejdspartnere"
    )


def test_more_hours_than_before_is_advice_not_an_error(client, draft):
    # Principle decision 15-09: more than the normal hours "i ganske særlige tilfælde".
    more = MOTHER | {"parents-0-weekly_hours": "30", "parents-0-requested_hours": "37"}
    page = journey.save_step(client, draft, STEP, answers(**more))
    assert not page.title.startswith("Fejl")
    link = page.soup.select_one('#raad a[href="#parents-0-requested_hours"]')
    assert link is not None and "flere timer, end du arbejdede før" in link.get_text()


def test_home_schooling_hours_give_no_lost_earnings_advice(client, draft):
    # 004 § 5 and principle decision 95-17: no lost earnings for home schooling.
    page = journey.save_step(
        client,
        draft,
        STEP,
        answers(**MOTHER, home_schooling="ja", home_schooling_by="Jens Hansen"),
    )
    advice = page.soup.select_one("#raad").get_text(" ", strip=True)
    assert "Der gives ikke tabt arbejdsfortjeneste for de timer, barnet bliver hjemmeundervist" in (
        advice
    )


def test_missing_hours_are_an_error_at_the_field_and_every_other_answer_is_kept(client, draft):
    missing = MOTHER | {"parents-0-requested_hours": ""}
    page = journey.save_step(client, draft, STEP, answers(**missing))
    assert page.title.startswith("Fejl:")
    summary = page.soup.select_one(".alert-error a[href='#parents-0-requested_hours']")
    assert summary is not None
    assert page.soup.select_one("#parents-0-monthly_income")["value"] == "32.000"
    assert page.soup.select_one("#parents-0-name")["value"] == "Mette Hansen"


def test_applying_without_a_parent_asks_for_one(client, draft):
    page = journey.save_step(client, draft, STEP, answers())
    assert page.title.startswith("Fejl:")
    assert "Tilføj den forælder, der vil gå ned i tid" in page.text()


def test_no_lost_earnings_asks_nothing_more(client, draft):
    page = journey.save_step(client, draft, STEP, {"applying": "nej"})
    assert_redirects(page, draft + "samarbejdspartnere")
    assert get(client, draft + STEP).soup.select_one(".lost-earnings-estimate") is None


def test_the_check_page_shows_each_parents_answers(client, draft):
    journey.fill_application(client, draft)
    journey.save_step(client, draft, STEP, answers(**MOTHER))
    section = get(client, draft + "tjek").soup.select_one(f"#section-{STEP}")
    text = section.get_text(" ", strip=True)
    assert "Mette Hansen" in text and "Lønmodtager" in text and "32.000,00 kr." in text
