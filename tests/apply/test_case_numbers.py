"""Case numbers: HT-<year>-<six digits>, counted per year without gaps or duplicates, also when
two families submit at the same moment."""

from __future__ import annotations

import threading

from sqlalchemy import select

from portal.extensions import db as _db
from portal.models import CaseNumberCounter
from portal.services.case_numbers import next_case_number
from tests.conftest import committed_app


def test_numbers_count_on_within_a_year_and_start_again_in_the_next(db):
    first = [next_case_number(2026) for _ in range(3)]
    assert first == ["HT-2026-000001", "HT-2026-000002", "HT-2026-000003"]
    assert next_case_number(2027) == "HT-2027-000001"
    assert next_case_number(2026) == "HT-2026-000004"
    counters = dict(
        db.session.execute(select(CaseNumberCounter.year, CaseNumberCounter.last)).all()
    )
    assert counters == {2026: 4, 2027: 1}


def test_the_first_cases_of_a_year_at_the_same_moment_get_different_numbers(tmp_path):
    """Eight submissions open their transaction together, each takes a number, and all commit:
    the year's row is made once and every number is handed out once."""
    with committed_app(tmp_path) as app:
        start = threading.Barrier(8)
        numbers: list[str] = []
        errors: list[BaseException] = []
        lock = threading.Lock()

        def take() -> None:
            try:
                with app.app_context():
                    start.wait()
                    number = next_case_number(2031)
                    _db.session.commit()
                with lock:
                    numbers.append(number)
            except BaseException as error:  # reported below
                errors.append(error)

        threads = [threading.Thread(target=take) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert errors == []
        assert sorted(numbers) == [f"HT-2031-{n:06d}" for n in range(1, 9)]
