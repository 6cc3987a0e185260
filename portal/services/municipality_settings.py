"""Changing a municipality's settings, from the administrator's pages or `flask municipality
settings --file`, and which of the municipality's rules a case follows.

A change of a rule of a case (a handling time, the helper rate, the holiday weeks ...) takes
effect for requests received after it: the cases received before keep the version of the
rules they were received under (issue: a municipality runs its own portal). How the
municipality works now (contact details, the inbox, retention periods, published statistics)
changes at once for every case. Every change is recorded with its old and new value
(portal.services.admin_history) in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update

from portal.extensions import db
from portal.models import Case, Municipality, SettingsVersion, StaffUser
from portal.rules.settings import CURRENT_KEYS, DEFAULT_SETTINGS, case_rules_data
from portal.services import admin_history
from portal.timeutil import local_date

__all__ = [
    "CaseRules",
    "case_rules",
    "change_inbox",
    "change_publication",
    "change_settings",
    "stored_data",
    "flat",
]

# The version a municipality's first rules hold from, when it has none yet: before any case.
_LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
_DEFAULTS = DEFAULT_SETTINGS.to_mapping()


def flat(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """Settings as one value per setting a person changes: a handling time per request type
    ("handling_times.new_application") and a contact detail each ("contact.email")."""
    result: dict[str, Any] = {}
    for key, value in mapping.items():
        if key in ("handling_times", "contact"):
            result.update({f"{key}.{inner}": item for inner, item in value.items()})
        elif key != "name":
            result[key] = value
    return result


def _is_case_rule(subject: str) -> bool:
    return subject.split(".")[0] not in CURRENT_KEYS


def _version_in_force(municipality: Municipality) -> SettingsVersion:
    version = db.session.scalars(
        select(SettingsVersion)
        .where(SettingsVersion.municipality_id == municipality.id)
        .order_by(SettingsVersion.effective_from.desc(), SettingsVersion.id.desc())
        .limit(1)
    ).first()
    if version is None:
        version = SettingsVersion(
            municipality_id=municipality.id,
            effective_from=_LONG_AGO,
            settings_data=case_rules_data(municipality.settings.to_mapping()),
        )
        db.session.add(version)
        db.session.flush()
    return version


def change_settings(
    municipality: Municipality,
    data: Mapping[str, Any],
    *,
    by: StaffUser | None,
    now: datetime,
    by_name: str | None = None,
) -> list[str]:
    """Store ``data`` as the municipality's settings (the keys that differ from the default,
    as `MunicipalitySettings.from_mapping` reads them) and return what changed.

    Raises ``ValueError``, with nothing stored, when the settings cannot be read."""
    data = {key: value for key, value in data.items() if key != "name"}
    new = Municipality.settings_from(municipality.name, data)
    old_values = flat(municipality.settings.to_mapping())
    new_values = flat(new.to_mapping())
    changed = [key for key in new_values if old_values.get(key) != new_values[key]]
    if any(_is_case_rule(key) for key in changed):
        # Every case received until now keeps the rules in force; from now, the new ones.
        in_force = _version_in_force(municipality)
        db.session.execute(
            update(Case)
            .where(Case.municipality_id == municipality.id, Case.settings_version_id.is_(None))
            .values(settings_version_id=in_force.id)
        )
        db.session.add(
            SettingsVersion(
                municipality_id=municipality.id,
                effective_from=now,
                settings_data=case_rules_data(new.to_mapping()),
            )
        )
    municipality.settings_data = data
    for key in changed:
        admin_history.record(
            "settings",
            key,
            old_values.get(key),
            new_values[key],
            by=by,
            by_name=by_name,
            municipality=municipality,
        )
    return changed


def stored_data(municipality: Municipality, values: Mapping[str, Any]) -> dict[str, Any]:
    """The municipality's stored settings with ``values`` (top-level keys, as stored) put in:
    a key is kept when it was stored before or differs from the default."""
    data = {**(municipality.settings_data or {}), **values}
    return {
        key: value
        for key, value in data.items()
        if key in (municipality.settings_data or {}) or value != _DEFAULTS.get(key)
    }


def change_inbox(
    municipality: Municipality, inbox_email: str | None, *, by: StaffUser | None
) -> bool:
    """Where mail about new cases goes from now on; recorded when it changed."""
    old = municipality.inbox_email
    municipality.inbox_email = inbox_email or None
    return (
        admin_history.record(
            "settings",
            "inbox_email",
            old,
            municipality.inbox_email,
            by=by,
            municipality=municipality,
        )
        is not None
    )


def change_publication(municipality: Municipality, publish: bool, *, by: StaffUser | None) -> bool:
    """Whether anyone may see the municipality's statistics; recorded when it changed."""
    old = municipality.publish_statistics
    municipality.publish_statistics = publish
    return (
        admin_history.record(
            "settings", "publish_statistics", old, publish, by=by, municipality=municipality
        )
        is not None
    )


@dataclass(frozen=True)
class CaseRules:
    """A case that keeps rules the municipality has changed since it received the case."""

    received_on: date
    # The day the municipality changed the rules after the case was received.
    changed_on: date
    # (setting, the case's value, today's value) for each rule that differs, in stored form.
    differences: list[tuple[str, Any, Any]]


def case_rules(case: Case) -> CaseRules | None:
    """How the rules a case follows differ from the municipality's today; None when they do
    not (the case follows today's rules, or they were changed back)."""
    if case.settings_version is None:
        return None
    theirs = flat(case.settings.to_mapping())
    today = flat(case.municipality.settings.to_mapping())
    differences = [
        (key, value, today.get(key))
        for key, value in theirs.items()
        if _is_case_rule(key) and today.get(key) != value
    ]
    if not differences:
        return None
    changed_at = db.session.scalar(
        select(SettingsVersion.effective_from)
        .where(
            SettingsVersion.municipality_id == case.municipality_id,
            SettingsVersion.effective_from > case.settings_version.effective_from,
        )
        .order_by(SettingsVersion.effective_from)
        .limit(1)
    )
    return CaseRules(
        received_on=local_date(case.received_at),
        changed_on=local_date(changed_at or case.received_at),
        differences=differences,
    )
