"""Supervision twice a year (Bekendtgørelse § 4; Esbjerg Kommunes vejledning »Tilsyn«, bilag 13
and 14): the visits come from the decisions, the family sends its plan with the goals of the
last approved plan filled in, the caseworker records the visit and writes the report, which
goes to the family; then the follow-up. Another family and another municipality get 404."""

from __future__ import annotations

import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from sqlalchemy import select

from portal.models import AccessLog, Attachment, CaseEvent, Notification, SupervisionVisit
from portal.rules.decisions import plan_due
from portal.rules.formatting import long_date
from portal.services import supervision
from portal.timeutil import today_local
from tests.support import factories, files, journey, tracking
from tests.support.documents import cell_texts, headings, open_docx, table_starting
from tests.support.pages import Page, assert_redirects, get
from tests.support.supervision import plan_visits
from tests.support.uploads import download

REPORT = {
    "besoeg-held_on": "",
    "besoeg-participants": ["both_parents", "child"],
    "besoeg-child_heard": "ja",
    "besoeg-child_heard_how": "Anders viste selv øvelserne og sagde, at han kan lide dem.",
    "besoeg-report_purpose": "Ja. Træningen svarer til det, Anders ville få i et dagtilbud.",
    "besoeg-report_supports": "Anders går nu selv 10 meter med rollator.",
    "besoeg-report_goals": "Målet om påklædning er nået; dokumenteret med video.",
    "besoeg-report_volume": "20 timer om ugen som bevilget.",
    "besoeg-report_funds": "Bevillingen er brugt til ståstativ og kursus som bevilget.",
    "besoeg-recommendation": "continue",
    "besoeg-recommendation_reason": "Målene nås, og Anders trives.",
}


@pytest.fixture
def training(db, esbjerg, approved_family, make_client):
    """Mette's approved training with a visit in 20 days and one in half a year; Mette and the
    caseworker who approved it are logged in."""
    family = approved_family(municipality=esbjerg)
    today = today_local()
    visits = plan_visits(family.training, today + timedelta(days=20), today + timedelta(days=180))
    parent = tracking.family(make_client, family.parent, family.cpr)
    staff = make_client()
    journey.login_staff(staff, family.caseworker.email, factories.PASSWORD)
    return family, visits, parent, staff


def visit_url(family, visit, *, staff: bool = False) -> str:
    base = "/sagsbehandling" if staff else ""
    return f"{base}/sager/{family.training.public_id}/tilsyn/{visit.public_id}"


def send_plan(parent, family, visit, **extra) -> Page:
    url = visit_url(family, visit) + "/plan"
    page = get(parent, url)
    data = {**page.form_values(), "_action": "send"}
    for field in page.soup.select("form textarea, form input[type=text]"):
        data[field["name"]] = (
            field.get_text() if field.name == "textarea" else field.get("value", "")
        )
    for position in range(len(page.soup.select("fieldset.plan-goal"))):
        data[f"goals-{position}-achievement"] = "Anders tager selv bukser på med lidt hjælp."
        data[f"goals-{position}-continues"] = "ja"
    data["went_well"] = "Morgenerne er blevet roligere."
    data.update(extra)
    return Page(parent.post(url, data=data))


def test_the_decision_names_the_visits_and_both_case_pages_list_them(training):
    family, visits, parent, staff = training
    page = get(parent, f"/sager/{family.training.public_id}")
    rows = page.soup.select("table.supervision-visits tbody tr")
    assert [r.time["datetime"] for r in rows] == [v.planned_on.isoformat() for v in visits]
    assert plan_due(visits[0].planned_on).isoformat() in {
        d.isoformat() for d in [plan_due(v.planned_on) for v in visits]
    }
    assert "Planlagt" in rows[0].get_text()
    staff_page = get(staff, f"/sagsbehandling/sager/{family.training.public_id}")
    assert len(staff_page.soup.select("table.supervision-visits tbody tr")) == 2


def test_a_later_decision_replaces_the_planned_visits_but_not_one_held(training, db):
    family, visits, _parent, staff_browser = training
    first, second = visits
    first.held_on = today_local()
    db.session.commit()
    budget = tracking.submitted_case(
        family.parent,
        family.municipality,
        received=today_local() - timedelta(days=3),
        case_type="annual_budget",
        related=family.training,
    )
    tracking.decide(budget, family.caseworker, on=today_local())
    new = plan_visits(budget, today_local() + timedelta(days=90))
    db.session.refresh(second)
    assert second.replaced_at is not None
    assert first.replaced_at is None
    planned = [v.planned_on for v in supervision.visits_for(family.training)]
    assert planned == [first.planned_on, new[0].planned_on]
    assert new[0].case_id == family.training.id


