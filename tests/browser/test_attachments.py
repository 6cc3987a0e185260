"""A parent attaches files in a real browser and sees them on "Tjek dine svar": with
JavaScript (the files are sent in the background, with a progress bar) and without it (an
ordinary form post), under the page's Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.axe import Audit
from tests.browser.conftest import Watch
from tests.browser.parent import button, field, go_to_step, heading, new_parent_with_application
from tests.support import files

pytestmark = pytest.mark.browser

STATEMENT = {
    "name": "udtalelse-fra-laege.pdf",
    "mimeType": "application/pdf",
    "buffer": files.pdf(2),
}
# The browser's claim is wrong: the type is read from the content.
PLAN = {"name": "Ugeplan.docx", "mimeType": "application/octet-stream", "buffer": files.docx()}


def link(scope: Page | Locator, name: str) -> Locator:
    return scope.get_by_role("link", name=name, exact=True)


def attach_two_files(page: Page) -> None:
    new_parent_with_application(page)
    go_to_step(page, "Bilag")
    expect(page.get_by_role("region", name="Det beder kommunen om")).to_contain_text(
        "Oversigt over metoder og metodeudbydere"
    )
    field(page, "Vælg filer").set_input_files([STATEMENT, PLAN])
    field(page, "Hvad er filerne?").select_option(label="Udtalelse fra læge eller sygehus")
    field(page, "Note til sagsbehandleren").fill("Fra Dr. Jensen")
    button(page, "Send filerne").click()
    expect(page.get_by_role("status").filter(has_text="Vi har modtaget 2 filer")).to_be_visible()
    sent = page.get_by_role("region", name="Sendte filer")
    expect(link(sent, STATEMENT["name"])).to_be_visible()
    expect(link(sent, PLAN["name"])).to_be_visible()


def see_them_on_the_check_page(page: Page) -> None:
    page.get_by_role("navigation", name="Trin i ansøgningen").get_by_role(
        "link", name=re.compile("Tjek og send")
    ).click()
    expect(heading(page, "Tjek dine svar")).to_be_visible()
    section = page.get_by_role("region", name="Bilag")
    expect(link(section, STATEMENT["name"])).to_be_visible()
    expect(link(section, PLAN["name"])).to_be_visible()
    expect(section).to_contain_text("Udtalelse fra læge eller sygehus")


def test_two_files_with_javascript_reach_the_check_page(page: Page, watch: Watch):
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/bilag")
    ) as upload:
        attach_two_files(page)
    # portal.js sent the files itself (to show the progress) and was told where to go.
    assert upload.value.request.headers.get("x-requested-with") == "XMLHttpRequest"
    assert upload.value.headers["content-type"].startswith("application/json")
    see_them_on_the_check_page(page)
    assert watch.problems() == []


def test_two_files_without_javascript_reach_the_check_page(no_js_page: Page):
    attach_two_files(no_js_page)
    see_them_on_the_check_page(no_js_page)


def test_a_refused_file_is_named_at_the_field_and_the_other_is_kept(page: Page, watch: Watch):
    new_parent_with_application(page)
    go_to_step(page, "Bilag")
    photo = {"name": "foto.pdf", "mimeType": "application/pdf", "buffer": files.jpeg()}
    field(page, "Vælg filer").set_input_files([STATEMENT, photo])
    button(page, "Send filerne").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("„foto.pdf“ hedder .pdf, men indholdet er JPEG.")
    summary.get_by_role("link").first.click()
    expect(page.locator("#files")).to_be_focused()
    expect(link(page.get_by_role("region", name="Sendte filer"), STATEMENT["name"])).to_be_visible()
    assert watch.problems() == []


def test_send_with_no_file_and_a_text_named_pdf_are_told_at_the_field(page: Page, watch: Watch):
    new_parent_with_application(page)
    go_to_step(page, "Bilag")
    button(page, "Send filerne").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    expect(page.locator("#files-error")).to_contain_text(
        "Vælg de filer, du vil sende, og tryk så på „Send filerne“."
    )
    text = {
        "name": "brev.pdf",
        "mimeType": "application/pdf",
        "buffer": "Kære kommune\n".encode() * 40,
    }
    field(page, "Vælg filer").set_input_files([text])
    button(page, "Send filerne").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    expect(page.get_by_role("alert")).to_contain_text(
        "„brev.pdf“ hedder .pdf, men indholdet er ikke PDF."
    )
    expect(page.locator("#files-error")).not_to_contain_text("Vælg de filer")
    assert watch.problems() == []


def test_the_attachment_pages_pass_axe(axe_page: Page):
    page = axe_page
    audit = Audit(page)
    new_parent_with_application(page)
    go_to_step(page, "Bilag")
    audit.check("attachments, empty")
    photo = {"name": "foto.pdf", "mimeType": "application/pdf", "buffer": files.jpeg()}
    field(page, "Vælg filer").set_input_files([STATEMENT, photo])
    button(page, "Send filerne").click()
    expect(page).to_have_title(re.compile(r"^Fejl:"))
    audit.check("attachments, one kept and one refused")
    page.get_by_role("link", name=f"Ret {STATEMENT['name']}").click()
    expect(heading(page, "Ret bilag")).to_be_visible()
    audit.check("change what a file is")
    audit.assert_clean()
