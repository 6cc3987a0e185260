"""Who applies, who trains, and what the training does not replace (seed 001, Bilag 8,
questions 2, 4 and 12).

- The application comes from the holder of custody: "Kommunalbestyrelsen godkender efter
  anmodning fra indehaveren af forældremyndigheden, at forældrene helt eller delvist udfører
  hjemmetræning" (seed 003, servicelovens § 32 a, now barnets lov § 85). Without an adult with
  custody the portal cannot say who the request is from: an error.
- The parents are the ones approved (principle decision 9-17, seed 003): advice when nobody
  but helpers is to train.
- Home training cannot replace school: "Serviceloven indeholder omvendt ikke hjemmel til, at
  hjemmetræning kan træde i stedet for ... den undervisning, som alle børn skal have som følge
  af undervisningspligten i Danmark" (seed 003, point 157 c). Advice, not a block: the family
  may still apply and get a decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from portal.rules.findings import ERROR, WARNING, Finding, make_finding
from portal.rules.i18n import _
from portal.rules.sources import ANKESTYRELSEN, GUIDE

__all__ = ["PARENT_TRAINERS", "check_adults", "check_offers", "check_trainers"]

# The answers to "Hvem skal træne barnet?" that are the family's own adults, not helpers.
PARENT_TRAINERS: frozenset[str] = frozenset({"mor", "far", "anden_voksen"})


def check_adults(adults: Sequence[Mapping[str, Any]]) -> list[Finding]:
    """An error on the list of adults (``field`` "adults") when every adult has answered the
    custody question and none holds custody; an unanswered question is the form's to say."""
    answers = [adult.get("custody") for adult in adults]
    if not answers or "ja" in answers or any(answer != "nej" for answer in answers):
        return []
    return [
        make_finding(
            "family.no_custody_holder",
            ERROR,
            "adults",
            _(
                "Ansøgningen skal komme fra den, der har forældremyndigheden over barnet. "
                "Skriv den voksne med forældremyndighed på, og svar ja ved spørgsmålet om "
                "forældremyndighed."
            ),
            f"Servicelovens § 32 a, nu barnets lov § 85 ({ANKESTYRELSEN})",
        )
    ]


def check_trainers(trainers: Sequence[str]) -> list[Finding]:
    """Advice (``field`` "trainers") when only helpers are to train the child."""
    if not trainers or PARENT_TRAINERS & set(trainers):
        return []
    # 9-17: "Det betyder, at det først og fremmest er den ene eller begge forældre, der skal
    # udføre hjemmetræningen ... Der kan ikke ydes støtte til, at en hjælper selvstændigt
    # udfører dele af træningen, mens forældrene udfører andre opgaver." (seed 003)
    return [
        make_finding(
            "trainers.no_parent",
            WARNING,
            "trainers",
            _(
                "Det er jer forældre, der bliver godkendt til at hjemmetræne, så I skal selv "
                "træne barnet. En hjælper kan kun være med ved øvelser, der kræver to personer, "
                "mens en af jer træner, eller afløse jer meget kort. Vælg hvem af jer, der "
                "træner."
            ),
            f"Ankestyrelsens principafgørelse 9-17; {GUIDE}, »Hjælpetrænere«",
        )
    ]


def check_offers(offers: Sequence[Mapping[str, Any]]) -> list[Finding]:
    """Advice on each school the training is to replace; ``field`` is ``"<index>.change"``."""
    return [
        make_finding(
            "offer.school_replaced",
            WARNING,
            f"{index}.change",
            _(
                "Hjemmetræning kan ikke erstatte skolegang. Et barn i den undervisningspligtige "
                "alder skal undervises, enten i en skole eller hjemme (hjemmeundervisning), "
                "også når det hjemmetrænes. Vælg »Supplere«, eller skriv hvordan barnet skal "
                "undervises."
            ),
            # Seed 001, »Særligt for skolebørn«: "Skole og forældre kan ikke deles om
            # undervisningspligten"; the alternative it names is "Hjemmeundervisning".
            f"{ANKESTYRELSEN}, pkt. 157 c; {GUIDE}, »Særligt for skolebørn«",
        )
        for index, offer in enumerate(offers)
        if offer.get("offer") == "skole" and offer.get("change") == "erstatte"
    ]
