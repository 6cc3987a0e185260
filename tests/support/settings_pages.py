"""The administrator's settings pages as a test uses them: open a page, change some fields
and save, as the page's own form would send them."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.support.pages import Page, assert_redirects, get


def url(slug: str) -> str:
    return f"/sagsbehandling/administration/indstillinger/{slug}"


def save(admin: FlaskClient, slug: str, changes: dict[str, str]) -> None:
    """Change `changes` (field name -> typed text) on the page and save: the page must take
    them and send the administrator back to it."""
    page = get(admin, url(slug))
    answer = admin.post(url(slug), data={**page.filled_form(), **changes})
    assert_redirects(answer, url(slug))


def refused(admin: FlaskClient, slug: str, changes: dict[str, str]) -> Page:
    """Change `changes` on the page and save: the page must refuse, showing itself again."""
    page = get(admin, url(slug))
    answer = Page(admin.post(url(slug), data={**page.filled_form(), **changes}))
    assert answer.status == 200 and answer.title.startswith("Fejl:")
    return answer
