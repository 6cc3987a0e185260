"""The dossier of a large case: time and peak memory.

    .venv/bin/python bench/dossier_large.py [--goals 30] [--lines 200] [--attachments 50]
                                             [--runs 7] [--attachment-kb 256]

One run (see bench/README.md):

1. makes a fresh instance in a temporary folder (SQLite file, upload folder) and runs the
   migrations;
2. submits a case the way the portal does (tests/support/tracking.py): an application with
   --goals goals (Bilag 10's examples, numbered), a week of training and school, and a budget
   of --lines lines in every category; adds --attachments files of --attachment-kb kB each
   through storage, as the upload code keeps them; asks the family two questions, gives a
   notice of delay, and records a decision on every line;
3. builds the dossier --runs times inside a request context, as the download does (reading
   the case from the database included), and prints the best and the median time against
   the target of 0.5 s (and the CPU time, steadier on a busy machine); then once more
   under tracemalloc for the peak of Python's own allocations, and the process's peak RSS;
4. for comparison, times the decision letter (every line) and the whole ZIP (dossier and
   attachments, written to a temporary file and removed);
5. removes the temporary folder, also when something failed.

Exit status 0 when the documents were made (whatever the figures), 1 when they were not.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import embedded_portal  # noqa: E402

TARGET_SECONDS = 0.5


class PeakRss(threading.Thread):
    """The process's resident memory, sampled every few milliseconds while it runs."""

    def __init__(self) -> None:
        import psutil

        super().__init__(daemon=True)
        self.process = psutil.Process()
        self.start_rss = self.peak = self.process.memory_info().rss
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.002)

    def stop(self) -> tuple[int, int]:
        self.running = False
        self.join()
        return self.start_rss, self.peak


def answers(goals: int, lines: int) -> dict:
    from portal.rules.examples import anders_goal, maja_goal
    from portal.timeutil import today_local
    from portal.wizard import examples
    from tests.support import tracking

    today = today_local()
    result = tracking.request_answers("new_application", today)
    plan = {}
    for n in range(goals):
        goal = (anders_goal if n % 2 == 0 else maja_goal)(today)
        plan.update(
            examples.prefixed(f"goals-{n}", {**goal, "title": f"{goal['title']} ({n + 1})"})
        )
    result["maal"] = plan
    categories = ("equipment", "course", "provider", "helper", "other")
    budget = {"year": str(today.year + 1), "lost_earnings": "nej"}
    for n in range(lines):
        category = categories[n % len(categories)]
        line = {
            "category": category,
            "description": f"Udgift {n + 1}: redskab, kursus eller supervision",
            "quantity": "1",
            "justification": f"Udgift {n + 1} er nødvendig for øvelserne i tids- og faseplanen.",
        }
        if category == "helper":
            line["hours_per_week"] = "2"
        else:
            line["amount"] = "1.000"
        budget.update(examples.prefixed(f"lines-{n}", line))
    result["budget"] = budget
    return result


def add_attachments(case, count: int, size: int) -> None:
    from portal.extensions import db
    from portal.models import Attachment
    from portal.storage import storage

    store = storage()
    for n in range(count):
        # Random bytes: a scanned statement or a video does not compress either.
        content = os.urandom(size)
        staged = store.staging_dir / f"bench-{n}.part"
        staged.write_bytes(content)
        key = store.keep(staged)
        db.session.add(
            Attachment(
                case_id=case.id,
                kind="medical_statement" if n % 2 else "video_picture",
                original_name=f"Udtalelse {n + 1} fra læge.pdf",
                storage_key=key,
                size=size,
                sha256=hashlib.sha256(content).hexdigest(),
                content_type="application/pdf",
                uploaded_by_kind="parent",
                uploaded_by_id=case.parent_id,
                uploaded_by_name=case.parent.name,
            )
        )
    db.session.commit()


def make_case(goals: int, lines: int, attachments: int, attachment_kb: int):
    from portal.extensions import db
    from portal.services import cases, decisions
    from portal.timeutil import now_utc, today_local
    from tests.support import factories, tracking

    esbjerg = factories.municipality()
    person, _cpr = tracking.parent()
    case = tracking.submitted_case(
        person,
        esbjerg,
        received=today_local() - timedelta(days=30),
        answers=answers(goals, lines),
    )
    add_attachments(case, attachments, attachment_kb * 1024)
    worker = factories.staff(esbjerg)
    for question in ("Har I en udtalelse fra skolen?", "Hvor mange timer træner I om ugen?"):
        asked = cases.ask_for_information(case, worker, question, now=now_utc())
        cases.answer_information_request(case, person, asked, "Ja, den kommer.", now=now_utc())
    cases.record_delay_notice(
        case, worker, case.due_date + timedelta(days=30), "Visitationsudvalget.", now=now_utc()
    )
    budget = decisions.requested_budget(case)
    decisions.record(
        case,
        worker,
        decisions.DecisionInput(
            outcome="partly_approved",
            text="Hjemmetræningen godkendes.",
            complaint_guidance="Klag inden 4 uger.",
            lines=[
                decisions.LineInput(
                    line.index,
                    line.amount if line.index % 3 else Decimal(0),
                    line.index % 3 == 0,
                    "" if line.index % 3 else "Ikke nødvendig for træningen.",
                )
                for line in budget.lines
            ],
            next_supervision=today_local() + timedelta(days=60),
            second_supervision=today_local() + timedelta(days=240),
        ),
        now=now_utc(),
    )
    db.session.commit()
    return case.id


