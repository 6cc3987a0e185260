"""Changes during the year (seed 001, "Ændringer der kan have betydning for bevilling af
hjemmetræning"): the family reports from its approved training, each change a short wizard of
its own with advice judged as at the day it is sent; the caseworker takes a change to note or
decides, and a move between budget lines is always decided."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db as database
from portal.models import AccessLog, Case, Notification
from portal.services import changes, statistics
from portal.timeutil import today_local
from tests.support import decisions, documents, journey, tracking
from tests.support.changes import equipment_key, granted_year, helper_key
from tests.support.pages import Page, assert_redirects, get
from tests.support.uploads import download


@pytest.fixture
def family(make_client, esbjerg, db, approved_family):
    """Mette, whose home training of Anders was approved last year, logged in."""
    today = today_local()
    mette = approved_family(
        received=today - timedelta(days=400), decided=today - timedelta(days=300)
    )
    return tracking.family(make_client, mette.parent, mette.cpr), mette


def start(browser, case_type: str, training: Case, first_step: str) -> str:
    page = get(browser, "/ansoegning/")
    data = {**page.form_values(), "case_type": case_type, "related_case": training.public_id}
    return journey.new_draft(browser.post("/ansoegning/", data=data), first_step)


def attachments_step(case_type: str) -> dict:
    return tracking.request_answers(case_type)["bilag"]


def send(browser, base: str, case_type: str) -> Case:
    journey.save_step(browser, base, "bilag", attachments_step(case_type))
    journey.submit(browser, base)
    return database.session.execute(select(Case).where(Case.case_type == case_type)).scalar_one()


class TestFamilyAndChild:
    def test_a_change_in_the_family_is_asked_for_and_every_answer_is_kept(self, family):
        browser, mette = family
        base = start(browser, "family_change", mette.training, "familie")
        page = journey.save_step(
            browser, base, "familie", {"description": "Mette er sygemeldt med stress."}
        )
        assert page.status == 200
        assert page.title.startswith("Fejl:")
        assert page.error_summary() == {
            "changes-0": "Vælg mindst én ændring",
            "since": "Skriv datoen for ændringen",
            "training": "Skriv hvad ændringen betyder for hjemmetræningen",
        }
        assert page.value("description").strip() == "Mette er sygemeldt med stress."
        assert page.field_error("since") == "Skriv datoen for ændringen"

        answers = tracking.request_answers("family_change")["familie"]
        assert_redirects(journey.save_step(browser, base, "familie", answers), base + "bilag")
        check = get(browser, base + "tjek")
        assert "Sygdom hos en forælder (fysisk eller psykisk)" in check.text()
        case = send(browser, base, "family_change")
        assert case.related_case_id == mette.training.id
        assert case.due_date == today_local() + timedelta(weeks=4)
        assert case.application["familie"]["changes"] == ["sygdom_foraelder"]
        receipt = get(browser, base + "kvittering")
        assert "Ændring i familien" in receipt.text()

    def test_a_change_in_the_childs_health_keeps_the_answers_when_one_is_missing(self, family):
        browser, mette = family
        base = start(browser, "child_change", mette.training, "barnets-helbred")
        answers = dict(tracking.request_answers("child_change")["barnets-helbred"])
        del answers["change"]
        page = journey.save_step(browser, base, "barnets-helbred", answers)
        assert page.error_summary() == {"change-0": "Vælg hvad der har ændret sig"}
        assert page.value("description").strip() == answers["description"]
        assert page.value("since") == answers["since"]


class TestSchoolAndPauses:
    def test_the_new_week_is_checked_by_the_applications_schedule_rules(self, family):
        browser, mette = family
        base = start(browser, "school_change", mette.training, "skole")
        school = tracking.request_answers("school_change")["skole"]
        assert_redirects(journey.save_step(browser, base, "skole", school), base + "ugeskema")
        week = {}
        for n, day in enumerate(("mon", "tue", "wed", "thu", "fri")):
            week.update(
                journey.prefixed(
                    f"entries-{n}",
                    {
                        "day": day,
                        "start": "08:00",
                        "end": "16:00",
                        "kind": "training",
                        "activity": "ADL-træning",
                        "method": "ADL",
                    },
                )
            )
        page = journey.save_step(browser, base, "ugeskema", week)
        # 40 hours of training: advice, not an error (the 37 hours are a guideline).
        assert page.status == 200
        assert not page.error_summary()
        advice = page.soup.select_one("#raad").get_text(" ", strip=True)
        assert "37" in advice

    def test_an_end_before_the_start_is_an_error_and_the_reason_is_kept(self, family):
        browser, mette = family
        base = start(browser, "training_pause", mette.training, "perioder-uden-traening")
        today = today_local()
        period = {
            "start": (today + timedelta(days=20)).isoformat(),
            "end": (today + timedelta(days=10)).isoformat(),
            "reason": "sygdom",
            "note": "Lungebetændelse",
        }
        page = journey.save_step(
            browser, base, "perioder-uden-traening", journey.prefixed("periods-0", period)
        )
        assert page.title.startswith("Fejl:")
        assert page.error_summary() == {
            "periods-0-end": "Skriv en slutdato, der ligger samme dag som startdatoen eller senere"
        }
        assert page.value("periods-0-reason") == "sygdom"
        assert page.value("periods-0-note") == "Lungebetændelse"

    def test_periods_count_against_the_holiday_weeks_and_beyond_them_is_advice(self, family):
        browser, mette = family
        base = start(browser, "training_pause", mette.training, "perioder-uden-traening")
        year = today_local().year + 1
        # Two weeks in the spring: within the 5 holiday weeks, no advice, counted in the table.
        spring = {"start": date(year, 4, 1), "end": date(year, 4, 14), "reason": "ferie"}
        page = journey.save_step(
            browser, base, "perioder-uden-traening", journey.prefixed("periods-0", spring)
        )
        assert_redirects(page, base + "bilag")
        step = get(browser, base + "perioder-uden-traening")
        assert step.soup.select_one(".pause-weeks").get_text(strip=True) == "2"
        assert step.soup.select_one(".pause-beyond").get_text(strip=True) == "0"

        # Six weeks more in the summer: 8 weeks, 3 beyond the holiday.
        summer = {"start": date(year, 7, 1), "end": date(year, 8, 11), "reason": "indlaeggelse"}
        answers = {
            **journey.prefixed("periods-0", spring),
            **journey.prefixed("periods-1", summer),
        }
        page = journey.save_step(browser, base, "perioder-uden-traening", answers)
        advice = page.soup.select_one("#raad").get_text(" ", strip=True)
        assert f"I {year} er der 8 uger uden træning" in advice
        assert "så 3 uger er ud over ferien" in advice
        assert page.soup.select_one(".pause-beyond").get_text(strip=True) == "3"


class TestHelperHours:
    def test_the_new_hours_are_reckoned_by_the_rate_and_over_the_line_is_advice(
        self, family, make_client
    ):
        browser, mette = family
        budget = granted_year(mette.training)
        base = start(browser, "helper_hours", mette.training, "hjaelpetraener")
        step = get(browser, base + "hjaelpetraener")
        offered = [o["value"] for o in step.soup.select("#line option")]
        assert offered == ["", helper_key(budget), equipment_key(budget)]

        today = today_local()
        answers = {
            "line": helper_key(budget),
            "hours": "20",
            "start": today.isoformat(),
            "reason": "Anders træner mere efter operationen.",
        }
        page = journey.save_step(browser, base, "hjaelpetraener", answers)
        assert not page.error_summary()
        advice = page.soup.select_one("#raad").get_text(" ", strip=True)
        assert "men der er bevilget 30.000,00 kr." in advice
        assert page.soup.select_one(".helper-granted").get_text(strip=True) == "30.000,00 kr."
        # The family goes on; the advice is given once.
        assert_redirects(
            journey.save_step(browser, base, "hjaelpetraener", answers), base + "bilag"
        )
        case = send(browser, base, "helper_hours")
        assert case.application["hjaelpetraener"]["line"] == helper_key(budget)

        # The grant changes: the caseworker decides what the hours cost beyond the line.
        staff, _worker = tracking.caseworker(make_client, mette.municipality)
        decision_page = get(staff, decisions.url(case))
        row = decision_page.soup.select_one(".decision-lines tbody tr").get_text(" ", strip=True)
        assert "Flere timer: Hjælpetræner til balancetræning" in row
        excess = changes.requested_helper_budget(case).lines[0].amount
        assert excess > 0
        assert decision_page.value("lines-0-approved") == str(excess).replace(".", ",")
        answer = decisions.post(staff, case, {"outcome": "approved", "text": "Timerne bevilges."})
        assert_redirects(answer, f"/sagsbehandling/sager/{case.public_id}")
        granted = {
            line.description: line.amount
            for line in changes.granted_lines(mette.training, year=today_local().year)
        }
        assert granted["Flere timer: Hjælpetræner til balancetræning"] == excess

    def test_a_line_that_is_not_granted_cannot_be_read_and_the_rest_is_kept(self, family):
        browser, mette = family
        granted_year(mette.training)
        base = start(browser, "helper_hours", mette.training, "hjaelpetraener")
        answers = {
            "line": "Ny bil – sag HT-2020-000001, linje 9",
            "hours": "12",
            "start": today_local().isoformat(),
            "reason": "Flere timer.",
        }
        page = journey.save_step(browser, base, "hjaelpetraener", answers)
        assert page.error_summary() == {"line": "Vælg en af de bevilgede budgetlinjer"}
        assert page.value("hours") == "12"
        assert page.value("reason").strip() == "Flere timer."


class TestBudgetMove:
    def test_more_than_a_line_holds_is_an_error_with_the_answers_kept(self, family):
        browser, mette = family
        budget = granted_year(mette.training)
        base = start(browser, "budget_move", mette.training, "flyt-penge")
        step = get(browser, base + "flyt-penge")
        offered = [o["value"] for o in step.soup.select("#moves-0-to_line option")]
        assert offered == ["", helper_key(budget), equipment_key(budget), "ny"]
        answers = {
            **journey.prefixed(
                "moves-0",
                {
                    "from_line": equipment_key(budget),
                    "to_line": helper_key(budget),
                    "amount": "6000",
                },
            ),
            "reason": "Flere timer til hjælpetræneren.",
        }
        page = journey.save_step(browser, base, "flyt-penge", answers)
        assert page.title.startswith("Fejl:")
        assert page.error_summary() == {
            "moves-0-amount": (
                "Linjen „Træningsredskab nr. 2“ har 5.000,00 kr. bevilget. Der kan højst "
                "flyttes 5.000,00 kr. fra den i alt."
            )
        }
        assert page.value("moves-0-from_line") == equipment_key(budget)
        assert page.value("reason").strip() == "Flere timer til hjælpetræneren."

    def test_a_move_is_advised_to_wait_for_a_decision_and_the_caseworker_decides_it(
        self, family, make_client
    ):
        browser, mette = family
        budget = granted_year(mette.training)
        base = start(browser, "budget_move", mette.training, "flyt-penge")
        answers = {
            **journey.prefixed(
                "moves-0",
                {
                    "from_line": equipment_key(budget),
                    "to_line": "ny",
                    "to_description": "Trampolin",
                    "amount": "2000",
                },
            ),
            "reason": "Trampolinen træner balancen.",
        }
        page = journey.save_step(browser, base, "flyt-penge", answers)
        advice = page.soup.select_one("#raad").get_text(" ", strip=True)
        assert "brug dem ikke til det nye formål, før kommunen har truffet afgørelse" in advice
        after = [td.get_text(strip=True) for td in page.soup.select(".move-after")]
        assert after == ["30.000,00 kr.", "3.000,00 kr."]
        case = send(browser, base, "budget_move")

        staff, _worker = tracking.caseworker(make_client, mette.municipality)
        case_page = get(staff, f"/sagsbehandling/sager/{case.public_id}")
        assert "Flyt penge mellem budgetlinjer" in case_page.text()
        assert "Hver budgetlinje er bundet til det, den er bevilget til" in case_page.text()
        # Moving money changes the grant: no taking it to note, only a decision.
        assert case_page.soup.find(id="action-note") is None
        refused = tracking.staff_action(staff, case, "efterretning", {"note-text": "Noteret."})
        assert refused.status == 409
        assert "Kommunen skal træffe afgørelse" in refused.error_summary()["action-note"]

        # The decision starts from what the family asked to move.
        decision_page = get(staff, decisions.url(case))
        started = decision_page.value("text").strip()
        assert started.startswith("Familien har bedt om at flytte:")
        assert f"2.000,00 kr. fra „{equipment_key(budget)}“ til „en ny linje: Trampolin“" in started
        answer = decisions.post(
            staff, case, {"outcome": "approved", "text": "I må flytte 2.000 kr. til en trampolin."}
        )
        assert_redirects(answer, f"/sagsbehandling/sager/{case.public_id}")
        database.session.refresh(case)
        assert case.status == "decided"
        assert case.decision.complaint_guidance
        # The approved move is what the training's lines hold from now on.
        lines = {
            line.description: line.amount
            for line in changes.granted_lines(mette.training, year=today_local().year)
        }
        assert lines == {
            "Hjælpetræner til balancetræning": Decimal("30000.00"),
            "Træningsredskab nr. 2": Decimal("3000.00"),
            "Trampolin": Decimal("2000.00"),
        }

        # The ZIP holds the dossier with the family's answers and the findings as at the day
        # received, and the decision letter with the caseworker's reasons.
        archive = zipfile.ZipFile(
            io.BytesIO(download(staff, f"/sagsbehandling/sager/{case.public_id}/sag.zip").data)
        )
        dossier = documents.open_docx(archive.read(f"{case.number}/Sag {case.number}.docx"))
        text = docx_text(dossier)
        assert "Flyt penge mellem budgetlinjer" in text
        assert equipment_key(budget) in text
        assert "Trampolinen træner balancen." in text
        assert "Hver budgetlinje er bundet til det, den er bevilget til" in text
        letter = documents.open_docx(
            archive.read(f"{case.number}/Afgørelse i sag {case.number}.docx")
        )
        assert "I må flytte 2.000 kr. til en trampolin." in docx_text(letter)


def docx_text(document) -> str:
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_caseworker_reads_a_move_as_the_lines_stood_the_day_it_was_received(
    family, make_client
):
    _browser, mette = family
    june = date(today_local().year, 6, 1)
    budget = granted_year(mette.training, on=june)

    def move(amount: str, to_line: str) -> dict:
        answers = tracking.request_answers("budget_move", lines=[equipment_key(budget)])
        answers["flyt-penge"]["moves-0-amount"] = amount
        answers["flyt-penge"]["moves-0-to_line"] = to_line
        return answers

    def received(day: int, answers: dict) -> Case:
        return tracking.submitted_case(
            mette.parent,
            mette.municipality,
            received=june + timedelta(days=day),
            case_type="budget_move",
            related=mette.training,
            answers=answers,
        )

    # The whole equipment line to the helper, then 3.000 kr. of it to a trampoline, which is
    # approved first.
    whole = received(1, move("5000", helper_key(budget)))
    part = received(2, move("3000", "ny"))
    tracking.decide(part, mette.caseworker, on=june + timedelta(days=3))

    staff, _worker = tracking.caseworker(make_client, mette.municipality)
    page = get(staff, f"/sagsbehandling/sager/{whole.public_id}")
    # On the day it was received the line held 5.000 kr.: emptying it is advice, no error.
    assert "Hele beløbet flyttes fra „Træningsredskab nr. 2“" in page.text()
    assert "Der kan højst flyttes" not in page.text()
    lines = changes.granted_lines(mette.training, year=june.year)
    assert {line.description: line.amount for line in lines}["Træningsredskab nr. 2"] == Decimal(
        "2000.00"
    )


class TestTakenToNote:
    def test_the_caseworker_takes_a_change_to_note_and_the_family_reads_why(
        self, family, make_client
    ):
        browser, mette = family
        case = tracking.submitted_case(
            mette.parent,
            mette.municipality,
            received=today_local() - timedelta(days=3),
            case_type="child_change",
            related=mette.training,
        )
        staff, _worker = tracking.caseworker(make_client, mette.municipality)
        page = tracking.staff_action(staff, case, "efterretning", {"note-text": ""})
        assert page.status == 200
        assert page.error_summary() == {"note-text": "Skriv en kort besked til familien"}

        text = "Tak for beskeden. Bevillingen fortsætter uændret."
        page = tracking.staff_action(staff, case, "efterretning", {"note-text": text})
        assert_redirects(page, f"/sagsbehandling/sager/{case.public_id}")
        database.session.refresh(case)
        assert case.status == "noted"
        logged = database.session.execute(
            select(AccessLog.action, AccessLog.detail).where(AccessLog.case_id == case.id)
        ).all()
        assert ("changed", "noted") in logged
        staff_page = get(staff, f"/sagsbehandling/sager/{case.public_id}")
        assert "Taget til efterretning" in staff_page.soup.select_one(".case-status").get_text()

        family_page = get(browser, f"/sager/{case.public_id}")
        assert "Taget til efterretning" in family_page.text()
        assert text in family_page.text()
        mail = database.session.scalars(
            select(Notification).where(
                Notification.recipient == "mette@example.dk",
                Notification.kind == "status_changed",
            )
        ).all()
        assert mail and all("Anders" not in (m.subject + m.body) for m in mail)
        assert all(text not in m.body for m in mail)

        # Handled within its 4 weeks, in the statistics with the decided requests.
        row = next(
            r
            for r in statistics.handling_statistics(
                mette.municipality, year=None, today=today_local()
            )
            if r.case_type == "child_change"
        )
        assert (row.received, row.open, row.decided, row.within_deadline) == (1, 0, 1, 1)
        assert row.median_days == 3

        # Closed: nothing more to take to note.
        again = tracking.staff_action(staff, case, "efterretning", {"note-text": text})
        assert again.status == 409


class TestOnlyTheirOwn:
    def test_another_family_and_another_municipality_get_404(
        self, family, make_client, approved_family, other_municipality
    ):
        browser, mette = family
        granted_year(mette.training)
        base = start(browser, "budget_move", mette.training, "flyt-penge")
        case = tracking.submitted_case(
            mette.parent,
            mette.municipality,
            received=today_local(),
            case_type="family_change",
            related=mette.training,
        )
        other = approved_family(name="Lone Jensen", email="lone@example.dk")
        lone = tracking.family(make_client, other.parent, other.cpr)
        get(lone, base + "flyt-penge", status=404)
        get(lone, base + "tjek", status=404)
        get(lone, f"/sager/{case.public_id}", status=404)

        elsewhere, _worker = tracking.caseworker(make_client, other_municipality)
        get(elsewhere, f"/sagsbehandling/sager/{case.public_id}", status=404)
        get(elsewhere, f"/sagsbehandling/sager/{case.public_id}/sag.docx", status=404)
        get(elsewhere, f"/sagsbehandling/sager/{case.public_id}/sag.zip", status=404)
        get(elsewhere, decisions.url(case), status=404)
        token = get(elsewhere, "/sagsbehandling/").soup.find("input", {"name": "csrf_token"})
        answer = Page(
            elsewhere.post(
                f"/sagsbehandling/sager/{case.public_id}/efterretning",
                data={"note-text": "Noteret.", "csrf_token": token["value"] if token else ""},
            )
        )
        assert answer.status == 404
        database.session.refresh(case)
        assert case.status == "received"


def test_a_change_not_yet_sent_is_named_by_the_child_of_its_home_training(family):
    browser, mette = family
    start(browser, "family_change", mette.training, "familie")
    child = mette.training.child_name
    overview = get(browser, "/")
    headings = [h.get_text(" ", strip=True) for h in overview.soup.select(".draft-list h3")]
    assert headings == [f"Ændring i familien for {child}"]
    offers = [
        a.get_text(" ", strip=True)
        for a in get(browser, "/ansoegning/").soup.select(".open-drafts a")
    ]
    assert offers == [f"Fortsæt: Ændring i familien for {child}"]
