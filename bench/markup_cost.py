"""What the markup written in Python saves: the wizard's requests with the portal as it is,
against the same markup written the other way, in one process, in turns.

    .venv/bin/python bench/markup_cost.py [--rounds 25]

Two pieces of a wizard page's markup are written in Python rather than by Jinja or WTForms,
because they run for every field of every page: `portal.forms.render.field` (the label, hint
and error around an input) and `portal.forms.widgets` (the inputs themselves, the same HTML
as WTForms' own widgets). The house keeps HTML in Python only where the template version
costs more than 10 % of a wizard request. This script measures that: it makes four apps on
one database (PostgreSQL, as bench/wizard_cpu.py: `BENCH_DATABASE_URL` or the default admin
URL) and sends each the same complete applications (portal/wizard/examples.py), one app
after the other, round after round, so that all four see the same moments of a machine whose
speed drifts:

- "portal": the portal as it is;
- "field macro": `field` is bench/templates/field.html's Jinja macro instead;
- "WTForms widgets": the inputs are WTForms' own widgets;
- "both": both of the above.

It prints, per request, the median CPU time of the thread that served it (not waiting for
PostgreSQL) for each app and how much more the others cost than the portal. Nothing here
changes the portal: the other ways are put in place by this script for its own apps.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scratch import prepared_portal  # noqa: E402

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
WARM_UP = 2  # applications per app before measuring
VARIANTS = ("portal", "field macro", "WTForms widgets", "both")


def make_apps() -> dict:
    from jinja2 import ChoiceLoader, FileSystemLoader

    from portal import create_app

    apps = {}
    for name in VARIANTS:
        app = create_app()
        if name in ("field macro", "both"):
            # The portal's own templates first; the bench's macro beside them.
            app.jinja_env.loader = ChoiceLoader(
                [app.jinja_env.loader, FileSystemLoader(str(ROOT / "bench" / "templates"))]
            )
            app.jinja_env.globals["field"] = app.jinja_env.get_template("field.html").module.field
        apps[name] = app
    return apps


@contextmanager
def wtforms_widgets(on: bool):
    """WTForms renders its own inputs while `on` (portal.forms.widgets hands every field back)."""
    from portal.forms import widgets

    keep = widgets.render
    if on:
        widgets.render = lambda field, params: None
    try:
        yield
    finally:
        widgets.render = keep


def apply_once(app, n: int, answers: dict, cpu: dict | None) -> None:
    from portal.wizard import examples
    from tests.support.factories import cpr_for
    from tests.support.pages import get

    key = [None]
    inner = app.wsgi_app

    def measured(environ, start_response):
        started = time.thread_time()
        try:
            return inner(environ, start_response)
        finally:
            if cpu is not None and key[0]:
                cpu[key[0]].append(time.thread_time() - started)

    app.wsgi_app = measured
    try:
        client = app.test_client()
        login = get(client, "/log-ind/udvikling")
        cpr = cpr_for(date(1970 + n % 30, 1 + n % 12, 1 + n % 28), serial=n)
        client.post(
            "/log-ind/udvikling",
            data={"name": f"Forælder {n}", "cpr_number": cpr, **login.form_values()},
        )
        start = get(client, "/ansoegning/")
        created = client.post("/ansoegning/", data={"municipality": "561", **start.form_values()})
        base = created.headers["Location"].rpartition("/")[0] + "/"
        for slug, step_answers in answers.items():
            key[0] = f"GET {slug}"
            page = get(client, base + slug)
            key[0] = f"POST {slug}"
            fields = {**page.form_values(), **examples.as_posted(step_answers), "_action": "save"}
            if client.post(base + slug, data=fields).status_code != 302:
                raise SystemExit(f"POST {slug}: not saved")
        key[0] = "GET tjek"
        check = get(client, base + "tjek")
        key[0] = "POST tjek"
        sent = client.post(base + "tjek", data={**check.form_values(), "confirm": "ja"})
        if sent.status_code != 302:
            raise SystemExit("POST tjek: not submitted")
    finally:
        app.wsgi_app = inner


def run(admin_url: str, rounds: int) -> int:
    with prepared_portal(admin_url, "bench_markup", ROOT):
        from portal.timeutil import today_local
        from portal.wizard import examples

        apps = make_apps()
        answers = examples.application(today_local())
        cpu = {name: defaultdict(list) for name in VARIANTS}
        n = 0
        for measuring in [False] * WARM_UP + [True] * rounds:
            for name, app in apps.items():
                with wtforms_widgets(name in ("WTForms widgets", "both")):
                    apply_once(app, n, answers, cpu[name] if measuring else None)
                n += 1

        def median(values: list[float]) -> float:
            return sorted(values)[len(values) // 2] * 1000

        print(f"{rounds} applications per app, in turns; median CPU per request in ms")
        header = "".join(f"{name:>17s}" for name in VARIANTS)
        print(f"  {'request':22s}{header}")
        totals = dict.fromkeys(VARIANTS, 0.0)
        for request in cpu["portal"]:
            medians = {name: median(cpu[name][request]) for name in VARIANTS}
            for name in VARIANTS:
                totals[name] += medians[name]
            base = medians["portal"]
            cells = f"{base:17.2f}" + "".join(
                f"{medians[name]:9.2f} ({(medians[name] / base - 1) * 100:+3.0f}%)"
                for name in VARIANTS[1:]
            )
            print(f"  {request:22s}{cells}")
        base = totals["portal"]
        cells = f"{base:17.2f}" + "".join(
            f"{totals[name]:9.2f} ({(totals[name] / base - 1) * 100:+3.0f}%)"
            for name in VARIANTS[1:]
        )
        print(f"  {'sum of the medians':22s}{cells}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=25)
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return run(os.environ.get("BENCH_DATABASE_URL", DEFAULT_ADMIN_URL), args.rounds)


if __name__ == "__main__":
    sys.exit(main())
