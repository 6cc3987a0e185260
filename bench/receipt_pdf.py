"""The family's receipt (PDF) of a large application: its size, pages and the time to make it.

    .venv/bin/python bench/receipt_pdf.py [--goals 30] [--lines 200] [--attachments 50]
                                          [--runs 5]

One run (see bench/README.md):

1. makes a fresh instance in a temporary folder (SQLite file) and runs the migrations;
2. sends an application the way the portal does (portal.services.submission): --goals goals
   (Bilag 10's examples, numbered), a week of training and school, a budget of --lines lines
   in every category (bench/dossier_large.py's), and --attachments files listed with their
   SHA-256 (the receipt lists them; it never reads their bytes);
3. makes the receipt --runs times inside a request context, as the download does (reading
   the case and its draft from the database included), and prints the best and the median
   time, the PDF's size and its number of pages;
4. removes the temporary folder, also when something failed.

Exit status 0 when the receipt was made (whatever the figures), 1 when it was not.
"""

from __future__ import annotations

import argparse
import hashlib
import io
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


def make_case(goals: int, lines: int, attachments: int) -> int:
    from dossier_large import answers

    from portal.extensions import db
    from portal.forms import steps as step_forms
    from portal.models import Attachment, Draft, DraftStep
    from portal.services import submission
    from portal.timeutil import now_utc
    from portal.wizard import examples
    from tests.support import factories, tracking

    esbjerg = factories.municipality()
    person, _cpr = tracking.parent()
    draft = Draft(parent_id=person.id, municipality=esbjerg, case_type="new_application")
    db.session.add(draft)
    db.session.flush()
    for slug, step_answers in answers(goals, lines).items():
        posted = examples.as_posted(step_answers)
        data = {k: v if isinstance(v, list) else [str(v)] for k, v in posted.items()}
        db.session.add(DraftStep(draft=draft, step=slug, data=data))
    for n in range(attachments):
        content = f"Udtalelse {n + 1}".encode()
        db.session.add(
            Attachment(
                draft_id=draft.id,
                kind="medical_statement" if n % 2 else "video_picture",
                original_name=f"Udtalelse {n + 1} fra læge.pdf",
                storage_key=f"bench/{n}",
                size=250_000 + n,
                sha256=hashlib.sha256(content).hexdigest(),
                content_type="application/pdf",
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


def build_receipt(case_id: int) -> bytes:
    from portal.extensions import db
    from portal.models import Case
    from portal.receipts import receipt_pdf

    db.session.expire_all()
    return receipt_pdf(db.session.get(Case, case_id))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--goals", type=int, default=30)
    parser.add_argument("--lines", type=int, default=200)
    parser.add_argument("--attachments", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-receipt-"))
    try:
        from pypdf import PdfReader

        app = embedded_portal(folder, ROOT)
        with app.test_request_context():
            case_id = make_case(args.goals, args.lines, args.attachments)
            seconds, content = [], b""
            for _ in range(args.runs):
                start = time.perf_counter()
                content = build_receipt(case_id)
                seconds.append(time.perf_counter() - start)
            pages = len(PdfReader(io.BytesIO(content)).pages)
            print(
                f"receipt of {args.goals} goals, {args.lines} budget lines, {args.attachments} "
                f"files: {len(content) / 1024:.0f} kB, {pages} pages; best "
                f"{min(seconds):.2f} s, median {statistics.median(seconds):.2f} s over "
                f"{args.runs} runs"
            )
        return 0
    except Exception as error:  # noqa: BLE001 - a benchmark says why it could not measure
        print(f"the receipt was not made: {error!r}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
