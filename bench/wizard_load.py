"""Load benchmark of the application wizard under gunicorn on PostgreSQL.

    .venv/bin/python bench/wizard_load.py [--parents 20] [--runs 6] [--workers N] [--lockstep]

What it does, in one run (see bench/README.md):

1. creates a fresh PostgreSQL database next to the admin URL's database, runs the migrations
   (`flask db upgrade`) and adds the demo municipality (Esbjerg Kommune, 561) with an inbox
   for new cases, so that a submission sends both its e-mails (the family's, the inbox's);
2. starts the portal under gunicorn on a free loopback port;
3. drives complete applications for --parents concurrent parents (threads, each with its own
   cookie jar): development login, start, GET and POST of every step with the valid answers of
   portal/wizard/examples.py, the check page, submit, receipt; each request timed; the parents
   spread over the wizard when the measurement starts (--lockstep: all at the first request);
4. serves a "bare page" (bench/bare_page.py: the portal's layout, no database) the same way and
   sends it the same number of requests with the same concurrency, in turns with the wizard
   (--slices);
5. prints per request p50/p95, requests/s, and each step POST's p95 against the targets
   (under 150 ms, within 4x of the bare page's p95). The targets are reported, not enforced;
6. stops gunicorn and drops the database, also when something failed.

Exit status 0 when every request answered as a browser expects (whatever the figures), 1 when
one did not (the response's status and an excerpt of its body are printed), 2 on bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import http.client
import http.cookiejar
import math
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from scratch import PREPARE_COMMANDS, admin_url_for_psycopg, fresh_database  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tests.support.factories import cpr_for  # noqa: E402

VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
HOST = "127.0.0.1"

# Targets printed next to the figures (reported, not enforced).
TARGET_POST_P95_MS = 150.0
TARGET_RATIO_TO_BARE = 4.0
# Above this share of the CPUs used by other processes, the report warns that it was disturbed.
NOISY_SHARE = 0.10

# The header that tags each request in gunicorn's access log, so that the server's own time
# for a request (%(D)s, microseconds, without the wait in the listen queue) can be matched to
# the client's measurement.
ACCESS_LOG_FORMAT = "%({x-bench-phase}i)s|%({x-bench-key}i)s|%(s)s|%(D)s"


class BenchError(Exception):
    """A request did not answer as a browser expects: the benchmark is worthless."""


# -- HTTP client: one "browser" per parent ----------------------------------------------------


@dataclass
class Sample:
    key: str  # "POST maal"
    seconds: float


@dataclass
class Reply:
    status: int
    location: str
    body: str


class Browser:
    """A parent's browser: its own cookie jar, a new loopback connection per request (gunicorn's
    sync workers close the connection after each response), redirects not followed on their
    own so that each request is timed and checked by itself."""

    def __init__(
        self,
        port: int,
        phase: str,
        samples: list[Sample] | None,
        *,
        window: Window | None = None,
        skip: int = 0,
        quota: int | None = None,
    ) -> None:
        """With a `window`, the browser's first `skip` requests are made before the
        measurement starts and are not recorded; before request number `skip` it waits for
        the other browsers (window.start), then it records `quota` requests (all, if None),
        tells the window it is done, and goes on unrecorded."""
        self.port = port
        self.phase = phase
        self.samples = samples
        self.jar = http.cookiejar.CookieJar()
        self.window = window
        self.skip = skip
        self.quota = quota
        self.made = 0

    def request(self, key: str, method: str, path: str, fields: dict | None = None) -> Reply:
        index, self.made = self.made, self.made + 1
        if self.window is not None and index == self.skip:
            self.window.start()
        last = self.quota is not None and index == self.skip + self.quota - 1
        recording = self.samples is not None and index >= self.skip
        recording = recording and (self.quota is None or index < self.skip + self.quota)
        url = f"http://{HOST}:{self.port}{path}"
        cookie_request = urllib.request.Request(url, method=method)
        self.jar.add_cookie_header(cookie_request)
        headers = dict(cookie_request.header_items())
        headers["X-Bench-Phase"] = self.phase
        headers["X-Bench-Key"] = key
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        try:
            started = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            elapsed = time.perf_counter() - started
            self.jar.extract_cookies(response, cookie_request)
        except (OSError, http.client.HTTPException) as error:
            raise BenchError(f"{key} ({method} {path}): no answer: {error!r}") from error
        finally:
            connection.close()
        if recording:
            self.samples.append(Sample(key, elapsed))
        if last and self.window is not None:
            self.window.finish()
        return Reply(
            response.status,
            urlsplit(response.getheader("Location") or "").path,
            data.decode("utf-8", "replace"),
        )

    def page(self, key: str, path: str) -> Reply:
        reply = self.request(key, "GET", path)
        expect(reply, key, 200)
        return reply

    def post(self, key: str, path: str, fields: dict, redirect_to: str | None = None) -> str:
        reply = self.request(key, "POST", path, fields)
        expect(reply, key, 302)
        if redirect_to is not None and reply.location != redirect_to:
            raise BenchError(f"{key}: redirected to {reply.location!r}, expected {redirect_to!r}")
        return reply.location


def expect(reply: Reply, key: str, status: int) -> None:
    if reply.status != status:
        raise BenchError(
            f"{key}: expected {status}, got {reply.status}"
            + (f" (Location: {reply.location})" if reply.location else "")
            + f"\n{excerpt(reply.body)}"
        )


_TAG = re.compile(r"<[^>]+>")
_ERROR_SUMMARY = re.compile(r'<[^>]*data-module="error-summary".*?</ul>', re.S)
_MAIN = re.compile(r"<main\b[^>]*>(.*?)</main>", re.S)
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_INPUT = re.compile(r"<input\b([^>]*)>", re.I)
_ATTR = re.compile(r'([\w:-]+)(?:="([^"]*)")?')


def excerpt(body: str, limit: int = 800) -> str:
    """What the page says: its error summary if it has one, else the text of <main>."""
    part = _ERROR_SUMMARY.search(body) or _MAIN.search(body)
    text = part.group(0) if part else body
    text = re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", text))).strip()
    return text[:limit] or body[:limit]


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): html.unescape(value or "") for name, value in _ATTR.findall(text)}


def hidden_fields(body: str) -> dict[str, str]:
    """The hidden controls (csrf_token, _version) of the page's last POST form, as
    tests.support.pages.Page.form_values() reads them (a regex: the load generator shares the
    machine's CPUs with the server and must stay cheap)."""
    forms = [inner for attrs, inner in _FORM.findall(body) if 'method="post"' in attrs.lower()]
    if not forms:
        raise BenchError(f"no POST form on the page\n{excerpt(body)}")
    controls = {}
    for tag in _INPUT.findall(forms[-1]):
        attrs = _attributes(tag)
        if attrs.get("type") == "hidden" and attrs.get("name"):
            controls[attrs["name"]] = attrs.get("value", "")
    return controls


def main_markup(body: str) -> str:
    match = re.search(r"<main\b[^>]*>\s*(.*?)\s*</main>", body, re.S)
    if match is None:
        raise BenchError("the goals step has no <main>")
    return match.group(1)


# -- The wizard, as a parent goes through it ---------------------------------------------------


@dataclass(frozen=True)
class Journey:
    step_slugs: tuple[str, ...]
    step_fields: dict[str, dict]  # slug -> answers as posted (examples.as_posted)

    @classmethod
    def valid(cls) -> Journey:
        from portal.timeutil import today_local
        from portal.wizard import examples

        answers = examples.application(today_local())
        return cls(tuple(answers), {slug: examples.as_posted(a) for slug, a in answers.items()})

    def request_keys(self) -> list[str]:
        """Every request of one application, in the order a parent makes them."""
        keys = ["GET log-ind", "POST log-ind", "GET forside", "GET ansoegning", "POST ansoegning"]
        for slug in self.step_slugs:
            keys += [f"GET {slug}", f"POST {slug}"]
        return keys + ["GET tjek", "POST tjek", "GET kvittering"]


def apply_once(
    browser: Browser, plan: Journey, name: str, cpr: str, keep: dict | None = None
) -> None:
    """One complete application: log in, start, every step, check, submit, receipt.
    Redirects are followed as a browser does (POST -> 302 -> GET of the next page)."""
    login = browser.page("GET log-ind", "/log-ind/udvikling")
    home = browser.post(
        "POST log-ind",
        "/log-ind/udvikling",
        {"name": name, "cpr_number": cpr, **hidden_fields(login.body)},
        redirect_to="/",
    )
    browser.page("GET forside", home)
    start = browser.page("GET ansoegning", "/ansoegning/")
    location = browser.post("POST ansoegning", "/ansoegning/", hidden_fields(start.body))
    base, _slash, first = location.rpartition("/")
    if first != plan.step_slugs[0]:
        raise BenchError(f"POST ansoegning: redirected to {location!r}, not the first step")
    base += "/"
    for position, slug in enumerate(plan.step_slugs):
        page = browser.page(f"GET {slug}", base + slug)
        if keep is not None and slug == "maal":
            keep["maal"] = page.body
        following = plan.step_slugs[position + 1] if position + 1 < len(plan.step_slugs) else "tjek"
        fields = {**hidden_fields(page.body), **plan.step_fields[slug], "_action": "save"}
        reply = browser.request(f"POST {slug}", "POST", base + slug, fields)
        if reply.status != 302:
            raise BenchError(
                f"POST {slug}: expected 302 (saved, next step), got {reply.status}"
                f"\n{excerpt(reply.body)}"
            )
        if reply.location != base + following:
            raise BenchError(
                f"POST {slug}: redirected to {reply.location!r}, expected {base + following!r}"
            )
    check = browser.page("GET tjek", base + "tjek")
    if "Der mangler svar" in check.body:
        raise BenchError(f"GET tjek: the application is incomplete\n{excerpt(check.body)}")
    receipt = browser.post(
        "POST tjek",
        base + "tjek",
        {**hidden_fields(check.body), "confirm": "ja"},
        redirect_to=base + "kvittering",
    )
    page = browser.page("GET kvittering", receipt)
    if not re.search(r"HT-\d{4}-\d{6}", page.body):
        raise BenchError(f"GET kvittering: no case number on the receipt\n{excerpt(page.body)}")


def parent_identity(n: int) -> tuple[str, str]:
    """A name and a valid, different CPR number for parent n (tests.support.factories)."""
    birth = date(1970 + n % 30, 1 + n % 12, 1 + n % 28)
    return f"Forælder {n}", cpr_for(birth, serial=n)


@dataclass
class Phase:
    samples: list[Sample] = field(default_factory=list)
    seconds: float = 0.0
    # CPU-seconds used during the phase, per group of processes (see CpuMeter).
    cpu: dict[str, float] = field(default_factory=dict)
    machine_busy: float | None = None  # share of all CPUs busy during the phase (0..1)

    def absorb(self, part: Phase) -> None:
        """Add a slice of the same phase (see run: the wizard and the bare page alternate)."""
        busy = [(p.machine_busy, p.seconds) for p in (self, part) if p.machine_busy is not None]
        self.samples.extend(part.samples)
        for group, seconds in part.cpu.items():
            self.cpu[group] = self.cpu.get(group, 0.0) + seconds
        self.seconds += part.seconds
        if busy:
            weight = sum(seconds for _busy, seconds in busy)
            self.machine_busy = sum(b * sec for b, sec in busy) / weight if weight else None

    def by_key(self) -> dict[str, list[float]]:
        result: dict[str, list[float]] = defaultdict(list)
        for sample in self.samples:
            result[sample.key].append(sample.seconds)
        return result


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _process_stat(pid: int | str) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state, ppid, ...)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()
    except OSError:
        return None


