"""Whom a case's letters go to: each adult with custody named on "Familien", with the CPR
number Digital Post is addressed by and the address a letter on paper goes to.

The family types names; Digital Post needs CPR numbers. The portal knows them from two places
and never asks the parent to type another person's number: the parent's own from their login
(MitID proves it), and the others' from the CPR register, where the child's custody holders
are listed (the wizard's choice of child fills them in, and at submission the register is asked
again for holders typed by hand). A holder is matched by name; a name the register does not
know stays without a number, and its letter tells the caseworker so (portal.services.letters).
An address is kept only as the register gives it, so never for a person with address
protection (portal.registers.base.Person).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from sqlalchemy import select, update

from portal import registers
from portal.extensions import db
from portal.models import Case, Draft
from portal.wizard.answers import entry_indices
from portal.wizard.steps import CHILD, FAMILY

# The drafts below are portal.services.drafts.StoredDraft, not imported: drafts (through the
# decisions) imports portal.services.letters, which reads the holders here.

__all__ = [
    "Holder",
    "submission_inputs",
    "known_holders",
    "match",
    "of_case",
    "other_holder_cpr",
    "remember",
    "resolve",
]

# One holder as stored on a draft (`register_holders`) and a case (`custody_holders`); the
# "cpr" key is sealed at rest wherever it occurs (portal.crypto.SEALED_FIELDS).
Holder = dict


def _same(name: str) -> str:
    return " ".join(name.split()).casefold()


def _initials_and_surname(name: str) -> tuple[str, str] | None:
    parts = _same(name).split()
    return (parts[0], parts[-1]) if len(parts) >= 2 else None


def match(name: str, known: Iterable[Holder]) -> Holder | None:
    """The known holder called `name`: the same name, or failing that the one holder with the
    same first name and surname ("Mette Hansen" for "Mette Marie Hansen"); None when no one
    or more than one fits (a guess could send a decision to the wrong person)."""
    known = [holder for holder in known if holder.get("name")]
    exact = _one_person([holder for holder in known if _same(holder["name"]) == _same(name)])
    if exact is not None:
        return exact
    short = _initials_and_surname(name)
    return _one_person([h for h in known if short and _initials_and_surname(h["name"]) == short])


def _one_person(found: list[Holder]) -> Holder | None:
    """The person `found` names, when it is one (known from the login and from the register
    alike, say), preferring the entry with an address; None for no one or several."""
    if not found or len({holder.get("cpr") for holder in found}) != 1:
        return None
    return next((holder for holder in found if holder.get("address")), found[0])


def holders_from_register(child_cpr: str | None) -> list[Holder] | None:
    """The child's custody holders from the CPR register; None when it cannot answer now."""
    if not child_cpr:
        return []
    try:
        found = registers.custody_holders(child_cpr.replace("-", ""))
    except registers.RegisterUnavailable as error:
        current_app.logger.warning("CPR lookup of the custody holders failed: %s", error)
        return None
    return [as_holder(holder) for holder in found]


def as_holder(holder: registers.OtherHolder) -> Holder:
    return {
        "name": holder.name,
        "relation": holder.relation,
        "cpr": holder.cpr or None,
        "address": holder.address,
    }


def known_holders(
    *, parent_name: str | None, parent_cpr: str | None, child_cpr: str | None, remembered
) -> list[Holder]:
    """Everyone whose CPR number the portal may use for a request's letters: the logged-in
    parent (from their login), the holders remembered from the wizard's choice of child, and
    the child's holders as the register knows them now (when it answers)."""
    known: list[Holder] = []
    if parent_cpr and parent_name:
        known.append({"name": parent_name, "cpr": parent_cpr, "address": None})
    known.extend(remembered or [])
    from_register = holders_from_register(child_cpr)
    known.extend(from_register or [])
    return known


def resolve(adults: Iterable[dict], known: Iterable[Holder]) -> list[Holder]:
    """Each adult with custody on "Familien" with their CPR number and address where a known
    holder has the same name (portal.services.custody_holders.match)."""
    known = list(known)
    resolved = []
    for adult in adults:
        if not isinstance(adult, dict) or adult.get("custody") not in (None, "ja"):
            continue
        name = (adult.get("name") or "").strip()
        if not name:
            continue
        found = match(name, [holder for holder in known if holder.get("cpr")])
        resolved.append(
            {
                "name": name,
                "cpr": found["cpr"] if found is not None else None,
                "address": found.get("address") if found is not None else None,
            }
        )
    return resolved


def of_case(case: Case) -> tuple[Case, list[Holder]]:
    """The case whose family a letter about `case` goes to (a request about an approved
    training goes to the family of the training's application) and its holders of custody;
    a case sent before the holders were kept names them from its answers, without numbers."""
    source = case
    while source.related_case is not None and "familien" not in (source.application or {}):
        source = source.related_case
    if source.custody_holders is not None:
        return source, list(source.custody_holders)
    adults = ((source.application or {}).get("familien") or {}).get("adults") or []
    return source, resolve(adults, [])


def remember(draft, others: Iterable[registers.OtherHolder]) -> None:
    """The other holders of custody of the child chosen from the register, kept on the draft
    (their CPR numbers sealed) until it is sent."""
    db.session.execute(
        update(Draft)
        .where(Draft.id == draft.id)
        .values(register_holders=[as_holder(holder) for holder in others])
    )


def _child_cpr(draft) -> str | None:
    if draft.related_case is not None:
        return draft.related_case.child_cpr
    step = draft.step(CHILD.slug)
    values = (step.data.get("child_cpr") if step else None) or [None]
    return values[0] if isinstance(values, list) else values


def submission_inputs(draft) -> tuple[list[Holder] | None, str | None]:
    """What the draft knows of its holders of custody (remembered from the wizard's choice of
    child) and the child's CPR number, which the register is asked by at submission."""
    remembered = db.session.scalar(select(Draft.register_holders).where(Draft.id == draft.id))
    return remembered, _child_cpr(draft)


def other_holder_cpr(draft) -> str | None:
    """The CPR number of the other holder of custody named on "Familien", as the register
    gave it when the child was chosen: the consent link is then for that person alone. None
    when the family step names no one the register knows, or more than one."""
    remembered = db.session.scalar(select(Draft.register_holders).where(Draft.id == draft.id))
    family = draft.step(FAMILY.slug)
    if not remembered or family is None:
        return None
    answers = family.data

    def first(key: str) -> str:
        values = answers.get(key) or [""]
        return (values[0] if isinstance(values, list) else values) or ""

    names = [
        first(f"adults-{i}-name")
        for i in entry_indices(answers, "adults")
        if first(f"adults-{i}-custody") == "ja"
    ]
    others = [name for name in names if name and _same(name) != _same(draft.parent_name)]
    found = {
        holder["cpr"]
        for name in others
        if (holder := match(name, [h for h in remembered if h.get("cpr")])) is not None
    }
    return found.pop() if len(found) == 1 else None
