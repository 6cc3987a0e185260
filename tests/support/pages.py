"""Read pages as a person would: one h1, what the error summary says, what a field shows."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from werkzeug.test import TestResponse


class Page:
    def __init__(self, response: TestResponse) -> None:
        self.response = response
        self.status = response.status_code
        self.html = response.get_data(as_text=True)
        self.soup = BeautifulSoup(self.html, "html.parser")

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def h1(self) -> str:
        headings = self.soup.find_all("h1")
        assert len(headings) == 1, f"expected one h1, found {len(headings)}"
        return headings[0].get_text(" ", strip=True)

    def text(self) -> str:
        return re.sub(r"\s+", " ", self.soup.get_text(" ", strip=True))

    def error_summary(self) -> dict[str, str]:
        """Links in the error summary: target id -> message."""
        box = self.soup.select_one('[data-module="error-summary"]')
        if box is None:
            return {}
        return {a["href"].lstrip("#"): a.get_text(strip=True) for a in box.select("a")}

    def field_error(self, field_id: str) -> str | None:
        element = self.soup.find(id=f"{field_id}-error")
        if element is None:
            return None
        return element.get_text(" ", strip=True).removeprefix("Fejl:").strip()

    def value(self, field_id: str) -> str | None:
        element = self.soup.find(id=field_id)
        if element is None:
            return None
        if element.name == "textarea":
            return element.get_text()
        if element.name == "select":
            chosen = element.find("option", selected=True)
            return chosen["value"] if chosen else ""
        if element.get("type") in ("radio", "checkbox"):
            return element.get("value") if element.has_attr("checked") else None
        return element.get("value", "")

    def filled_form(self, selector: str = "form[method=post]") -> dict[str, str]:
        """Every value a browser would send with the form as the page shows it."""
        form = self.soup.select(selector)[-1]
        values = {}
        for element in form.select("input[name], select[name], textarea[name]"):
            name = element["name"]
            if element.name == "textarea":
                values[name] = element.get_text()
            elif element.name == "select":
                chosen = element.find("option", selected=True) or element.find("option")
                values[name] = chosen["value"] if chosen else ""
            elif element.get("type") in ("radio", "checkbox"):
                if element.has_attr("checked"):
                    values[name] = element.get("value", "on")
            else:
                values[name] = element.get("value", "")
        return values

    def form_values(self, selector: str = "form[method=post]") -> dict[str, str]:
        """The hidden control values of a form (version, CSRF token)."""
        form = self.soup.select(selector)[-1]
        return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}


def get(client: FlaskClient, url: str, status: int = 200) -> Page:
    page = Page(client.get(url))
    assert page.status == status, f"GET {url}: {page.status}\n{page.text()[:500]}"
    return page


def post(client: FlaskClient, url: str, data: dict, status: int | None = None) -> Page:
    page = Page(client.post(url, data=data))
    if status is not None:
        assert page.status == status, f"POST {url}: {page.status}\n{page.text()[:500]}"
    return page


def assert_redirects(response: TestResponse | Page, expected: str | re.Pattern[str]) -> str:
    """That the browser is sent to `expected` and nowhere else: a path on this site with its
    query and fragment (all three must match; the query's order and encoding do not matter),
    or a pattern the whole Location must match where the target holds a new id. Returns the
    Location.

    A page that needs a login sends to the login page with `next` the page's full path, which
    ends in "?" when it has no query: "/log-ind?next=/ansoegning/?"."""
    page = response if isinstance(response, Page) else Page(response)
    assert page.status == 302, (
        f"{page.status}, not a redirect to {expected}: {page.error_summary() or page.text()[:500]}"
    )
    location = page.response.headers["Location"]
    if isinstance(expected, re.Pattern):
        assert expected.fullmatch(location), f"sent to {location}, not {expected.pattern}"
        return location
    sent, wanted = urlsplit(location), urlsplit(expected)
    assert not sent.scheme and not sent.netloc, f"sent off the site: {location}"
    assert (sent.path, parse_qs(sent.query, keep_blank_values=True), sent.fragment) == (
        wanted.path,
        parse_qs(wanted.query, keep_blank_values=True),
        wanted.fragment,
    ), f"sent to {location}, not {expected}"
    return location