def process_cpu(pid: int) -> float:
    """User + system CPU-seconds of a process so far (0 when it is gone or off Linux)."""
    fields = _process_stat(pid)
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS if fields else 0.0


def child_pids(parent: int) -> list[int]:
    if not os.path.isdir("/proc"):
        return []
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _process_stat(entry)
            if fields and fields[1] == str(parent):
                children.append(int(entry))
    return children


def machine_cpu() -> tuple[float, float] | None:
    """(busy, total) CPU-seconds of all CPUs since boot, from /proc/stat; None off Linux."""
    try:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values) - idle) / CLOCK_TICKS, sum(values) / CLOCK_TICKS


class CpuMeter:
    """Who used the CPUs during a phase: the gunicorn master and its workers, the PostgreSQL
    backends serving the benchmark's database, this load generator, and everything else on
    the machine. On a shared machine "other processes" says how much the figures were
    disturbed; CPU per request is steadier than latency under such noise."""

    def __init__(self, server_label: str, server_pid: int, database: tuple[str, str] | None):
        self.server_label = server_label
        self.server_pid = server_pid
        self.database = database  # (admin URL, database name) or None

    def _backends(self) -> list[int]:
        if self.database is None:
            return []
        admin, name = self.database
        with psycopg.connect(admin, autocommit=True) as connection:
            rows = connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,)
            ).fetchall()
        return [row[0] for row in rows]

    def snapshot(self) -> dict:
        server = [self.server_pid, *child_pids(self.server_pid)]
        return {
            self.server_label: {pid: process_cpu(pid) for pid in server},
            "PostgreSQL": {pid: process_cpu(pid) for pid in self._backends()},
            "load generator": {os.getpid(): time.process_time()},
            "machine": machine_cpu(),
        }

    @staticmethod
    def difference(before: dict, after: dict, phase: Phase) -> None:
        ours = 0.0
        for group, now in after.items():
            if group == "machine":
                continue
            then = before.get(group, {})
            used = sum(max(0.0, cpu - then.get(pid, 0.0)) for pid, cpu in now.items())
            if group != "PostgreSQL" or now:
                phase.cpu[group] = used
            ours += used
        if before["machine"] and after["machine"]:
            busy = after["machine"][0] - before["machine"][0]
            total = after["machine"][1] - before["machine"][1]
            phase.cpu["other processes"] = max(0.0, busy - ours)
            phase.machine_busy = busy / total if total > 0 else None


