"""A parent applies in a real browser, from the landing page to the receipt.

Mette applies for Anders (Bilag 10: he learns to put on his jogging trousers). Half-way she
saves and logs off; another day she logs in, finds the draft and goes on where she left,
checks her answers, corrects one, and sends the application.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlalchemy import select

from portal.extensions import db
from portal.models import Case
from portal.rules.formatting import long_date
from portal.rules.goals import check_goal
from portal.timeutil import local_date, today_local
from tests.browser.conftest import LiveServer, Watch
from tests.browser.parent import (
    CONSIDERATIONS,
    anders_second_goal,
    button,
    choose,
    field,
    fill_considerations,
    fill_goal,
    fill_step,
    group,
    heading,
    log_in,
    log_out,
    save_and_continue,
    send_file,
    start_application,
    wizard_steps,
)
from tests.support import files, journey
from tests.support.factories import parent_cpr

pytestmark = pytest.mark.browser

STATEMENT = "udtalelse-fra-egen-laege.pdf"


def stop_half_way_and_come_back(page: Page, name: str, cpr: str, answers) -> None:
    """Half-way through the considerations, Mette saves and logs off. Another day the same
    login finds the draft, and the step she left, as she left it."""
    fill_considerations(page, answers, only={"motivation", "home_setting"})
    button(page, "Gem og fortsæt senere").click()
    expect(heading(page, "Dine ansøgninger og sager")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Vi har gemt din ansøgning")).to_be_visible()
    log_out(page)

    log_in(page, name, cpr)
    # The draft is named by the child once the child is known.
    page.get_by_role("link", name=re.compile(r"^Fortsæt ansøgningen for Anders")).click()
    expect(heading(page, "Hvem træner, og hvorfor")).to_be_visible()
    expect(field(page, CONSIDERATIONS["motivation"])).to_have_value(answers["motivation"])
    expect(field(page, CONSIDERATIONS["home_setting"])).to_have_value(answers["home_setting"])
    expect(group(page, "Hvem skal træne barnet?").get_by_label("Mor")).to_be_checked()
    expect(field(page, CONSIDERATIONS["resources"])).to_have_value("")


def test_a_parent_applies_saves_for_later_comes_back_and_gets_a_receipt(
    page: Page, watch: Watch, live_server: LiveServer
):
    today = today_local()
    answers = journey.valid_answers(today)
    spoon = anders_second_goal(today)
    assert check_goal(spoon, today=today) == [], "the second goal must be one the rules accept"
    name, cpr = "Mette Hansen", parent_cpr()

    log_in(page, name, cpr)
    start_application(page)

    steps = wizard_steps()
    following = [title for _slug, title in steps[1:]] + ["Tjek dine svar"]
    expect(heading(page, steps[0][1])).to_be_visible()
    for (slug, _title), next_title in zip(steps, following, strict=True):
        if slug == "overvejelser":
            stop_half_way_and_come_back(page, name, cpr, answers[slug])
        fill_step(page, slug, answers.get(slug, {}))
        if slug == "familien":
            # One adult is asked for from the start; the sibling came with "Tilføj søskende".
            expect(group(page, "Søskende 1")).to_be_visible()
        if slug == "maal":
            button(page, "Tilføj et mål mere").click()
            fill_goal(group(page, "Mål 2"), spoon)
            expect(group(page, "Mål 1").get_by_label("Udvalgt mål")).to_have_value(
                "Anders tager selv tøj på"
            )
        if slug == "ugeskema":
            expect(group(page, "Aktivitet 2")).to_be_visible()
        if slug == "bilag":
            send_file(page, STATEMENT, files.pdf(), "Udtalelse fra læge", "Fra Dr. Jensen")
        save_and_continue(page, next_title)

    # Check the answers: everything is there, nothing is missing.
    main = page.get_by_role("main")
    expect(main.get_by_text("Der mangler svar")).to_have_count(0)
    child = page.get_by_role("region", name="Barnet", exact=True)
    expect(child).to_contain_text("Anders Hansen")
    goals = page.get_by_role("region", name="Mål for træningen", exact=True)
    expect(goals).to_contain_text("Anders tager selv tøj på")
    expect(goals).to_contain_text("Anders spiser selv med ske")
    expect(page.get_by_role("region", name="Familien", exact=True)).to_contain_text("Ida Hansen")
    expect(main).to_contain_text(STATEMENT)

    # Correct one answer with "Ret", and come back to the check page.
    better = "Cerebral parese og epilepsi. Anders kan ikke selv tage bukser og sko på."
    child.get_by_role("link", name="Ret Barnet").click()
    expect(heading(page, "Barnet")).to_be_visible()
    field(page, "Hvad har barnet svært ved?").fill(better)
    save_and_continue(page, "Tjek dine svar")
    expect(page.get_by_role("region", name="Barnet", exact=True)).to_contain_text(better)
    expect(page.get_by_role("region", name="Barnet", exact=True)).not_to_contain_text(
        answers["barnet"]["disability"]
    )

    # Confirm and send.
    choose(page, "Bekræftelse", "Jeg bekræfter, at oplysningerne er rigtige")
    button(page, "Send ansøgningen").click()
    expect(heading(page, "Vi har modtaget din ansøgning")).to_be_visible()
    expect(
        page.get_by_role("status").filter(has_text="Esbjerg Kommune har modtaget ansøgningen")
    ).to_be_visible()

    receipt = page.locator("dl.receipt")
    number = receipt.locator("dt:has-text('Sagsnummer') + dd").inner_text().strip()
    assert re.fullmatch(r"HT-\d{4}-\d{6}", number), number
    expect(receipt).to_contain_text("Anders Hansen")
    due_shown = receipt.locator("dt:has-text('Forventet afgørelse') + dd").inner_text()

    # A copy to keep: the PDF of what she sent, with the corrected answer and the statement.
    with page.expect_download() as download:
        page.get_by_role("link", name="Hent en kopi af det, I har sendt (PDF)").click()
    assert download.value.suggested_filename == f"kvittering-{number}.pdf"
    kept = PdfReader(download.value.path())
    kept_text = " ".join(" ".join(p.extract_text() for p in kept.pages).split())
    assert number in kept_text and " ".join(better.split()) in kept_text
    assert STATEMENT in kept_text

    with live_server.app.test_request_context():
        case = db.session.execute(select(Case).where(Case.number == number)).scalar_one()
        assert case.child_name == "Anders Hansen"
        assert case.application["barnet"]["disability"] == better
        assert [g["title"] for g in case.application["maal"]["goals"]] == [
            "Anders tager selv tøj på",
            "Anders spiser selv med ske",
        ]
        assert number.startswith(f"HT-{local_date(case.received_at).year}-")
        assert case.due_date > today
        assert due_shown.strip() == long_date(case.due_date)

    # Her own page lists the case, and the draft is gone.
    page.get_by_role("link", name="Gå til dine sager").click()
    expect(page.get_by_role("main")).to_contain_text(number)
    expect(page.get_by_role("link", name=re.compile(r"^Fortsæt ansøgningen"))).to_have_count(0)

    # The Content-Security-Policy held all the way: no violation, no script error.
    assert watch.messages == [], "\n".join(watch.messages)
