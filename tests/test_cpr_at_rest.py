"""The child's CPR number is sealed in the database (the case, the application it was sent
with and the wizard's answers), reads as the number in the portal, is re-sealed by
`flask cpr rotate-key`, and the migration seals what was kept in clear before."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import date

import flask_migrate
import pytest
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select, text

from portal import create_app
from portal.extensions import db as _db
from portal.models import Case, Municipality
from portal.services import cpr_keys, decisions, workspace
from tests.conftest import make_app
from tests.support import factories, tracking
from tests.support.databases import fresh_database
from tests.support.secrets import production_secrets

BEFORE = "e4b7c1d9a2f5"


def _stored(connection, case_id: int) -> dict:
    row = connection.execute(
        text(
            "SELECT case_file.child_cpr, case_file.application, draft_step.data"
            " FROM case_file JOIN draft_step ON draft_step.draft_id = case_file.draft_id"
            " WHERE case_file.id = :id AND draft_step.step = 'barnet'"
        ),
        {"id": case_id},
    ).one()
    load = lambda value: json.loads(value) if isinstance(value, str) else value  # noqa: E731
    return {"column": row[0], "application": load(row[1]), "draft": load(row[2])}


def _case(esbjerg, decided: bool = False) -> Case:
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(person, esbjerg, received=date(2026, 3, 2))
    if decided:
        tracking.decide(case, factories.staff(esbjerg), on=date(2026, 4, 1))
        # The letter as made when a decision is recorded from the decision page.
        decisions.archive_letter(case)
        _db.session.commit()
    return case


def _letter(connection, case_id: int) -> bytes:
    raw = connection.execute(
        text("SELECT letter FROM decision WHERE case_id = :id"), {"id": case_id}
    ).scalar()
    return bytes(raw)


def test_the_number_is_sealed_in_the_database_and_reads_as_the_number(db, esbjerg):
    case = _case(esbjerg)
    cpr = case.child_cpr
    assert len(cpr) == 10 and cpr.isdigit()
    stored = _stored(db.session.connection(), case.id)
    dump = json.dumps(stored)
    assert cpr not in dump and cpr[:6] not in dump
    # The wizard's answer and the application hold a sealed copy; the rest stays readable.
    assert stored["draft"]["child_name"] == [case.child_name]
    assert stored["draft"]["child_cpr"][0].startswith("sealed:")
    assert stored["application"]["barnet"]["child_name"] == case.child_name
    db.session.expire_all()
    again = db.session.get(Case, case.id)
    assert again.child_cpr == cpr
    assert again.application["barnet"]["child_cpr"] == cpr


def test_the_decision_letter_kept_as_made_is_sealed_whole(db, esbjerg):
    # The letter prints the child's CPR number ("Anders Hansen, CPR-nummer ...").
    case = _case(esbjerg, decided=True)
    assert not _letter(db.session.connection(), case.id).startswith(b"PK")  # no readable .docx
    db.session.expire_all()
    assert db.session.get(Case, case.id).decision.letter.startswith(b"PK")


def test_production_refuses_to_start_without_the_keys(monkeypatch):
    production_secrets(monkeypatch)
    create_app("production")
    monkeypatch.delenv("CPR_KEYS")
    with pytest.raises(RuntimeError, match="CPR_KEYS"):
        create_app("production")
    production_secrets(monkeypatch)
    monkeypatch.delenv("CPR_HASH_KEY")
    with pytest.raises(RuntimeError, match="CPR_HASH_KEY"):
        create_app("production")


def test_rotate_key_reseals_every_value_with_the_newest_key_and_is_idempotent(tmp_path):
    new_key = Fernet.generate_key().decode()
    with fresh_database(tmp_path) as url:
        old_app = make_app(url)
        old_key = old_app.config["CPR_KEYS"][0]
        with old_app.app_context():
            flask_migrate.upgrade()
            esbjerg = factories.municipality("561", "Esbjerg Kommune")
            cases = [_case(esbjerg, decided=True) for _ in range(3)]
            ids = {case.id: case.child_cpr for case in cases}
            _db.session.commit()
            _db.session.remove()
            _db.engine.dispose()

        app = make_app(url, CPR_KEYS=[new_key, old_key])
        with app.app_context():
            result = app.test_cli_runner().invoke(args=["cpr", "rotate-key", "--batch-size", "2"])
            assert result.exit_code == 0, result.output
            assert "case_file: 3 rækker" in result.output
            assert "draft_step: 3 rækker" in result.output
            assert "decision: 3 rækker" in result.output
            with _db.engine.connect() as connection:
                for case_id, cpr in ids.items():
                    stored = _stored(connection, case_id)
                    assert Fernet(new_key).decrypt(stored["column"].encode()).decode() == cpr
                    with pytest.raises(InvalidToken):
                        Fernet(old_key).decrypt(stored["column"].encode())
                    token = stored["draft"]["child_cpr"][0].removeprefix("sealed:")
                    assert Fernet(new_key).decrypt(token.encode()).decode() == cpr
                    letter = Fernet(new_key).decrypt(_letter(connection, case_id))
                    assert letter.startswith(b"PK")
            again = app.test_cli_runner().invoke(args=["cpr", "rotate-key"])
            assert "case_file: 0 rækker" in again.output
            assert "draft_step: 0 rækker" in again.output
            assert "decision: 0 rækker" in again.output
            _db.session.remove()
            _db.engine.dispose()

        # Once rotated, the old key can go.
        newest_only = make_app(url, CPR_KEYS=[new_key])
        with newest_only.app_context():
            found = _db.session.scalars(select(Case).order_by(Case.id)).all()
            assert {case.id: case.child_cpr for case in found} == ids
            _db.session.remove()
            _db.engine.dispose()


def test_the_migration_seals_the_numbers_kept_in_clear_and_the_downgrade_opens_them(tmp_path):
    with fresh_database(tmp_path) as url:
        app = make_app(url)
        with app.app_context():
            flask_migrate.upgrade()
            esbjerg = factories.municipality("561", "Esbjerg Kommune")
            case = _case(esbjerg, decided=True)
            case_id, cpr, hashed = case.id, case.child_cpr, case.child_cpr_hash
            _db.session.commit()
            _db.session.remove()

            flask_migrate.downgrade(revision=BEFORE)
            with _db.engine.connect() as connection:
                stored = _stored(connection, case_id)
                assert _letter(connection, case_id).startswith(b"PK")
            assert stored["column"] == cpr
            assert stored["application"]["barnet"]["child_cpr"] == cpr
            assert stored["draft"]["child_cpr"] == [cpr]

            flask_migrate.upgrade()
            with _db.engine.connect() as connection:
                stored = _stored(connection, case_id)
                assert not _letter(connection, case_id).startswith(b"PK")
                stored_hash = connection.execute(
                    text("SELECT child_cpr_hash FROM case_file WHERE id = :id"), {"id": case_id}
                ).scalar()
            assert cpr not in json.dumps(stored)
            assert stored_hash == hashed
            assert _db.session.get(Case, case_id).child_cpr == cpr
            _db.session.remove()
            _db.engine.dispose()


def _found(app, cpr: str) -> set[str]:
    """The case numbers the caseworker's search finds for a whole CPR number."""
    with app.app_context():
        municipality = _db.session.scalars(select(Municipality)).one()
        listing = workspace.list_cases(
            municipality.id,
            0,
            workspace.Filters(search=f"{cpr[:6]}-{cpr[6:]}"),
            page=1,
            today=date(2026, 6, 1),
            soon_days=14,
        )
        numbers = {row.number for row in listing.rows}
        _db.session.remove()
        return numbers