def test_the_plan_is_prefilled_saved_as_written_and_sent_once(training, db):
    family, visits, parent, staff = training
    visit = visits[0]
    url = visit_url(family, visit) + "/plan"
    page = get(parent, url)
    assert page.h1 == "Tids- og faseplan til tilsynet"
    goals = page.soup.select("fieldset.plan-goal")
    assert goals, "the goals of the approved plan are filled in"
    first_goal = page.value("goals-0-goal")
    assert first_goal and first_goal.strip()

    # Saved as they go: nothing is sent, and what was written is there again.
    saved = parent.post(
        url,
        data={
            **page.form_values(),
            "_action": "save",
            "goals-0-goal": first_goal,
            "goals-0-achievement": "Halvvejs",
        },
    )
    assert_redirects(saved, url)
    again = get(parent, url)
    assert again.value("goals-0-achievement").strip() == "Halvvejs"
    assert visit.plan is not None and not visit.plan.is_sent

    # Sending without the degree of achievement: the field says what to write, the rest kept.
    missing = Page(
        parent.post(
            url,
            data={
                **page.form_values(),
                "_action": "send",
                "goals-0-goal": first_goal,
                "went_well": "Roligere morgener",
            },
        )
    )
    assert missing.status == 400
    assert missing.title.startswith("Fejl:")
    assert "goals-0-achievement" in missing.error_summary()
    assert missing.value("went_well").strip() == "Roligere morgener"

    sent = send_plan(parent, family, visit)
    assert_redirects(sent.response, visit_url(family, visit))
    db.session.refresh(visit)
    assert visit.plan.is_sent
    shown = get(parent, visit_url(family, visit))
    assert "Roligere" in shown.text() or "Morgenerne er blevet roligere." in shown.text()
    # Sent once: the form is gone.
    assert_redirects(parent.get(url), visit_url(family, visit))
    kinds = db.session.scalars(
        select(CaseEvent.kind).where(CaseEvent.case_id == family.training.id)
    ).all()
    assert "supervision_plan_sent" in kinds
    mail = db.session.scalars(
        select(Notification).where(Notification.kind == "supervision_plan_sent")
    ).one()
    assert family.training.child_name not in mail.body + mail.subject
    staff_page = get(staff, visit_url(family, visit, staff=True))
    assert "Morgenerne er blevet roligere." in staff_page.text()


def test_a_late_plan_is_received_with_advice(training, db):
    family, _visits, parent, _staff = training
    # The plan for a visit in 5 days was due 14 days before it: 9 days ago.
    (visit,) = plan_visits(family.training, today_local() + timedelta(days=5))
    form = get(parent, visit_url(family, visit) + "/plan")
    assert "Fristen er overskredet" in form.text()
    response = send_plan(parent, family, visit)
    assert_redirects(response.response, visit_url(family, visit))
    page = get(parent, visit_url(family, visit))
    assert "sendt efter fristen" in page.text()
    db.session.refresh(visit)
    assert visit.plan.is_sent


def test_files_go_with_the_plan_and_the_caseworker_can_read_them(training, db):
    family, visits, parent, staff = training
    visit = visits[0]
    url = visit_url(family, visit) + "/plan"
    page = get(parent, url)
    token = page.form_values("form[enctype]")["csrf_token"]
    response = parent.post(
        url + "/filer",
        data={"csrf_token": token, "files": (BytesIO(files.pdf()), "traeningsplan.pdf")},
        content_type="multipart/form-data",
    )
    assert_redirects(response, url + "#files")
    attachment = db.session.scalars(
        select(Attachment).where(Attachment.supervision_plan_id.is_not(None))
    ).one()
    assert attachment.case_id == family.training.id
    send_plan(parent, family, visit)
    staff_page = get(staff, visit_url(family, visit, staff=True))
    link = staff_page.soup.find("a", string="traeningsplan.pdf")
    assert link is not None
    download = staff.get(link["href"])
    assert download.status_code == 200
    download.close()


def record(staff, family, visit, action: str, **changes) -> Page:
    url = visit_url(family, visit, staff=True)
    page = get(staff, url)
    data = {**REPORT, "besoeg-held_on": today_local().isoformat(), **changes}
    data = {key: value for key, value in data.items() if value is not None}
    return Page(
        staff.post(
            url + "/registrering",
            data={**page.form_values("form[action$=registrering]"), **data, "_action": action},
        )
    )


