"""The training budget: every line justified, the law's cap, and items the law forbids or the
municipality usually refuses, all of them advice but a line the portal cannot read."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.rules.budget import (
    CATEGORIES,
    check_budget,
    helper_amount,
    helper_terms,
    to_money,
    training_cap,
)
from portal.rules.findings import errors, warnings
from portal.rules.settings import DEFAULT_SETTINGS, MunicipalitySettings
from tests.support.figures import SHIPPED

CAP_2024 = Decimal("706600.00")


def line(category="equipment", description="Trampolin", amount="2500", **extra):
    data = {
        "category": category,
        "description": description,
        "quantity": 1,
        "amount": amount,
        "justification": "Bruges til balancetræning i øvelse 3 hver dag.",
    }
    if category == "helper":
        data["helper_goals"] = "Øvelse 3 og 5 i tids- og faseplanen kræver to voksne."
        data["helper_family"] = "nej"
    data.update(extra)
    return data


def codes(result):
    return [f.code for f in result.findings]


def single(result):
    """The result's one finding, and what a test compares of it: (code, severity, field)."""
    (finding,) = result.findings
    return finding, (finding.code, finding.severity, finding.field)


def test_a_sound_budget_passes_and_adds_up():
    result = check_budget(
        [
            line(),
            line("course", "Grundkursus i ABR, Aarhus", "12000"),
            line("provider", "Supervision 4 gange", "8000,50"),
            line("helper", "Hjælpetræner 1", None, hours_per_week=8),
            line("other", "Gebyr for erhvervskonto", "600"),
        ],
        year=2024,
        figures=SHIPPED,
    )
    assert result.findings == ()
    assert result.totals == {
        "equipment": Decimal("2500.00"),
        "course": Decimal("12000.00"),
        "provider": Decimal("8000.50"),
        "helper": Decimal("56259.00"),  # 8 h x 47 weeks x 133 kr + 12,5 % holiday pay
        "other": Decimal("600.00"),
    }
    assert result.total_training == Decimal("79359.50")
    assert (result.cap, result.cap_year, result.year) == (CAP_2024, 2024, 2024)
    assert result.remaining == CAP_2024 - Decimal("79359.50")


class TestJustification:
    @pytest.mark.parametrize("missing", [None, "", "  \n"])
    def test_a_line_without_justification_is_an_error(self, missing):
        result = check_budget([line(), line(justification=missing)], year=2024, figures=SHIPPED)
        (finding,) = result.findings
        assert (finding.code, finding.severity, finding.field) == (
            "budget.no_justification",
            "error",
            "1.justification",
        )
        assert finding.message == "Skriv hvorfor udgiften er nødvendig for træningen."

    def test_a_line_without_description_is_an_error(self):
        assert codes(check_budget([line(description="")], year=2024, figures=SHIPPED)) == [
            "budget.no_description"
        ]


class TestAmounts:
    @pytest.mark.parametrize("amount", ["0", "-100", Decimal("-0.01")])
    def test_amounts_must_be_positive(self, amount):
        (finding,) = check_budget([line(amount=amount)], year=2024, figures=SHIPPED).findings
        assert (finding.code, finding.field) == ("budget.amount_not_positive", "0.amount")

    def test_one_ore_is_positive(self):
        assert check_budget([line(amount="0.01")], year=2024, figures=SHIPPED).findings == ()

    def test_a_missing_amount_is_an_error(self):
        assert codes(check_budget([line(amount=None)], year=2024, figures=SHIPPED)) == [
            "budget.amount_missing"
        ]

    def test_amounts_are_rounded_to_whole_ore(self):
        result = check_budget(
            [line(amount="100.005"), line(amount=Decimal("0.994"))], year=2024, figures=SHIPPED
        )
        assert [ln.amount for ln in result.lines] == [Decimal("100.01"), Decimal("0.99")]

    def test_floats_are_refused_for_money(self):
        with pytest.raises(TypeError):
            check_budget([line(amount=2500.0)], year=2024, figures=SHIPPED)

    def test_danish_decimal_comma_is_read(self):
        assert to_money("1.234,50".replace(".", "")) == Decimal("1234.50")

    def test_quantity_must_be_positive_when_given(self):
        assert codes(check_budget([line(quantity=0)], year=2024, figures=SHIPPED)) == [
            "budget.quantity_not_positive"
        ]

    def test_unknown_category_is_a_programming_error(self):
        with pytest.raises(ValueError):
            check_budget([line(category="travel")], year=2024, figures=SHIPPED)


