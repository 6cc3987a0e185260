"""`flask auth check`: what the configured OpenID Connect providers say about themselves, for
the person who sets the portal up with the municipality's broker and single sign-on."""

from __future__ import annotations

import click
from flask import current_app

from portal.identity.mitid import ClaimNames
from portal.identity.oidc import LoginRefused, Provider

PROVIDERS = {"MITID": "MitID (forældre)", "STAFF_SSO": "Single sign-on (medarbejdere)"}


def register(bp) -> None:
    bp.cli.short_help = "Login med MitID og single sign-on."
    bp.cli.command("check")(check)


def check() -> None:
    """Read each configured provider's discovery document and print what it offers."""
    configured = False
    for prefix, label in PROVIDERS.items():
        provider = Provider.from_config(current_app.config, prefix)
        if provider is None:
            click.echo(f"{label}: ikke sat op ({prefix}_ISSUER, {prefix}_CLIENT_ID)")
            continue
        configured = True
        click.echo(f"{label}: {provider.discovery_url}")
        try:
            metadata = provider.metadata()
        except LoginRefused as refusal:
            raise click.ClickException(f"{label}: {refusal.reason}") from refusal
        for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"):
            click.echo(f"  {key}: {metadata.get(key, '-')}")
        algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        click.echo(f"  id_token_signing_alg_values_supported: {', '.join(algorithms)}")
        pkce = metadata.get("code_challenge_methods_supported") or []
        click.echo(f"  PKCE S256: {'ja' if 'S256' in pkce else 'ikke oplyst'}")
        end_session = metadata.get("end_session_endpoint")
        click.echo(f"  end_session_endpoint: {end_session or 'tilbydes ikke (kun lokal log ud)'}")
        if prefix == "MITID":
            names = ClaimNames.from_config(current_app.config)
            click.echo(f"  claims: CPR {names.cpr}, navn {names.name}, niveau {names.assurance}")
    if not configured:
        click.echo("Ingen udbyder er sat op: kun udviklingslogin og adgangskoder.")
