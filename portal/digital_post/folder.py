"""The embedded default: each MeMo message as a file in a folder (DIGITAL_POST_OUTBOX), as
MAIL_OUTBOX keeps e-mails. Nothing leaves the machine; the letter counts as delivered digitally
when the file is written."""

from __future__ import annotations

from pathlib import Path

from portal.digital_post.base import DeliveryFailed, Letter, Sent, Transport


class FolderTransport(Transport):
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def send(self, letter: Letter, memo_xml: bytes) -> Sent:
        name = f"{letter.message_uuid}.xml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Written under another name first: whoever reads the folder never sees half a file.
            partial = self.folder / f".{name}.part"
            partial.write_bytes(memo_xml)
            partial.replace(self.folder / name)
        except OSError as error:
            raise DeliveryFailed(f"Brevet kunne ikke gemmes i {self.folder}: {error}") from error
        return Sent(channel="digital", reference=name)