class TestCap:
    def test_exactly_the_cap_is_fine(self):
        result = check_budget([line(amount=CAP_2024)], year=2024, figures=SHIPPED)
        assert result.findings == ()
        assert result.remaining == 0

    def test_one_ore_over_the_cap_is_advice_that_the_excess_will_be_refused(self):
        """Seed 004 § 6, stk. 2 caps the expenses; the caseworker cannot grant more, but the
        family may still apply and complain: advice, never a block."""
        result = check_budget(
            [line(amount="700000"), line(amount="6600.01")], year=2024, figures=SHIPPED
        )
        finding, seen = single(result)
        assert seen == ("budget.over_cap", "warning", "total")
        assert "706.600,00 kr." in finding.message
        assert "Kommunen kan ikke bevilge mere end loftet" in finding.message
        assert "udgifter for 0,01 kr. bliver afvist" in finding.message
        assert finding.source.startswith("Bekendtgørelse § 6, stk. 2")

    @pytest.mark.parametrize(
        ("year", "cap"), [(2016, "596681"), (2022, "666689"), (2024, "706600")]
    )
    def test_caps_of_the_sources_are_kept_per_year(self, year, cap):
        amount, cap_year, source = training_cap(year, SHIPPED)
        assert (amount, cap_year) == (Decimal(cap), year)
        # Named by the document a caseworker can look up.
        assert (
            "Esbjerg Kommunes vejledning om hjemmetræning" in source
            or "Bekendtgørelse om hjemmetræning efter barnets lov" in source
        )

    def test_a_year_without_a_figure_uses_the_latest_known_and_says_so(self):
        result = check_budget([line()], year=2027, figures=SHIPPED)
        # The page and the case file say so, in the reader's language.
        assert (result.cap, result.cap_year, result.year) == (CAP_2024, 2024, 2027)
        assert result.findings == ()

    def test_over_an_older_figure_is_advice_because_the_cap_rises_every_year(self):
        result = check_budget([line(amount="706600.01")], year=2027, figures=SHIPPED)
        (finding,) = result.findings
        assert (finding.code, finding.severity) == ("budget.maybe_over_cap", "warning")
        assert "Loftet for 2027 er ikke lagt ind i portalen endnu" in finding.message
        assert "706.600,00 kr. (2024-niveau)" in finding.message

    def test_a_year_between_figures_uses_the_figure_before_it(self):
        assert training_cap(2023, SHIPPED)[:2] == (Decimal("666689.00"), 2022)


