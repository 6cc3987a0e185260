"""The Word dossier and the ZIP carry the complaint with its reasons and files, the
reconsideration, the forwarding, Ankestyrelsen's answer and every decision: read back with
python-docx."""

from __future__ import annotations

import io
import zipfile

from portal.rules.formatting import long_date
from portal.timeutil import today_local
from tests.support import complaints, decisions, files
from tests.support.documents import all_text, headings, open_docx
from tests.support.pages import get
from tests.support.uploads import download


def test_the_dossier_and_zip_tell_the_whole_complaint_and_every_decision(
    family, parent_browser, staff_browser, db
):
    case = family.training
    today = today_local()
    complaints.complain(
        parent_browser,
        case,
        reasons="Vi er uenige i timetallet.",
        files=[("laegeerklaering.pdf", files.pdf())],
    )
    decisions.post(
        staff_browser, case, {**decisions.approval(), "text": "Timetallet ændres efter klagen."}
    )
    # The new decision is complained about too, upheld and forwarded, and sent back.
    complaints.complain(parent_browser, case, reasons="Stadig for få timer.")
    complaints.forward(staff_browser, case, today, "Kommunen fastholder.")
    complaints.ankestyrelsen(staff_browser, case, "sent_back", today, "J.nr. 26-99")
    db.session.expire_all()

    response = download(staff_browser, f"/sagsbehandling/sager/{case.public_id}/sag.docx")
    document = open_docx(response.data)
    level1 = headings(document, 1)
    assert {"Afgørelse", "Tidligere afgørelser", "Klager"} <= set(level1)
    assert f"Afgørelse nr. 1, gælder ikke fra {long_date(today)}" in headings(document, 2)
    # Sent back, the second decision no longer stands either; the case waits for a new one.
    assert f"Afgørelse nr. 2, gælder ikke fra {long_date(today)}" in headings(document, 2)
    assert "Der er endnu ikke truffet afgørelse." in all_text(document)
    complaint_titles = [h for h in headings(document, 2) if h.startswith("Klage over")]
    assert complaint_titles == [
        f"Klage over afgørelsen, {long_date(today)}",
        f"Klage over afgørelsen, {long_date(today)}",
    ]
    text = all_text(document)
    for expected in (
        "Vi er uenige i timetallet.",
        "laegeerklaering.pdf",
        "Afgørelsen ændret",
        "Stadig for få timer.",
        "klagen sendt til Ankestyrelsen",
        "Kommunen fastholder.",
        "Hjemvist: kommunen behandler sagen igen",
        "J.nr. 26-99",
        "Timetallet ændres efter klagen.",
        "ADL-metoden godkendes",  # the first decision, kept
        "Ankestyrelsen har sendt sagen tilbage til kommunen (hjemvist)",  # the history
    ):
        assert expected in text, expected

    response = download(staff_browser, f"/sagsbehandling/sager/{case.public_id}/sag.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    earlier = [n for n in names if "Afgørelse nr. 1" in n]
    assert len(earlier) == 1
    assert "ADL-metoden godkendes" in all_text(open_docx(archive.read(earlier[0])))
    assert any(n.endswith("laegeerklaering.pdf") for n in names)
    assert get(staff_browser, f"/sagsbehandling/sager/{case.public_id}").status == 200
