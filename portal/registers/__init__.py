"""Who a person is, where they live and whose custody a child is in: the population register
behind one small interface.

Two implementations: `FileRegister` (the embedded default: invented families in a JSON file,
data/families.json) and `SF1520Register` (Serviceplatformen's PersonBaseDataExtended over
SOAP, for a municipality's real CPR lookups). Either drops the address of a person with
address protection before anything else sees it (portal.registers.base.Person).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from portal.registers.base import Person, PersonRegister, RegisterUnavailable
from portal.registers.custody import ChildOffer, OtherHolder, holders_of, within
from portal.registers.custody import children_in_custody as children_in_custody_of
from portal.registers.embedded import DEFAULT_FILE, FileRegister

__all__ = [
    "ChildOffer",
    "OtherHolder",
    "Person",
    "PersonRegister",
    "RegisterUnavailable",
    "children_in_custody",
    "create_register",
    "custody_holders",
    "init_app",
    "register",
]


def create_register(config) -> PersonRegister | None:
    if config["CPR_REGISTER"] == "none":
        return None
    if config["CPR_REGISTER"] == "sf1520":
        # Imported only where it is used: zeep and its schemas take a while to load.
        from portal.registers.serviceplatformen import SF1520Register

        return SF1520Register.from_config(config)
    return FileRegister(Path(config.get("CPR_REGISTER_FILE") or DEFAULT_FILE))


def init_app(app: Flask) -> None:
    # Made on first use: creating the app reads no file and opens no connection.
    app.extensions["cpr_register"] = None


def register() -> PersonRegister | None:
    """The app's register, made on first use; None when CPR_REGISTER is "none"."""
    if current_app.config["CPR_REGISTER"] == "none":
        return None
    found = current_app.extensions.get("cpr_register")
    if found is None:
        found = current_app.extensions["cpr_register"] = create_register(current_app.config)
    return found


def children_in_custody(parent_cpr: str, today) -> list[ChildOffer]:
    """The parent's children under 18 in their custody (none without a register);
    RegisterUnavailable when the register fails or takes longer than CPR_TIMEOUT (the
    wizard then goes on with manual entry)."""
    found = register()
    if found is None:
        return []
    seconds = current_app.config["CPR_TIMEOUT"]
    return within(seconds, children_in_custody_of, found, parent_cpr, today)


def custody_holders(child_cpr: str) -> list[OtherHolder]:
    """Everyone with custody of the child (none without a register); RegisterUnavailable as
    for children_in_custody."""
    found = register()
    if found is None:
        return []
    return within(current_app.config["CPR_TIMEOUT"], holders_of, found, child_cpr)
