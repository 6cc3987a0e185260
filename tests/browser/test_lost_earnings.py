"""Two parents split the lost earnings, in a real browser: "Træningen og den tabte
arbejdsfortjeneste kan også deles mellem forældrene" (Ankestyrelsens principafgørelse 9-17).

Mette goes down 5 hours a week and Jens 17; the step shows each parent's guiding estimate.
The caseworker grants Mette's hours in full and Jens fewer hours with a reason, decides the
budget line, and sends the decision; the letter the family downloads states both grants.
The lost-earnings step and the decision page pass axe-core's WCAG 2.1 AA rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case, Municipality
from portal.rules.formatting import long_date
from portal.timeutil import today_local
from portal.wizard.examples import application, prefixed
from tests.browser.axe import Audit
from tests.browser.conftest import new_context
from tests.browser.custody import consent_link, other_holder_answers, send_link
from tests.browser.parent import (
    button,
    choose,
    field,
    fill_step,
    go_to_step,
    group,
    heading,
    log_in,
    log_in_staff,
    save_and_continue,
    start_application,
    wizard_steps,
)
from tests.support import factories
from tests.support.documents import all_text, headings, open_docx
from tests.support.factories import parent_cpr

pytestmark = pytest.mark.browser

LOST_EARNINGS = "tabt-arbejdsfortjeneste"
STEP_TITLE = "Tabt arbejdsfortjeneste"
# Jens's 12 of his 37 hours of 28.000 kr., rounded down to whole øre as the estimate rounds.
JENS_GRANTED = "9081,08"
JENS_EMAIL = "jens@example.dk"
JENS_REASON = "Træningen kan ligge, når Anders kommer hjem fra skole; 12 timer om ugen er nok."


def two_parents_answers(today):
    """The example application, with Jens in the family, training and going down 17 hours."""
    answers = application(today)
    answers["familien"].update(
        prefixed(
            "adults-1",
            {
                "name": "Jens Hansen",
                "relation": "far",
                "custody": "ja",
                "occupation": "Tømrer, Esbjerg Byg",
                "weekly_hours": "37",
                "working_times": "Mandag til fredag kl. 7-15",
            },
        )
    )
    answers["overvejelser"]["trainers"] = ["mor", "far"]
    answers[LOST_EARNINGS].update(
        prefixed(
            "parents-1",
            {
                "name": "Jens Hansen",
                "employment": "employee",
                "monthly_income": "28000",
                "weekly_hours": "37",
                "requested_hours": "17",
            },
        )
    )
    return answers


def row(table: Locator, text: str) -> Locator:
    return table.locator("tr").filter(has_text=text)


def expect_estimate(table: Locator, hours: str, share: str) -> None:
    """The pay for the hours asked for is the benefit before tax (below the ceiling)."""
    expect(row(table, f"Løn for {hours} af 37 timer om ugen")).to_contain_text(share)
    expect(row(table, "Tabt arbejdsfortjeneste før skat")).to_contain_text(share)


def apply_with_two_parents(page: Page, audit: Audit, answers, jens_consents) -> str:
    """Fill in and send the application; on the way, look at the lost earnings estimated per
    parent; Jens, who has custody too, consents (`jens_consents`, issue 15). Returns the case
    number on the receipt."""
    steps = wizard_steps()
    following = [title for _slug, title in steps[1:]] + ["Tjek dine svar"]
    for (slug, _title), next_title in zip(steps, following, strict=True):
        fill_step(page, slug, answers.get(slug, {}))
        save_and_continue(page, next_title)
        if slug == LOST_EARNINGS:
            go_to_step(page, STEP_TITLE)
            mette, jens = page.locator("#lost-earnings-0"), page.locator("#lost-earnings-1")
            expect(mette.locator("caption")).to_have_text("Vejledende beregning for Mette Hansen")
            expect(jens.locator("caption")).to_have_text("Vejledende beregning for Jens Hansen")
            expect_estimate(mette, "5", "4.256,75 kr.")
            expect_estimate(jens, "17", "12.864,86 kr.")
            expect(row(mette, "Sparet transport til arbejde")).to_contain_text("400,00 kr.")
            expect(page.locator(".lost-earnings-family")).to_contain_text("for jer begge")
            audit.check("the lost-earnings step with both parents' estimates")
            save_and_continue(page, next_title)
    send_link(page, JENS_EMAIL)
    jens_consents()
    page.reload()
    expect(page.locator(".consent-state")).to_have_text("Har givet samtykke")
    choose(page, "Bekræftelse", "Jeg bekræfter, at oplysningerne er rigtige")
    button(page, "Send ansøgningen").click()
    expect(heading(page, "Vi har modtaget din ansøgning")).to_be_visible()
    return page.locator("dl.receipt dt:has-text('Sagsnummer') + dd").inner_text().strip()


def decide(page: Page, audit: Audit, public_id: str, start, follow_up) -> None:
    """Mette's 5 hours in full, Jens 12 of his 17 with a reason, the stool granted."""
    page.goto(f"/sagsbehandling/sager/{public_id}/afgoerelse")
    expect(heading(page, "Træf afgørelse")).to_be_visible()
    mette, jens = group(page, "Mette Hansen"), group(page, "Jens Hansen")
    expect_estimate(mette.locator("table"), "5", "4.256,75 kr.")
    expect_estimate(jens.locator("table"), "17", "12.864,86 kr.")
    # Both start at what the family asked for and its estimate.
    expect(field(mette, "Bevilget beløb om måneden før skat, i kr.")).to_have_value("4256,75")
    expect(field(jens, "Bevilgede timer om ugen")).to_have_value("17")
    for parent in (mette, jens):
        field(parent, "Fra dato").fill(start.isoformat())
        field(parent, "Dato for opfølgning").fill(follow_up.isoformat())
    field(jens, "Bevilgede timer om ugen").fill("12")
    field(jens, "Bevilget beløb om måneden før skat, i kr.").fill(JENS_GRANTED)
    field(jens, "Begrundelse").fill(JENS_REASON)

    expect(page.locator("#linje-1")).to_contain_text("Skammel til påklædning")
    expect(page.get_by_label("Bevilget beløb i kr., udgift 1")).to_have_value("450")
    group(page, "Afgørelse").get_by_label("Delvist bevilget").check()
    field(page, "Afgørelse og begrundelse").fill(
        "Hjemmetræningen godkendes. Skammelen og tabt arbejdsfortjeneste til begge forældre "
        "bevilges; Jens får færre timer end ansøgt."
    )
    field(page, "Næste tilsynsbesøg").fill((today_local() + timedelta(days=60)).isoformat())
    button(page, "Beregn").click()
    expect(page.locator(".approved-total")).to_have_text("450,00 kr.")
    expect(field(group(page, "Jens Hansen"), "Begrundelse")).to_have_value(JENS_REASON)
    audit.check("the decision page with both parents' lost earnings")
    button(page, "Send afgørelsen").click()
    expect(page.get_by_text("Afgørelsen er sendt til familien.")).to_be_visible()


