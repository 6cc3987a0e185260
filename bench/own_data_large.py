"""A big family's own copy (GDPR art. 15): time to the first byte, total time and memory.

    .venv/bin/python bench/own_data_large.py [--cases 20] [--files 3] [--mb 50]

One run (see bench/README.md):

1. makes a fresh instance in a temporary folder (SQLite file, disk storage) and runs the
   migrations; one parent sends --cases cases (tests/support/tracking.py), each decided (so
   each has its dossier, receipt and decision letter to make) and each with --files
   attachments of --mb MB. The stored files are sparse (`truncate`): they read back as that
   many zero bytes and take no disk blocks;
2. logs the parent in with the development login and downloads `/dine-oplysninger/kopi.zip`
   through the real application in this process (Werkzeug's test client, no HTTP server),
   reading the stream as it comes and throwing it away;
3. prints the time to the response (everything read from the database, the overview and the
   JSON made, the copy written in the history), to the first byte of the body, the total
   time and size, and the process's resident memory before and at its peak while streaming
   (sampled every 5 ms): flat when the files pass through in chunks rather than being held;
4. removes the folder, also when something failed.

Exit status 0 when the ZIP was read whole and holds every case's dossier, 1 when not.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import MB, embedded_portal, sparse_video, zeros_sha256  # noqa: E402


class Rss(threading.Thread):
    """This process's resident memory, sampled every 5 ms."""

    def __init__(self) -> None:
        import psutil

        super().__init__(daemon=True)
        self.process = psutil.Process()
        self.before = self.peak = self.process.memory_info().rss
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.005)

    def stop(self) -> int:
        self.running = False
        self.join()
        return self.peak


def make_family(app, cases: int, files: int, size: int) -> tuple[str, str, list[str]]:
    from portal.extensions import db
    from portal.timeutil import today_local
    from tests.support import factories, tracking

    with app.test_request_context():
        esbjerg = factories.municipality()
        person, cpr = tracking.parent()
        worker = factories.staff(esbjerg)
        digest = zeros_sha256(size)
        numbers = []
        for n in range(cases):
            case = tracking.submitted_case(
                person, esbjerg, received=today_local() - timedelta(days=400 - n)
            )
            tracking.decide(case, worker, on=today_local() - timedelta(days=300 - n))
            for m in range(files):
                sparse_video(case, f"Træning {n + 1}-{m + 1}.mp4", size, digest)
            numbers.append(case.number)
        db.session.commit()
        return person.name, cpr, numbers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--files", type=int, default=3)
    parser.add_argument("--mb", type=float, default=50)
    args = parser.parse_args()
    size = int(args.mb * MB)

    folder = Path(tempfile.mkdtemp(prefix="bench-own-data-"))
    try:
        from tests.support import journey

        app = embedded_portal(folder, ROOT)
        start = time.perf_counter()
        name, cpr, numbers = make_family(app, args.cases, args.files, size)
        print(
            f"family: {args.cases} decided cases, {args.files} files of {args.mb:.0f} MB each "
            f"({args.cases * args.files * size / MB / 1024:.2f} GB of files; made in "
            f"{time.perf_counter() - start:.1f} s)"
        )
        client = app.test_client()
        journey.login_parent(client, name, cpr)

        rss = Rss()
        rss.start()
        start = time.perf_counter()
        response = client.get("/dine-oplysninger/kopi.zip", buffered=False)
        answered = time.perf_counter() - start
        chunks = iter(response.response)
        first = next(chunks)
        first_byte = time.perf_counter() - start
        total = len(first)
        # Only the last few MB are kept: the archive's directory at its end names every file.
        tail = bytearray(first)
        for chunk in chunks:
            total += len(chunk)
            tail += chunk
            if len(tail) > 4 * MB:
                del tail[: len(tail) - 2 * MB]
        elapsed = time.perf_counter() - start
        peak = rss.stop()
        response.close()

        print(f"response (headers):         {answered * 1000:8.0f} ms")
        print(f"first byte of the ZIP:      {first_byte * 1000:8.0f} ms")
        print(
            f"whole copy:                 {elapsed:8.1f} s, {total / MB:,.0f} MB "
            f"({total / MB / elapsed:,.0f} MB/s)"
        )
        print(
            f"memory (resident):          {rss.before / MB:8.0f} MB before, "
            f"{peak / MB:.0f} MB at the peak while streaming"
        )
        # The end of the archive holds the central directory naming every member.
        directory = bytes(tail)
        missing = [n for n in numbers if f"Sag {n}.docx".encode() not in directory]
        if total < args.cases * args.files * size or missing:
            print(f"FAILED: {total} bytes; dossiers missing from the directory: {missing}")
            return 1
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
