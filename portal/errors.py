"""Error pages in plain Danish; a rejected form post never throws away what was typed."""

from __future__ import annotations

from flask import Flask, make_response, render_template, request
from flask_wtf.csrf import CSRFError

from portal import limits
from portal.i18n import gettext as _


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        # A wizard step re-shows the answers that were posted, so that nothing is lost.
        view = app.view_functions.get(request.endpoint or "")
        rescue = getattr(view, "csrf_rescue", None)
        if rescue is not None:
            return rescue(**(request.view_args or {}))
        return (
            render_template(
                "errors/error.html",
                title=_("Siden er udløbet"),
                message=_(
                    "Siden var åben for længe, eller den blev sendt fra et andet sted. "
                    "Gå tilbage, opdatér siden og prøv igen."
                ),
            ),
            400,
        )

    @app.errorhandler(403)
    def _forbidden(_error):
        return (
            render_template(
                "errors/error.html",
                title=_("Du har ikke adgang"),
                message=_("Du har ikke adgang til denne side."),
            ),
            403,
        )

    @app.errorhandler(404)
    def _not_found(_error):
        return (
            render_template(
                "errors/error.html",
                title=_("Siden findes ikke"),
                message=_("Vi kan ikke finde siden. Tjek adressen, eller gå til forsiden."),
            ),
            404,
        )

    @app.errorhandler(413)
    def _too_large(_error):
        return (
            render_template(
                "errors/error.html",
                title=_("Det du sendte, er for stort"),
                message=_("Det du sendte, er for stort. Gå tilbage og prøv igen med mindre."),
            ),
            413,
        )

    @app.errorhandler(429)
    def _too_many_requests(_error):
        # A login page shows itself again with the e-mail typed and the time to try again.
        view = app.view_functions.get(request.endpoint or "")
        rescue = getattr(view, "rate_limited", None)
        response = rescue() if rescue is not None else None
        if response is None:
            response = (
                render_template(
                    "errors/error.html", title=_("Vent lidt"), message=limits.wait_message()
                ),
                429,
            )
        response = make_response(response)
        response.headers["Retry-After"] = str(limits.retry_after())
        return response

    @app.errorhandler(500)
    def _server_error(_error):
        return (
            render_template(
                "errors/error.html",
                title=_("Der skete en fejl"),
                message=_(
                    "Der skete en fejl hos os. Det du har gemt, er ikke tabt. Prøv igen om lidt."
                ),
            ),
            500,
        )
