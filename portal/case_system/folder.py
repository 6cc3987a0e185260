"""The embedded default: each package as a folder in CASE_SYSTEM_DROP, the way SBSYS's and
F2's imports watch a folder. Nothing leaves the machine.

The package's folder is named by its key. It is written under a hidden name of its own first
(`.<key>.<random>.part`), with the manifest last, and renamed when complete, so an import never
sees half a package; a folder with the key that is there already is the package handed over
before, and its receipt is given again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import uuid
from pathlib import Path

from portal.case_system.base import (
    CHUNK,
    MANIFEST,
    Connector,
    HandoffFailed,
    Package,
    PackageFile,
    Receipt,
)


class FolderConnector(Connector):
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def deliver(self, package: Package) -> Receipt:
        target = self.folder / package.key
        if (target / MANIFEST).is_file():
            return _receipt(target)
        # A name of this attempt's own: a worker whose claim went stale may still be writing
        # the same package beside it, and neither must write into the other's files.
        partial = self.folder / f".{package.key}.{uuid.uuid4().hex}.part"
        try:
            partial.mkdir(parents=True)
            for file in package.files:
                _copy(file, partial / file.path)
            manifest = json.dumps(package.manifest(), ensure_ascii=False, indent=2)
            (partial / MANIFEST).write_text(manifest + "\n", encoding="utf-8")
            try:
                partial.rename(target)
            except OSError:
                if not (target / MANIFEST).is_file():
                    raise
                # Another attempt finished first: its package is the one handed over.
        except OSError as error:
            raise HandoffFailed(
                f"Sagspakken kunne ikke gemmes i {self.folder}: {error.strerror or error}"
            ) from error
        finally:
            shutil.rmtree(partial, ignore_errors=True)
        # What attempts stopped half-way left behind (a worker killed while writing).
        for left in self.folder.glob(f".{package.key}.*part"):
            shutil.rmtree(left, ignore_errors=True)
        return _receipt(target)


def _copy(file: PackageFile, destination: Path) -> None:
    """The file's bytes, checked against the SHA-256 taken when it arrived: the case system
    never receives a file that is not the one the family sent."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    try:
        source = file.open()
    except FileNotFoundError as error:
        raise HandoffFailed(f"{file.path} findes ikke i portalens arkiv.") from error
    with contextlib.closing(source), destination.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if (digest.hexdigest(), size) != (file.sha256, file.size):
        raise HandoffFailed(f"{file.path} er ikke den fil, portalen modtog (SHA-256 passer ikke).")


def _receipt(target: Path) -> Receipt:
    manifest = (target / MANIFEST).read_bytes()
    data = json.loads(manifest)
    return Receipt(
        receipt=f"{target.name}/{MANIFEST} (SHA-256 {hashlib.sha256(manifest).hexdigest()[:16]})",
        esdh_case_number=data["case"]["esdh_case_number"],
    )