def test_the_caseworker_records_the_visit_writes_the_report_and_sends_it(training, db, clock):
    family, visits, parent, staff = training
    visit = visits[0]
    clock(20)
    saved = record(staff, family, visit, "save", **{"besoeg-recommendation": None})
    assert_redirects(saved.response, visit_url(family, visit, staff=True))
    db.session.refresh(visit)
    assert visit.held_on == today_local()
    # 001: "Tilsynsrapporten vil blive tilsendt senest 2 uger efter tilsynet".
    assert visit.report_due == today_local() + timedelta(days=14)
    assert not visit.report_sent
    # The family sees no report before it is sent.
    assert "Tilsynsrapporten" not in get(parent, visit_url(family, visit)).text()

    refused = record(
        staff,
        family,
        visit,
        "send",
        **{"besoeg-recommendation": None, "besoeg-recommendation_reason": ""},
    )
    assert refused.status == 400
    assert set(refused.error_summary()) >= {
        "besoeg-recommendation-0",
        "besoeg-recommendation_reason",
    }
    assert refused.value("besoeg-report_funds").strip() == REPORT["besoeg-report_funds"]

    sent = record(staff, family, visit, "send")
    assert_redirects(sent.response, visit_url(family, visit, staff=True))
    db.session.refresh(visit)
    assert visit.report_sent
    family_page = get(parent, visit_url(family, visit))
    report = family_page.soup.select_one("dl.supervision-report").get_text(" ", strip=True)
    assert "Fortsættelse som hidtil" in report
    assert REPORT["besoeg-report_funds"] in report
    # The report goes to the family for a hearing with the municipality's period, 2 weeks.
    assert visit.hearing.kind == "supervision_report"
    assert visit.hearing.answer_by == today_local() + timedelta(weeks=2)
    assert "Fortsættelse som hidtil" in visit.hearing.subject
    mail = db.session.scalars(select(Notification).where(Notification.kind == "hearing_sent")).one()
    assert mail.recipient == family.parent.email
    assert family.training.child_name not in mail.body + mail.subject
    answer = family_page.soup.find("a", string=lambda t: t and "Svar på høringen" in t)
    assert answer["href"] == f"/sager/{family.training.public_id}/hoering/{visit.hearing.public_id}"
    # Sent once: no form to change it.
    assert (
        get(staff, visit_url(family, visit, staff=True)).soup.select_one(
            "form[action$=registrering]"
        )
        is None
    )


def test_a_visit_cannot_be_recorded_before_it_is_held(training):
    family, visits, _parent, staff = training
    page = record(
        staff,
        family,
        visits[0],
        "save",
        **{"besoeg-held_on": (today_local() + timedelta(days=1)).isoformat()},
    )
    assert page.status == 400
    assert page.field_error("besoeg-held_on") == (
        "Et besøg kan først registreres, når det har fundet sted."
    )


def test_who_took_part_is_measured_against_the_guide_as_advice(training, db, clock):
    family, visits, _parent, staff = training
    clock(20)
    page = record(
        staff,
        family,
        visits[0],
        "save",
        **{"besoeg-participants": ["one_parent"], "besoeg-child_heard": "nej"},
    )
    assert_redirects(page.response, visit_url(family, visits[0], staff=True))
    shown = get(staff, visit_url(family, visits[0], staff=True))
    codes = {li["data-code"] for li in shown.soup.select("ul.supervision-findings li")}
    assert codes == {
        "supervision.child_absent",
        "supervision.parents_absent",
        "supervision.child_not_heard",
    }


def test_moving_a_visit_tells_the_family_why(training, db):
    family, visits, parent, staff = training
    visit = visits[0]
    url = visit_url(family, visit, staff=True)
    page = get(staff, url)
    new_day = today_local() + timedelta(days=27)
    response = staff.post(
        url + "/flyt",
        data={
            **page.form_values("form[action$=flyt]"),
            "flyt-day": new_day.isoformat(),
            "flyt-reason": "Rådgiveren er syg den dag.",
        },
    )
    assert_redirects(response, url)
    db.session.refresh(visit)
    assert visit.planned_on == new_day
    shown = get(parent, visit_url(family, visit))
    assert shown.soup.select_one("dd.moved-reason").get_text() == "Rådgiveren er syg den dag."
    mail = db.session.scalars(
        select(Notification).where(Notification.kind == "supervision_moved")
    ).one()
    assert mail.recipient == family.parent.email

    empty = Page(staff.post(url + "/flyt", data={**page.form_values("form[action$=flyt]")}))
    assert empty.status == 400
    assert set(empty.error_summary()) == {"flyt-day", "flyt-reason"}