@pytest.fixture
def family(browser, live_server, watch) -> Iterator[Page]:
    """The family's browser: axe may be injected, the letter may be downloaded."""
    context = new_context(browser, live_server, watch, bypass_csp=True, accept_downloads=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def caseworker(browser, live_server, watch) -> Iterator[Page]:
    """A caseworker at Esbjerg Kommune, logged in, in a browser of their own."""
    with live_server.app.app_context():
        esbjerg = db.session.query(Municipality).filter_by(code="561").one()
        email = factories.staff(esbjerg).email
    context = new_context(browser, live_server, watch, bypass_csp=True)
    page = context.new_page()
    log_in_staff(page, email)
    yield page
    context.close()


def download_letter(page: Page, public_id: str):
    page.goto(f"/sager/{public_id}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent afgørelsesbrevet (Word-dokument)").click()
    return open_docx(Path(download.value.path()).read_bytes())


def test_two_parents_share_lost_earnings_and_the_letter_grants_both(
    family: Page, caseworker: Page, browser, live_server, watch
):
    today = today_local()
    start = today.replace(day=1) + relativedelta(months=1)
    follow_up = start + relativedelta(months=6)
    family_audit, staff_audit = Audit(family), Audit(caseworker)

    log_in(family, "Mette Hansen", parent_cpr())
    start_application(family)
    number = apply_with_two_parents(
        family,
        family_audit,
        two_parents_answers(today),
        lambda: other_holder_answers(
            browser,
            live_server,
            watch,
            consent_link(live_server, JENS_EMAIL),
            "Jens Hansen",
            parent_cpr(),
        ),
    )
    with live_server.app.app_context():
        public_id = db.session.execute(
            select(Case.public_id).where(Case.number == number)
        ).scalar_one()

    decide(caseworker, staff_audit, public_id, start, follow_up)

    letter = download_letter(family, public_id)
    assert "Tabt arbejdsfortjeneste" in headings(letter, 1)
    assert {"Mette Hansen", "Jens Hansen"} <= set(headings(letter, 2))
    text = all_text(letter)
    assert (
        "Kommunen bevilger 4.256,75 kr. om måneden før skat for 5 timer om ugen "
        f"fra den {long_date(start)}."
    ) in text
    assert (
        "Kommunen bevilger 9.081,08 kr. om måneden før skat for 12 timer om ugen "
        f"fra den {long_date(start)}."
    ) in text
    assert f"Kommunen følger op på bevillingen omkring den {long_date(follow_up)}." in text
    assert JENS_REASON in text
    assert "Løn for 17 af 37 timer om ugen" in text  # the calculation the family was shown
    assert "Skammel til påklædning" in text
    family_audit.assert_clean()
    staff_audit.assert_clean()
    assert watch.problems() == [], "\n".join(watch.problems())
