"""Pages that only read (portal.database.read_only) run without a transaction on PostgreSQL.
What a parent sees on them is what was saved; a write from such a page is refused on both
backends and leaves nothing behind; the next request on the same pooled connection is one
transaction again, all or nothing.

Runs on a database of its own with real commits: the rollback-per-test connection keeps its
own transaction, so the pages would never leave it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from portal.database import WriteInReadOnlyRequest, read_only
from portal.extensions import db
from portal.models import Municipality
from tests.conftest import committed_app
from tests.support import journey
from tests.support.pages import get


@pytest.fixture
def app(tmp_path):
    with committed_app(tmp_path) as app:

        @app.get("/_read-then-change")
        def read_then_change():
            read_only()
            db.session.scalar(select(Municipality)).name = "Ændret"
            db.session.commit()
            return "saved"

        @app.get("/_read-then-update")
        def read_then_update():
            read_only()
            db.session.scalar(select(Municipality))
            db.session.execute(update(Municipality).values(name="Ændret"))
            db.session.commit()
            return "saved"

        @app.get("/_read")
        def read():
            read_only()
            return str(db.session.scalar(select(func.count()).select_from(Municipality)))

        @app.get("/_half-write")
        def half_write():
            db.session.add(Municipality(code="751", name="Aarhus Kommune"))
            db.session.flush()
            db.session.add(Municipality(code="561", name="Esbjerg igen"))  # code is unique
            db.session.commit()
            return "saved"

        yield app


def _names(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Municipality.name).order_by(Municipality.code)))


def test_the_wizard_shows_what_was_saved_on_its_reading_pages(app):
    client = app.test_client()
    journey.login_parent(client)
    base = journey.start_application(client)
    journey.save_step(client, base, "barnet", journey.valid_answers()["barnet"])

    assert get(client, base + "barnet").value("child_name") == "Anders Hansen"
    overview = get(client, "/")
    assert overview.soup.select_one(f'a[href^="{base}"]') is not None
    assert "Anders Hansen" in get(client, base + "tjek").text()


@pytest.mark.parametrize("path", ["/_read-then-change", "/_read-then-update"])
def test_a_reading_page_that_writes_is_refused_and_changes_nothing(app, path):
    client = app.test_client()
    with pytest.raises(WriteInReadOnlyRequest):
        client.get(path)
    assert _names(app) == ["Esbjerg Kommune"]


def test_after_a_reading_page_a_request_is_all_or_nothing_again(app):
    client = app.test_client()
    assert client.get("/_read").get_data(as_text=True) == "1"
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        client.get("/_half-write")
    # Aarhus was flushed before the failing insert: it must have been rolled back with it.
    assert _names(app) == ["Esbjerg Kommune"]
    assert client.get("/_read").get_data(as_text=True) == "1"
