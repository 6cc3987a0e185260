"""The hand-off of a case to the case system: the time to put its package together (the
dossier, the application as PDF/A) and to hand it over to a drop folder, and the memory it takes.

    .venv/bin/python bench/case_handoff.py [--attachments 10] [--megabytes 50] [--runs 3]

One run (see bench/README.md):

1. makes a fresh instance in a temporary folder (SQLite file, attachments on disk) and runs the
   migrations;
2. sends Bilag 10's application (portal.services.submission) with --attachments files of
   --megabytes MB each, kept in storage as uploads are, so the package has real bytes to copy;
3. --runs times: queues a hand-off (portal.notify.handoffs) and lets the outbox deliver it to
   a drop folder of its own (CASE_SYSTEM_BACKEND=folder), as the worker does; prints the best
   and median time, the package's size, the copying speed, and how much the process's
   resident memory grew (the files are copied in chunks: it should not grow with their size);
4. removes the temporary folder, also when something failed.

Exit status 0 when every package was handed over (whatever the figures), 1 when one was not.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import embedded_portal  # noqa: E402

CHUNK = 1024 * 1024


def make_case(attachments: int, megabytes: int) -> int:
    from portal.extensions import db
    from portal.forms import steps as step_forms
    from portal.models import Attachment, Draft, DraftStep
    from portal.services import submission
    from portal.storage import storage
    from portal.timeutil import now_utc
    from tests.support import factories, tracking

    esbjerg = factories.municipality()
    person, _cpr = tracking.parent()
    draft = Draft(parent_id=person.id, municipality=esbjerg, case_type="new_application")
    db.session.add(draft)
    db.session.flush()
    for slug, answers in tracking.request_answers("new_application").items():
        data = {k: v if isinstance(v, list) else [str(v)] for k, v in answers.items()}
        db.session.add(DraftStep(draft=draft, step=slug, data=data))
    store = storage()
    for n in range(attachments):
        staged = store.staging_dir / f"bench-{n}.part"
        digest = hashlib.sha256()
        with staged.open("wb") as out:
            for _ in range(megabytes):
                chunk = os.urandom(CHUNK)
                digest.update(chunk)
                out.write(chunk)
        db.session.add(
            Attachment(
                draft_id=draft.id,
                kind="video_picture",
                original_name=f"Træning {n + 1}.mp4",
                storage_key=store.keep(staged),
                size=megabytes * CHUNK,
                sha256=digest.hexdigest(),
                content_type="video/mp4",
                uploaded_by_kind="parent",
                uploaded_by_id=person.id,
                uploaded_by_name=person.name,
            )
        )
    db.session.commit()
    case = submission.submit(
        draft.public_id,
        person.id,
        now=now_utc() - timedelta(days=1),
        typed=step_forms.application_document,
    )
    db.session.commit()
    return case.id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attachments", type=int, default=10)
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-handoff-"))
    try:
        import psutil

        from portal import outbox
        from portal.extensions import db
        from portal.models import Case
        from portal.notify import handoffs

        app = embedded_portal(folder, ROOT)
        app.config["CASE_SYSTEM_DROP"] = str(folder / "case-system")
        process = psutil.Process()
        with app.app_context():
            case_id = make_case(args.attachments, args.megabytes)
            # The hand-off queued with the submission first.
            outbox.deliver()
            seconds, grown = [], []
            for run in range(args.runs):
                case = db.session.get(Case, case_id)
                handoffs.queue(case, "decided", 10_000 + run)
                db.session.commit()
                before = process.memory_info().rss
                start = time.perf_counter()
                result = outbox.deliver()
                seconds.append(time.perf_counter() - start)
                grown.append(process.memory_info().rss - before)
                if result.sent != 1:
                    print(f"run {run + 1}: the package was not handed over", file=sys.stderr)
                    return 1
            size = sum(
                p.stat().st_size for p in (folder / "case-system").rglob("*") if p.is_file()
            ) / (args.runs + 1)
            median = statistics.median(seconds)
            print(
                f"package of {args.attachments} files x {args.megabytes} MB "
                f"({size / CHUNK:.0f} MB with dossier, application PDF/A and manifest): best "
                f"{min(seconds):.2f} s, median {median:.2f} s over {args.runs} runs "
                f"({size / CHUNK / median:.0f} MB/s); resident memory grew by at most "
                f"{max(grown) / CHUNK:.0f} MB"
            )
        return 0
    except Exception as error:  # noqa: BLE001 - a benchmark says why it could not measure
        print(f"the package was not handed over: {error!r}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
