"""Response headers for a service that handles CPR numbers and children's health information."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

# No inline script or style, no third-party origins: everything the pages use is served here.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


_EVERY_RESPONSE = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)
_HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
# Pages carry personal data: no copies in shared or back-button caches.
_NO_STORE = ("Cache-Control", "no-store")


def init_app(app: Flask) -> None:
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # The client's own address and scheme as the reverse proxies in front report them
        # (the rate limits count per client). Without them X-Forwarded-For is ignored:
        # anyone can send it.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        # Each header only where the view has not set its own (a download's sandboxing CSP).
        headers = response.headers
        present = {name.lower() for name, _value in headers.items()}
        wanted = list(_EVERY_RESPONSE)
        if app.config["SESSION_COOKIE_SECURE"]:
            wanted.append(_HSTS)
        if not request.path.startswith("/static/"):
            wanted.append(_NO_STORE)
        for name, value in wanted:
            if name.lower() not in present:
                headers.add(name, value)
        return response
