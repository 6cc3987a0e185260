"""A new parent reads which answers are needed and what the portal reckons for them: the goal's
and the budget line's needed answers carry no "(frivilligt)", and a helper's amount that the
portal reckoned is read back on "Tjek dine svar" with how, never as "Ikke besvaret"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from portal.timeutil import today_local
from tests.browser.conftest import Watch
from tests.browser.parent import (
    button,
    field,
    go_to_step,
    group,
    list_entry,
    new_parent_with_application,
)

pytestmark = pytest.mark.browser


def test_needed_answers_are_not_optional_and_a_reckoned_amount_is_read_back(
    page: Page, watch: Watch
):
    new_parent_with_application(page)
    go_to_step(page, "Mål for træningen")
    goal = group(page, "Mål 1")
    for needed in (
        "Udvalgt mål",
        "Barnets status nu",
        "Hvordan kan I se, at målet er nået?",
        "Hvordan dokumenterer I effekten?",
    ):
        expect(goal.get_by_label(needed, exact=True)).to_be_visible()
    expect(goal.get_by_label("Formålet med målet (frivilligt)", exact=True)).to_be_visible()

    go_to_step(page, "Budget")
    field(page, "Hvilket år gælder budgettet?").fill(str(today_local().year + 1))
    line = list_entry(page, "Udgift", "Tilføj en udgift", 1)
    field(line, "Slags udgift").select_option(label="Hjælpetrænere")
    field(line, "Hvad skal I bruge?").fill("Hjælpetræner")
    field(line, "Timer om ugen (kun hjælpetrænere)").fill("5")
    expect(line.get_by_label("Beløb i kr.", exact=True)).to_be_visible()
    line.get_by_label("Hvorfor er udgiften nødvendig for træningen?", exact=True).fill(
        "Øvelsen på måtten kræver to personer"
    )
    # Saved; the step may stay open once to show its advice (a helper's goals).
    with page.expect_navigation():
        button(page, "Gem og fortsæt").click()

    page.get_by_role("navigation", name="Trin i ansøgningen").get_by_role(
        "link", name=re.compile("Tjek og send")
    ).click()
    budget = page.get_by_role("region", name="Budget", exact=True)
    # 5 h x 47 weeks (52 minus 5 weeks' holiday) x 133 kr, plus 12,5 % holiday pay.
    expect(budget).to_contain_text(
        "35.161,88 kr. (regnet ud af portalen: 5 timer om ugen × 47 uger × 133,00 kr. = "
        "31.255,00 kr., plus feriepenge 12,5 % = 3.906,88 kr.)"
    )
    assert watch.problems() == []