def _stored_hashes(app) -> dict[int, str]:
    with app.app_context(), _db.engine.connect() as connection:
        rows = connection.execute(text("SELECT id, child_cpr_hash FROM case_file")).all()
        _db.engine.dispose()
    return dict(rows)


def _hmac(key: str, cpr: str) -> str:
    return hmac.new(key.encode(), cpr.encode(), hashlib.sha256).hexdigest()


def test_the_hash_key_changes_without_a_case_going_missing_from_the_search(tmp_path):
    old_key, new_key = "old-hash-key-" + "a" * 30, "new-hash-key-" + "b" * 30
    with fresh_database(tmp_path) as url:
        old_app = make_app(url, CPR_HASH_KEYS=[old_key])
        with old_app.app_context():
            flask_migrate.upgrade()
            esbjerg = factories.municipality("561", "Esbjerg Kommune")
            cases = [_case(esbjerg) for _ in range(5)]
            for n, case in enumerate(cases):
                # Five children, five numbers.
                case.child_cpr = f"15031843{n:02d}"
            numbers = {case.number: case.child_cpr for case in cases}
            _db.session.commit()
            _db.session.remove()
            _db.engine.dispose()
        cpr_of = {case_number: cpr for case_number, cpr in numbers.items()}
        some_number, some_cpr = next(iter(cpr_of.items()))
        assert _found(old_app, some_cpr) == {some_number}

        # The new key alone does not find the hashes made under the old one: that is why the
        # old key stays listed until the hashes are recomputed.
        assert _found(make_app(url, CPR_HASH_KEYS=[new_key]), some_cpr) == set()
        rolling = make_app(url, CPR_HASH_KEYS=[new_key, old_key])
        assert _found(rolling, some_cpr) == {some_number}

        # Interrupted after one batch of two: the search still finds every case, under
        # whichever key its hash is now.
        with rolling.app_context():
            after_id, changed = cpr_keys.rehash_batch(0, 2)
            _db.session.commit()
            _db.session.remove()
        assert changed == 2
        for case_number, cpr in cpr_of.items():
            assert _found(rolling, cpr) == {case_number}
        # A case sent during the rotation is hashed under the newest key at once.
        with rolling.app_context():
            late = _case(_db.session.scalars(select(Municipality)).one())
            late.child_cpr = "2006154399"
            cpr_of[late.number] = late.child_cpr
            _db.session.commit()
            _db.session.remove()
            _db.engine.dispose()

        result = rolling.test_cli_runner().invoke(
            args=["cpr", "rotate-hash-key", "--batch-size", "2"]
        )
        assert result.exit_code == 0, result.output
        assert "case_file: 3 søgenøgler" in result.output
        again = rolling.test_cli_runner().invoke(args=["cpr", "rotate-hash-key"])
        assert "case_file: 0 søgenøgler" in again.output
        with rolling.app_context():
            _db.session.remove()
            _db.engine.dispose()

        newest_only = make_app(url, CPR_HASH_KEYS=[new_key])
        by_number = {}
        with newest_only.app_context():
            for case in _db.session.scalars(select(Case)):
                by_number[case.id] = case.child_cpr
            _db.session.remove()
        assert _stored_hashes(newest_only) == {
            case_id: _hmac(new_key, cpr) for case_id, cpr in by_number.items()
        }
        # Once recomputed, the old key can go: every case is found under the new key alone.
        for case_number, cpr in cpr_of.items():
            assert _found(newest_only, cpr) == {case_number}


def test_cpr_hash_keys_lists_the_keys_newest_first_and_cpr_hash_key_still_works(monkeypatch):
    production_secrets(monkeypatch)
    assert create_app("production").config["CPR_HASH_KEYS"] == ["y" * 40]
    monkeypatch.setenv("CPR_HASH_KEYS", "new" * 14 + ", " + "y" * 40)
    app = create_app("production")
    assert app.config["CPR_HASH_KEYS"] == ["new" * 14, "y" * 40]
    assert app.config["CPR_HASH_KEY"] == "new" * 14
