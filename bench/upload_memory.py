"""The server's memory while a parent uploads a large video.

    .venv/bin/python bench/upload_memory.py [--size-mb 400] [--target-mb 50]

One run (see bench/README.md):

1. makes a fresh instance in a temporary folder (SQLite file, upload folder), runs
   `flask db upgrade` and adds the demo municipality;
2. starts the portal under gunicorn (one sync worker) on a free loopback port;
3. logs in a parent with the development login, starts an application and opens the
   attachments step (so that every module the upload needs is loaded), then samples the
   worker's resident memory (RSS) for a second: the idle baseline;
4. uploads a generated MP4 of --size-mb megabytes as one multipart post, made chunk by chunk
   while it is sent (the client never holds the file), sampling the worker's RSS every 10 ms;
5. checks that the page after the upload lists the file, and prints the idle RSS, the peak
   RSS during the upload, their difference against the target, the kernel's high-water mark
   (VmHWM) and the time the upload took;
6. stops gunicorn and removes the temporary folder, also when something failed.

Exit status 0 when the upload was received (whatever the figures), 1 when it was not.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psutil  # noqa: E402

from tests.support import files  # noqa: E402
from tests.support.factories import parent_cpr  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
MB = 1024 * 1024
BOUNDARY = "bench-upload-boundary-7f3a"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Browser:
    """A cookie jar and the CSRF token of the last page, over urllib (small requests)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as response:
            return response.read().decode()

    def post(self, path: str, data: dict) -> tuple[str, str]:
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + path, data=body) as response:
            return response.geturl(), response.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def body(csrf: str, size: int) -> tuple[Iterator[bytes], int]:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nvideo_picture\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
        'filename="traening.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    def parts() -> Iterator[bytes]:
        yield head
        yield from files.video_stream(size)
        yield tail

    return parts(), len(head) + size + len(tail)


class Sampler(threading.Thread):
    def __init__(self, process: psutil.Process, interval: float) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.interval = interval
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(self.interval)

    def stop(self) -> int:
        self.running = False
        self.join()
        return self.peak


def high_water_mark(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) * 1024 if match else None


def worker_of(master: psutil.Process, timeout: float = 20) -> psutil.Process:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = master.children()
        if children:
            return children[0]
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def wait_until_up(base: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2).read()  # noqa: S310 (our loopback)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the portal did not answer")


def run(size: int, target: int) -> int:
    folder = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    env = {
        **os.environ,
        "PORTAL_ENV": "development",
        "FLASK_APP": "portal",
        "SECRET_KEY": secrets.token_hex(16),
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "UPLOAD_DIR": str(folder / "uploads"),
        "DEV_LOGIN_ENABLED": "1",
        "SESSION_COOKIE_SECURE": "0",
    }
    flask = [str(VENV_BIN / "flask")]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run(
        [*flask, "municipality", "add", "--code", "561", "--name", "Esbjerg Kommune"],
        env=env,
        check=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "--workers",
            "1",
            "--timeout",
            "900",
            "--bind",
            f"{HOST}:{port}",
            "portal:create_app()",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://{HOST}:{port}"
        wait_until_up(base)
        worker = worker_of(psutil.Process(server.pid))

        browser = Browser(base)
        page = browser.get("/log-ind/udvikling")
        browser.post(
            "/log-ind/udvikling",
            {"name": "Mette Hansen", "cpr_number": parent_cpr(), "csrf_token": token(page)},
        )
        page = browser.get("/ansoegning/")
        url, _page = browser.post(
            "/ansoegning/", {"municipality": "561", "csrf_token": token(page)}
        )
        step = urllib.parse.urlsplit(url).path.rsplit("/", 1)[0] + "/bilag"
        csrf = token(browser.get(step))

        idle_sampler = Sampler(worker, 0.05)
        idle_sampler.start()
        time.sleep(1.0)
        idle = idle_sampler.stop()

        hwm_before = high_water_mark(worker.pid)
        parts, length = body(csrf, size)
        sampler = Sampler(worker, 0.01)
        sampler.start()
        started = time.monotonic()
        connection = http.client.HTTPConnection(HOST, port, timeout=900)
        connection.request(
            "POST",
            step,
            body=parts,
            headers={
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                "Content-Length": str(length),
                "Cookie": browser.cookie_header(),
            },
        )
        response = connection.getresponse()
        response.read()
        took = time.monotonic() - started
        peak = sampler.stop()
        hwm = high_water_mark(worker.pid)
        location = response.getheader("Location") or ""
        # The outcome waits in the session cookie the upload's answer set.
        session = (response.getheader("Set-Cookie") or "").split(";", 1)[0]
        connection.close()

        after = ""
        if location and session:
            connection = http.client.HTTPConnection(HOST, port, timeout=60)
            connection.request(
                "GET", urllib.parse.urlsplit(location).path, headers={"Cookie": session}
            )
            after = connection.getresponse().read().decode()
            connection.close()
        received = response.status == 302 and "Vi har modtaget 1 fil" in after
        growth = peak - idle
        rate = size / MB / took
        print(f"upload:            {size / MB:.0f} MB MP4 in {took:.1f} s ({rate:.0f} MB/s)")
        print(f"worker RSS idle:   {idle / MB:.1f} MB")
        print(f"worker RSS peak:   {peak / MB:.1f} MB (sampled every 10 ms during the upload)")
        print(
            f"peak above idle:   {growth / MB:.1f} MB   target < {target / MB:.0f} MB: "
            f"{'met' if growth < target else 'NOT met'}"
        )
        if hwm is not None and hwm_before is not None:
            print(
                f"worker VmHWM:      {hwm_before / MB:.1f} MB before the upload, "
                f"{hwm / MB:.1f} MB after (the kernel's high-water mark since the worker started)"
            )
        print(f"received:          {'yes' if received else 'NO'} (HTTP {response.status})")
        return 0 if received else 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=int, default=400)
    parser.add_argument("--target-mb", type=int, default=50)
    args = parser.parse_args()
    return run(args.size_mb * MB, args.target_mb * MB)


if __name__ == "__main__":
    sys.exit(main())
