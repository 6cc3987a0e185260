"""The portal as it runs for real: gunicorn processes and `flask worker` on loopback, and a
browser's cookie jar that speaks to them over HTTP.

`HttpClient` answers like Flask's test client (`get`, `post`, a response with `status_code`,
`headers` and `get_data`), so the page helpers of tests/support (journey, uploads, pages)
drive a real server as they drive the test client. Redirects are not followed, as the test
client does not follow them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent.parent
# What a process needs from this machine's environment; everything else is given.
_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "VIRTUAL_ENV", "PYTHONPATH")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(settings: dict[str, str], folder: Path) -> dict[str, str]:
    """A process's environment: `settings`, and every place it might write on local disk
    (uploads, staging, e-mail and Digital Post folders, temporary files) inside `folder`,
    its own, so that no two processes share a file by accident."""
    own = {
        "UPLOAD_DIR": folder / "uploads",
        "UPLOAD_STAGING_DIR": folder / "staging",
        "MAIL_OUTBOX": folder / "outbox",
        "DIGITAL_POST_OUTBOX": folder / "digital-post",
        "TMPDIR": folder / "tmp",
    }
    for path in own.values():
        path.mkdir(parents=True, exist_ok=True)
    inherited = {name: os.environ[name] for name in _INHERITED if name in os.environ}
    return {**inherited, **{name: str(path) for name, path in own.items()}, **settings}


@dataclass
class Process:
    name: str
    process: subprocess.Popen
    folder: Path
    url: str = ""

    def log(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )

    def requests_served(self) -> int:
        """Requests in gunicorn's access log."""
        path = self.folder / "access.log"
        return len(path.read_text().splitlines()) if path.exists() else 0

    def stop(self) -> None:
        if self.process.poll() is None:
            # SIGTERM: gunicorn finishes its requests, the worker the message it delivers.
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _wait_until_answering(server: Process, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} stopped at its start:\n{server.log()}")
        try:
            if requests.get(server.url + "/", timeout=30).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} did not answer within {timeout} s:\n{server.log()}")


@contextmanager
def app_servers(
    settings: dict[str, str], folder: Path, names: tuple[str, ...] = ("A", "B")
) -> Iterator[list[Process]]:
    """One gunicorn per name (one sync worker each) on a free loopback port, each with its own
    folder, all with `settings`; stopped afterwards. They start side by side."""
    servers = []
    try:
        for name in names:
            own = folder / f"server-{name}"
            port = free_port()
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "120",
                "--access-logfile",
                str(own / "access.log"),
                "--error-logfile",
                str(own / "error.log"),
                "portal:create_app()",
            ]
            env = environment(settings, own)
            process = subprocess.Popen(command, cwd=own, env=env)  # noqa: S603 (our own command)
            servers.append(Process(name, process, own, f"http://127.0.0.1:{port}"))
        for server in servers:
            _wait_until_answering(server)
        yield servers
    finally:
        for server in servers:
            server.stop()


@contextmanager
def worker(settings: dict[str, str], folder: Path) -> Iterator[Process]:
    """`flask worker` in a process of its own, with a folder of its own; stopped afterwards."""
    own = folder / "worker"
    env = {**environment(settings, own), "FLASK_APP": "portal"}
    with (own / "worker.log").open("w") as log:
        process = subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, "-m", "flask", "worker"], cwd=own, env=env, stdout=log, stderr=log
        )
    running = Process("worker", process, own)
    try:
        yield running
    finally:
        running.stop()


class Answer:
    """A requests response as the page helpers read a test client's."""

    def __init__(self, response: requests.Response) -> None:
        self.raw = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.data = response.content

    def get_data(self, as_text: bool = False):
        return self.raw.text if as_text else self.data


class HttpClient:
    """One browser: its cookie jar, sending each request to the next of `servers` in turn
    (one server: always that one). `on(server)` is the same browser at one server."""

    def __init__(self, *servers: Process, session: requests.Session | None = None) -> None:
        self.session = session or requests.Session()
        self.servers = servers
        self._next = cycle(servers)

    def on(self, server: Process) -> HttpClient:
        return HttpClient(server, session=self.session)

    def open(self, method: str, url: str, **kwargs) -> Answer:
        server = next(self._next)
        response = self.session.request(
            method, server.url + url, allow_redirects=False, timeout=120, **kwargs
        )
        return Answer(response)

    def get(self, url: str) -> Answer:
        return self.open("GET", url)

    def post(self, url: str, data=None, content_type: str | None = None) -> Answer:
        headers = {"Content-Type": content_type} if content_type else None
        return self.open("POST", url, data=data, headers=headers)
