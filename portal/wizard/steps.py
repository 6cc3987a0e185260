"""The wizard's steps per request type, in the order of the municipality's form (Bilag 8).

A step is its address, title, introduction and repeated lists; the questions it asks are its
form (portal.forms.steps), and what the rules say about its answers is portal.wizard.checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.i18n import lazy_gettext as _l
from portal.rules.case_types import OWN_PAGE_CASE_TYPES


@dataclass(frozen=True)
class ListSpec:
    """A repeated answer (siblings, goals, budget lines) and how the parent adds one more."""

    item: object  # lazy "Mål %(number)s"
    add: object  # lazy "Tilføj et mål mere"
    remove: object  # lazy "Fjern mål %(number)s"
    empty: object = None  # shown when the list has no entries yet


@dataclass(frozen=True)
class Step:
    slug: str
    title: object
    intro: object = None
    lists: dict[str, ListSpec] = field(default_factory=dict)


CHILD = Step(
    "barnet",
    _l("Barnet"),
    intro=_l("Vi skal vide, hvilket barn ansøgningen gælder. Barnet skal være under 18 år."),
)
FAMILY = Step(
    "familien",
    _l("Familien"),
    intro=_l(
        "Fortæl om familien: hvem der bor med barnet, og hvordan I arbejder. "
        "Sagsbehandleren bruger det til at vurdere, om I kan løfte opgaven."
    ),
    lists={
        "adults": ListSpec(
            _l("Voksen %(number)s"), _l("Tilføj en voksen mere"), _l("Fjern voksen %(number)s")
        ),
        "siblings": ListSpec(
            _l("Søskende %(number)s"),
            _l("Tilføj søskende"),
            _l("Fjern søskende %(number)s"),
            empty=_l("Har barnet søskende, så tilføj dem her."),
        ),
    },
)
METHODS = Step(
    "metoder",
    _l("Træningsmetoder"),
    intro=_l(
        "Beskriv de metoder, I vil træne barnet efter. Kommunen må ikke kræve, at en metode er "
        "videnskabeligt bevist, men den skal kunne dokumenteres: I skal kunne vise, hvad "
        "træningen gør for barnet."
    ),
    lists={
        "methods": ListSpec(
            _l("Metode %(number)s"), _l("Tilføj en metode mere"), _l("Fjern metode %(number)s")
        )
    },
)
CONSIDERATIONS = Step(
    "overvejelser",
    _l("Hvem træner, og hvorfor"),
    intro=_l(
        "Her fortæller I om jeres overvejelser. Der er ingen rigtige eller forkerte svar; "
        "skriv med jeres egne ord."
    ),
)
OFFERS = Step(
    "tilbud",
    _l("Skole og dagtilbud"),
    intro=_l(
        "Skal hjemmetræningen supplere eller erstatte et offentligt tilbud, fx børnehave, "
        "skole, SFO eller et behandlingstilbud? Tilføj hvert tilbud. Er det ikke aktuelt, så "
        "gå videre."
    ),
    lists={
        "offers": ListSpec(
            _l("Tilbud %(number)s"),
            _l("Tilføj et tilbud"),
            _l("Fjern tilbud %(number)s"),
            empty=_l("Der er ikke tilføjet nogen tilbud."),
        )
    },
)
GOALS = Step(
    "maal",
    _l("Mål for træningen"),
    intro=_l(
        "Dette er jeres tids- og faseplan. Beskriv hvert mål for sig. Et godt mål siger, hvad "
        'barnet skal kunne, hvordan I kan se det, og hvornår. Fx: "Anders tager selv '
        'joggingbukser på om morgenen. Han må guides med ord. Han kan det 1. juni."'
    ),
    lists={
        "goals": ListSpec(
            _l("Mål %(number)s"), _l("Tilføj et mål mere"), _l("Fjern mål %(number)s")
        )
    },
)
SCHEDULE = Step(
    "ugeskema",
    _l("Ugeskema"),
    intro=_l(
        "Skriv hvornår barnet træner, og hvornår barnet er i skole, dagtilbud og til fritid. "
        "Én linje for hver aktivitet."
    ),
    lists={
        "entries": ListSpec(
            _l("Aktivitet %(number)s"),
            _l("Tilføj en aktivitet mere"),
            _l("Fjern aktivitet %(number)s"),
        )
    },
)
BUDGET = Step(
    "budget",
    _l("Budget"),
    intro=_l(
        "Skriv hver udgift på sin egen linje, og forklar hvorfor den er nødvendig for "
        "træningen. Pengene bevilges til det, der står på linjen."
    ),
    lists={
        "lines": ListSpec(
            _l("Udgift %(number)s"),
            _l("Tilføj en udgift"),
            _l("Fjern udgift %(number)s"),
            empty=_l("Der er ikke tilføjet nogen udgifter."),
        )
    },
)
LOST_EARNINGS = Step(
    "tabt-arbejdsfortjeneste",
    _l("Tabt arbejdsfortjeneste"),
    intro=_l(
        "Går en af jer ned i tid for at træne barnet, kan I søge om at få dækket den løn, I "
        "mister. I kan også dele træningen og timerne mellem jer. Kommunen ser på hele "
        "familiens situation, fx et stort plejebehov, uro om natten og hensynet til søskende, og "
        "træning uden for arbejdstiden udelukker ikke hjælp. Beregningen her er vejledende; "
        "kommunen træffer afgørelsen."
    ),
    lists={
        "parents": ListSpec(
            _l("Forælder %(number)s"),
            _l("Tilføj en forælder"),
            _l("Fjern forælder %(number)s"),
            empty=_l("Søger I, så tilføj den forælder, der går ned i tid, eller begge."),
        )
    },
)
PARTNERS = Step(
    "samarbejdspartnere",
    _l("Samarbejdspartnere"),
    intro=_l(
        "Hvem kan kommunen tale med om barnet? Fx egen læge, speciallæge, børnehave, skole "
        "eller PPR. Tilføj så mange, I vil."
    ),
    lists={
        "partners": ListSpec(
            _l("Samarbejdspartner %(number)s"),
            _l("Tilføj en samarbejdspartner"),
            _l("Fjern samarbejdspartner %(number)s"),
            empty=_l("Der er ikke tilføjet nogen samarbejdspartnere."),
        )
    },
)
# Bilag 8, item 13: the annexes. Its page is portal.apply.attachments (files, not answers).
ATTACHMENTS = Step(
    "bilag",
    _l("Bilag"),
    intro=_l(
        "Send de dokumenter, der hører til, fx udtalelser fra læge eller skole, lønsedler "
        "eller kvitteringer. I kan også sende bilag senere, når I har sendt."
    ),
)
CONSENT = Step("samtykke", _l("Samtykke"))

SUPPLEMENT = Step(
    "supplere",
    _l("Hvorfor en ny metode"),
    intro=_l(
        "I må ikke begynde at træne efter en ny metode, før kommunen har truffet afgørelse. "
        "Fortæl hvorfor den nye metode skal supplere træningen."
    ),
)
SWITCH = Step(
    "skifte",
    _l("Skift af metode"),
    intro=_l(
        "Et skift af metode behandles som en ny ansøgning, og kommunen kan opdatere den "
        "børnefaglige undersøgelse. I må ikke skifte, før kommunen har truffet afgørelse."
    ),
)
EQUIPMENT = Step(
    "udstyr",
    _l("Træningsredskaber"),
    intro=_l(
        "Søg her om træningsredskaber, der ikke er med i årets budget. Skriv hver ting på sin "
        "egen linje, og forklar hvorfor den er nødvendig for træningen."
    ),
    lists={
        "lines": ListSpec(
            _l("Udgift %(number)s"), _l("Tilføj en udgift"), _l("Fjern udgift %(number)s")
        )
    },
)
ACCOUNTS = Step(
    "regnskab",
    _l("Regnskab"),
    intro=_l(
        "Her er de budgetlinjer, kommunen bevilgede for året. Skriv hver betaling på sin egen "
        "linje med dato, beløb og kvittering, under den budgetlinje den hører til. Portalen "
        "lægger sammen og viser, om I har brugt mere eller mindre end bevilget. Gem "
        "kvitteringerne i 5 år."
    ),
    lists={
        "entries": ListSpec(
            _l("Udgift %(number)s"),
            _l("Tilføj en udgift"),
            _l("Fjern udgift %(number)s"),
            empty=_l("Der er ikke skrevet nogen udgifter endnu."),
        )
    },
)

# Changes during the year (001, "Ændringer der kan have betydning for bevilling af
# hjemmetræning"; portal.rules.changes).
FAMILY_CHANGE = Step(
    "familie",
    _l("Ændring i familien"),
    intro=_l(
        "Fortæl om ændringer i familien, der har betydning for hjemmetræningen, fx skilsmisse, "
        "sygdom, en ny samlever eller nye søskende. Kommunen ser på, om bevillingen skal "
        "ændres."
    ),
)
CHILD_CHANGE = Step(
    "barnets-helbred",
    _l("Ændring i barnets helbred"),
    intro=_l(
        "Fortæl om ændringer hos barnet, der kan have betydning for hjemmetræningen, fx en ny "
        "sygdom eller en negativ udvikling. Kommunen kan opdatere den børnefaglige "
        "undersøgelse."
    ),
)
SCHOOL_CHANGE = Step(
    "skole",
    _l("Skole og dagtilbud"),
    intro=_l(
        "Starter barnet i skole eller dagtilbud, eller får barnet nedsat skoleskema? Fortæl "
        "hvad der ændrer sig, og skriv det nye ugeskema på næste side."
    ),
)
PAUSES = Step(
    "perioder-uden-traening",
    _l("Perioder uden træning"),
    intro=_l(
        "Skriv de perioder, hvor barnet ikke træner, fx ferie, sygdom eller indlæggelse. "
        "Kommunen regner med, at I holder nogle ugers ferie om året uden træning."
    ),
    lists={
        "periods": ListSpec(
            _l("Periode %(number)s"), _l("Tilføj en periode"), _l("Fjern periode %(number)s")
        )
    },
)
HELPER_HOURS = Step(
    "hjaelpetraener",
    _l("Timer til hjælpetræner"),
    intro=_l(
        "Skriv hvor mange timer om ugen hjælpetræneren skal arbejde fra en given dato. Vi "
        "regner udgiften ud med kommunens timeløn og sammenligner med det bevilgede."
    ),
)
BUDGET_MOVE = Step(
    "flyt-penge",
    _l("Flyt penge mellem budgetlinjer"),
    intro=_l(
        "Hver budgetlinje er bevilget til et bestemt formål. Vil I bruge penge fra én linje "
        "til noget andet, skal kommunen træffe en ny afgørelse først. Vælg linjerne fra årets "
        "bevilling."
    ),
    lists={
        "moves": ListSpec(
            _l("Flytning %(number)s"), _l("Tilføj en flytning"), _l("Fjern flytning %(number)s")
        )
    },
)

STEPS_BY_CASE_TYPE: dict[str, tuple[Step, ...]] = {
    "new_application": (
        CHILD,
        FAMILY,
        METHODS,
        CONSIDERATIONS,
        OFFERS,
        GOALS,
        SCHEDULE,
        BUDGET,
        LOST_EARNINGS,
        PARTNERS,
        ATTACHMENTS,
        CONSENT,
    ),
    # The other requests belong to an approved home training: the child is known from it, so
    # no step asks for the child again. What is the same as in the application is the same step.
    # Every request may come with files (portal.rules.attachments says which are expected).
    "supplement_method": (METHODS, SUPPLEMENT, GOALS, BUDGET, ATTACHMENTS),
    # "Idet dette betragtes som en ny ansøgning" (seed 001): the plan and the week change too.
    "switch_method": (METHODS, SWITCH, GOALS, SCHEDULE, BUDGET, LOST_EARNINGS, ATTACHMENTS),
    "extra_equipment": (EQUIPMENT, ATTACHMENTS),
    "annual_budget": (BUDGET, ATTACHMENTS),
    # The accounts go "med dokumentation for de afholdte udgifter" (seed 001, "Regnskab"):
    # the receipts come first, so that each payment in the ledger can name its own.
    "accounts": (ATTACHMENTS, ACCOUNTS),
    # "Målene gælder i 6 måneder" (seed 001): a new time-and-phase plan, pre-filled from the
    # last approved one (portal.services.drafts.start_draft).
    "renewed_goals": (GOALS, ATTACHMENTS),
    "family_change": (FAMILY_CHANGE, ATTACHMENTS),
    "child_change": (CHILD_CHANGE, ATTACHMENTS),
    # The new week is checked by the same schedule rules as the application's.
    "school_change": (SCHOOL_CHANGE, SCHEDULE, ATTACHMENTS),
    "training_pause": (PAUSES, ATTACHMENTS),
    "helper_hours": (HELPER_HOURS, ATTACHMENTS),
    "budget_move": (BUDGET_MOVE, ATTACHMENTS),
}


def steps_for(case_type: str) -> tuple[Step, ...]:
    """The wizard's steps of a request type; none for a request made on a page of its own
    (portal.rules.case_types.OWN_PAGE_CASE_TYPES)."""
    if case_type in OWN_PAGE_CASE_TYPES:
        return ()
    return STEPS_BY_CASE_TYPE[case_type]


def find_step(case_type: str, slug: str) -> Step | None:
    return next((s for s in steps_for(case_type) if s.slug == slug), None)
