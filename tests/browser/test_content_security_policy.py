"""The pages keep to their own Content-Security-Policy: no inline script or style, nothing
from elsewhere. The journey asserts that nothing was refused; this proves that a refusal
would have been noticed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Watch

pytestmark = pytest.mark.browser


def test_the_policy_is_sent_and_a_violation_would_be_noticed(page: Page, watch: Watch):
    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy

    # The design system's script ran (it is served from 'self').
    assert page.evaluate("typeof window.DKFDS") == "object"
    assert watch.messages == [], "\n".join(watch.messages)

    with page.expect_console_message(lambda m: "CSP violation" in m.text):
        page.evaluate(
            """() => {
                const script = document.createElement('script');
                script.textContent = 'window.injected = true';
                document.body.append(script);
            }"""
        )
    assert page.evaluate("window.injected === undefined")
    assert watch.problems("CSP violation: script-src"), watch.messages
