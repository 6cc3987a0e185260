"""The caseworker decides each parent's lost earnings: amount, hours and start, or a refusal,
with the reason; never an end date; a reduction of a running grant 14 weeks on at the
earliest. The letter states it with the calculation the family was shown."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.models import LostEarningsGrant
from portal.rules.formatting import long_date
from portal.timeutil import today_local
from tests.support import decisions, journey, tracking
from tests.support.documents import all_text, cell_texts, open_docx, table_starting
from tests.support.pages import assert_redirects, get

# The example application's Mette Hansen asks for 5 hours of her 37; Jens Hansen for 17.
JENS = journey.prefixed(
    "parents-1",
    {
        "name": "Jens Hansen",
        "employment": "employee",
        "monthly_income": "28.000",
        "weekly_hours": "37",
        "requested_hours": "17",
    },
)


def case_asking_lost_earnings(family, municipality, **more):
    person, _cpr = family
    answers = tracking.request_answers("new_application", lost_earnings=True)
    answers["tabt-arbejdsfortjeneste"] = {**answers["tabt-arbejdsfortjeneste"], **JENS, **more}
    return tracking.submitted_case(
        person, municipality, received=today_local() - timedelta(days=10), answers=answers
    )


def test_each_parent_has_the_familys_estimate_and_starts_at_what_was_asked(family, esbjerg, worker):
    case = case_asking_lost_earnings(family, esbjerg)
    browser, _staff = worker
    page = get(browser, decisions.url(case))
    legends = [legend.get_text() for legend in page.soup.select(".decision-parent legend")]
    assert legends == ["Mette Hansen", "Jens Hansen"]
    estimate = page.soup.select_one("#estimate-1").get_text(" ", strip=True)
    assert "Løn for 17 af 37 timer om ugen" in estimate
    assert page.value("lost_earnings-1-monthly_amount") == "12864,86"
    assert page.value("lost_earnings-1-weekly_hours") == "17"
    assert page.value("lost_earnings-0-start") == ""
    # No end date can be set: only a follow-up (seed 003: "Kommunen kan således ikke fastsætte
    # en slutdato for bevillingen i afgørelsen, men de kan fastsætte en opfølgningsdato").
    labels = [label.get_text(" ", strip=True) for label in page.soup.select("label")]
    assert not any("Slutdato" in text or "Til dato" in text for text in labels)
    assert "Tabt arbejdsfortjeneste er ikke tidsbegrænset" in page.text()


def test_a_grant_without_start_or_a_refusal_without_reason_is_not_recorded(
    family, esbjerg, worker, db
):
    case = case_asking_lost_earnings(family, esbjerg)
    browser, _staff = worker
    page = decisions.post(
        browser,
        case,
        {
            **decisions.approval(),
            "outcome": "partly_approved",
            "lost_earnings-1-refused": "y",
        },
    )
    assert page.title.startswith("Fejl:")
    # A refusal needs no start, only its reason.
    assert page.error_summary() == {
        "lost_earnings-0-start": "Skriv fra hvilken dato ydelsen bevilges.",
        "lost_earnings-1-reason": "Skriv hvorfor tabt arbejdsfortjeneste afslås",
    }
    assert page.value("lost_earnings-1-refused") == "y"
    assert db.session.scalars(select(LostEarningsGrant)).all() == []


def test_both_parents_decided_and_the_letter_states_it_with_the_calculation(
    family, esbjerg, worker, db, make_client
):
    case = case_asking_lost_earnings(family, esbjerg)
    browser, _staff = worker
    start = today_local() + timedelta(days=30)
    follow_up = start + timedelta(days=180)
    done = decisions.post(
        browser,
        case,
        {
            **decisions.approval(),
            "outcome": "partly_approved",
            "lost_earnings-0-start": start.isoformat(),
            "lost_earnings-0-follow_up": follow_up.isoformat(),
            "lost_earnings-1-start": start.isoformat(),
            "lost_earnings-1-weekly_hours": "10",
            "lost_earnings-1-monthly_amount": "7.567,57",
            "lost_earnings-1-reason": "Træningen på ugeskemaet tager 10 timer om ugen.",
        },
    )
    assert_redirects(done, f"/sagsbehandling/sager/{case.public_id}")
    mette, jens = db.session.scalars(
        select(LostEarningsGrant).order_by(LostEarningsGrant.position)
    ).all()
    assert (mette.parent_name, mette.monthly, mette.granted_hours) == (
        "Mette Hansen",
        Decimal("4256.75"),
        5,
    )
    assert (mette.start_date, mette.follow_up_date) == (start, follow_up)
    assert (jens.granted_hours, jens.requested_hours, jens.monthly) == (10, 17, Decimal("7567.57"))

    # The family reads it on its own case page too.
    since = long_date(start)
    parent_browser = tracking.family(make_client, *family)
    grants = get(parent_browser, f"/sager/{case.public_id}").soup.select(".lost-earnings-grants li")
    assert [
        item.get_text(" ", strip=True).replace("\N{NO-BREAK SPACE}", " ") for item in grants
    ] == [
        f"Mette Hansen: 4.256,75 kr. om måneden før skat for 5 timer om ugen fra {since}",
        f"Jens Hansen: 7.567,57 kr. om måneden før skat for 10 timer om ugen fra {since}",
    ]

    letter = open_docx(case.decision.letter)
    text = all_text(letter)
    assert "Tabt arbejdsfortjeneste" in text
    assert (
        f"Kommunen bevilger 4.256,75 kr. om måneden før skat for 5 timer om ugen fra den "
        f"{long_date(start)}." in text
    )
    assert "Ydelsen er ikke tidsbegrænset." in text
    assert f"omkring den {long_date(follow_up)}. Det er ikke en slutdato." in text
    assert "Træningen på ugeskemaet tager 10 timer om ugen." in text
    calculation = cell_texts(table_starting(letter, "Om måneden", "Beløb"))
    assert ["Løn for 5 af 37 timer om ugen", "4.256,75 kr."] in calculation
    assert "Sparet transport til arbejde" in [row[0] for row in calculation]


def test_lowering_a_running_grant_is_noticed_14_weeks_ahead(family, esbjerg, worker, db):
    # "Når en bevilling af tabt arbejdsfortjeneste helt ophører, skal kommunen meddele et
    # varsel på mindst 14 uger" (seed 003); a method switch is decided as a new application
    # (seed 001), so its decision may change the lost earnings.
    person, _cpr = family
    browser, _staff = worker
    answers = tracking.request_answers("new_application", lost_earnings=True)
    training = tracking.submitted_case(
        person, esbjerg, received=today_local() - timedelta(days=100), answers=answers
    )
    today = today_local()
    decisions.post(
        browser, training, {**decisions.approval(), "lost_earnings-0-start": today.isoformat()}
    )
    switch = tracking.request_answers("switch_method", lost_earnings=True)
    switch["tabt-arbejdsfortjeneste"] = {
        **switch["tabt-arbejdsfortjeneste"],
        "parents-0-requested_hours": "2",
    }
    change = tracking.submitted_case(
        person,
        esbjerg,
        received=today - timedelta(days=5),
        case_type="switch_method",
        related=training,
        answers=switch,
    )
    page = get(browser, decisions.url(change))
    earliest = today + timedelta(weeks=14)
    assert "Mette Hansen får i dag 4.256,75 kr. om måneden" in page.text()
    assert page.value("lost_earnings-0-takes_effect") == earliest.isoformat()
    too_soon = decisions.post(
        browser,
        change,
        {
            **decisions.approval(),
            "outcome": "partly_approved",
            "lost_earnings-0-start": today.isoformat(),
            "lost_earnings-0-reason": "Færre timer med den nye metode.",
            "lost_earnings-0-takes_effect": (today + timedelta(weeks=4)).isoformat(),
        },
    )
    assert too_soon.error_summary() == {
        "lost_earnings-0-takes_effect": "En nedsættelse eller et ophør skal varsles mindst 14 "
        f"uger. Skriv en dato fra {long_date(earliest)}."
    }
    done = decisions.post(
        browser,
        change,
        {
            **decisions.approval(),
            "outcome": "partly_approved",
            "lost_earnings-0-start": earliest.isoformat(),
            "lost_earnings-0-reason": "Færre timer med den nye metode.",
        },
    )
    assert_redirects(done, f"/sagsbehandling/sager/{change.public_id}")
    text = all_text(open_docx(change.decision.letter))
    assert "Ydelsen er i dag 4.256,75 kr. om måneden." in text
    assert f"Ændringen har virkning fra den {long_date(earliest)}" in text