class TestHelpers:
    def test_helper_amount_is_hours_times_weeks_times_the_rate_plus_holiday_pay(self):
        """Seed 001: "133 kr./time (2022 niveau) inkl. ATP, AES, AER, men ekskl. feriepenge";
        "I holder 5 ugers ferie om året" (47 training weeks)."""
        result = check_budget(
            [line("helper", "Hjælpetræner", None, hours_per_week="8")], year=2024, figures=SHIPPED
        )
        (helper,) = result.lines
        assert helper.computed
        assert helper.weeks == 47
        assert helper.hours_per_year == 376
        calculation = helper.calculation
        assert (calculation.rate, calculation.rate_year) == (Decimal("133.00"), 2022)
        assert calculation.wages == Decimal("50008.00")  # 8 x 47 x 133
        assert calculation.holiday_pay == Decimal("6251.00")  # 12,5 %
        assert helper.amount == Decimal("56259.00")

    def test_the_rate_and_holidays_are_the_municipalitys(self):
        s = MunicipalitySettings(
            helper_hourly_rates={2024: Decimal("150")},
            holiday_weeks=6,
            helper_holiday_pay_percent=Decimal(0),
        )
        assert helper_amount(Decimal(10), year=2024, settings=s) == Decimal("69000.00")

    def test_the_rate_is_the_latest_years_up_to_the_budget_year(self):
        s = MunicipalitySettings(helper_hourly_rates={2022: "133", 2025: "140"})
        assert helper_terms(2024, settings=s).rate_year == 2022
        assert helper_terms(2025, settings=s).rate == Decimal("140")
        assert helper_terms(2030, settings=s).rate_year == 2025
        # A budget before every known year uses the earliest rate rather than none.
        assert helper_terms(2020, settings=s).rate_year == 2022

    def test_the_familys_training_weeks_are_used_for_every_helper_line(self):
        """Seed 001: "Der tages her udgangspunkt i, at I holder 5 ugers ferie om året" and asks
        the family to say so if not: the weeks are asked on the budget step."""
        result = check_budget(
            [line("helper", "Hjælpetræner", None, hours_per_week="10")],
            year=2024,
            training_weeks=40,
            figures=SHIPPED,
        )
        (helper,) = result.lines
        assert (helper.weeks, result.helper_terms.weeks) == (40, 40)
        assert helper.amount == Decimal("59850.00")  # 10 x 40 x 133 x 1,125
        with pytest.raises(ValueError):
            check_budget([line()], year=2024, training_weeks=53, figures=SHIPPED)

    def test_an_explicit_amount_wins_over_the_computation(self):
        (helper,) = check_budget(
            [line("helper", "Hjælpetræner", "40000", hours_per_week="5")],
            year=2024,
            figures=SHIPPED,
        ).lines
        assert (helper.amount, helper.computed) == (Decimal("40000.00"), False)

    def test_explicit_weeks_are_used(self):
        (helper,) = check_budget(
            [line("helper", "Ferieafløser", None, hours_per_week="10", weeks=4)],
            year=2024,
            figures=SHIPPED,
        ).lines
        assert helper.amount == Decimal("5985.00")  # 10 x 4 x 133 + 12,5 %

    def test_a_helper_line_names_the_goals_it_serves(self):
        """Principle decision 9-17 (seed 003): "Der kan som udgangspunkt kun ydes støtte til
        hjælpere i det omfang, øvelserne kræver medvirken af to personer samtidig"."""
        result = check_budget(
            [line("helper", "Hjælpetræner", None, hours_per_week=5, helper_goals=" ")],
            year=2024,
            figures=SHIPPED,
        )
        finding, seen = single(result)
        assert seen == ("budget.helper_no_goals", "warning", "0.helper_goals")
        assert "kræver to personer" in finding.message
        assert "principafgørelse 9-17" in finding.source

    def test_family_as_paid_helpers_is_advice_where_the_municipality_says_no(self):
        """Seed 001: "Der må ikke ansættes familie, venner eller kærester/samlevere som
        hjælpetrænere"; another municipality may allow it."""
        family = [line("helper", "Mormor", None, hours_per_week=5, helper_family="ja")]
        finding, seen = single(check_budget(family, year=2024, figures=SHIPPED))
        assert seen == ("budget.helper_family", "warning", "0.helper_family")
        assert finding.message.startswith("Esbjerg Kommune dækker normalt ikke løn til familie")
        allowing = MunicipalitySettings(name="Vejle Kommune", family_helpers_allowed=True)
        assert check_budget(family, year=2024, settings=allowing, figures=SHIPPED).findings == ()

    def test_a_helper_without_hours_or_amount_is_an_error(self):
        assert codes(
            check_budget([line("helper", "Hjælpetræner", None)], year=2024, figures=SHIPPED)
        ) == ["budget.helper_hours_missing"]

    @pytest.mark.parametrize(("weeks", "ok"), [(0, False), (1, True), (52, True), (53, False)])
    def test_weeks_are_between_1_and_52(self, weeks, ok):
        result = check_budget(
            [line("helper", "Hjælper", None, hours_per_week=2, weeks=weeks)],
            year=2024,
            figures=SHIPPED,
        )
        assert (codes(result) == []) is ok

    def test_37_hours_a_week_is_normal_working_time_more_is_advice(self):
        at_37 = check_budget(
            [line("helper", "Hjælper", None, hours_per_week=37, weeks=10)],
            year=2024,
            figures=SHIPPED,
        )
        assert codes(at_37) == []
        above = check_budget(
            [line("helper", "Hjælper", None, hours_per_week="37.25", weeks=10)],
            year=2024,
            figures=SHIPPED,
        )
        (finding,) = above.findings
        assert (finding.code, finding.severity, finding.field) == (
            "budget.helper_over_normal_hours",
            "warning",
            "0.hours_per_week",
        )
        assert "37,25 timer" in finding.message

    def test_400_hours_a_year_is_fine_more_needs_statutory_insurance(self):
        at_400 = check_budget(
            [line("helper", "Hjælper", None, hours_per_week=8, weeks=50)],
            year=2024,
            figures=SHIPPED,
        )
        assert codes(at_400) == []
        above = check_budget(
            [line("helper", "Hjælper", None, hours_per_week="8.52", weeks=47)],
            year=2024,
            figures=SHIPPED,
        )
        (finding,) = above.findings
        assert (finding.code, finding.severity) == ("budget.helper_insurance", "warning")
        assert "400,44 timer om året" in finding.message


