"""The accounts for an ended year: totals and advice per line (seed 001, Bilag 12)."""

from decimal import Decimal

from portal.rules.accounts import check_accounts


def test_totals_and_the_balance_of_granted_minus_spent():
    result = check_accounts(
        [
            {"granted": "450", "spent": Decimal("450")},
            {"granted": "10.000,00".replace(".", "").replace(",", "."), "spent": "8000"},
            {"granted": None, "spent": "300"},
        ]
    )
    assert result.granted == Decimal("10450.00")
    assert result.spent == Decimal("8750.00")
    assert result.balance == Decimal("1700.00")


def test_underspending_and_overspending_are_advice_on_their_line_never_errors():
    result = check_accounts(
        [{"granted": "1000", "spent": "800"}, {"granted": "200", "spent": "500"}]
    )
    codes = [(f.code, f.field, f.severity) for f in result.findings]
    assert codes == [
        ("accounts.underspent", "0.spent", "warning"),
        ("accounts.overspent", "1.spent", "warning"),
    ]
    assert "200,00 kr." in result.findings[0].message
    assert "300,00 kr." in result.findings[1].message


def test_a_line_without_a_granted_amount_is_not_compared():
    assert check_accounts([{"granted": None, "spent": "100"}]).findings == ()