def test_an_extra_visit_is_added_from_the_case_page(training, db):
    family, _visits, parent, staff = training
    url = f"/sagsbehandling/sager/{family.training.public_id}"
    page = get(staff, url)
    day = today_local() + timedelta(days=45)
    response = staff.post(
        url + "/tilsyn",
        data={
            **page.form_values("form[action$=tilsyn]"),
            "ekstra-day": day.isoformat(),
            "ekstra-reason": "Familien har bedt om et ekstra besøg.",
        },
    )
    extra = db.session.scalars(
        select(SupervisionVisit).where(SupervisionVisit.extra.is_(True))
    ).one()
    assert_redirects(response, visit_url(family, extra, staff=True))
    assert extra.planned_on == day
    rows = get(parent, f"/sager/{family.training.public_id}").soup.select(
        "table.supervision-visits tbody tr"
    )
    assert any("ekstra besøg" in row.get_text() for row in rows)


def test_the_follow_up_comes_after_the_report_and_is_told_to_the_family(training, db, clock):
    family, visits, parent, staff = training
    visit = visits[0]
    clock(20)
    url = visit_url(family, visit, staff=True)
    record(staff, family, visit, "send")
    page = get(staff, url)
    # While the family can still answer the hearing, the follow-up waits.
    early = Page(
        staff.post(
            url + "/opfoelgning",
            data={
                **page.form_values("form[action$=opfoelgning]"),
                "opfoelgning-choice": "continue",
            },
        )
    )
    assert early.status == 409
    assert "Følg op, når de har svaret" in early.text()
    answer_hearing(parent, family, visit)
    page = get(staff, url)
    assert "Vi er enige i rapporten." in page.soup.select_one("section.staff-hearings").get_text()
    missing = Page(
        staff.post(
            url + "/opfoelgning",
            data={**page.form_values("form[action$=opfoelgning]"), "opfoelgning-choice": "adjust"},
        )
    )
    assert missing.status == 400
    assert "opfoelgning-note" in missing.error_summary()
    response = staff.post(
        url + "/opfoelgning",
        data={
            **page.form_values("form[action$=opfoelgning]"),
            "opfoelgning-choice": "adjust",
            "opfoelgning-note": "Målet om påklædning skiftes ud med et mål om at spise selv.",
        },
    )
    assert_redirects(response, url)
    db.session.refresh(visit)
    assert visit.follow_up == "adjust"
    assert supervision.follow_up_step(visit).kind == "training_change"
    # The caseworker goes on to the municipality's change of the training, its basis filled in.
    start = get(staff, url).soup.find("a", string="Start kommunens ændring af hjemmetræningen")
    change = get(staff, start["href"])
    assert (
        change.value("basis")
        .strip()
        .endswith("Målet om påklædning skiftes ud med et mål om at spise selv.")
    )
    chosen = change.soup.select_one('input[name="kind"][checked]')
    assert chosen["value"] == "adjust"
    shown = get(parent, visit_url(family, visit))
    assert "Hjemmetræningen justeres" in shown.text()
    assert "kræver en ny afgørelse" in shown.text()
    assert (
        db.session.scalars(select(Notification).where(Notification.kind == "supervision_follow_up"))
        .one()
        .recipient
        == family.parent.email
    )