class TestExcludedItems:
    @pytest.mark.parametrize(
        ("description", "code"),
        [
            ("Mild trykkammerbehandling 10 gange", "budget.excluded.hyperbaric_chamber"),
            ("Leje af TRYKKAMMER", "budget.excluded.hyperbaric_chamber"),
            ("Hyperbar iltbehandling", "budget.excluded.hyperbaric_chamber"),
            ("Carbogen-gas", "budget.excluded.carbogen"),
            ("Genindånding i refleksposer", "budget.excluded.carbogen"),
            ("Respirationsterapi", "budget.excluded.respiratory_therapy"),
            ("Sygehusbehandling i Tyskland", "budget.excluded.hospital_treatment"),
        ],
    )
    def test_what_the_law_forbids_is_advice_that_says_the_consequence(self, description, code):
        """70-14 (seed 003): such expenses "kan derfor ikke dækkes efter reglerne om
        hjemmetræning"; the municipality decides, the family may still send."""
        result = check_budget([line(description=description)], year=2024, figures=SHIPPED)
        assert codes(result) == [code]
        (finding,) = result.findings
        assert finding.severity == "warning"
        assert finding.field == "0.description"
        assert "§ 3, stk. 7" in finding.source
        assert "kan ikke godkende træningen, så længe" in finding.message
        assert "I kan stadig sende ansøgningen" in finding.message

    @pytest.mark.parametrize(
        ("category", "description"),
        [
            ("course", "ABR-kursus i udlandet"),
            ("provider", "Supervision, udenlandsk udbyder"),
            ("other", "Kursusgebyr for kursus i udlandet"),
            ("course", "Kursus i Philadelphia"),
            ("other", "Flybilletter og hotel, intensivforløb i Polen"),
            ("course", "Therasuit-forløb i Spanien, 3 uger"),
        ],
    )
    def test_courses_travel_and_stays_abroad_are_advice(self, category, description):
        """Seed 001: "Der kan derfor heller ikke bevilliges udgifter til kurser m.m. i
        udlandet"; the municipality's practice, so advice that names it."""
        result = check_budget([line(category, description)], year=2024, figures=SHIPPED)
        assert codes(result) == ["budget.excluded.course_abroad"]
        (finding,) = result.findings
        assert finding.severity == "warning"
        assert finding.message.startswith("Esbjerg Kommune dækker normalt ikke kurser")

    @pytest.mark.parametrize(
        ("category", "description"),
        [
            ("provider", "Online supervision fra udenlandsk metodeudbyder"),
            ("course", "Webinar med amerikansk udbyder fra Philadelphia"),
            ("provider", "Supervision via Teams med metodeudbyder i England"),
            ("provider", "Skype-supervision, udbyder i udlandet"),
        ],
    )
    def test_online_courses_and_supervision_from_abroad_are_fine(self, category, description):
        """Seed 001: "Familierådgivningen Handicap opfordrer til brug af supervision og kursus
        via skype eller teams, når det er muligt"."""
        assert (
            check_budget([line(category, description)], year=2024, figures=SHIPPED).findings == ()
        )

    def test_a_line_gets_one_piece_of_advice_about_abroad_never_two(self):
        # Travel to a course, not goods bought abroad: "goods" would contradict "course".
        result = check_budget(
            [line("equipment", "Rejse til kursus i USA")], year=2024, figures=SHIPPED
        )
        assert codes(result) == ["budget.excluded.course_abroad"]
        goods = check_budget(
            [line("equipment", "Træningsdragt købt i Tyskland")], year=2024, figures=SHIPPED
        )
        assert codes(goods) == ["budget.usually_not_granted.goods_abroad"]
        # A helper from Poland is neither goods nor travel.
        helper = line("helper", "Hjælpetræner fra Polen", None, hours_per_week=5)
        assert check_budget([helper], year=2024, figures=SHIPPED).findings == ()

    @pytest.mark.parametrize(
        ("description", "code"),
        [
            ("CBD-olie", "budget.usually_not_granted.cbd_oil"),
            ("Cannabisolie", "budget.usually_not_granted.cbd_oil"),
            ("Blodprøver hos privat klinik", "budget.usually_not_granted.blood_test"),
            ("Zoneterapibehandlinger", "budget.usually_not_granted.treatment"),
            ("Revisor til årsregnskab", "budget.usually_not_granted.administration"),
            ("Lønadministration", "budget.usually_not_granted.administration"),
            ("Møbler til træningsrummet", "budget.usually_not_granted.household"),
            ("Husholdningsmaskine", "budget.usually_not_granted.household"),
            ("Diætkost", "budget.usually_not_granted.special_diet"),
            ("Svømmehal, 10-turskort", "budget.usually_not_granted.swimming"),
            ("Træningsmåtte købt i udlandet", "budget.usually_not_granted.goods_abroad"),
        ],
    )
    def test_what_is_usually_refused_is_advice_asking_for_a_reason(self, description, code):
        """Seed 001's list is Esbjerg's practice; seed 003 point 157 d: "Intet træningsredskab
        er derfor på forhånd udelukket" and the expense needs "en konkret og individuel
        skønsmæssig vurdering"."""
        result = check_budget([line(description=description)], year=2024, figures=SHIPPED)
        assert codes(result) == [code]
        (finding,) = result.findings
        assert finding.severity == "warning"
        assert "Esbjerg Kommunes vejledning om hjemmetræning" in finding.source
        assert finding.message.startswith("Esbjerg Kommune ")
        assert "Ingen udgift er udelukket på forhånd" in finding.message

    def test_the_advice_names_the_municipality_whose_practice_it_is(self):
        aarhus = MunicipalitySettings(name="Aarhus Kommune")
        result = check_budget(
            [line(description="CBD-olie")], year=2024, settings=aarhus, figures=SHIPPED
        )
        (finding,) = result.findings
        assert finding.message.startswith("Aarhus Kommune bevilger normalt ikke CBD")

    def test_an_ordinary_training_tool_is_not_flagged(self):
        for description in ("Hoppebold", "Sliske", "Laminator", "Kravlemåtte", "Ribbe"):
            assert (
                check_budget([line(description=description)], year=2024, figures=SHIPPED).findings
                == ()
            )

    def test_a_forbidden_item_is_not_also_flagged_as_treatment(self):
        result = check_budget(
            [line(description="Trykkammerbehandling")], year=2024, figures=SHIPPED
        )
        assert codes(result) == ["budget.excluded.hyperbaric_chamber"]


