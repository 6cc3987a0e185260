"""The interface every place files are kept implements (portal.storage says which is used)."""

from __future__ import annotations

import secrets
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import BinaryIO

# Staging files older than this belong to requests that died with their process.
STALE_STAGING_SECONDS = 24 * 60 * 60


def new_key() -> str:
    return secrets.token_hex(20)


class Storage(ABC):
    """Bytes by key. Implementations are safe to share between threads."""

    def __init__(self, staging_dir: Path) -> None:
        self.staging_dir = staging_dir
        self.staging_dir.mkdir(parents=True, exist_ok=True)

    @abstractmethod
    def keep(self, staged: Path) -> str:
        """Move a complete, checked staging file into storage; returns its new key. The staging
        file is gone afterwards. Either the whole file is stored or nothing is."""

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """A readable stream of the stored bytes; the caller closes it."""

    @abstractmethod
    def size(self, key: str) -> int:
        """The stored file's size in bytes, without reading it (a stat, an S3 HEAD); raises
        FileNotFoundError if there is no such file."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the bytes; a key that is already gone is no error."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def keys(self) -> list[str]:
        """Every stored key (for the clean-up of files no attachment refers to)."""

    def local_path(self, key: str) -> Path | None:
        """The file on this machine's disk, where there is one (served with sendfile)."""
        return None

    def sweep_staging(self, older_than: float = STALE_STAGING_SECONDS) -> int:
        """Delete staging files left by requests that died with their process."""
        cutoff = time.time() - older_than
        removed = 0
        for path in self.staging_dir.glob("*.part"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                pass
        return removed
