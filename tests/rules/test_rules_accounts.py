"""The accounts for an ended year: the ledger summed per granted line, advice per line and per
entry, the caseworker's review and the claim it leads to (seed 001 "Regnskab",
"Tilbagebetalingskrav", Bilag 12)."""

from datetime import date
from decimal import Decimal

import pytest

from portal.rules.accounts import (
    GrantedLine,
    LineReview,
    accounts_year,
    check_accounts,
    check_review,
    claim_total,
    decision_waits,
    review_after_hearing,
)

BALL = GrantedLine(
    "HT-2026-000001:0", "equipment", "Terapibold", Decimal("1000.00"), 2026, "HT-2026-000001"
)
HELPERS = GrantedLine(
    "HT-2026-000002:1", "helpers", "Hjælpetræner", Decimal("5000.00"), 2026, "HT-2026-000002"
)


def entry(line, amount, paid_on=date(2026, 3, 1), kind="expense", receipt="r1"):
    return {
        "line": line.key,
        "amount": Decimal(amount),
        "paid_on": paid_on,
        "kind": kind,
        "receipt": receipt,
    }


def test_the_ledger_is_summed_per_granted_line_with_totals():
    result = check_accounts(
        2026,
        [BALL, HELPERS],
        [entry(BALL, "400"), entry(BALL, "200"), entry(HELPERS, "5000", kind="helper_wage")],
    )
    assert [(s.line.key, s.spent, s.entries) for s in result.lines] == [
        (BALL.key, Decimal("600.00"), 2),
        (HELPERS.key, Decimal("5000.00"), 1),
    ]
    assert result.granted == Decimal("6000.00")
    assert result.spent == Decimal("5600.00")
    assert result.underspent == Decimal("400.00")
    assert result.balance == Decimal("400.00")


def test_underspending_and_overspending_are_advice_on_their_line_never_errors():
    result = check_accounts(
        2026, [BALL, HELPERS], [entry(BALL, "800"), entry(HELPERS, "5500", kind="helper_wage")]
    )
    codes = [(f.code, f.field, f.severity) for f in result.findings]
    assert codes == [
        ("accounts.underspent", "line.0", "warning"),
        ("accounts.overspent", "line.1", "warning"),
    ]
    assert "200,00 kr." in result.findings[0].message
    assert "selv afholde" in result.findings[1].message


def test_pension_paid_the_next_year_counts_in_the_year_but_other_late_payments_are_advised():
    result = check_accounts(
        2026,
        [HELPERS],
        [
            entry(HELPERS, "4000", kind="helper_wage", paid_on=date(2026, 12, 30)),
            entry(HELPERS, "600", kind="pension", paid_on=date(2027, 1, 15)),
            entry(HELPERS, "400", kind="expense", paid_on=date(2027, 1, 20)),
        ],
    )
    assert result.lines[0].spent == Decimal("5000.00")
    assert [(f.code, f.field) for f in result.findings] == [("accounts.outside_year", "2.paid_on")]


def test_an_entry_without_receipt_is_advised_and_an_unknown_line_is_an_error():
    result = check_accounts(
        2026, [BALL], [entry(BALL, "1000", receipt=""), {"line": "HT-1:9", "amount": Decimal(5)}]
    )
    found = {(f.code, f.field, f.severity) for f in result.findings}
    assert ("accounts.no_receipt", "0.receipt", "warning") in found
    assert ("accounts.unknown_line", "1.line", "error") in found
    assert result.spent == Decimal("1000.00")


@pytest.mark.parametrize(
    ("today", "ended", "year"),
    [
        (date(2027, 1, 10), None, 2026),
        (date(2027, 3, 31), None, 2026),
        (date(2027, 6, 1), None, 2026),
        (date(2027, 9, 1), date(2027, 7, 1), 2027),
        (date(2027, 2, 1), date(2026, 10, 1), 2026),
    ],
)
def test_the_accounts_year_is_the_year_that_ended_or_the_year_the_training_ended(
    today, ended, year
):
    assert accounts_year(today, training_ended=ended) == year


def test_the_claim_is_each_lines_granted_minus_approved_and_overspend_never_offsets():
    lines = [
        LineReview(
            "Terapibold", Decimal(1000), Decimal(800), Decimal(700), "En kvittering mangler"
        ),
        LineReview("Hjælpetræner", Decimal(5000), Decimal(5500), Decimal(5500)),
    ]
    assert check_review(lines) == []
    assert [line.repayment for line in lines] == [Decimal(300), Decimal(0)]
    assert [line.overspent for line in lines] == [Decimal(0), Decimal(500)]
    assert claim_total(lines) == Decimal(300)


def test_a_review_needs_an_amount_within_what_was_documented_and_a_reason_for_less():
    found = check_review(
        [
            LineReview("A", Decimal(100), Decimal(100), None),
            LineReview("B", Decimal(100), Decimal(80), Decimal(90)),
            LineReview("C", Decimal(100), Decimal(80), Decimal(50), "  "),
        ]
    )
    assert [(f.code, f.field) for f in found] == [
        ("review.missing", "0.approved"),
        ("review.above_spent", "1.approved"),
        ("review.reason", "2.reason"),
    ]


def test_a_claim_waits_for_the_hearing_to_be_sent_and_answered_or_expired():
    today = date(2027, 4, 10)
    waits = dict(claim=Decimal(300), today=today)
    assert decision_waits(**waits, hearing_sent=False, hearing_answered=False, answer_by=None)
    assert decision_waits(
        **waits, hearing_sent=True, hearing_answered=False, answer_by=date(2027, 4, 10)
    )
    assert (
        decision_waits(
            **waits, hearing_sent=True, hearing_answered=True, answer_by=date(2027, 4, 20)
        )
        is None
    )
    assert (
        decision_waits(
            **waits, hearing_sent=True, hearing_answered=False, answer_by=date(2027, 4, 9)
        )
        is None
    )
    assert (
        decision_waits(
            Decimal(0), today=today, hearing_sent=False, hearing_answered=False, answer_by=None
        )
        is None
    )


def test_after_the_hearing_the_claim_may_only_go_down():
    assert review_after_hearing(Decimal(300), Decimal(200), hearing_closed=False)
    assert review_after_hearing(Decimal(300), Decimal(400), hearing_closed=True)
    assert review_after_hearing(Decimal(300), Decimal(200), hearing_closed=True) is None
    assert review_after_hearing(Decimal(300), Decimal(300), hearing_closed=True) is None
    assert review_after_hearing(Decimal(300), None, hearing_closed=True) is None
