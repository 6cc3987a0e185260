"""Every schema change is a migration: upgrade from empty, downgrade back, models match."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from portal.extensions import db
from portal.models import (
    Case,
    CustodyConsent,
    Draft,
    DraftStep,
    LetterDelivery,
    Municipality,
    SupervisionVisit,
)
from portal.services import custody_consent, drafts, training
from portal.timeutil import now_utc, today_local
from tests.conftest import make_app
from tests.support import factories, tracking
from tests.support.databases import fresh_database


# The search's trigram indexes exist on PostgreSQL only (Index.ddl_if), where they are
# compared; Alembic cannot read an index on an expression from SQLite and says so.
@pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression-based index:UserWarning"
)
def test_upgrade_from_empty_matches_the_models_and_downgrades_to_empty(tmp_path):
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            tables = set(inspect(db.engine).get_table_names())
            assert {"case_file", "draft", "draft_step", "municipality", "staff_user"} <= tables

            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "render_as_batch": True}
                )
                assert compare_metadata(context, db.metadata) == []

            flask_migrate.downgrade(revision="base")
            assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
            db.engine.dispose()


def test_a_municipalitys_helper_rate_becomes_a_rate_per_year_and_back(tmp_path):
    # Stored settings from before the rates per year must still be read after the upgrade
    # (an unknown key is refused by portal.rules.settings), and the downgrade gives the
    # older code what it knows.
    old = {"helper_hourly_rate": "140.00", "helper_rate_year": 2023, "holiday_weeks": 6}
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade(revision="4b1e2c7d9a10")
            with db.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO municipality (code, name, settings_data, publish_statistics,"
                        " created_at) VALUES ('561', 'Esbjerg Kommune', :data, false, :now)"
                    ),
                    {"data": json.dumps(old), "now": datetime(2026, 1, 1, tzinfo=UTC)},
                )
            flask_migrate.upgrade()
            municipality = db.session.scalar(select(Municipality))
            assert municipality.settings_data == {
                "helper_hourly_rates": {"2023": "140.00"},
                "holiday_weeks": 6,
            }
            assert municipality.settings.helper_hourly_rates == {2023: Decimal("140.00")}
            db.session.remove()
            flask_migrate.downgrade(revision="4b1e2c7d9a10")
            with db.engine.connect() as connection:
                stored = connection.execute(text("SELECT settings_data FROM municipality")).scalar()
            stored = json.loads(stored) if isinstance(stored, str) else stored
            assert stored == old
            db.engine.dispose()


def test_parents_of_the_development_login_keep_their_subject_as_a_cpr_hash_and_back(tmp_path):
    # Issue 15: "existing parents keep their cases when they first log in with MitID (their
    # subject is the same keyed hash of the CPR number)".
    digest = "ab" * 32
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade(revision="7c3d5e9f1b22")
            with db.engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO parent (subject, name, created_at) VALUES"
                        " (:subject, 'Mette Hansen', :now), ('bulk:1', 'Anden', :now)"
                    ),
                    {"subject": f"udvikling:{digest}", "now": datetime(2026, 1, 1, tzinfo=UTC)},
                )
            flask_migrate.upgrade()
            subjects = set(db.session.scalars(text("SELECT subject FROM parent")))
            assert subjects == {f"cpr:{digest}", "bulk:1"}
            db.session.remove()

            flask_migrate.downgrade(revision="7c3d5e9f1b22")
            subjects = set(db.session.scalars(text("SELECT subject FROM parent")))
            assert subjects == {f"udvikling:{digest}", "bulk:1"}
            db.session.remove()
            db.engine.dispose()


def test_the_decisions_on_file_become_supervision_visits_and_the_downgrade_drops_them(tmp_path):
    # 001, »Tilsyn«: "Datoerne for kommende tilsynsbesøg vil fremgå af afgørelsen"; a later
    # decision's dates replace the visits of the earlier one still ahead of it.
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            # The cases are made as the portal makes them today, then the schema goes back to
            # before supervision and the decisions get their dates, as they were on file.
            flask_migrate.upgrade()
            esbjerg = factories.municipality("561", "Esbjerg Kommune")
            worker = factories.staff(esbjerg)
            person, _cpr = tracking.parent()
            training = tracking.submitted_case(person, esbjerg, received=date(2026, 1, 5))
            tracking.decide(training, worker, on=date(2026, 3, 1))
            budget = tracking.submitted_case(
                person,
                esbjerg,
                received=date(2026, 11, 10),
                case_type="annual_budget",
                related=training,
            )
            tracking.decide(budget, worker, on=date(2026, 12, 1))
            ids = (training.id, budget.id)
            db.session.remove()
            flask_migrate.downgrade(revision="b7d2e5a91c44")
            with db.engine.begin() as connection:
                for case_id, first, second in (
                    (ids[0], date(2026, 6, 1), date(2027, 1, 10)),
                    (ids[1], date(2027, 2, 1), date(2027, 8, 1)),
                ):
                    connection.execute(
                        text(
                            "UPDATE decision SET next_supervision = :first, "
                            "second_supervision = :second WHERE case_id = :case"
                        ),
                        {"first": first, "second": second, "case": case_id},
                    )
            flask_migrate.upgrade()
            visits = db.session.scalars(
                select(SupervisionVisit).order_by(SupervisionVisit.planned_on)
            ).all()
            assert {v.case_id for v in visits} == {ids[0]}
            planned = [(v.planned_on, v.replaced_at is not None) for v in visits]
            # The June visit had passed when the budget was decided; January gives way.
            assert planned == [
                (date(2026, 6, 1), False),
                (date(2027, 1, 10), True),
                (date(2027, 2, 1), False),
                (date(2027, 8, 1), False),
            ]
            assert db.session.get(Case, ids[0]).number.startswith("HT-")
            db.session.remove()
            flask_migrate.downgrade(revision="b7d2e5a91c44")
            tables = set(inspect(db.engine).get_table_names())
            assert not {"supervision_visit", "supervision_plan"} & tables
            columns = {c["name"] for c in inspect(db.engine).get_columns("attachment")}
            assert "supervision_plan_id" not in columns
            db.session.remove()


def test_cases_without_a_draft_go_on_downgrade_and_the_rest_stay(tmp_path):
    # The end of a training is a case without a draft; the older portal cannot show one, so
    # the downgrade removes those cases with what hangs on them and makes the draft required.
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            esbjerg = factories.municipality("561", "Esbjerg Kommune")
            person, _cpr = tracking.parent()
            worker = factories.staff(esbjerg)
            approved = tracking.submitted_case(
                person, esbjerg, received=today_local() - timedelta(days=300)
            )
            tracking.decide(approved, worker, on=today_local() - timedelta(days=200))
            change = training.end_by_family(
                approved,
                person,
                last_day=today_local() + timedelta(days=30),
                reason="Vi flytter.",
                needs_instead=None,
                now=now_utc(),
            )
            db.session.commit()
            ending, kept = change.case.number, approved.number
            db.session.remove()

            flask_migrate.downgrade(revision="b7d2e5a91c44")
            numbers = set(db.session.scalars(text("SELECT number FROM case_file")))
            assert numbers == {kept} and ending not in numbers
            assert "training_change" not in inspect(db.engine).get_table_names()
            columns = {c["name"]: c for c in inspect(db.engine).get_columns("case_file")}
            assert columns["draft_id"]["nullable"] is False
            db.session.remove()
            flask_migrate.upgrade()
            db.engine.dispose()


def test_numbers_saved_the_danish_way_become_plain_decimals_and_a_consent_still_holds(tmp_path):
    # Drafts saved before numbers were kept the same in every language hold them as typed
    # in Danish; an English page would read "1.500" as one and a half.
    typed = {
        "year": ["2027"],
        "lines-0-description": ["Skammel, 1.500 kr."],
        "lines-0-amount": ["1.500,50"],
        "lines-1-amount": ["1.500"],
        "lines-2-amount": ["fire hundrede"],
        "lines-0-hours_per_week": ["7,5"],
    }
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            esbjerg = factories.municipality("561", "Esbjerg Kommune")
            person, _cpr = tracking.parent()
            draft = drafts.start_draft(person.id, esbjerg, "new_application")
            db.session.add(DraftStep(draft=draft, step="budget", data=typed))
            db.session.flush()
            digest = hashlib.sha256(json.dumps({"budget": typed}, sort_keys=True).encode())
            db.session.add(
                CustodyConsent(
                    draft=draft,
                    email="anden@example.dk",
                    token_hash="t" * 64,
                    expires_at=now_utc() + timedelta(days=14),
                    answer="consented",
                    answers_hash=digest.hexdigest(),
                )
            )
            db.session.commit()
            draft_id = draft.id
            db.session.remove()
            flask_migrate.downgrade(revision="d1a4e6b8c2f3")
            flask_migrate.upgrade()

            step = db.session.scalar(select(DraftStep).where(DraftStep.draft_id == draft_id))
            assert step.data == typed | {
                "lines-0-amount": ["1500.5"],
                "lines-1-amount": ["1500"],
                "lines-0-hours_per_week": ["7.5"],
            }
            stored = drafts.own_draft(person.id, db.session.get(Draft, draft_id).public_id)
            consent = db.session.scalar(select(CustodyConsent))
            assert consent.answers_hash == custody_consent.answers_fingerprint(stored)
            db.session.remove()
            db.engine.dispose()


def test_messages_that_had_used_up_their_attempts_show_as_given_up_after_the_upgrade(tmp_path):
    # Before the worker, a message was simply not tried again after its 10th attempt; the
    # administrator's page lists given-up messages, so those must show there.
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            esbjerg = factories.municipality("561", "Esbjerg Kommune")
            person, _cpr = tracking.parent()
            tracking.submitted_case(person, esbjerg, received=today_local())
            db.session.remove()

            flask_migrate.downgrade(revision="e4b7c1d9a2f5")
            assert "failed_at" not in {
                c["name"] for c in inspect(db.engine).get_columns("notification")
            }
            with db.engine.begin() as connection:
                connection.execute(
                    text(
                        "UPDATE notification SET attempts = 10, last_error = 'refused'"
                        " WHERE recipient = 'mette@example.dk'"
                    )
                )
            flask_migrate.upgrade()
            rows = db.session.execute(
                # The e-mails; the case's hand-off to the case system was queued too.
                text(
                    "SELECT recipient, channel, failed_at FROM notification"
                    " WHERE recipient LIKE '%@%' ORDER BY id"
                )
            ).all()
            assert [(r.recipient, r.channel, r.failed_at is not None) for r in rows] == [
                ("mette@example.dk", "email", True),
                ("hjemmetraening@561.example", "email", False),
            ]
            db.session.remove()
            db.engine.dispose()


def test_letters_waiting_before_the_outbox_are_delivered_by_it_after_the_upgrade(tmp_path):
    # Issue 18: Digital Post letters become outbox messages; a letter waiting in
    # letter_delivery when the portal is upgraded must not be lost, and one that had failed
    # must show on the administrator's page. The holder's CPR number is sealed on the way.
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            esbjerg = factories.municipality("561", "Esbjerg Kommune")
            person, _cpr = tracking.parent()
            case = tracking.submitted_case(person, esbjerg, received=today_local())
            case_id = case.id
            db.session.remove()

            flask_migrate.downgrade(revision="c4f1a8e2d6b7")
            now = datetime(2026, 12, 1, 9, tzinfo=UTC)
            with db.engine.begin() as connection:
                for number, status, cpr, error in (
                    (1, "pending", "0101801234", None),
                    (2, "failed", None, "Modtagerens CPR-nummer kendes ikke."),
                    (3, "delivered", "0202791234", None),
                ):
                    connection.execute(
                        text(
                            "INSERT INTO letter_delivery (public_id, case_id, kind, title,"
                            " filename, document, recipient_name, recipient_cpr, status,"
                            " message_uuid, attempts, error, created_at, attempted_at)"
                            " VALUES (:public_id, :case_id, 'decision', :title, 'brev.docx',"
                            " :document, :name, :cpr, :status, :uuid, :attempts, :error, :now,"
                            " :attempted)"
                        ),
                        {
                            "public_id": f"letter{number}",
                            "case_id": case_id,
                            "title": f"Afgørelse {number}",
                            "document": b"PK",
                            "name": f"Forælder {number}",
                            "cpr": cpr,
                            "status": status,
                            "uuid": f"00000000-0000-0000-0000-00000000000{number}",
                            "attempts": 0 if status == "pending" else 1,
                            "error": error,
                            "now": now,
                            "attempted": None if status == "pending" else now,
                        },
                    )
            flask_migrate.upgrade()
            messages = db.session.execute(
                text(
                    "SELECT key, recipient, subject, failed_at, last_error FROM notification"
                    " WHERE channel = 'digital_post' ORDER BY key"
                )
            ).all()
            assert [(m.recipient, m.subject, m.failed_at is not None) for m in messages] == [
                ("Forælder 1", "Afgørelse 1", False),
                ("Forælder 2", "Afgørelse 2", True),
            ]
            assert messages[1].last_error == "Modtagerens CPR-nummer kendes ikke."
            stored = db.session.execute(
                text("SELECT recipient_cpr FROM letter_delivery WHERE public_id = 'letter1'")
            ).scalar()
            assert stored != "0101801234"
            assert (
                db.session.scalar(
                    select(LetterDelivery.recipient_cpr).where(
                        LetterDelivery.public_id == "letter1"
                    )
                )
                == "0101801234"
            )
            db.session.remove()

            flask_migrate.downgrade(revision="c4f1a8e2d6b7")
            rows = db.session.execute(
                text("SELECT public_id, recipient_cpr, status FROM letter_delivery ORDER BY id")
            ).all()
            assert [tuple(r) for r in rows] == [
                ("letter1", "0101801234", "pending"),
                ("letter2", None, "failed"),
                ("letter3", "0202791234", "delivered"),
            ]
            assert not db.session.execute(
                text("SELECT id FROM notification WHERE channel = 'digital_post'")
            ).all()
            db.session.remove()
            db.engine.dispose()
