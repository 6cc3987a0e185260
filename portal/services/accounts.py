"""The accounts of a budget year: the granted lines read from the year's decisions, the ledger
kept when the accounts are sent, the caseworker's review per line, the proposed repayment claim
and the decision on it (seed 001 "Regnskab", "Tilbagebetalingskrav", Bilag 12).

Operations flush and never commit; the view commits.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from portal.dossier import accounts_section, repayment_letter
from portal.extensions import db
from portal.i18n import gettext, in_danish
from portal.models import (
    AccountsLine,
    Attachment,
    Case,
    CaseEvent,
    Decision,
    DraftStep,
    Hearing,
    LedgerEntry,
    RepaymentClaim,
    StaffUser,
)
from portal.models.case import to_ore
from portal.rules import accounts as rules
from portal.rules import formatting
from portal.rules.accounts import GrantedLine, LineReview
from portal.rules.findings import Finding
from portal.rules.i18n import N_
from portal.rules.labels import label
from portal.services import changes, grants, hearings, letters
from portal.services.cases import CaseActionRefused, record_decision
from portal.timeutil import local_date

__all__ = [
    "LineInput",
    "ReviewRefused",
    "claim_for",
    "decide",
    "granted_lines",
    "lines_for",
    "prefill",
    "propose_claim",
    "record_ledger",
    "review",
    "reviews",
    "waiting_reason",
]

_SLUG = "regnskab"

# "En afgørelse om tilbagebetalingskrav kan påklages til Ankestyrelsen" (seed 001); the
# 4 weeks and the municipality's reconsideration first are Retssikkerhedsloven §§ 66-67, as
# portal.rules.case_status.DEFAULT_COMPLAINT_GUIDANCE says.
COMPLAINT_GUIDANCE = N_(
    "En afgørelse om tilbagebetalingskrav kan påklages til Ankestyrelsen. Klagen skal være "
    "modtaget i kommunen senest 4 uger efter, at I har fået afgørelsen. Kommunen ser på sagen "
    "igen. Fastholder kommunen afgørelsen, sender den klagen videre til Ankestyrelsen "
    "(retssikkerhedsloven §§ 66-67)."
)


def granted_lines(case: Case) -> list[GrantedLine]:
    """Every budget line the home training `case` belongs to was granted, of every year, with
    what it holds after the approved moves between lines of that year (portal.services.changes:
    each line is bound to its purpose, and only a decision moves money, seed 001): the current
    decision of each of its cases, lines with an approved amount. The year is the decision's
    budget year (the year decided for one without)."""
    years = sorted(
        {
            year if year is not None else local_date(decided_at).year
            for _number, _type, decided_at, year, _line in grants.granted_lines(case)
        }
    )
    return [
        GrantedLine(
            key=_line_key(line),
            category=line.category,
            description=line.description,
            granted=line.amount,
            year=year,
            reference=line.reference,
        )
        for year in years
        for line in changes.granted_lines(case, year=year)
    ]


def _line_key(line: changes.GrantedLine) -> str:
    """The decision's line by its place ("HT-2026-000123:0"); a new purpose a move created by
    the move's case and its place ("HT-2026-000130:ny1")."""
    if line.key.endswith(f"ny linje {line.number}"):
        return f"{line.reference}:ny{line.number}"
    return f"{line.reference}:{line.number - 1}"


def prefill(draft_id: int, *, today: date, training_ended: date | None = None) -> None:
    """The accounts start with their year: the budget year that ended, or the year of a
    training that ended this year. The granted lines are read from the decisions whenever the
    step is shown, so nothing is typed twice."""
    year = rules.accounts_year(today, training_ended=training_ended)
    db.session.add(DraftStep(draft_id=draft_id, step=_SLUG, data={"year": [str(year)]}))
    db.session.flush()


def draft_receipts(draft_id: int) -> list[tuple[str, str]]:
    """The files attached to an accounts draft, as (id, name): what a payment's receipt can
    be."""
    rows = db.session.execute(
        select(Attachment.public_id, Attachment.original_name)
        .where(Attachment.draft_id == draft_id, Attachment.removed_at.is_(None))
        .order_by(Attachment.created_at, Attachment.id)
    )
    return [(row.public_id, row.original_name) for row in rows]


