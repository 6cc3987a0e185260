"""The ZIP of a 2 GB case: time to the first byte and the server's memory while it downloads.

    .venv/bin/python bench/zip_large.py [--gb 2] [--files 4]

One run (see bench/README.md):

1. makes a fresh instance in a temporary folder (SQLite file, disk storage) and runs the
   migrations; submits a case (tests/support/tracking.py) with --files attachments that
   together hold --gb GB. The stored files are sparse (`truncate` to their size): they read
   back as that many zero bytes but take no disk blocks, so a 2 GB case costs a few kB of disk.
   Their SHA-256 (the sum of that many zeros, as the upload would have taken it) is computed
   once per size;
2. starts the portal under gunicorn (one sync worker) on a free loopback port, with the same
   database and upload folder, and logs a caseworker in over HTTP;
3. downloads the case ZIP, reading 1 MB at a time and throwing it away, and prints the time
   to the response's headers and to its first byte of body, the total time and rate, and the
   server's resident memory (gunicorn's master and worker, sampled every 5 ms) before and
   at its peak during the download. The download must end with the ZIP's end-of-directory
   record and be larger than the attachments, or the run counts as failed;
4. stops gunicorn and removes the folder, also when something failed.

Exit status 0 when the ZIP was downloaded whole (whatever the figures), 1 when it was not.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
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

VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
FIRST_BYTE_TARGET = 1.0


def make_case(folder: Path, total: int, files: int) -> tuple[str, str, str]:
    """The case, its caseworker's e-mail and the attachments' size; in the instance's app."""

    from portal.extensions import db
    from portal.timeutil import today_local
    from tests.support import factories, tracking

    app = embedded_portal(folder, ROOT)
    with app.test_request_context():
        esbjerg = factories.municipality()
        person, _cpr = tracking.parent()
        case = tracking.submitted_case(person, esbjerg, received=today_local() - timedelta(days=10))
        worker = factories.staff(esbjerg)
        size = total // files
        digest = zeros_sha256(size)
        for n in range(files):
            sparse_video(case, f"Træning uge {n + 1}.mp4", size, digest)
        db.session.commit()
        return case.public_id, worker.email, str(size)


class Rss(threading.Thread):
    """The resident memory of gunicorn's master and workers together, sampled every 5 ms."""

    def __init__(self, pid: int) -> None:
        import psutil

        super().__init__(daemon=True)
        self.master = psutil.Process(pid)
        self.before = self.peak = self.now()
        self.running = True

    def now(self) -> int:
        processes = [self.master, *self.master.children(recursive=True)]
        total = 0
        for process in processes:
            # A worker that is starting or gone counts nothing.
            with contextlib.suppress(Exception):
                total += process.memory_info().rss
        return total

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.now())
            time.sleep(0.005)

    def stop(self) -> int:
        self.running = False
        self.join()
        return self.peak


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_gunicorn(folder: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "PORTAL_ENV": "testing",
        "DATABASE_URL": f"sqlite:///{folder / 'portal.sqlite3'}",
        "UPLOAD_DIR": str(folder / "uploads"),
        "MAIL_OUTBOX": str(folder / "outbox"),
        "SECRET_KEY": os.urandom(32).hex(),
    }
    log = (folder / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "--workers",
            "1",
            "--timeout",
            "600",
            "--bind",
            f"{HOST}:{port}",
            "portal:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{port}"
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited:\n" + (folder / "gunicorn.log").read_text())
        try:
            if requests.get(base + "/medarbejder/log-ind", timeout=60).status_code == 200:
                return process, base
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer")


def log_in(base: str, email: str):
    import requests

    from tests.support.factories import PASSWORD

    session = requests.Session()
    page = session.get(base + "/medarbejder/log-ind", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = session.post(
        base + "/medarbejder/log-ind",
        data={"email": email, "password": PASSWORD, "csrf_token": token},
        allow_redirects=False,
        timeout=10,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"log-in answered {answer.status_code}")
    return session


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gb", type=float, default=2.0)
    parser.add_argument("--files", type=int, default=4)
    args = parser.parse_args()
    total = int(args.gb * 1024 * MB)

    folder = Path(tempfile.mkdtemp(prefix="bench-zip-"))
    process = None
    try:
        start = time.perf_counter()
        public_id, email, size = make_case(folder, total, args.files)
        stored = (folder / "uploads").rglob("*")
        on_disk = sum(p.stat().st_blocks for p in stored if p.is_file()) * 512
        print(
            f"case: {args.files} attachments of {int(size) / MB:.0f} MB "
            f"({int(size) * args.files / MB / 1024:.2f} GB, sparse files: "
            f"{on_disk / 1024:.0f} kB on disk; made in {time.perf_counter() - start:.1f} s)"
        )
        process, base = start_gunicorn(folder)
        session = log_in(base, email)
        # Warm-up: the case page and its dossier (the ZIP's first file), so that the figures
        # are not the worker's first import of python-docx and the templates.
        session.get(f"{base}/sagsbehandling/sager/{public_id}", timeout=30)
        session.get(f"{base}/sagsbehandling/sager/{public_id}/sag.docx", timeout=30)
        sampler = Rss(process.pid)
        sampler.start()
        started = time.perf_counter()
        with session.get(
            f"{base}/sagsbehandling/sager/{public_id}/sag.zip", stream=True, timeout=600
        ) as response:
            headers_at = time.perf_counter() - started
            if response.status_code != 200:
                raise RuntimeError(f"the ZIP answered {response.status_code}")
            chunks = response.raw.stream(MB, decode_content=False)
            first = next(chunks)
            first_at = time.perf_counter() - started
            received = len(first)
            tail = first[-65536:]
            for chunk in chunks:
                received += len(chunk)
                tail = (tail + chunk)[-65536:]
        elapsed = time.perf_counter() - started
        peak = sampler.stop()
        if b"PK\x05\x06" not in tail[-1024:] or received <= total:
            raise RuntimeError(f"the ZIP is not whole ({received} bytes)")
        verdict = "within" if first_at < FIRST_BYTE_TARGET else "OVER"
        print(
            f"first byte: {first_at * 1000:.0f} ms (headers {headers_at * 1000:.0f} ms; "
            f"{verdict} the target of {FIRST_BYTE_TARGET:.0f} s)"
        )
        print(
            f"download: {received / MB:.0f} MB in {elapsed:.1f} s "
            f"({received / MB / elapsed:.0f} MB/s)"
        )
        print(
            f"server memory (gunicorn master + worker, RSS): {sampler.before / MB:.1f} MB "
            f"before, peak {peak / MB:.1f} MB during the download "
            f"({(peak - sampler.before) / MB:+.1f} MB)"
        )
        return 0
    except Exception as error:
        print(f"FAILED: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