def build_dossier(case_id: int) -> bytes:
    """The dossier made by the function the download calls (in Danish, the case's answers
    read back, the rules asked), from the case as read from the database."""
    from portal.case_package import dossier as dossier_document
    from portal.extensions import db
    from portal.models import Case

    db.session.expire_all()
    return dossier_document(db.session.get(Case, case_id))


# The CPU time of this process for each run, beside the wall time: on a machine shared with
# other work the wall time says more about the neighbours than about the dossier.
CPU_SECONDS: list[float] = []


def timed(function, runs: int) -> tuple[list[float], object]:
    seconds, result = [], None
    CPU_SECONDS.clear()
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = function()
        seconds.append(time.perf_counter() - start)
        CPU_SECONDS.append(time.process_time() - cpu)
    return seconds, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--goals", type=int, default=30)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--attachments", type=int, default=50)
    parser.add_argument("--attachment-kb", type=int, default=256)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-dossier-"))
    try:
        app = embedded_portal(folder, ROOT)
        with app.test_request_context():
            start = time.perf_counter()
            case_id = make_case(args.goals, args.lines, args.attachments, args.attachment_kb)
            print(
                f"case: {args.goals} goals, {args.lines} budget lines, {args.attachments} "
                f"attachments of {args.attachment_kb} kB, a decision on every line "
                f"(made in {time.perf_counter() - start:.1f} s)"
            )
            sampler = PeakRss()
            sampler.start()
            seconds, content = timed(lambda: build_dossier(case_id), args.runs)
            rss_before, rss_peak = sampler.stop()
            from docx import Document

            document = Document(io.BytesIO(content))
            print(
                f"dossier: {len(content) / 1024:.0f} kB, {len(document.tables)} tables, "
                f"{sum(len(t.rows) for t in document.tables)} table rows"
            )
            best, median = min(seconds), statistics.median(seconds)
            cpu = statistics.median(CPU_SECONDS)
            verdict = "within" if median < TARGET_SECONDS else "OVER"
            print(
                f"dossier time: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms over "
                f"{args.runs} runs ({verdict} the target of {TARGET_SECONDS:.1f} s); "
                f"CPU time median {cpu * 1000:.0f} ms"
            )
            tracemalloc.start()
            build_dossier(case_id)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            mb = 1024 * 1024
            print(
                f"dossier memory: peak RSS {rss_peak / mb:.1f} MB while building, "
                f"{(rss_peak - rss_before) / mb:+.1f} MB over the RSS before "
                f"({rss_before / mb:.1f} MB); peak of Python's own allocations "
                f"{peak / mb:.1f} MB (tracemalloc; lxml's XML tree is not counted there)"
            )

            from portal.dossier import decision_letter
            from portal.extensions import db
            from portal.models import Case
            from portal.services.decisions import letter_data

            def letter() -> bytes:
                db.session.expire_all()
                return decision_letter.build(letter_data(db.session.get(Case, case_id)))

            seconds, _letter = timed(letter, args.runs)
            print(f"decision letter time: median {statistics.median(seconds) * 1000:.0f} ms")

            from portal.case_package import zip_entries
            from portal.dossier.case_zip import stream_case_zip
            from portal.storage import storage
            from portal.timeutil import now_utc

            def whole_zip() -> int:
                case = db.session.get(Case, case_id)
                chunks = stream_case_zip(
                    number=case.number,
                    municipality=case.municipality.name,
                    made_by="Bench",
                    made_at=now_utc(),
                    dossier=build_dossier(case_id),
                    entries=zip_entries(case),
                    open_file=storage().open,
                )
                return sum(len(chunk) for chunk in chunks)

            seconds, size = timed(whole_zip, 3)
            print(
                f"ZIP ({size / 1024 / 1024:.1f} MB, dossier included): median "
                f"{statistics.median(seconds) * 1000:.0f} ms over 3 runs"
            )
        return 0
    except Exception as error:  # the figures are worthless if the documents were not made
        print(f"FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
