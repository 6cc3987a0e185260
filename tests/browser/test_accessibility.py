"""Every page a parent meets passes axe-core's WCAG 2.1 A and AA rules: empty, with errors,
filled in, and after sending.

axe needs a script of ours on the page, which the Content-Security-Policy refuses; these
tests use a browser context that bypasses the policy (`axe_page`), and only these.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.axe import Audit, describe, violations
from tests.browser.walkthrough import (
    walk_around_the_application,
    walk_every_step_empty_and_with_errors,
    walk_every_step_filled_in_to_the_receipt,
)

pytestmark = pytest.mark.browser


def test_the_audit_reports_a_violation_with_what_to_fix(axe_page: Page):
    page = axe_page
    page.goto("/")
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML('beforeend', "
        '\'<input type="text" id="unlabelled">\')'
    )
    found = violations(page)
    assert [v["id"] for v in found] == ["label"]
    report = describe("landing page", found)
    assert "label: Form elements must have labels" in report
    assert "#unlabelled" in report


def test_pages_before_and_around_the_application(axe_page: Page):
    audit = Audit(axe_page)
    walk_around_the_application(axe_page, audit)
    audit.assert_clean()


def test_every_step_empty_and_with_errors(axe_page: Page):
    audit = Audit(axe_page)
    walk_every_step_empty_and_with_errors(axe_page, audit)
    audit.assert_clean()


def test_every_step_filled_in_check_answers_and_receipt(axe_page: Page):
    audit = Audit(axe_page)
    walk_every_step_filled_in_to_the_receipt(axe_page, audit)
    audit.assert_clean()
