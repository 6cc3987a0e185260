"""Drafts: saved at every step, found again, never silently overwritten, never lost."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.models import Draft, DraftStep
from portal.services import drafts
from tests.support import journey
from tests.support.pages import Page, assert_redirects, get


@pytest.fixture
def draft(client, esbjerg):
    journey.login_parent(client, "Mette Hansen", "0101801234")
    return journey.start_application(client)


def stored(db, base: str, slug: str) -> DraftStep | None:
    public_id = base.strip("/").rsplit("/", 1)[-1]
    draft = db.session.execute(select(Draft).where(Draft.public_id == public_id)).scalar_one()
    return draft.step(slug)


def test_save_and_continue_later_keeps_even_unfinished_answers(client, draft, db, make_client):
    page = journey.save_step(
        client, draft, "barnet", {"child_name": "Anders", "child_cpr": "15031"}, action="later"
    )
    assert_redirects(page, "/")
    overview = get(client, "/")
    assert "Fortsæt ansøgningen" in overview.text()
    assert "Vi har gemt din ansøgning" in overview.text()

    # The parent closes the browser and logs in again another day.
    other_browser = make_client()
    journey.login_parent(other_browser, "Mette Hansen", "0101801234")
    resume = other_browser.get(draft)
    step = get(other_browser, assert_redirects(resume, draft + "barnet"))
    assert step.value("child_name") == "Anders"
    assert step.value("child_cpr") == "15031"
    assert stored(db, draft, "barnet").complete is False


def test_resume_goes_to_the_first_unfinished_step(client, draft):
    answers = journey.valid_answers()
    for slug in ("barnet", "familien", "metoder"):
        journey.save_step(client, draft, slug, answers[slug])
    assert_redirects(client.get(draft), draft + "overvejelser")


def test_a_second_tab_saving_an_older_copy_is_told_and_nothing_is_lost(client, draft, db):
    answers = journey.valid_answers()["barnet"]
    tab_a = get(client, draft + "barnet")
    tab_b = get(client, draft + "barnet")

    first = client.post(
        draft + "barnet",
        data={**tab_a.form_values(), **answers, "child_name": "Anders fra fane A"},
    )
    assert_redirects(first, draft + "familien")
    second = Page(
        client.post(
            draft + "barnet",
            data={**tab_b.form_values(), **answers, "child_name": "Anders fra fane B"},
        )
    )

    assert second.status == 200
    assert "Dette trin er gemt et andet sted" in second.text()
    assert "Anders fra fane A" in second.text()  # what is saved, shown
    assert second.value("child_name") == "Anders fra fane B"  # what was typed, kept
    assert stored(db, draft, "barnet").data["child_name"] == ["Anders fra fane A"]

    # Saving again from the warned page is a deliberate choice and is stored.
    third = client.post(
        draft + "barnet", data={**second.form_values(), **answers, "child_name": "Anders fra B"}
    )
    assert_redirects(third, draft + "familien")
    assert stored(db, draft, "barnet").data["child_name"] == ["Anders fra B"]


def _draft_row(db, base: str) -> Draft:
    public_id = base.strip("/").rsplit("/", 1)[-1]
    db.session.expire_all()
    return db.session.execute(select(Draft).where(Draft.public_id == public_id)).scalar_one()


def test_a_save_marks_the_draft_and_a_refused_save_does_not(client, draft, db):
    answers = journey.valid_answers()
    journey.save_step(client, draft, "barnet", answers["barnet"])
    first = _draft_row(db, draft)
    assert first.last_step == "barnet"
    first_saved_at = first.updated_at

    # An unfinished later step is where the parent comes back to, and the draft's time moves.
    stale_tab = get(client, draft + "familien")
    journey.save_step(client, draft, "metoder", {"methods-0-name": "ABA"}, action="later")
    later = _draft_row(db, draft)
    assert later.last_step == "metoder" and later.updated_at > first_saved_at
    assert_redirects(client.get(draft), draft + "metoder")

    # A save refused because another tab saved first changes neither the step nor the draft.
    journey.save_step(client, draft, "familien", answers["familien"])
    touched_at = _draft_row(db, draft).updated_at
    mine = {**answers["familien"], "adults-0-relation": "far"}
    refused = Page(client.post(draft + "familien", data={**stale_tab.form_values(), **mine}))
    assert refused.status == 200 and "Dette trin er gemt et andet sted" in refused.text()
    # The saved choice is named by its label, and what this tab chose stays chosen.
    assert "Mor" in refused.text()
    assert refused.value("adults-0-relation-1") == "far"
    untouched = _draft_row(db, draft)
    assert (untouched.last_step, untouched.updated_at) == ("familien", touched_at)


def test_another_step_saved_in_another_tab_is_no_conflict(client, draft):
    answers = journey.valid_answers()
    child_tab = get(client, draft + "barnet")
    journey.save_step(client, draft, "familien", answers["familien"])
    response = client.post(draft + "barnet", data={**child_tab.form_values(), **answers["barnet"]})
    assert_redirects(response, draft + "familien")


def test_add_another_and_remove_work_without_javascript(client, draft, db):
    answers = journey.valid_answers()["familien"]
    page = journey.save_step(client, draft, "familien", answers, action="add:siblings")
    assert_redirects(page, draft + "familien#siblings-1")

    form = get(client, draft + "familien")
    assert form.soup.find(id="siblings-1-name") is not None
    assert form.value("siblings-0-name") == "Ida Hansen"

    data = {
        **form.form_values(),
        **answers,
        "siblings-1-name": "Karl Hansen",
        "siblings-1-age": "4",
        "_action": "remove:siblings:0",
    }
    assert_redirects(client.post(draft + "familien", data=data), draft + "familien#siblings-list")
    after = get(client, draft + "familien")
    assert after.value("siblings-0-name") == "Karl Hansen"
    assert after.soup.find(id="siblings-1-name") is None
    assert stored(db, draft, "familien").data["siblings-0-age"] == ["4"]


def test_the_enter_key_saves_the_step_it_never_removes_an_entry(client, draft):
    page = get(client, draft + "familien")
    first_button = page.soup.select("form[method=post]")[-1].find("button")
    assert first_button["value"] == "save"
    assert first_button.has_attr("hidden")


def test_a_missing_csrf_token_is_explained_and_the_answers_are_shown_again(client, draft, db):
    journey.save_step(client, draft, "barnet", {"child_name": "Anders", "child_cpr": ""})
    controls = get(client, draft + "barnet").form_values()
    del controls["csrf_token"]
    page = Page(
        client.post(
            draft + "barnet",
            data={**controls, "child_name": "Anders Hansen", "child_cpr": journey.CHILD_CPR},
        )
    )

    assert page.status == 400
    assert "Dine svar er ikke gemt endnu" in page.text()
    assert page.value("child_name") == "Anders Hansen"
    assert page.value("child_cpr") == journey.CHILD_CPR
    # The draft as saved before is untouched.
    assert stored(db, draft, "barnet").data["child_name"] == ["Anders"]

    # Pressing the button again on the re-shown page saves.
    retry = client.post(
        draft + "barnet",
        data={**page.form_values(), "child_name": "Anders Hansen", "child_cpr": journey.CHILD_CPR},
    )
    assert_redirects(retry, draft + "familien")
    assert stored(db, draft, "barnet").data["child_name"] == ["Anders Hansen"]


def test_a_tampered_csrf_token_is_refused(client, draft, db):
    controls = get(client, draft + "barnet").form_values()
    controls["csrf_token"] = controls["csrf_token"][:-4] + "AAAA"
    page = Page(client.post(draft + "barnet", data={**controls, "child_name": "X"}))
    assert page.status == 400
    assert page.value("child_name") == "X"
    assert stored(db, draft, "barnet") is None


def test_a_parent_can_delete_a_draft(client, draft, db):
    page = get(client, draft + "slet")
    response = client.post(draft + "slet", data={"csrf_token": page.form_values()["csrf_token"]})
    assert_redirects(response, "/")
    assert client.get(draft + "barnet").status_code == 404


def test_a_submitted_draft_can_no_longer_be_changed(client, draft, db):
    journey.fill_application(client, draft)
    journey.submit(client, draft)
    response = client.get(draft + "barnet")
    assert_redirects(response, draft + "kvittering")


def test_a_page_reads_every_step_s_state_and_answers(client, draft, db):
    answers = journey.valid_answers()
    for slug in ("barnet", "familien", "metoder"):
        journey.save_step(client, draft, slug, answers[slug])
    public_id = draft.strip("/").rsplit("/", 1)[-1]
    parent_id = db.session.scalar(select(Draft.parent_id).where(Draft.public_id == public_id))

    page = drafts.own_draft(parent_id, public_id)
    assert page.parent_name == "Mette Hansen"
    assert [(s.step, s.complete, s.version) for s in page.steps] == [
        ("barnet", True, 1),
        ("familien", True, 1),
        ("metoder", True, 1),
    ]
    assert page.step("barnet").data["child_name"] == [answers["barnet"]["child_name"]]
    assert {s.step: s.data for s in page.steps} == {
        slug: stored(db, draft, slug).data for slug in ("barnet", "familien", "metoder")
    }
    # Another parent's id finds nothing.
    assert drafts.own_draft(parent_id + 1, public_id) is None


def test_drafts_are_named_by_the_child_and_the_start_page_offers_to_continue_them(client, draft):
    journey.save_step(
        client, draft, "barnet", {"child_name": "Anders Hansen", "child_cpr": "15031"}, "later"
    )
    second = journey.start_application(client)
    overview = get(client, "/")
    headings = [h.get_text(" ", strip=True) for h in overview.soup.select(".draft-list h3")]
    assert sorted(headings) == [
        "Ansøgning om hjemmetræning",
        "Ansøgning om hjemmetræning for Anders Hansen",
    ]

    start = get(client, "/ansoegning/")
    first_id, second_id = (d.strip("/").rsplit("/", 1)[-1] for d in (draft, second))
    offers = {a.get_text(" ", strip=True): a["href"] for a in start.soup.select(".open-drafts a")}
    assert offers == {
        "Fortsæt: Ansøgning om hjemmetræning for Anders Hansen": f"/ansoegning/{first_id}/",
        "Fortsæt: Ansøgning om hjemmetræning": f"/ansoegning/{second_id}/",
    }
    assert "I kan stadig starte en ny" in start.text()
    start_form = start.soup.select_one('form[action="/ansoegning/"]')
    assert start_form.select_one("button[type=submit]").get_text(strip=True) == (
        "Start ansøgningen"
    )
