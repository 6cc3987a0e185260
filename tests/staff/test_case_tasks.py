"""What waits in the case, first on the caseworker's case page: a passed deadline with the way
to tell the family, an unanswered or answered question, a supervision visit not recorded, a
complaint to reconsider, the decision to make; nothing for a decided case. Then the list of
the page's sections, each a fold that is open as the page comes."""

from __future__ import annotations

from datetime import timedelta

from portal.rules.formatting import long_date
from portal.services import cases, supervision
from portal.timeutil import now_utc, today_local
from tests.support import complaints, tracking
from tests.support.pages import Page, get


def case_url(case) -> str:
    return f"/sagsbehandling/sager/{case.public_id}"


def waiting(page: Page) -> list[tuple[str, str, str]]:
    """Each task as the caseworker reads it: (text, link, where the link goes)."""
    box = page.soup.select_one("section.case-tasks")
    assert box.h2.get_text(strip=True) == "Det venter i sagen"
    return [
        (item.get_text(" ", strip=True), item.a.get_text(strip=True), item.a["href"])
        for item in box.select("li")
    ]


def test_a_passed_deadline_comes_first_with_the_notice_of_delay(make_client, esbjerg, db):
    person, _cpr = tracking.parent()
    late = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=140))
    browser, worker = tracking.caseworker(make_client, esbjerg)
    cases.ask_for_information(late, worker, "Hvor mange timer træner I?", now=now_utc())
    db.session.commit()

    tasks = waiting(get(browser, case_url(late)))
    days = (today_local() - late.due_date).days
    text, link, href = tasks[0]
    assert text.startswith(f"Overskredet Fristen for afgørelse er overskredet med {days} dage")
    assert (link, href) == ("Giv besked om forsinkelse", "#action-delay")
    assert ("Tag sagen", "#action-take") in [(t[1], t[2]) for t in tasks]
    asked = long_date(today_local())
    assert (f"Spørgsmålet fra {asked} venter på familiens svar. Se spørgsmål og svar") in [
        t[0] for t in tasks
    ]
    assert tasks[-1][:2] == ("Afgørelsen mangler. Træf afgørelse", "Træf afgørelse")

    # Told of the delay, the family waits for the new date; the deadline is still passed.
    cases.take_case(late, worker, now=now_utc())
    cases.record_delay_notice(
        late, worker, today_local() + timedelta(days=20), "Lægen svarer ikke.", now=now_utc()
    )
    db.session.commit()
    tasks = waiting(get(browser, case_url(late)))
    assert tasks[0][1:] == ("Se status og frist", "#tracking-heading")
    assert "Familien venter afgørelsen senest" in tasks[0][0]
    assert "Tag sagen" not in [t[1] for t in tasks]


def test_an_answered_question_waits_to_be_read(make_client, esbjerg, db):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=5))
    browser, worker = tracking.caseworker(make_client, esbjerg)
    request = cases.ask_for_information(case, worker, "Hvor træner I?", now=now_utc())
    cases.answer_information_request(case, person, request, "I stuen.", now=now_utc())
    db.session.commit()
    texts = [t[0] for t in waiting(get(browser, case_url(case)))]
    today = long_date(today_local())
    assert f"Familien svarede {today} på spørgsmålet fra {today}. Læs svaret" in texts


def test_a_visit_not_recorded_and_a_complaint_to_reconsider(
    make_client, esbjerg, db, approved_family
):
    family = approved_family(municipality=esbjerg)
    training = family.training
    past = today_local() - timedelta(days=3)
    visit = supervision.add_visit(
        training, family.caseworker, past, "Familien bad om det.", now=now_utc()
    )
    parent = tracking.family(make_client, family.parent, family.cpr)
    db.session.commit()
    complaints.complain(parent, training)
    browser, _worker = tracking.caseworker(make_client, esbjerg)

    tasks = waiting(get(browser, case_url(training)))
    visit_url = f"{case_url(training)}/tilsyn/{visit.public_id}"
    assert (
        f"Overskredet Tilsynsbesøget {long_date(past)} er ikke registreret. Gå til tilsynsbesøget",
        "Gå til tilsynsbesøget",
        visit_url,
    ) in tasks
    [reconsider] = [t for t in tasks if t[0].startswith("Klagen modtaget")]
    assert reconsider[1:] == ("Se klager og genvurdering", f"{case_url(training)}/klager")
    # The training is decided: no decision waits.
    assert "Træf afgørelse" not in [t[1] for t in tasks]


def test_nothing_waits_in_a_decided_case(make_client, esbjerg, db):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=30))
    browser, worker = tracking.caseworker(make_client, esbjerg)
    tracking.decide(case, worker, on=today_local(), outcome="refused")
    page = get(browser, case_url(case))
    assert waiting(page) == []
    assert "Der venter ikke noget i sagen lige nu." in page.soup.select_one(".case-tasks").text


def test_every_section_is_listed_and_open_as_the_page_comes(make_client, esbjerg, db):
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=5))
    browser, _worker = tracking.caseworker(make_client, esbjerg)
    page = get(browser, case_url(case))
    listed = [a["href"] for a in page.soup.select("nav.case-contents a")]
    folds = page.soup.select(".case-sections section.fold-section")
    # One link per section, in the page's order, each to its heading.
    assert listed == ["#" + section.h2["id"] for section in folds]
    for section in folds:
        button = section.h2.button
        content = page.soup.find(id=button["aria-controls"])
        assert button["aria-expanded"] == "true"
        assert content["aria-hidden"] == "false"
        assert section.h2.get_text(strip=True) == page.soup.select_one(
            f"nav.case-contents a[href='#{section.h2['id']}']"
        ).get_text(strip=True)
