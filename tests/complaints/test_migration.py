"""The complaints migration: a case's decisions are numbered from 1 on the way up; on the way
down each case keeps the decision in force and a case under complaint is decided again."""

from __future__ import annotations

from datetime import timedelta

import flask_migrate
from sqlalchemy import text

from portal.extensions import db
from portal.services import cases, complaints
from portal.timeutil import now_utc, today_local
from tests.conftest import make_app
from tests.support import factories, tracking
from tests.support.databases import fresh_database

BEFORE = "b7d2e5a91c44"


def test_decisions_are_numbered_up_and_the_one_in_force_is_kept_down(tmp_path):
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            esbjerg = factories.municipality("561", "Esbjerg Kommune")
            worker = factories.staff(esbjerg)
            person, _cpr = tracking.parent()
            changed = tracking.submitted_case(
                person, esbjerg, received=today_local() - timedelta(days=60)
            )
            tracking.decide(changed, worker, on=today_local() - timedelta(days=5))
            complaints.complain(changed, person, reasons="Uenige.", now=now_utc())
            cases.record_decision(
                changed, worker, "partly_approved", "Ændret.", "Klag.", now=now_utc()
            )
            pending = tracking.submitted_case(
                person, esbjerg, received=today_local() - timedelta(days=50)
            )
            tracking.decide(pending, worker, on=today_local() - timedelta(days=3))
            complaints.complain(pending, person, reasons="Også uenige.", now=now_utc())
            db.session.commit()
            db.session.remove()

            flask_migrate.downgrade(revision=BEFORE)
            with db.engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT case_file.number, case_file.status, decision.outcome"
                        " FROM decision JOIN case_file ON case_file.id = decision.case_id"
                        " ORDER BY case_file.number"
                    )
                ).all()
            assert [tuple(r) for r in rows] == [
                (changed.number, "decided", "partly_approved"),
                (pending.number, "decided", "approved"),
            ]

            flask_migrate.upgrade()
            with db.engine.connect() as connection:
                numbers = connection.execute(text("SELECT sequence FROM decision")).scalars().all()
            assert numbers == [1, 1]
            db.session.remove()
            db.engine.dispose()
