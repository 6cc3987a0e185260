"""Files in a folder on disk: the embedded default.

The folder must be outside anything a web server serves (the default is instance/uploads).
Staging files live in the same folder's `.incoming/`, on the same file system, so that keeping
a file is one atomic rename.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import BinaryIO

from portal.storage.base import Storage, new_key

_KEY = re.compile(r"^[0-9a-f]{40}$")


class DiskStorage(Storage):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self.objects.mkdir(parents=True, exist_ok=True)
        super().__init__(root / ".incoming")

    def _path(self, key: str) -> Path:
        # Keys are made by new_key(); anything else never reaches the file system.
        if not _KEY.match(key):
            raise ValueError("not a storage key")
        return self.objects / key[:2] / key

    def keep(self, staged: Path) -> str:
        key = new_key()
        target = self._path(key)
        target.parent.mkdir(exist_ok=True)
        os.replace(staged, target)
        return key

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def size(self, key: str) -> int:
        return self._path(key).stat().st_size

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def keys(self) -> list[str]:
        return [p.name for p in self.objects.glob("*/*") if _KEY.match(p.name)]

    def local_path(self, key: str) -> Path:
        return self._path(key)
