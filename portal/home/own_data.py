"""The parent's own copy of everything the portal holds about them, as one ZIP
(databeskyttelsesforordningen art. 15): the page that explains it, and the download.

Only the logged-in parent's own data is read (portal.services.own_data); the copy is written
in each of their cases' history before the first byte goes out. The documents are made with
the builders the portal uses everywhere (the dossier, the receipt, the decision letter as
kept), each when the stream reaches it, so a large family's copy starts at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from flask import Response, current_app, render_template
from flask_babel import force_locale

from portal import receipts
from portal.dossier import case_dossier, decision_letter
from portal.dossier.case_zip import safe_name
from portal.dossier.own_data_zip import Member, folder, made, stored, stream
from portal.downloads import download_headers
from portal.extensions import db
from portal.forms.steps import case_sections
from portal.i18n import gettext as _
from portal.i18n import in_danish, locale_name
from portal.identity.providers import cpr_subject_hash, subject_cpr_hash
from portal.identity.session import current_parent, parent_required
from portal.models import Case, Decision, LetterDelivery
from portal.rules.labels import label
from portal.services import own_data
from portal.services.decisions import decision_letter_content
from portal.services.dossier import dossier_data
from portal.storage import storage
from portal.timeutil import local_date, now_utc
from portal.uploads.web import download_name


@parent_required
def page():
    return render_template("home/own_data.html", title=_("Dine oplysninger"))


@in_danish
def _dossier(case: Case) -> bytes:
    # The case as the municipality's own dossier shows it: the same document, in Danish.
    return case_dossier.build(dossier_data(case, case_sections(case.case_type, case.application)))


def _files(files, under: str, size_of, open_file, missing: list[str]) -> list[Member]:
    """The files under `under`/Bilag, numbered in the order they arrived; a file that is not
    in storage is named in `missing` (the overview says so) rather than break the copy."""
    members = []
    for number, item in enumerate(files, start=1):
        path = f"{under}/Bilag/{number:02d} " + safe_name(
            f"{_(label('attachment', item.kind))} - {download_name(item)}"
        )
        try:
            present = size_of(item.storage_key) == item.size
        except OSError:
            present = False
        if not present or item.removed_at is not None:
            if item.removed_at is None:
                missing.append(path)
            continue
        members.append(Member(path, stored(open_file, item.storage_key)))
    return members


def _later(build: Callable[[], bytes]) -> Callable[[], Iterator[bytes]]:
    """A document made when the stream reaches it, after the request has ended: in an app
    context of its own (a database session of its own, closed when the document is made) and
    in the reader's language, as the request had it. Objects are read again by id there."""
    app = current_app._get_current_object()
    language = locale_name()

    def in_app() -> bytes:
        with app.app_context(), force_locale(language):
            return build()

    return made(in_app)


def _case_documents(case: Case, under: str, letters: list[LetterDelivery]) -> list[Member]:
    """The dossier, the receipt, every decision letter as kept, and the letters sent to the
    parent, each made when the stream reaches it."""
    case_id = case.id

    def again() -> Case:
        return db.session.get(Case, case_id)

    members = [
        Member(
            f"{under}/" + safe_name(_("Sag %(number)s", number=case.number)) + ".docx",
            _later(lambda: _dossier(again())),
        )
    ]
    if receipts.has_receipt(case):
        members.append(
            Member(
                f"{under}/" + safe_name(receipts.file_name(case)),
                _later(lambda: receipts.receipt_pdf(again())),
            )
        )
    for decision in case.decisions:
        number = case.number
        if decision.superseded_at is not None:
            number = f"{case.number}-{decision.sequence}"

        def letter(decision_id: int = decision.id) -> bytes:
            return decision_letter_content(again(), db.session.get(Decision, decision_id))

        members.append(
            Member(f"{under}/" + safe_name(decision_letter.file_name(number)), _later(letter))
        )
    for sent in letters:
        name = f"{local_date(sent.created_at).isoformat()} {sent.filename}"

        def document(letter_id: int = sent.id) -> bytes:
            return db.session.get(LetterDelivery, letter_id).document

        members.append(Member(f"{under}/" + folder(_("Breve"), name), _later(document)))
    return members


@parent_required
def download():
    parent = current_parent()
    mine = subject_cpr_hash(parent.subject)
    data = own_data.collect(
        parent,
        addressed_to_parent=lambda cpr: cpr_subject_hash(cpr) == mine,
    )
    now = now_utc()
    store = storage()
    members: list[Member] = []
    missing: list[str] = []
    for item in data.cases:
        under = folder(_("Sager"), item.case.number)
        members += _case_documents(item.case, under, item.letters)
        members += _files(item.attachments, under, store.size, store.open, missing)
    for public_id, files in data.draft_files.items():
        members += _files(files, folder(_("Kladder"), public_id), store.size, store.open, missing)

    document = {"made_at": now.isoformat(), **data.json}
    json_name = _("oplysninger") + ".json"
    overview = render_template(
        "home/own_data_overview.html",
        title=_("Dine oplysninger i portalen om hjemmetræning"),
        data=data,
        made_at=now,
        missing=missing,
        files=[member.path for member in members],
        json_name=json_name,
    )
    content = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    members = [
        Member(_("Oversigt") + ".html", made(lambda: overview.encode("utf-8")), compress=True),
        Member(json_name, made(lambda: content), compress=True),
        *members,
    ]
    own_data.record_copy(data, now=now)
    db.session.commit()
    root = _("Dine oplysninger %(date)s", date=local_date(now).isoformat())
    response = Response(stream(root, members), mimetype="application/zip", direct_passthrough=True)
    # A proxy passes it on as it comes (as the case's ZIP, portal.staff.documents).
    response.headers["X-Accel-Buffering"] = "no"
    return download_headers(response, root + ".zip")
