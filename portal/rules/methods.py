"""Training elements the law does not allow in home training, wherever a family names them: in a
method (its name, description and elements) or in a budget line.

Bekendtgørelse om hjemmetræning § 3, stk. 7 (seed 004): "Sundhedsfaglige træningselementer,
som enten er fastlagt som sygehusbehandling, eller på anden vis har karakter af specialiseret
sundhedsfaglig behandling, kan ikke godkendes som en del af hjemmetræningen." Principle
decision 70-14 (seed 003) names them: "Anvendelse af carbogengas, genindånding i refleksposer og
trykkammerbehandlinger (herunder mild) er ifølge Sundhedsstyrelsen behandlinger", and the
consequence: "kommunen kunne afslå at godkende ordningen, så længe sådanne elementer indgår i
den samlede beskrivelse af den hjemmetræning, som forældrene ønsker at gennemføre."

That is the municipality's decision to make, and the family's to complain about: the portal
never blocks it. It is advice (a warning) shown at the method, early, that says the consequence
and that the family can remove the element or explain, and still send.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from portal.rules.findings import WARNING, Finding, make_finding
from portal.rules.i18n import N_, _
from portal.rules.sources import GUIDE

__all__ = [
    "FORBIDDEN_ELEMENTS",
    "FORBIDDEN_SOURCE",
    "METHOD_TEXT_FIELDS",
    "ForbiddenElement",
    "check_methods",
    "forbidden_elements",
    "stems",
]

FORBIDDEN_SOURCE = (
    "Ankestyrelsens principafgørelse 70-14; Bekendtgørelse om hjemmetræning § 3, stk. 7"
)

# The answers of a method that describe what the training is (MethodForm), in the order the
# page shows them; an element is reported at the first that names it.
METHOD_TEXT_FIELDS: tuple[str, ...] = ("name", "description", "elements")


def stems(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive pattern of word stems, so that Danish inflections and compounds
    match: "trykkammerbehandlingen", "iltkamrene", "refleksposerne"."""
    return re.compile("|".join(patterns), re.IGNORECASE)


@dataclass(frozen=True)
class ForbiddenElement:
    key: str
    name: str  # Danish, as the message names it
    pattern: re.Pattern[str]
    source: str


FORBIDDEN_ELEMENTS: tuple[ForbiddenElement, ...] = (
    ForbiddenElement(
        "hyperbaric_chamber",
        # 70-14: "trykkammerbehandlinger (herunder mild)"; seed 003: "trykkammerbehandling
        # (uanset tryksætning)". Hyperbaric oxygen is the same treatment by its other names.
        N_("trykkammerbehandling (også mild trykkammer og hyperbar iltbehandling)"),
        stems(
            r"tryk-?\s?kam(?:mer|re)",
            r"hyperbar",
            r"\bm?hbot\b",
            r"ilt-?\s?kam(?:mer|re)",
            r"oxygen-?\s?kam(?:mer|re)",
        ),
        FORBIDDEN_SOURCE,
    ),
    ForbiddenElement(
        "carbogen",
        # 70-14: "carbogengas, genindånding i refleksposer".
        N_("carbogen og genindånding i poser"),
        stems(
            r"[ck]arbogen",
            r"refleks-?\s?pose",
            r"genind[åa]+nd",
            r"pose-?\s?[åa]+nd",
            r"[åa]+nd\w*\s+i\s+(?:en\s+|papir)?pose",
        ),
        FORBIDDEN_SOURCE,
    ),
    ForbiddenElement(
        "respiratory_therapy",
        # Seed 001, »Udgifter der blandt andet ikke godkendes«: "Respirationsterapi og
        # trykkammerbehandling ... jf. Socialministeriets skrivelse nr. 9150 af 6. maj 2011".
        # Not "respirationstræning": training of the breathing functions is a physical training
        # element the law allows (seed 003, point 155).
        N_("respirationsterapi"),
        stems(r"respirations-?\s?terapi", r"respiratory\s+therapy"),
        f"Socialministeriets skrivelse nr. 9150 af 6. maj 2011 ({GUIDE}); "
        "Bekendtgørelse om hjemmetræning § 3, stk. 7",
    ),
    ForbiddenElement(
        "hospital_treatment",
        N_("sygehusbehandling og specialiseret sundhedsbehandling"),
        stems(r"sygehusbehandl", r"hospitalsbehandl", r"specialiseret\s+sundhed"),
        "Bekendtgørelse om hjemmetræning § 3, stk. 7",
    ),
)


def forbidden_elements(text: str) -> list[ForbiddenElement]:
    """The elements of FORBIDDEN_ELEMENTS that ``text`` names."""
    return [element for element in FORBIDDEN_ELEMENTS if element.pattern.search(text or "")]


def _text(method: Mapping[str, Any], key: str) -> str:
    value = method.get(key)
    return value if isinstance(value, str) else ""


def _method_findings(index: int, method: Mapping[str, Any]) -> list[Finding]:
    found: list[Finding] = []
    reported: set[str] = set()
    for key in METHOD_TEXT_FIELDS:
        for element in forbidden_elements(_text(method, key)):
            if element.key in reported:
                continue
            reported.add(element.key)
            found.append(
                make_finding(
                    f"method.forbidden.{element.key}",
                    WARNING,
                    f"{index}.{key}",
                    _(
                        "Metoden indeholder %(element)s. Det er sundhedsbehandling, som ikke "
                        "kan godkendes som hjemmetræning: kommunen kan ikke godkende "
                        "træningen, så længe det er en del af den. Fjern det fra metoden, "
                        "eller forklar, hvis I ikke vil bruge det. I kan stadig sende "
                        "ansøgningen og få en afgørelse."
                    ),
                    element.source,
                    element=element.name,
                )
            )
    return found


def check_methods(methods: Sequence[Mapping[str, Any]]) -> list[Finding]:
    """Advice on the methods of an application or request; ``field`` is ``"<index>.<key>"``
    with ``key`` one of METHOD_TEXT_FIELDS, where the element is first named."""
    found: list[Finding] = []
    for index, method in enumerate(methods):
        found += _method_findings(index, method)
    return found
