"""Which children a logged-in parent may apply for, as the register knows them: their own
children under 18 over whom they hold custody ("forældremyndighed"), with the other holders.

Home training is for a child under 18 (Barnets lov § 85, stk. 1), and the application is made
by those who hold custody."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from stdnum.dk import cpr as cpr_number

from portal.registers.base import PersonRegister, RegisterUnavailable

# Lookups run here so that the wizard can stop waiting; a slow answer is left to its own
# transport timeout and then dropped.
_POOL = ThreadPoolExecutor(max_workers=8, thread_name_prefix="cpr-lookup")


@dataclass(frozen=True)
class OtherHolder:
    name: str
    relation: str  # "mor", "far" or "anden"
    address: str | None  # None for a person with address protection
    # Kept (sealed) so that the letters reach this holder, and so that only they can consent.
    cpr: str = ""


@dataclass(frozen=True)
class ChildOffer:
    cpr: str
    name: str
    birth_date: date
    relation: str  # the logged-in parent's own relation to the child
    other_holders: tuple[OtherHolder, ...]


def children_in_custody(register: PersonRegister, parent_cpr: str, today: date) -> list[ChildOffer]:
    parent = register.person(parent_cpr)
    if parent is None:
        return []
    offers = []
    for child_cpr in parent.children:
        try:
            born = cpr_number.get_birth_date(child_cpr)
        except ValueError:
            continue
        if relativedelta(today, born).years >= 18:
            continue
        child = register.person(child_cpr)
        if child is None:
            continue
        own = next((h for h in child.custody if h.cpr == parent_cpr), None)
        if own is None:
            continue  # a parent without custody does not apply for the child
        others = []
        for holder in child.custody:
            if holder.cpr == parent_cpr:
                continue
            person = register.person(holder.cpr)
            if person is not None:
                others.append(OtherHolder(person.name, holder.relation, person.address, person.cpr))
        offers.append(ChildOffer(child.cpr, child.name, born, own.relation, tuple(others)))
    return offers


def holders_of(register: PersonRegister, child_cpr: str) -> list[OtherHolder]:
    """Everyone with custody of the child, as the register knows them (none for a child it
    does not know): whom a request's letters go to, found by name at submission."""
    child = register.person(child_cpr)
    if child is None:
        return []
    holders = []
    for holder in child.custody:
        person = register.person(holder.cpr)
        if person is not None:
            holders.append(OtherHolder(person.name, holder.relation, person.address, person.cpr))
    return holders


def within(seconds: float, lookup, *args):
    """`lookup(*args)`, or RegisterUnavailable when it takes longer than `seconds`."""
    future = _POOL.submit(lookup, *args)
    try:
        return future.result(timeout=seconds)
    except FutureTimeout:
        future.cancel()
        raise RegisterUnavailable(f"no answer within {seconds} s") from None