class Window:
    """The measured time of a phase: it starts when every client has made its unrecorded
    lead-in requests and waits at the start (so the server is idle at that moment), and ends
    when the last client has made its last recorded request. The CPU meter is read at both
    moments."""

    def __init__(self, clients: int, meter: CpuMeter | None) -> None:
        self.meter = meter
        self.before: dict | None = None
        self.started = 0.0
        self.ended = 0.0
        self.cpu: tuple[dict, dict] | None = None
        self._gate = threading.Barrier(clients, action=self._open)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._running = clients

    def _open(self) -> None:
        self.before = self.meter.snapshot() if self.meter else None
        self.started = time.perf_counter()

    def start(self) -> None:
        """Wait until every client is here (once per client thread)."""
        if not getattr(self._local, "started", False):
            self._local.started = True
            self._gate.wait()

    def finish(self) -> None:
        """This client's measured requests are made (once per client thread)."""
        if getattr(self._local, "finished", False):
            return
        self._local.finished = True
        with self._lock:
            self._running -= 1
            if self._running == 0:
                self.ended = time.perf_counter()
                if self.meter and self.before:
                    self.cpu = (self.before, self.meter.snapshot())


def run_concurrently(
    clients: int,
    work: Callable[[int, list[Sample] | None, threading.Event, Window], None],
    measure: bool,
    meter: CpuMeter | None = None,
) -> Phase:
    """Runs work(client_number, samples, stop, window) in `clients` threads, measured over
    the window (see Window). The first error stops the others and is raised here."""
    phase = Phase()
    lock = threading.Lock()
    errors: list[BaseException] = []
    stop = threading.Event()
    window = Window(clients, meter)

    def thread_main(n: int) -> None:
        own: list[Sample] = []
        try:
            work(n, own if measure else None, stop, window)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            with lock:
                errors.append(error)
            stop.set()
        finally:
            # A client that stopped early still passes the start and ends its part, so
            # that the others are not left waiting for it.
            window.start()
            window.finish()
        with lock:
            phase.samples.extend(own)

    threads = [threading.Thread(target=thread_main, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    phase.seconds = window.ended - window.started
    if window.cpu:
        CpuMeter.difference(*window.cpu, phase)
    if errors:
        raise errors[0]
    return phase


def wizard_phase(
    port: int,
    plan: Journey,
    parents: int,
    runs: int,
    phase_name: str,
    measure: bool,
    first_parent: int,
    meter: CpuMeter | None = None,
    stagger: bool = True,
) -> Phase:
    """`runs` applications' worth of requests per parent, measured. Staggered (the default),
    parent n is n/parents of the way through an application when the measurement starts:
    its first requests are made before, unrecorded, and it finishes its last application
    after its `runs` x (requests per application) recorded requests, unrecorded. Parents who
    all start at the first request stay in step for many applications and reach the
    heaviest pages ("Tjek dine svar", the submission) together, which real parents do not."""
    per_application = len(plan.request_keys())

    def work(n: int, samples: list[Sample] | None, stop: threading.Event, window) -> None:
        skip = n * per_application // parents if stagger else 0
        browser = Browser(
            port, phase_name, samples, window=window, skip=skip, quota=runs * per_application
        )
        name, cpr = parent_identity(first_parent + n)
        for _run in range(runs + (1 if skip else 0)):
            if stop.is_set():
                return
            apply_once(browser, plan, name, cpr)

    return run_concurrently(parents, work, measure, meter)


def bare_phase(
    port: int,
    clients: int,
    requests: int,
    phase_name: str,
    measure: bool,
    meter: CpuMeter | None = None,
) -> Phase:
    remaining = iter(range(requests))
    take = threading.Lock()

    def work(n: int, samples: list[Sample] | None, stop: threading.Event, window) -> None:
        browser = Browser(port, phase_name, samples, window=window)
        while not stop.is_set():
            with take:
                if next(remaining, None) is None:
                    return
            browser.page("GET bare", "/")

    return run_concurrently(clients, work, measure, meter)


# -- Processes: database, migrations, gunicorn -------------------------------------------------


def portal_environment(database_url: str, portal_env: str, outbox: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PORTAL_ENV": portal_env,
        "DATABASE_URL": database_url,
        # The e-mails as .eml files in the run's own folder, removed with it.
        "MAIL_OUTBOX": str(outbox),
        "SECRET_KEY": secrets.token_hex(32),
        "FLASK_APP": "portal",
        # Only matter for PORTAL_ENV=production: the development login on, cookies over http.
        "DEV_LOGIN_ENABLED": "1",
        "SESSION_COOKIE_SECURE": "0",
    }
    env.pop("FLASK_DEBUG", None)
    return env


def prepare_database(env: dict[str, str]) -> None:
    """The schema by the migrations, and the demo municipality with its inbox."""
    for command in PREPARE_COMMANDS:
        result = subprocess.run(
            [str(VENV_BIN / "flask"), *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BenchError(
                f"flask {' '.join(command)} failed ({result.returncode}):\n"
                f"{result.stdout[-2000:]}{result.stderr[-2000:]}"
            )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path
    access_log: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@contextlib.contextmanager
def gunicorn(
    name: str,
    app: str,
    workers: int,
    env: dict[str, str],
    workdir: Path,
    extra: list[str],
    ready_path: str,
) -> Iterator[Server]:
    port = free_port()
    log = workdir / f"{name}.log"
    access_log = workdir / f"{name}.access.log"
    command = [
        str(VENV_BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"{HOST}:{port}",
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--log-level",
        "warning",
        *extra,
        app,
    ]
    with open(log, "wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    server = Server(name, process, port, log, access_log)
    try:
        wait_until_answering(server, ready_path)
        print(f"{name}: gunicorn pid {process.pid}, {workers} workers, http://{HOST}:{port}")
        yield server
    finally:
        stop_process(process)


def wait_until_answering(server: Server, path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(
                f"{server.name}: gunicorn exited with {server.process.returncode}\n"
                f"{server.log_tail()}"
            )
        try:
            connection = http.client.HTTPConnection(HOST, server.port, timeout=5)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"{server.name}: no answer on port {server.port}\n{server.log_tail()}")


def stop_process(process: subprocess.Popen) -> None:
    """Stops the gunicorn master we started (it stops its workers)."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def server_times(access_log: Path, phase_name: str) -> dict[str, list[float]]:
    """The server's own time per request key (seconds) from the access log."""
    result: dict[str, list[float]] = defaultdict(list)
    with contextlib.suppress(OSError):
        for line in access_log.read_text(errors="replace").splitlines():
            parts = line.split("|")
            if len(parts) == 4 and parts[0] == phase_name:
                with contextlib.suppress(ValueError):
                    result[parts[1]].append(int(parts[3]) / 1e6)
    return result


# -- Figures -------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.1f}"


def median(values: list[float] | None) -> float | None:
    return percentile(values, 50) if values else None


def p95(values: list[float] | None) -> float | None:
    return percentile(values, 95) if values else None


def print_report(
    plan: Journey,
    wizard: Phase,
    wizard_server: dict,
    wizard_single: Phase,
    bare: Phase,
    bare_server: dict,
    bare_single: Phase,
    *,
    parents: int,
    runs: int,
    workers: int,
) -> None:
    samples = wizard.by_key()
    single = wizard_single.by_key()
    bare_values = bare.by_key()["GET bare"]
    bare_p50, bare_p95 = percentile(bare_values, 50), percentile(bare_values, 95)
    requests = len(wizard.samples)
    print()
    print(
        f"Wizard: {parents} parents x {runs} applications, {workers} gunicorn workers: "
        f"{requests} requests in {wizard.seconds:.1f} s = "
        f"{requests / wizard.seconds:.1f} requests/s"
        f" ({parents * runs / wizard.seconds:.2f} applications/s)"
    )
    print(
        "  ms; p50/p95 as the parents' browsers measured them (loopback, incl. waiting for a free"
        " worker);\n  server p95 = gunicorn's own time (%(D)s) for the same requests; alone p50 = "
        "one parent\n  alone, the time a request takes without waiting for others."
    )
    header = (
        f"  {'request':<26}{'count':>6}{'p50':>8}{'p95':>8}{'server p95':>12}{'alone p50':>11}"
        f"   p95 < {TARGET_POST_P95_MS:.0f} ms   p95 / bare p95 <= {TARGET_RATIO_TO_BARE:.0f}x"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    misses = []
    for key in plan.request_keys():
        values = samples.get(key, [])
        if not values:
            continue
        row = (
            f"  {key:<26}{len(values):>6}{ms(median(values)):>8}{ms(p95(values)):>8}"
            f"{ms(p95(wizard_server.get(key))):>12}{ms(median(single.get(key))):>11}"
        )
        slug = key.removeprefix("POST ")
        if key.startswith("POST ") and slug in plan.step_slugs:
            value = p95(values)
            ratio = value / bare_p95
            under = value * 1000 < TARGET_POST_P95_MS
            within = ratio <= TARGET_RATIO_TO_BARE
            row += (
                f"   {'met' if under else 'MISSED':<12}   {ratio:>5.1f}x "
                f"{'met' if within else 'MISSED'}"
            )
            if not (under and within):
                misses.append(key)
        print(row)
    all_values = [s.seconds for s in wizard.samples]
    step_posts = [
        s.seconds
        for s in wizard.samples
        if s.key.startswith("POST ") and s.key[5:] in plan.step_slugs
    ]
    print("  " + "-" * (len(header) - 2))
    print(
        f"  {'all wizard requests':<26}{len(all_values):>6}{ms(median(all_values)):>8}"
        f"{ms(p95(all_values)):>8}"
    )
    print(
        f"  {'all step POSTs':<26}{len(step_posts):>6}{ms(median(step_posts)):>8}"
        f"{ms(p95(step_posts)):>8}"
    )
    print()
    print(
        f"Bare page (layout + goals step markup, no database): {len(bare_values)} requests, "
        f"{parents} clients, in {bare.seconds:.1f} s = {len(bare_values) / bare.seconds:.1f} "
        "requests/s"
    )
    print(
        f"  {'GET bare':<26}{len(bare_values):>6}{ms(bare_p50):>8}{ms(bare_p95):>8}"
        f"{ms(p95(bare_server.get('GET bare'))):>12}"
        f"{ms(median(bare_single.by_key().get('GET bare'))):>11}"
    )
    print()
    print("CPU used during the measured phases (CPU-seconds, and ms per request):")
    for label, phase in (("wizard", wizard), ("bare page", bare)):
        count = len(phase.samples)
        parts = [
            f"{group} {seconds:.1f} s"
            + ("" if group == "other processes" else f" ({1000 * seconds / count:.1f} ms)")
            for group, seconds in phase.cpu.items()
        ]
        busy = "" if phase.machine_busy is None else f"; all CPUs {phase.machine_busy:.0%} busy"
        print(f"  {label} ({phase.seconds:.1f} s): {', '.join(parts)}{busy}")
    for label, phase in (("wizard", wizard), ("bare page", bare)):
        others = phase.cpu.get("other processes", 0.0)
        capacity = phase.seconds * (os.cpu_count() or 1)
        if capacity and others / capacity > NOISY_SHARE:
            print(
                f"  NOTE: other processes used {others / capacity:.0%} of the CPUs during the "
                f"{label} phase: its latencies are disturbed; compare CPU per request instead."
            )
    if misses:
        print(f"Targets missed by: {', '.join(misses)}")
    else:
        print("Every step POST met both targets.")


# -- Main ----------------------------------------------------------------------------------------


def cpu_count() -> tuple[int, int]:
    logical = os.cpu_count() or 1
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = logical
    return logical, usable


def code_version() -> str:
    """The commit under test, and whether portal/ or migrations/ differ from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "portal", "migrations"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"{ROOT} (not a git checkout)"
    changes = " + uncommitted changes in portal/ or migrations/" if changed else ""
    return f"{ROOT}, git {commit}{changes}"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parents", type=int, default=20, help="concurrent parents (20)")
    parser.add_argument(
        "--runs",
        type=int,
        default=6,
        help="complete applications per parent (6: 120 samples of each request for its p95)",
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default 2 x CPUs + 1)"
    )
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_ADMIN_URL,
        help="PostgreSQL to create the benchmark's database next to "
        f"(BENCH_DATABASE_URL, default {DEFAULT_ADMIN_URL})",
    )
    parser.add_argument(
        "--portal-env",
        default="testing",
        choices=("testing", "development", "production"),
        help="PORTAL_ENV of the portal under test (testing)",
    )
    parser.add_argument(
        "--app",
        default="portal:create_app()",
        help="gunicorn's application for the portal (portal:create_app()); another module on "
        "PYTHONPATH lets you measure a variant, e.g. with other engine options",
    )
    parser.add_argument(
        "--slices",
        type=int,
        default=6,
        help="measure the wizard and the bare page in turns, in this many slices of --runs (6)",
    )
    parser.add_argument(
        "--lockstep",
        action="store_true",
        help="start every parent at the first request of an application, all at once, instead "
        "of spread over the wizard",
    )
    parser.add_argument(
        "--alone-runs",
        type=int,
        default=3,
        help="applications by one parent alone, for the 'alone p50' column (3)",
    )
    args = parser.parse_args()
    if args.parents < 1 or args.runs < 1 or args.alone_runs < 1 or args.slices < 1:
        parser.error("--parents, --runs, --alone-runs and --slices must be at least 1")
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be at least 1")
    return args


def split_runs(runs: int, slices: int) -> list[int]:
    """`runs` applications per parent in min(runs, slices) near-equal slices."""
    count = max(1, min(runs, slices))
    return [runs // count + (1 if n < runs % count else 0) for n in range(count)]


def run(args: argparse.Namespace) -> None:
    logical, usable = cpu_count()
    workers = args.workers or 2 * usable + 1
    how = "--workers" if args.workers else "2 x usable CPUs + 1"
    print(
        f"CPUs: {logical} (usable by this process: {usable}); gunicorn workers: {workers} ({how})"
    )
    print(
        f"Parents: {args.parents} concurrent, {args.runs} applications each, "
        f"{'all starting at the first request' if args.lockstep else 'spread over the wizard'}; "
        f"PORTAL_ENV={args.portal_env}"
    )
    print(f"Portal code: {code_version()}")
    with contextlib.suppress(OSError):
        print(
            f"Load average before the run: {Path('/proc/loadavg').read_text().split(' ', 3)[:3]}"
            " (other processes on the machine share the CPUs with the benchmark)"
        )
    plan = Journey.valid()
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-wizard-")))
        database_url = stack.enter_context(fresh_database(args.admin_url, "bench_wizard"))
        env = portal_environment(database_url, args.portal_env, workdir / "outbox")
        prepare_database(env)
        print("Database: migrated, Esbjerg Kommune (561) added, with an inbox for new cases")

        with contextlib.ExitStack() as servers:
            portal = servers.enter_context(
                gunicorn("portal", args.app, workers, env, workdir, [], "/")
            )
            try:
                # Warm-up: every worker compiles its templates and opens its database
                # connection before anything is measured.
                wizard_phase(
                    portal.port,
                    plan,
                    min(args.parents, 2 * workers),
                    1,
                    "warmup",
                    False,
                    first_parent=1000,
                )
                # One parent alone: the time a request takes when it does not wait for others.
                keep: dict[str, str] = {}
                alone = Phase()
                browser = Browser(portal.port, "alone", alone.samples)
                name, cpr = parent_identity(2000)
                for _run in range(args.alone_runs):
                    apply_once(browser, plan, name, cpr, keep=keep)
                print("Warm-up and one parent alone: done")
            except Exception:
                if tail := portal.log_tail().strip():
                    print(f"--- portal log (last lines) ---\n{tail}", file=sys.stderr)
                raise

            markup = workdir / "maal.html"
            markup.write_text(main_markup(keep["maal"]), encoding="utf-8")
            bare_env = {
                **os.environ,
                "BARE_PAGE_MARKUP": str(markup),
                "SECRET_KEY": secrets.token_hex(32),
            }
            bare_server = servers.enter_context(
                gunicorn(
                    "bare page",
                    "bare_page:create_app()",
                    workers,
                    bare_env,
                    workdir,
                    ["--pythonpath", str(ROOT / "bench")],
                    "/",
                )
            )
            bare_phase(bare_server.port, args.parents, 10 * workers, "warmup", False)
            bare_alone = Phase()
            browser = Browser(bare_server.port, "alone", bare_alone.samples)
            for _n in range(30):
                page = browser.page("GET bare", "/")

            # The wizard and the bare page take turns, slice by slice, so that both are
            # measured in the same moments of a shared machine whose speed drifts.
            wizard_meter = CpuMeter(
                "portal workers",
                portal.process.pid,
                (admin_url_for_psycopg(args.admin_url), make_url(database_url).database),
            )
            bare_meter = CpuMeter("bare page workers", bare_server.process.pid, None)
            wizard, bare = Phase(), Phase()
            slices = split_runs(args.runs, args.slices)
            for runs in slices:
                try:
                    part = wizard_phase(
                        portal.port,
                        plan,
                        args.parents,
                        runs,
                        "measure",
                        True,
                        first_parent=0,
                        meter=wizard_meter,
                        stagger=not args.lockstep,
                    )
                except Exception:
                    if tail := portal.log_tail().strip():
                        print(f"--- portal log (last lines) ---\n{tail}", file=sys.stderr)
                    raise
                wizard.absorb(part)
                bare.absorb(
                    bare_phase(
                        bare_server.port,
                        args.parents,
                        len(part.samples),
                        "measure",
                        True,
                        meter=bare_meter,
                    )
                )
            print(
                f"Measured in {len(slices)} slices ({', '.join(map(str, slices))} applications "
                "per parent), each followed by as many bare page requests"
            )
            wizard_server = server_times(portal.access_log, "measure")
            bare_times = server_times(bare_server.access_log, "measure")
        print(
            f"Page sizes: GET maal {len(keep['maal'].encode()):,} bytes, "
            f"bare page {len(page.body.encode()):,} bytes"
        )

        print_report(
            plan,
            wizard,
            wizard_server,
            alone,
            bare,
            bare_times,
            bare_alone,
            parents=args.parents,
            runs=args.runs,
            workers=workers,
        )


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    args = arguments()
    sys.stdout.reconfigure(line_buffering=True)  # progress lines in order with errors
    # A SIGTERM ends the run like Ctrl-C: through the clean-up (gunicorn stopped, database
    # dropped).
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        run(args)
    except BenchError as error:
        print(f"\nBENCHMARK FAILED: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
