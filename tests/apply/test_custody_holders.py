"""The holders of custody's CPR numbers reach the letters in real use: the applicant's from
their login, the other holder's from the CPR register (when the wizard fills them in, or found
by name at submission when typed by hand), sealed at rest; the other holder's address is kept
unless protected; the consent link is for the register's person alone; and the choice of a
child from the register is rate limited."""

from __future__ import annotations

from sqlalchemy import select, text

from portal.identity.providers import cpr_subject_hash
from portal.models import Case, CustodyConsent, Draft, LetterDelivery
from portal.services import hearings
from portal.timeutil import now_utc, today_local
from tests.support import factories, journey, tracking
from tests.support.pages import Page, assert_redirects, get
from tests.support.smtp import Mailbox

METTE = ("Mette Hansen", "0203851236")
JENS = ("Jens Hansen", "1107831234")
EMMA = ("Emma Hansen", "120318-4521")
SARA = ("Sara Nielsen", "0509874330")
PETER_CPR = "1910864342"
NOAH = ("Noah Nielsen", "220619-4127")
OTHER_EMAIL = "jens@example.dk"


def _answers(child: tuple[str, str], mother: str, other: str, relation: str = "far") -> dict:
    answers = journey.valid_answers()
    answers["barnet"] = answers["barnet"] | {"child_name": child[0], "child_cpr": child[1]}
    answers["familien"] = (
        answers["familien"]
        | {"adults-0-name": mother}
        | journey.prefixed(
            "adults-1",
            {
                "name": other,
                "relation": relation,
                "custody": "ja",
                "occupation": "Tømrer",
                "weekly_hours": "37",
                "working_times": "Mandag til fredag kl. 7-15",
            },
        )
    )
    return answers


def _choose(client, base: str, child_cpr: str) -> None:
    page = get(client, base + "barnet")
    data = {"csrf_token": page.form_values()["csrf_token"], "register-child": child_cpr}
    assert_redirects(client.post(base + "barnet/cpr", data=data), base + "barnet")


def _invite(client, base: str) -> None:
    page = get(client, base + "tjek")
    data = {"csrf_token": page.form_values()["csrf_token"], "custody-email": OTHER_EMAIL}
    assert_redirects(client.post(base + "medindehaver", data=data), base + "tjek#custody-consent")


def _consent(make_client, mailbox: Mailbox, who: tuple[str, str]) -> int:
    (message,) = mailbox.to(OTHER_EMAIL)
    link = Mailbox.body(message).split("/ansoegning/medindehaver/")[1].split()[0]
    link = f"/ansoegning/medindehaver/{link}"
    other = make_client()
    journey.login_parent(other, *who)
    page = Page(other.get(link))
    if page.status != 200:
        return page.status
    data = {"csrf_token": page.form_values()["csrf_token"], "answer": "consented"}
    return other.post(link, data=data).status_code


def _case(db, base: str) -> Case:
    public_id = base.rstrip("/").rsplit("/", 1)[-1]
    draft = db.session.scalar(select(Draft).where(Draft.public_id == public_id))
    return db.session.scalar(select(Case).where(Case.draft_id == draft.id))


def test_the_letters_go_to_both_holders_by_the_cpr_numbers_of_the_login_and_the_register(
    client, make_client, esbjerg, mailbox, db
):
    journey.login_parent(client, *METTE)
    base = journey.start_application(client)
    _choose(client, base, "1203184521")
    journey.fill_application(client, base, _answers(EMMA, METTE[0], JENS[0]))

    # The consent link is for the register's Jens alone: the applicant typed no number.
    _invite(client, base)
    consent = db.session.scalar(select(CustodyConsent))
    assert consent.cpr_hash == cpr_subject_hash(JENS[1])
    assert _consent(make_client, mailbox, ("Jens Hansen", "0101801234")) == 404
    assert _consent(make_client, mailbox, JENS) == 302
    journey.submit(client, base)

    case = _case(db, base)
    assert case.custody_holders == [
        {"name": "Mette Hansen", "cpr": METTE[1], "address": "Kirkegade 14, 1. tv., 6700 Esbjerg"},
        {"name": "Jens Hansen", "cpr": JENS[1], "address": "Strandvejen 88, 6710 Esbjerg V"},
    ]
    # Sealed at rest, on the draft and on the case.
    for query in ("SELECT register_holders FROM draft", "SELECT custody_holders FROM case_file"):
        stored = str(db.session.execute(text(query)).scalar())
        assert JENS[1] not in stored and METTE[1] not in stored

    # The training approved, the municipality opens a hearing: its letter goes to both.
    worker = factories.staff(esbjerg)
    tracking.decide(case, worker, on=today_local())
    hearings.open_hearing(
        case,
        kind="ending",
        subject="Kommunen vil ændre tilsynet til ét besøg om året.",
        staff=worker,
        now=now_utc(),
    )
    db.session.commit()
    rows = db.session.scalars(select(LetterDelivery).order_by(LetterDelivery.id)).all()
    assert [(r.recipient_name, r.recipient_cpr, r.recipient_address) for r in rows] == [
        ("Mette Hansen", METTE[1], "Kirkegade 14, 1. tv., 6700 Esbjerg"),
        ("Jens Hansen", JENS[1], "Strandvejen 88, 6710 Esbjerg V"),
    ]


def test_a_holder_typed_by_hand_is_found_by_name_among_the_childs_holders_at_submission(
    client, make_client, esbjerg, mailbox, db
):
    # The child typed by hand, not chosen: the register is asked when the request is sent,
    # and finds the other holder by name however it was spaced or cased. He has address
    # protection: his number is kept for Digital Post, his address never.
    journey.login_parent(client, *SARA)
    base = journey.start_application(client)
    journey.fill_application(client, base, _answers(NOAH, SARA[0], "peter  NIELSEN"))
    _invite(client, base)
    assert db.session.scalar(select(CustodyConsent.cpr_hash)) is None  # nothing to go by
    assert _consent(make_client, mailbox, ("Peter Nielsen", PETER_CPR)) == 302
    journey.submit(client, base)

    assert _case(db, base).custody_holders == [
        {"name": "Sara Nielsen", "cpr": SARA[1], "address": "Vestergade 3, 6700 Esbjerg"},
        {"name": "peter  NIELSEN", "cpr": PETER_CPR, "address": None},
    ]


def test_a_holder_the_register_does_not_know_is_kept_without_a_number(
    client, make_client, esbjerg, mailbox, db
):
    journey.login_parent(client, *SARA)
    base = journey.start_application(client)
    journey.fill_application(client, base, _answers(NOAH, SARA[0], "Poul Nielsen"))
    _invite(client, base)
    assert _consent(make_client, mailbox, ("Poul Nielsen", "0101801234")) == 302
    journey.submit(client, base)

    holders = _case(db, base).custody_holders
    assert holders[1] == {"name": "Poul Nielsen", "cpr": None, "address": None}


def test_choosing_a_child_from_the_register_is_rate_limited_per_parent(client, esbjerg, app):
    journey.login_parent(client, *METTE)
    base = journey.start_application(client)
    before = app.config["RATE_LIMITS"]
    app.config["RATE_LIMITS"] = {**before, "lookup": ("100 per minute", "2 per minute")}
    try:
        page = get(client, base + "barnet")
        data = {"csrf_token": page.form_values()["csrf_token"], "register-child": "1203184521"}
        answers = [client.post(base + "barnet/cpr", data=data).status_code for _ in range(3)]
    finally:
        app.config["RATE_LIMITS"] = before
    assert answers == [302, 302, 429]