def record_ledger(case: Case, files: Sequence[Attachment]) -> list[AccountsLine]:
    """Keep the accounts as sent: each granted line of the year with what the ledger sums to,
    and every entry with its receipt. Called when the case is made from the draft."""
    section = (case.application or {}).get(_SLUG) or {}
    year = year_of(case)
    lines = [line for line in granted_lines(case) if line.year == year]
    entries = [_typed_entry(e) for e in section.get("entries") or []]
    summed = rules.check_accounts(year, lines, entries)
    by_id = {a.public_id: a for a in files}
    rows = []
    for position, line_sum in enumerate(summed.lines):
        row = AccountsLine(
            case_id=case.id,
            position=position,
            line_key=line_sum.line.key,
            category=line_sum.line.category,
            description=line_sum.line.description,
            granted_ore=to_ore(line_sum.line.granted),
            spent_ore=to_ore(line_sum.spent),
        )
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    row_of = {row.line_key: row for row in rows}
    for position, entry in enumerate(entries):
        row = row_of.get(entry["line"])
        if row is None or entry["amount"] is None or entry["paid_on"] is None:
            continue
        receipt = by_id.get(entry.get("receipt") or "")
        db.session.add(
            LedgerEntry(
                case_id=case.id,
                line_id=row.id,
                position=position,
                kind=entry["kind"],
                paid_on=entry["paid_on"],
                what=entry["what"],
                amount_ore=to_ore(entry["amount"]),
                attachment_id=receipt.id if receipt else None,
            )
        )
    db.session.flush()
    return rows


def _typed_entry(entry: dict) -> dict:
    paid_on = entry.get("paid_on")
    amount = entry.get("amount")
    return {
        "line": entry.get("line") or "",
        "kind": entry.get("kind") or "expense",
        "paid_on": date.fromisoformat(paid_on) if paid_on else None,
        "what": entry.get("what") or "",
        "amount": Decimal(amount) if amount not in (None, "") else None,
        "receipt": entry.get("receipt") or "",
    }


def granted_as_sent(case: Case) -> list[GrantedLine]:
    """The granted lines as kept when the accounts were sent (none for other requests)."""
    if case.case_type != "accounts":
        return []
    year = year_of(case)
    return [
        GrantedLine(
            key=line.line_key,
            category=line.category,
            description=line.description,
            granted=line.granted,
            year=year,
            reference=line.line_key.partition(":")[0],
        )
        for line in lines_for(case)
    ]


def lines_for(case: Case) -> list[AccountsLine]:
    return list(
        db.session.scalars(
            select(AccountsLine)
            .where(AccountsLine.case_id == case.id)
            .order_by(AccountsLine.position)
        )
    )


def entries_for(case: Case) -> list[LedgerEntry]:
    return list(
        db.session.scalars(
            select(LedgerEntry).where(LedgerEntry.case_id == case.id).order_by(LedgerEntry.position)
        )
    )


def entries_by_line(case: Case) -> dict[int, list[LedgerEntry]]:
    grouped: dict[int, list[LedgerEntry]] = {}
    for entry in entries_for(case):
        grouped.setdefault(entry.line_id, []).append(entry)
    return grouped


def year_of(case: Case) -> int:
    return int(((case.application or {}).get(_SLUG) or {}).get("year") or 0)


def hearing_of(claim: RepaymentClaim | None) -> Hearing | None:
    """The hearing the claim was put to the family in, if any."""
    return claim.hearing if claim is not None else None


def reviews(lines: Sequence[AccountsLine]) -> list[LineReview]:
    """The lines as the rules read a review: granted, spent, approved (None if not yet)."""
    return [
        LineReview(line.description, line.granted, line.spent, line.approved, line.reason or "")
        for line in lines
    ]


@dataclass(frozen=True)
class LineInput:
    approved: Decimal | None
    reason: str = ""


class ReviewRefused(Exception):
    def __init__(self, findings: Sequence[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings))
        self.findings = list(findings)


def _require_undecided(case: Case) -> None:
    if not kept_as_ledger(case):
        raise ValueError("only accounts kept as a ledger are reviewed line by line")
    if case.status in ("decided", "withdrawn"):
        raise CaseActionRefused(N_("Sagen er afgjort. Den kan ikke ændres."))


@in_danish
def review(
    case: Case, staff: StaffUser, given: Sequence[LineInput], *, now: datetime
) -> list[AccountsLine]:
    """Record the approved spending per line. Raises ReviewRefused where a line cannot be
    recorded. Once the claim is put to the family, the review waits for their answer (or the
    deadline), and may then only lower the claim."""
    _require_undecided(case)
    lines = lines_for(case)
    if len(given) != len(lines):
        raise ValueError("the review must answer every line, and only those")
    proposed = [
        LineReview(line.description, line.granted, line.spent, g.approved, g.reason.strip())
        for line, g in zip(lines, given, strict=True)
    ]
    problems = rules.check_review(proposed)
    if problems:
        raise ReviewRefused(problems)
    if (why := review_waits(case, today=local_date(now), proposed=proposed)) is not None:
        raise CaseActionRefused(why)
    for line, answer in zip(lines, proposed, strict=True):
        line.approved_ore = to_ore(answer.approved)
        line.reason = answer.reason or None
        line.reviewed_by_name = staff.name
        line.reviewed_at = now
    claim = rules.claim_total(proposed)
    case.events.append(
        CaseEvent(
            at=now,
            kind="accounts_reviewed",
            actor_kind="staff",
            actor_name=staff.name,
            note=gettext(
                "Tilbagebetaling efter gennemgangen: %(amount)s", amount=formatting.money(claim)
            )
            if claim
            else None,
        )
    )
    db.session.flush()
    return lines


