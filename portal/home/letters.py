"""The family's decision letter: the parent who sent the case downloads it from the case's
page. Anyone else gets 404, as for the case itself."""

from __future__ import annotations

from flask import abort

from portal.auth.session import parent_required
from portal.home import bp
from portal.home.cases import own_case
from portal.services.decisions import letter_content
from portal.staff.documents import letter_name, send_document


@bp.get("/sager/<public_id>/afgoerelse.docx")
@parent_required
def decision_letter_download(public_id: str):
    case = own_case(public_id)
    if case.decision is None:
        abort(404)
    return send_document(letter_content(case), letter_name(case))
