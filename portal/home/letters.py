"""The family's decision letter: the parent who sent the case downloads it from the case's
page. Anyone else gets 404, as for the case itself."""

from __future__ import annotations

from flask import abort

from portal.dossier import decision_letter, kit
from portal.downloads import send_download
from portal.home.cases import own_case
from portal.identity.session import parent_required
from portal.services.decisions import decision_letter_content, letter_content


@parent_required
def decision_letter_download(public_id: str):
    case = own_case(public_id)
    if case.decision is None:
        abort(404)
    return send_download(
        letter_content(case),
        name=decision_letter.file_name(case.number),
        mimetype=kit.WORD_TYPE,
    )


@parent_required
def earlier_decision_letter(public_id: str, sequence: int):
    """The letter of an earlier decision on the case, replaced after a complaint."""
    case = own_case(public_id)
    decision = next((d for d in case.decisions if d.sequence == sequence), None)
    if decision is None:
        abort(404)
    return send_download(
        decision_letter_content(case, decision),
        name=decision_letter.file_name(f"{case.number}-{sequence}"),
        mimetype=kit.WORD_TYPE,
    )