def review_waits(
    case: Case, *, today: date, proposed: Sequence[LineReview] | None = None
) -> str | None:
    """Why the review cannot be changed now (a msgid), or None (portal.rules.accounts)."""
    claim = claim_for(case)
    if claim is None:
        return None
    hearing = claim.hearing
    closed = hearing is None or not hearing.is_open or today > hearing.answer_by
    return rules.review_after_hearing(
        claim.amount,
        rules.claim_total(proposed) if proposed is not None else None,
        hearing_closed=closed,
    )


def reviewed(lines: Sequence[AccountsLine]) -> bool:
    """Every line has its approved amount (accounts without granted lines have none to
    approve)."""
    return all(line.approved_ore is not None for line in lines)


def kept_as_ledger(case: Case) -> bool:
    """Accounts sent with the dated ledger, reviewed line by line here. Accounts sent before
    the ledger existed typed their totals per line and are decided on the decision page."""
    section = (case.application or {}).get(_SLUG) or {}
    return case.case_type == "accounts" and "entries" in section


def claim_for(case: Case) -> RepaymentClaim | None:
    return db.session.scalar(select(RepaymentClaim).where(RepaymentClaim.case_id == case.id))


def propose_claim(case: Case, staff: StaffUser, *, now: datetime) -> RepaymentClaim:
    """Put the repayment claim to the family: the lines' underspend as reviewed."""
    _require_undecided(case)
    lines = lines_for(case)
    if not reviewed(lines):
        raise CaseActionRefused(N_("Godkend udgifterne på hver linje, før du foreslår et krav."))
    amount = rules.claim_total(reviews(lines))
    if amount <= 0:
        raise CaseActionRefused(N_("Der er intet at betale tilbage."))
    if claim_for(case) is not None:
        raise CaseActionRefused(N_("Forslaget om tilbagebetaling er allerede sendt."))
    # 001: "Før der træffes afgørelse om tilbagebetaling, vil du blive partshørt."
    hearing = hearings.open_hearing(
        case, kind="repayment", subject=_claim_text(case, lines, amount), staff=staff, now=now
    )
    claim = RepaymentClaim(
        case_id=case.id,
        amount_ore=to_ore(amount),
        proposed_at=now,
        proposed_by_id=staff.id,
        proposed_by_name=staff.name,
        hearing=hearing,
    )
    db.session.add(claim)
    db.session.flush()
    return claim


@in_danish
def _claim_text(case: Case, lines: Sequence[AccountsLine], amount: Decimal) -> str:
    """The proposal as the family reads it in the hearing: the total, each line that is paid
    back with its reason, and what they can do."""
    parts = [
        gettext(
            "Kommunen har gennemgået jeres regnskab for %(year)s og foreslår, at I betaler "
            "%(amount)s tilbage, fordi de dokumenterede udgifter på disse budgetlinjer er "
            "mindre end det bevilgede (serviceloven § 164):",
            year=year_of(case),
            amount=formatting.money(amount),
        )
    ]
    for line, reviewed in zip(lines, reviews(lines), strict=True):
        if reviewed.repayment > 0:
            reason = f" {line.reason}" if line.reason else ""
            parts.append(
                gettext(
                    "– %(line)s: bevilget %(granted)s, godkendt %(approved)s, tilbagebetaling "
                    "%(repayment)s.",
                    line=line.description,
                    granted=formatting.money(line.granted),
                    approved=formatting.money(reviewed.approved),
                    repayment=formatting.money(reviewed.repayment),
                )
                + reason
            )
    parts.append(
        gettext(
            "Mener I, at kommunen ikke har medregnet nogle af jeres udgifter, så send "
            "dokumentationen for dem med jeres svar. Kommunen træffer afgørelse, når I har "
            "svaret, eller når fristen er udløbet."
        )
    )
    return "\n".join(parts)


def waiting_reason(case: Case, *, today: date) -> str | None:
    """Why the accounts cannot be decided yet (a msgid), or None."""
    lines = lines_for(case)
    if not reviewed(lines):
        return N_("Godkend udgifterne på hver linje, før regnskabet afgøres.")
    hearing = hearing_of(claim_for(case))
    amount = rules.claim_total(reviews(lines))
    return rules.decision_waits(
        amount,
        hearing_sent=hearing is not None,
        hearing_answered=hearing is not None and not hearing.is_open,
        answer_by=hearing.answer_by if hearing is not None else None,
        today=today,
    )


