"""Real-looking goals and budgets, as a Danish family would write them, with what the rules say.

The good goals are seed 001's Bilag 10 (Anders and his jogging trousers, Maja who crawls 3 m
before Christmas Eve); the weak ones are what caseworkers see: vague words, no indicator,
last year's dates, a horizon of years, no plan for documentation. The budgets follow Bilag 11's
groups and seed 001's »Økonomi«, »Hjælpetrænere« and »Udgifter der blandt andet ikke godkendes«.

Each row lists every finding as (code, severity, field), so a row fails both when a finding
goes missing and when a new one appears.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.rules.budget import check_budget
from portal.rules.goals import check_goal

TODAY = date(2025, 1, 15)  # a family writes its plan in January


def found(findings):
    return sorted((f.code, f.severity, f.field) for f in findings)


# --- goals ----------------------------------------------------------------------------------

ANDERS = {
    "title": "Anders tager selv tøj på",
    "current_status": (
        "Anders kan vende bukserne rigtigt med hjælp, men kan ikke selv få benene i buksebenene."
    ),
    "indicator": (
        "Anders tager selv joggingbukser på om morgenen derhjemme. Bukserne er ikke stramme. "
        "Han må guides verbalt."
    ),
    "short_term": (
        "Anders kan sidde og tage det ene ben i det ene bukseben og det andet ben i det andet "
        "bukseben."
    ),
    "short_term_by": date(2025, 4, 1),
    "long_term": (
        "Anders skal selv kunne tage joggingbukser på om morgenen derhjemme. Han må guides "
        "verbalt. Han skal kunne det 1. juni. Når Anders har haft anfald om natten og har sovet "
        "dårligt, forventes det ikke, at han kan selv."
    ),
    "long_term_by": date(2025, 6, 1),
    "purpose": "Anders skal selv kunne tage tøj på.",
    "method": "Ergoterapeutisk træning af påklædning",
    "exercises": (
        "Vende bukserne rigtigt. Sidde og tage det ene ben i det ene bukseben. Tage det andet "
        "ben i det andet bukseben. Stå op og tage bukserne op foran, i siderne og bagpå."
    ),
    "when": "Hver morgen ved påklædning, kl. 7.00-7.20",
    "equipment": "Joggingbukser, der ikke er stramme, og en stol",
    "documentation": (
        "Vi krydser hver morgen af i et skema, hvilke af de seks delmål Anders klarer selv, og "
        "filmer påklædningen den første mandag i måneden."
    ),
}

MAJA = {
    "title": "Maja kravler hen til sit legetøj",
    "current_status": (
        "Maja kan sidde på gulvet med strakte ben, men kan ikke komme op i kravlestilling."
    ),
    "indicator": "Maja kravler 3 m på gulvtæppe/måtte.",
    "short_term": "Maja kan stå stabilt i kravlestilling i 5 sekunder.",
    "short_term_by": date(2025, 6, 15),
    "long_term": (
        "Maja kan kravle 3 m på gulvtæppe/måtte. Det skal hun selv kunne inden juleaften, så "
        "hun kan finde sine gaver under træet. Hun skal kunne det derhjemme, hos "
        "bedsteforældrene og i børnehaven."
    ),
    "long_term_by": date(2025, 12, 24),
    "purpose": "Når Maja sidder på gulvet, skal hun kunne bevæge sig hen efter noget legetøj.",
    "method": "Fysioterapeutisk motorisk træning",
    "exercises": (
        "Fra siddende til havfruestilling over begge sider. Fra havfruestilling til "
        "kravlestilling. Række ud efter legetøj i kravlestilling. Kravle 1 m, 2 m, 3 m."
    ),
    "when": "Hver formiddag kl. 9.30-10.00 og efter børnehaven",
    "equipment": "Gulvtæppe eller måtte og Majas eget legetøj",
    "documentation": ("Vi måler hver fredag, hvor langt Maja kravler, og skriver det i et skema."),
}

# A speech goal for Noah, 4 years old; the weak rows below change it the way parents do.
NOAH = {
    "title": "Noah siger hvad han vil have",
    "current_status": "Noah siger 3 ord, som vi forstår: mor, far og mad. Ellers peger han.",
    "indicator": "Noah siger 10 forskellige ord, så vi forstår dem, uden at vi siger dem først.",
    "short_term": "Noah siger 5 ord ved spisebordet.",
    "short_term_by": date(2025, 6, 1),
    "long_term": "Noah siger 10 ord og beder selv om mad, drikke og sin bamse.",
    "long_term_by": date(2025, 12, 1),
    "purpose": "Noah skal kunne sige til, når han er sulten eller vil have noget.",
    "method": "Tegn til tale og ABA-inspireret sprogtræning",
    "exercises": "Benævne billeder af mad og legetøj; vælge mellem to ting ved at sige ordet.",
    "when": "Ved morgenmad og aftensmad og 2 x 15 minutter om eftermiddagen",
    "equipment": "Billedkort og en lille belønningskasse",
    "documentation": (
        "Vi skriver de ord, Noah siger, i en liste hver aften og filmer 1 gang om ugen."
    ),
}


def noah(**changes):
    return {**NOAH, **changes}


GOAL_ROWS = [
    pytest.param(ANDERS, [], id="bilag10-anders-jogging-trousers-by-1-june"),
    pytest.param(MAJA, [], id="bilag10-maja-crawls-3m-before-christmas-eve"),
    pytest.param(NOAH, [], id="noah-10-words-good"),
    pytest.param(
        noah(indicator="Han skal blive bedre til at tale", short_term="Han skal tale mere"),
        [
            ("goal.vague", "warning", "indicator"),
            ("goal.vague", "warning", "short_term"),
        ],
        id="vague-han-skal-blive-bedre-til-at-tale",
    ),
    pytest.param(
        noah(indicator="Han skal blive bedre til at tale, så han siger 10 ord"),
        [],
        id="better-but-with-a-count-is-measurable",
    ),
    pytest.param(
        noah(indicator=""),
        [("goal.no_indicator", "error", "indicator")],
        id="missing-indicator",
    ),
    pytest.param(
        noah(short_term_by=date(2024, 6, 1), long_term_by=date(2024, 12, 24)),
        [
            ("goal.long_term_date_past", "error", "long_term_by"),
            ("goal.short_term_date_past", "error", "short_term_by"),
        ],
        id="last-years-dates-copied",
    ),
    pytest.param(
        noah(short_term_by=date(2025, 7, 1), long_term_by=date(2025, 6, 1)),
        [("goal.short_after_long", "error", "short_term_by")],
        id="short-term-after-long-term",
    ),
    pytest.param(
        noah(long_term_by=date(2027, 1, 15)),
        [("goal.long_term_far", "warning", "long_term_by")],
        id="long-term-in-two-years",
    ),
    pytest.param(
        noah(short_term_by=date(2025, 12, 1), long_term_by=date(2026, 1, 10)),
        [("goal.short_term_far", "warning", "short_term_by")],
        id="short-term-almost-a-year-away",
    ),
    pytest.param(
        noah(documentation=None),
        [("goal.no_documentation", "error", "documentation")],
        id="missing-documentation",
    ),
    pytest.param(
        noah(
            short_term_by=None, long_term_by=None, long_term="Inden sommerferien siger han 10 ord"
        ),
        [
            ("goal.no_long_term_date", "error", "long_term_by"),
            ("goal.no_short_term_date", "error", "short_term_by"),
        ],
        id="date-only-in-the-text-inden-sommerferien",
    ),
    pytest.param(
        {
            "title": "Spise selv",
            "current_status": "Bliver madet med ske",
            "indicator": "Spiser selv 5 skefulde yoghurt",
            "short_term_by": date(2025, 5, 1),
            "long_term_by": date(2025, 11, 1),
            "documentation": "Skema hver dag",
        },
        [
            ("goal.no_equipment", "warning", "equipment"),
            ("goal.no_exercises", "warning", "exercises"),
            ("goal.no_long_term", "warning", "long_term"),
            ("goal.no_method", "warning", "method"),
            ("goal.no_purpose", "warning", "purpose"),
            ("goal.no_short_term", "warning", "short_term"),
            ("goal.no_when", "warning", "when"),
        ],
        id="only-what-the-law-needs-the-rest-is-advice",
    ),
    pytest.param(
        {"title": "Motorik", "indicator": "Bedre motorik"},
        [
            ("goal.no_current_status", "error", "current_status"),
            ("goal.no_documentation", "error", "documentation"),
            ("goal.no_equipment", "warning", "equipment"),
            ("goal.no_exercises", "warning", "exercises"),
            ("goal.no_long_term", "warning", "long_term"),
            ("goal.no_long_term_date", "error", "long_term_by"),
            ("goal.no_method", "warning", "method"),
            ("goal.no_purpose", "warning", "purpose"),
            ("goal.no_short_term", "warning", "short_term"),
            ("goal.no_short_term_date", "error", "short_term_by"),
            ("goal.no_when", "warning", "when"),
            ("goal.vague", "warning", "indicator"),
        ],
        id="first-draft-bedre-motorik",
    ),
]


@pytest.mark.parametrize(("goal", "expected"), GOAL_ROWS)
def test_goal_table(goal, expected):
    assert found(check_goal(goal, today=TODAY)) == sorted(expected)


# --- budgets --------------------------------------------------------------------------------

WHY = "Bruges hver dag i træningsprogrammet, jf. tids- og faseplanen."


def ln(category, description, amount=None, justification=WHY, **extra):
    return {
        "category": category,
        "description": description,
        "amount": amount,
        "justification": justification,
        **extra,
    }


TYPICAL = [
    ln("equipment", "Trampolin, 1 stk.", "2500", quantity=1),
    ln("equipment", "Kravlemåtte 2 x 1 m", "1200", quantity=2),
    ln("equipment", "Laminator til billedkort", "400"),
    ln("course", "Grundkursus i ABR, Aarhus, 2 personer", "12000", quantity=2),
    ln("provider", "Supervision 4 gange via Teams", "16000", quantity=4),
    ln(
        "helper",
        "Hjælpetræner 1",
        justification="Øvelse 3 og 5 kræver to voksne, se tids- og faseplanen.",
        hours_per_week=8,
    ),
    ln("other", "Kørsel til kursus, statens laveste takst", "1100"),
    ln("other", "Overnatning ved heldagskursus, dobbeltværelse", "650"),
    ln("other", "Gebyr for erhvervskonto", "600"),
]

# Three helpers full time and a year's equipment: 3 x 37 h x 47 weeks x 133 kr + 15.000 kr.
FULL_TIME_HELPERS = [
    ln("helper", f"Hjælpetræner {n}", hours_per_week=37, justification=WHY) for n in (1, 2, 3)
] + [ln("equipment", "Træningsredskaber jf. ABR-programmet", "15000")]
INSURANCE = [("budget.helper_insurance", "warning", f"{i}.hours_per_week") for i in range(3)]

BUDGET_ROWS = [
    pytest.param(TYPICAL, 2024, [], "84458", id="typical-equipment-course-supervision-passes"),
    pytest.param(
        FULL_TIME_HELPERS,
        2024,
        [("budget.over_cap", "error", "total"), *INSURANCE],
        "708861",  # 706.600 kr. is the 2024 cap
        id="over-the-706600-cap-in-2024",
    ),
    pytest.param(
        FULL_TIME_HELPERS,
        2022,
        [("budget.over_cap", "error", "total"), *INSURANCE],
        "708861",  # 666.689 kr. in 2022
        id="same-budget-over-the-2022-cap",
    ),
    pytest.param(
        FULL_TIME_HELPERS,
        2027,
        [("budget.maybe_over_cap", "warning", "total"), *INSURANCE],
        "708861",  # the 2027 cap is not yet known: advice, never a block
        id="same-budget-in-2027-only-advice",
    ),
    pytest.param(
        [
            ln(
                "helper",
                "Hjælpetræner 1 (ABR-øvelser der kræver to personer)",
                hours_per_week="10",
            ),
            ln("helper", "Hjælpetræner 2", hours_per_week="6"),
            ln("helper", "Ferieafløser i sommerferien", hours_per_week="10", weeks=4),
        ],
        2024,
        # 10 h x 47 weeks = 470 h a year: over 400 hours needs statutory insurance.
        [("budget.helper_insurance", "warning", "0.hours_per_week")],
        "105336",  # 62.510 + 37.506 + 5.320
        id="helpers-computed-from-hours",
    ),
    pytest.param(
        [
            ln("helper", "Hjælpetræner, weekender", hours_per_week="40"),
            ln("helper", "Hjælpetræner 2"),
        ],
        2024,
        [
            ("budget.helper_hours_missing", "error", "1.hours_per_week"),
            ("budget.helper_insurance", "warning", "0.hours_per_week"),
            ("budget.helper_over_normal_hours", "warning", "0.hours_per_week"),
        ],
        "250040",
        id="helper-over-normal-hours-and-one-without-hours",
    ),
    pytest.param(
        [
            ln("equipment", "Trampolin", "2500"),
            ln(
                "other",
                "Mild trykkammerbehandling (HBOT), 40 sessioner",
                "24000",
                justification="Anbefalet af metodeudbyderen",
            ),
        ],
        2024,
        [("budget.excluded.hyperbaric_chamber", "error", "1.description")],
        "26500",
        id="excluded-trykkammer-line",
    ),
    pytest.param(
        [
            ln(
                "other",
                "CBD-olie, 3 flasker",
                "1800",
                justification="Maja er roligere og kan koncentrere sig om øvelserne.",
            )
        ],
        2024,
        [("budget.usually_not_granted.cbd_oil", "warning", "0.description")],
        "1800",
        id="cbd-oil-is-a-warning",
    ),
    pytest.param(
        [
            ln("course", "Intensivt ABR-kursus i udlandet (Montreal), 2 forældre", "28000"),
            ln("other", "Flybilletter til kurset i udlandet", "9000"),
        ],
        2024,
        [
            ("budget.excluded.course_abroad", "error", "0.description"),
            ("budget.excluded.course_abroad", "error", "1.description"),
        ],
        "37000",
        id="course-abroad-and-flights-to-it",
    ),
    pytest.param(
        [
            ln("equipment", "Ribbe til væggen", "1900"),
            ln("equipment", "Reol til opbevaring af træningsredskaber", "1500", justification=None),
        ],
        2024,
        [
            ("budget.no_justification", "error", "1.justification"),
            ("budget.usually_not_granted.household", "warning", "1.description"),
        ],
        "3400",
        id="furniture-without-justification",
    ),
    pytest.param(
        [
            ln("equipment", "Hoppebold 65 cm", "300"),
            ln("equipment", "Kravlemåtte 2 x 1 m", "1200", justification="   "),
        ],
        2024,
        [("budget.no_justification", "error", "1.justification")],
        "1500",
        id="missing-justification",
    ),
    pytest.param(
        [
            ln("other", "Revisor til årsregnskab", "3500"),
            ln("other", "Svømmehal, 10-turskort: far træner Anders i vandet", "450"),
            ln("equipment", "Blender til specialkost", "1200"),
            ln("other", "Blodprøver hos privat klinik", "2400"),
        ],
        2024,
        [
            ("budget.usually_not_granted.administration", "warning", "0.description"),
            ("budget.usually_not_granted.blood_test", "warning", "3.description"),
            ("budget.usually_not_granted.household", "warning", "2.description"),
            ("budget.usually_not_granted.special_diet", "warning", "2.description"),
            ("budget.usually_not_granted.swimming", "warning", "1.description"),
        ],
        "7550",
        id="esbjerg-list-of-what-is-usually-refused",
    ),
    pytest.param(
        [
            ln("equipment", "Trampolin"),
            ln("equipment", "Ribbe", "-500"),
            ln("equipment", "Balancebræt", "350", quantity=0),
            ln("equipment", "", "200"),
        ],
        2024,
        [
            ("budget.amount_missing", "error", "0.amount"),
            ("budget.amount_not_positive", "error", "1.amount"),
            ("budget.no_description", "error", "3.description"),
            ("budget.quantity_not_positive", "error", "2.quantity"),
        ],
        "50",
        id="half-filled-draft",
    ),
]


@pytest.mark.parametrize(("lines", "year", "expected", "total"), BUDGET_ROWS)
def test_budget_table(lines, year, expected, total):
    result = check_budget(lines, year=year)
    assert found(result.findings) == sorted(expected)
    assert result.total_training == Decimal(total)


def test_the_over_cap_message_says_how_much_to_cut():
    result = check_budget(FULL_TIME_HELPERS, year=2024)
    (over,) = [f for f in result.findings if f.code == "budget.over_cap"]
    assert over.message == (
        "Budgettet er på 708.861,00 kr., men loftet for 2024 er 706.600,00 kr. for ét barn. "
        "Skær 2.261,00 kr. ned."
    )
