"""CPU per request of the application wizard, one parent at a time, on PostgreSQL.

    .venv/bin/python bench/wizard_cpu.py [--applications 20]

The load benchmark (wizard_load.py) measures latency and throughput with 20 parents on the
machine's few CPUs, where the gunicorn workers, PostgreSQL and the load generator share them;
on a shared machine its figures move by a fifth from one run to the next. This script
measures what the latency is made of, one request at a time and in-process (Werkzeug's test
client, no HTTP server): per request type, the CPU time the portal's code used (the thread's
own CPU clock, so waiting for PostgreSQL is not counted), the CPU time of PostgreSQL's
backend for the same requests, and the number of Python function calls per application, a
count that does not depend on the machine's speed at all.

One run creates a database `bench_cpu_<random>` next to the admin URL's database (default
postgresql://postgres@127.0.0.1:5432/test, or BENCH_DATABASE_URL), migrates it, adds Esbjerg
Kommune with an inbox for new cases, makes three applications to warm up and then
--applications complete applications (log in, start, every step's GET and POST with the
answers of portal/wizard/examples.py, "Tjek dine svar", submit, receipt), and drops the
database, also after an error or Ctrl-C. The e-mails go to a temporary folder.
Exit status 1 when a request did not answer as a browser expects.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from scratch import admin_url_for_psycopg, prepared_portal  # noqa: E402

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
COUNTED = 3  # applications whose function calls are counted
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def backend_cpu(admin: str, database: str) -> float:
    """CPU-seconds used so far by the PostgreSQL backends serving `database`."""
    with psycopg.connect(admin, autocommit=True) as connection:
        pids = [
            row[0]
            for row in connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (database,)
            )
        ]
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def run(admin_url: str, applications: int) -> int:
    admin = admin_url_for_psycopg(admin_url)
    with prepared_portal(admin_url, "bench_cpu", ROOT) as url:
        database = url.rpartition("/")[2]

        from portal import create_app
        from portal.timeutil import today_local
        from portal.wizard import examples
        from tests.support.factories import cpr_for
        from tests.support.pages import get

        app = create_app()
        answers = examples.application(today_local())
        cpu: dict[str, list[float]] = defaultdict(list)
        state = {"key": None, "measuring": False, "counting": False}
        calls = cProfile.Profile()
        inner = app.wsgi_app

        def measured(environ, start_response):
            if state["counting"]:
                calls.enable()
            started = time.thread_time()
            try:
                return inner(environ, start_response)
            finally:
                if state["measuring"]:
                    cpu[state["key"]].append(time.thread_time() - started)
                if state["counting"]:
                    calls.disable()

        app.wsgi_app = measured

        def tag(key: str) -> None:
            state["key"] = key  # what the next request through the app is

        def apply_once(n: int) -> None:
            client = app.test_client()
            tag("GET log-ind")
            login = get(client, "/log-ind/udvikling")
            cpr = cpr_for(date(1970 + n % 30, 1 + n % 12, 1 + n % 28), serial=n)
            tag("POST log-ind")
            client.post(
                "/log-ind/udvikling",
                data={"name": f"Forælder {n}", "cpr_number": cpr, **login.form_values()},
            )
            tag("GET forside")
            client.get("/")
            tag("GET ansoegning")
            start = get(client, "/ansoegning/")
            tag("POST ansoegning")
            created = client.post(
                "/ansoegning/", data={"municipality": "561", **start.form_values()}
            )
            base = created.headers["Location"].rpartition("/")[0] + "/"
            for slug, step_answers in answers.items():
                tag(f"GET {slug}")
                page = get(client, base + slug)
                fields = {
                    **page.form_values(),
                    **examples.as_posted(step_answers),
                    "_action": "save",
                }
                tag(f"POST {slug}")
                saved = client.post(base + slug, data=fields)
                if saved.status_code != 302:
                    raise SystemExit(f"POST {slug}: {saved.status_code}, not saved")
            tag("GET tjek")
            check = get(client, base + "tjek")
            tag("POST tjek")
            sent = client.post(base + "tjek", data={**check.form_values(), "confirm": "ja"})
            if sent.status_code != 302:
                raise SystemExit(f"POST tjek: {sent.status_code}, not submitted")
            tag("GET kvittering")
            get(client, base + "kvittering")

        for n in range(3):
            apply_once(10_000 + n)
        state["measuring"] = True
        postgres_before = backend_cpu(admin, database)
        for n in range(applications):
            apply_once(n)
        postgres = backend_cpu(admin, database) - postgres_before
        # Then counted apart: the profiler that counts the calls slows what it counts.
        state.update(measuring=False, counting=True)
        for n in range(COUNTED):
            apply_once(20_000 + n)
        function_calls = pstats.Stats(calls).total_calls / COUNTED
        print(f"{applications} applications, one at a time, in-process; CPU in ms")
        print(f"  {'request':26s} {'median':>7s} {'mean':>7s}")
        total = 0.0
        for key, values in cpu.items():
            values.sort()
            mean = sum(values) / len(values)
            total += mean
            print(f"  {key:26s} {values[len(values) // 2] * 1000:7.2f} {mean * 1000:7.2f}")
        requests = len(cpu)
        print(
            f"Portal code: {total * 1000:.1f} ms per application, "
            f"{total * 1000 / requests:.2f} ms per request (mean of the {requests} requests)"
        )
        print(
            f"PostgreSQL backend: {postgres * 1000 / applications:.1f} ms per application, "
            f"{postgres * 1000 / applications / requests:.2f} ms per request"
        )
        print(
            f"Python function calls inside the portal: {function_calls:,.0f} per application "
            f"(counted over {COUNTED} more; the same on every machine)"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=20)
    args = parser.parse_args()
    if args.applications < 1:
        parser.error("--applications must be at least 1")
    admin_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_ADMIN_URL)
    return run(admin_url, args.applications)


if __name__ == "__main__":
    sys.exit(main())
