"""Logging in and out: parents through a login provider, staff with local accounts; the
choice of language. Who is logged in is portal.identity's. Every route of the area is listed
here."""

from flask import Blueprint

from portal.auth import cli, invitation, oidc_views, views

bp = Blueprint("auth", __name__)
bp.before_app_request(views.forget_cached_users_before_request)
cli.register(bp)

bp.add_url_rule("/log-ind", view_func=views.login, methods=["GET"])
bp.add_url_rule("/log-ind/udvikling", view_func=views.dev_login, methods=["GET", "POST"])
bp.add_url_rule("/medarbejder/log-ind", view_func=views.staff_login, methods=["GET", "POST"])
bp.add_url_rule(
    "/medarbejder/invitation/<token>",
    view_func=invitation.staff_invitation,
    methods=["GET", "POST"],
)
bp.add_url_rule("/log-ind/mitid", view_func=oidc_views.mitid_login, methods=["GET"])
bp.add_url_rule("/log-ind/mitid/svar", view_func=oidc_views.mitid_callback, methods=["GET"])
bp.add_url_rule("/medarbejder/log-ind/sso", view_func=oidc_views.staff_sso_login, methods=["GET"])
bp.add_url_rule(
    "/medarbejder/log-ind/sso/svar", view_func=oidc_views.staff_sso_callback, methods=["GET"]
)
bp.add_url_rule("/log-ud", view_func=views.logout, methods=["POST"])
bp.add_url_rule("/logget-ud", view_func=views.logged_out, methods=["GET"])
bp.add_url_rule("/forbliv-logget-ind", view_func=views.stay_logged_in, methods=["POST"])
bp.add_url_rule("/sprog", view_func=views.language, methods=["POST"])