def decide(case: Case, staff: StaffUser, *, text: str, now: datetime) -> Decision:
    """The decision on the accounts: the repayment per line and in total, or that there is
    nothing to repay, with the letter made once and kept with the decision."""
    _require_undecided(case)
    reason = waiting_reason(case, today=local_date(now))
    if reason is not None:
        raise CaseActionRefused(reason)
    amount = rules.claim_total(reviews(lines_for(case)))
    outcome = "repayment" if amount > 0 else "accounts_approved"
    decision = record_decision(case, staff, outcome, text.strip(), COMPLAINT_GUIDANCE, now=now)
    archive_letter(case)
    letters.queue_decision(case, decision, now=now)
    return decision


@in_danish
def archive_letter(case: Case) -> None:
    content = repayment_letter.build(letter_data(case))
    case.decision.letter = content
    case.decision.letter_sha256 = hashlib.sha256(content).hexdigest()


@in_danish
def letter_data(case: Case) -> repayment_letter.RepaymentLetter:
    decision = case.decision
    if decision is None:
        raise ValueError("the case has no decision")
    lines = lines_for(case)
    hearing = hearing_of(claim_for(case))
    heard = None
    if hearing is not None:
        heard = repayment_letter.Heard(
            sent_on=local_date(hearing.sent_at),
            answer_by=hearing.answer_by,
            answered_on=local_date(hearing.answered_at) if hearing.answered_at else None,
            answer=hearing.answer or "",
        )
    return repayment_letter.RepaymentLetter(
        hearing=heard,
        municipality=case.municipality.name,
        contact=case.municipality.settings.contact,
        number=case.number,
        year=year_of(case),
        received_at=case.received_at,
        child_name=case.child_name,
        child_cpr=case.child_cpr,
        family=[case.parent.name],
        text=decision.text,
        decided_at=decision.decided_at,
        decided_by=decision.decided_by_name,
        complaint_guidance=decision.complaint_guidance,
        lines=[
            repayment_letter.Line(
                description=line.description,
                category=line.category,
                granted=line.granted,
                spent=line.spent,
                approved=line.approved or Decimal("0.00"),
                reason=line.reason or "",
            )
            for line in lines
        ],
    )


def dossier_part(case: Case) -> accounts_section.AccountsDossier | None:
    """The accounts as the case's dossier shows them; None for any other request."""
    if not kept_as_ledger(case):
        return None
    lines = lines_for(case)
    names = {line.id: line.description for line in lines}
    claim = claim_for(case)
    return accounts_section.AccountsDossier(
        year=year_of(case),
        lines=[
            accounts_section.LineRow(
                description=line.description,
                category=gettext(label("budget_category", line.category)),
                granted=line.granted,
                spent=line.spent,
                approved=line.approved,
                repayment=reviewed.repayment if line.approved is not None else None,
                overspent=reviewed.overspent,
                reason=line.reason or "",
            )
            for line, reviewed in zip(lines, reviews(lines), strict=True)
        ],
        ledger=[
            accounts_section.LedgerRow(
                paid_on=entry.paid_on,
                line=names[entry.line_id],
                kind=gettext(label("ledger_kind", entry.kind)),
                what=entry.what,
                amount=entry.amount,
                receipt=entry.attachment.original_name if entry.attachment else "",
            )
            for entry in entries_for(case)
        ],
        claim=claim.amount if claim else None,
        proposed_at=claim.proposed_at if claim else None,
        proposed_by=claim.proposed_by_name if claim else "",
    )


@dataclass(frozen=True)
class FamilyLine:
    line: AccountsLine
    review: LineReview


def family_view(case: Case) -> dict | None:
    """The accounts as the family follows them on their case: each line with what they spent
    and, once reviewed, what the municipality approves and proposes to be paid back."""
    if not kept_as_ledger(case):
        return None
    lines = lines_for(case)
    checked = reviews(lines)
    done = reviewed(lines)
    return {
        "year": year_of(case),
        "lines": [FamilyLine(line, r) for line, r in zip(lines, checked, strict=True)],
        "reviewed": done,
        "repayment": rules.claim_total(checked) if done else None,
    }


def answer_labels(case: Case) -> dict[str, dict[str, str]]:
    """The names of the ledger's choices as the accounts were sent: each granted line by its
    description and case, each receipt by its file name (for the request read back)."""
    if not kept_as_ledger(case):
        return {}
    lines = {
        line.line_key: gettext(
            "%(line)s (sag %(number)s)",
            line=line.description,
            number=line.line_key.partition(":")[0],
        )
        for line in lines_for(case)
    }
    files = db.session.execute(
        select(Attachment.public_id, Attachment.original_name).where(Attachment.case_id == case.id)
    )
    return {"line": lines, "receipt": {row.public_id: row.original_name for row in files}}