_amounts = st.decimals(min_value="0.01", max_value=100000, places=2)
_lines = st.lists(
    st.one_of(
        st.builds(
            lambda c, a: line(c, "Udgift", a),
            st.sampled_from([c for c in CATEGORIES if c != "helper"]),
            _amounts,
        ),
        st.builds(
            lambda h: line("helper", "Hjælpetræner", None, hours_per_week=h),
            st.decimals(min_value="0.25", max_value=37, places=2),
        ),
    ),
    max_size=15,
)


@settings(max_examples=150, database=None)
@given(lines=_lines, year=st.integers(2016, 2030))
def test_totals_equal_the_sum_of_the_lines(lines, year):
    result = check_budget(lines, year=year, figures=SHIPPED)
    assert result.total_training == sum((ln.amount for ln in result.lines), Decimal(0))
    assert sum(result.totals.values(), Decimal(0)) == result.total_training
    for category in CATEGORIES:
        assert result.totals[category] == sum(
            (ln.amount for ln in result.lines if ln.category == category), Decimal(0)
        )
    assert all(ln.amount == ln.amount.quantize(Decimal("0.01")) for ln in result.lines)
    over_cap = {"budget.over_cap", "budget.maybe_over_cap"} & set(codes(result))
    assert bool(over_cap) == (result.total_training > result.cap)


@settings(max_examples=150, database=None)
@given(
    hours=st.decimals(min_value="0.25", max_value=60, places=2),
    weeks=st.integers(1, 52),
    rate=st.decimals(min_value=1, max_value=500, places=2),
)
def test_helper_amount_is_exact_to_the_ore(hours, weeks, rate):
    s = MunicipalitySettings(helper_hourly_rates={2024: rate})
    (helper,) = check_budget(
        [line("helper", "Hjælpetræner", None, hours_per_week=hours, weeks=weeks)],
        year=2024,
        settings=s,
        figures=SHIPPED,
    ).lines
    # The wages are rounded to the øre, and the holiday pay (12,5 %) on them.
    wages, holiday_pay = helper.calculation.wages, helper.calculation.holiday_pay
    assert abs(wages - hours * weeks * rate) <= Decimal("0.005")
    assert abs(holiday_pay - wages * Decimal("0.125")) <= Decimal("0.005")
    assert helper.amount == wages + holiday_pay
    assert helper.amount == helper_amount(hours, year=2024, weeks=weeks, settings=s)


def test_default_settings_are_esbjergs():
    with_default = check_budget(
        [line("helper", "H", None, hours_per_week=1)], year=2024, figures=SHIPPED
    )
    explicit = check_budget(
        [line("helper", "H", None, hours_per_week=1)],
        year=2024,
        settings=DEFAULT_SETTINGS,
        figures=SHIPPED,
    )
    assert with_default == explicit
    assert errors(with_default.findings) == warnings(with_default.findings) == []