def answer_hearing(parent, family, visit) -> None:
    db_visit = visit
    url = f"/sager/{family.training.public_id}/hoering/{db_visit.hearing.public_id}"
    page = get(parent, url)
    token = page.form_values("form[enctype='multipart/form-data']")["csrf_token"]
    response = parent.post(
        url,
        data={
            "csrf_token": token,
            "answer": "Vi er enige i rapporten.",
            "files": [(BytesIO(files.pdf()), "video-af-traening.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302


def test_the_year_page_and_the_feed_follow_the_visits_and_the_sent_plan(training, db):
    family, visits, parent, staff = training
    moved_to = today_local() + timedelta(days=25)
    url = visit_url(family, visits[0], staff=True)
    page = get(staff, url)
    staff.post(
        url + "/flyt",
        data={
            **page.form_values("form[action$=flyt]"),
            "flyt-day": moved_to.isoformat(),
            "flyt-reason": "Familien er på ferie.",
        },
    )
    send_plan(parent, family, visits[0])
    year = get(parent, "/jeres-aar")
    rows = [
        (row.time["datetime"], row.select("td")[1].get_text(" ", strip=True))
        for row in year.soup.select("table.year-items tbody tr")
    ]
    assert (moved_to.isoformat(), "Tilsynsbesøg") in rows
    assert (plan_due(moved_to).isoformat(), "Tids- og faseplanen er sendt") in rows
    assert (visits[0].moved_from.isoformat(), "Tilsynsbesøg") not in rows
    # The second visit's plan is still to send.
    second = visits[1].planned_on
    assert (plan_due(second).isoformat(), "Send tids- og faseplanen") in rows


def test_staff_reads_and_changes_are_in_the_access_log(training, db, clock):
    family, visits, _parent, staff = training
    clock(20)
    get(staff, visit_url(family, visits[0], staff=True))
    record(staff, family, visits[0], "save")
    rows = db.session.execute(
        select(AccessLog.action, AccessLog.detail).where(AccessLog.case_id == family.training.id)
    ).all()
    assert ("opened", f"supervision:{visits[0].public_id}") in rows
    assert ("changed", f"visit_recorded:{visits[0].public_id}") in rows


def test_missed_visits_and_late_reports_stand_first_in_the_workspace(training, db, esbjerg):
    family, visits, _parent, staff = training
    person, _cpr = tracking.parent("Lars Jensen", "lars@example.dk")
    # An open case with a passed deadline would otherwise stand first.
    open_late = tracking.submitted_case(
        person, esbjerg, received=today_local() - timedelta(days=200)
    )
    page = get(staff, "/sagsbehandling/")
    first = page.soup.select("table tbody tr")[0]
    assert open_late.number in first.get_text()
    # The first visit's day passes without a record.
    visits[0].planned_on = today_local() - timedelta(days=1)
    db.session.commit()
    page = get(staff, "/sagsbehandling/")
    first = page.soup.select("table tbody tr")[0]
    assert family.training.number in first.get_text()
    assert first.select_one(".supervision-late").get_text() == "Tilsyn forsinket"
    only = get(staff, "/sagsbehandling/?frist=supervision")
    rows = only.soup.select("table tbody tr")
    assert [family.training.number in row.get_text() for row in rows] == [True]
    # Recorded, with the report due in 2 weeks: no longer late, until those weeks have passed.
    visits[0].held_on = today_local() - timedelta(days=1)
    visits[0].report_due = today_local() + timedelta(days=13)
    db.session.commit()
    assert not get(staff, "/sagsbehandling/?frist=supervision").soup.select("table tbody tr")
    visits[0].report_due = today_local() - timedelta(days=1)
    db.session.commit()
    assert len(get(staff, "/sagsbehandling/?frist=supervision").soup.select("table tbody tr")) == 1
    # Two late visits of one training: the case is listed and counted once.
    visits[1].planned_on = today_local() - timedelta(days=2)
    db.session.commit()
    for url in ("/sagsbehandling/?frist=supervision", "/sagsbehandling/"):
        page = get(staff, url)
        numbers = [
            row.select_one("td").get_text(strip=True) for row in page.soup.select("tbody tr")
        ]
        assert numbers.count(family.training.number) == 1
    assert page.soup.select_one("#results-heading").get_text(strip=True) == "2 sager"
    assert (
        get(staff, "/sagsbehandling/?frist=supervision")
        .soup.select_one("#results-heading")
        .get_text(strip=True)
        == "1 sag"
    )


def test_the_dossier_and_the_zip_hold_the_plan_the_report_the_hearing_and_the_follow_up(
    training, db, clock
):
    family, visits, parent, staff = training
    visit = visits[0]
    url = visit_url(family, visit) + "/plan"
    token = get(parent, url).form_values("form[enctype]")["csrf_token"]
    parent.post(
        url + "/filer",
        data={"csrf_token": token, "files": (BytesIO(files.pdf()), "traeningsplan.pdf")},
        content_type="multipart/form-data",
    )
    send_plan(parent, family, visit)
    clock(20)
    record(staff, family, visit, "send")
    answer_hearing(parent, family, visit)
    page = get(staff, visit_url(family, visit, staff=True))
    staff.post(
        visit_url(family, visit, staff=True) + "/opfoelgning",
        data={
            **page.form_values("form[action$=opfoelgning]"),
            "opfoelgning-choice": "continue",
        },
    )
    base = f"/sagsbehandling/sager/{family.training.public_id}"
    dossier = download(staff, base + "/sag.docx")
    archive = zipfile.ZipFile(BytesIO(download(staff, base + "/sag.zip").data))
    from_zip = archive.read(f"{family.training.number}/Sag {family.training.number}.docx")
    for content in (dossier.data, from_zip):
        document = open_docx(content)
        assert "Tilsyn" in headings(document, 1)
        visit_heading = f"Tilsynsbesøg {long_date(visit.planned_on)}: Rapporten er sendt"
        assert visit_heading in headings(document, 2)
        plan = cell_texts(table_starting(document, "Spørgsmål", "Familiens svar"))
        assert ["Hvad er gået godt siden sidste tilsyn?", "Morgenerne er blevet roligere."] in plan
        assert ["Filer", "traeningsplan.pdf"] in plan
        report = cell_texts(table_starting(document, "Emne", "Kommunens vurdering"))
        assert ["Brugen af bevillingen", REPORT["besoeg-report_funds"]] in report
        assert [
            "Kommunens indstilling",
            "Fortsættelse som hidtil: " + REPORT["besoeg-recommendation_reason"],
        ] in report
        assert "Høring over tilsynsrapporten" in " ".join(headings(document, 2))
        texts = " ".join(c for t in document.tables for row in cell_texts(t) for c in row)
        assert "Vi er enige i rapporten." in texts
        assert "Hjemmetræningen fortsætter som hidtil" in texts
    assert any(name.endswith("traeningsplan.pdf") for name in archive.namelist())


# Access ------------------------------------------------------------------------------------


def test_another_family_gets_404_on_every_page_and_file(training, approved_family, make_client, db):
    family, visits, parent, _staff = training
    visit = visits[0]
    send_plan(parent, family, visit)
    other = approved_family(name="Lars Jensen", email="lars@example.dk")
    stranger = tracking.family(make_client, other.parent, other.cpr)
    base = visit_url(family, visit)
    for url in (base, base + "/plan"):
        assert stranger.get(url).status_code == 404, url
    token = get(stranger, "/jeres-aar").form_values()["csrf_token"]
    for url in (base + "/plan", base + "/plan/filer"):
        response = stranger.post(url, data={"csrf_token": token, "_action": "save"})
        assert response.status_code == 404, url
    # Another family's own visit id under this case is 404 too, and the reverse.
    other_visits = plan_visits(other.training, today_local() + timedelta(days=30))
    assert parent.get(visit_url(other, other_visits[0])).status_code == 404
    mixed = f"/sager/{family.training.public_id}/tilsyn/{other_visits[0].public_id}"
    assert parent.get(mixed).status_code == 404


def test_another_municipality_gets_404_on_every_page_and_action(
    training, other_municipality, make_client
):
    family, visits, _parent, _staff = training
    browser, _worker = tracking.caseworker(make_client, other_municipality)
    url = visit_url(family, visits[0], staff=True)
    assert browser.get(url).status_code == 404
    own = tracking.submitted_case(
        tracking.parent("Lars Jensen", "lars@example.dk")[0],
        other_municipality,
        received=today_local(),
    )
    token = get(browser, f"/sagsbehandling/sager/{own.public_id}").form_values()["csrf_token"]
    data = {"csrf_token": token}
    for action in ("/registrering", "/flyt", "/opfoelgning"):
        assert browser.post(url + action, data=data).status_code == 404, action
    case_url = f"/sagsbehandling/sager/{family.training.public_id}/tilsyn"
    assert browser.post(case_url, data=data).status_code == 404


def test_the_reports_sections_are_asked_in_english_on_the_english_page(training):
    """Bilag 14's questions are marked where the rules name them (portal.rules.supervision
    REPORT_SECTIONS) and translated where the form labels its fields."""
    family, visits, _parent, staff = training
    url = visit_url(family, visits[0], staff=True)

    def purpose_label() -> str:
        page = get(staff, url)
        return page.soup.select_one("label[for=besoeg-report_purpose]").get_text(" ", strip=True)

    assert purpose_label().startswith("Lever hjemmetræningen overordnet set op til formålet?")
    token = get(staff, url).form_values("form[action$=registrering]")["csrf_token"]
    staff.post("/sprog", data={"lang": "en", "csrf_token": token})
    assert purpose_label().startswith("Overall, does the home training fulfil its purpose?")
