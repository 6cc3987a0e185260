"""The static files as a phone should get them: one stylesheet, content-hashed names cached for
a year, gzip and brotli beside each text file, and only the font files a page's text needs.

Det Fælles Designsystem (the npm package dkfds) is installed by the set-up scripts and read
where it is installed; nothing of it is copied into the repository. At start-up the app builds
its static files into ASSETS_PATH unless a build of the same sources is there already (a few
milliseconds to find out), so a changed portal.css or a new dkfds version is served at once,
and several app servers starting together write the same files (each written whole, then
renamed into place). WhiteNoise serves the folder at /static/.

What the build changes of DKFDS's stylesheet: its @font-face rules name the complete IBM Plex
Sans files (about 100 KB each, and the regular weight as WOFF before WOFF2); they are replaced by
the split WOFF2 files DKFDS ships, by weight and by script (Latin1 covers Danish and English
text; Latin2 and Latin3 only load for a name with other letters). Every url() in it points to
the hashed copy of its file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import brotli
from flask import Flask, current_app
from whitenoise import WhiteNoise

__all__ = ["asset_url", "build", "init_app"]

_STATIC = Path(__file__).resolve().parent / "static"
# The files of portal/static the pages link to; the stylesheet is bundled with DKFDS's.
_OWN_FILES = ("portal.js", "session_timeout.js", "favicon.svg")
_DKFDS_CSS = "css/dkfds-borgerdk.min.css"
_DKFDS_FILES = ("js/dkfds.min.js", "img/all-svg-icons.svg")
_COMPRESSIBLE = frozenset({".css", ".js", ".svg", ".json"})
# Bumped when the build itself changes what it writes for the same sources.
_BUILD_VERSION = "1"

# IBM Plex's own unicode ranges for its split files (IBM/plex, "Latin1", "Latin2", "Latin3").
_RANGES = {
    "Latin1": "U+0000, U+000D, U+0020-007E, U+00A0-00A3, U+00A4-00FF, U+0131, U+0152-0153, "
    "U+02C6, U+02DA, U+02DC, U+2013-2014, U+2018-201A, U+201C-201E, U+2020-2022, U+2026, "
    "U+2030, U+2039-203A, U+2044, U+2074, U+20AC, U+2122, U+2212, U+FB01-FB02",
    "Latin2": "U+0100-024F, U+0259, U+1E00-1EFF, U+20A0-20AB, U+20AD-20CF, U+2C60-2C7F, "
    "U+A720-A7FF, U+FB01-FB02",
    "Latin3": "U+0102-0103, U+1EA0-1EF9, U+20AB",
}
# The weights and styles DKFDS's stylesheet sets (font-weight 400, 500, 600, 700; italic at
# the regular weight), by the names of IBM Plex's files.
_FACES = (
    ("Regular", 400, "normal"),
    ("Italic", 400, "italic"),
    ("Medium", 500, "normal"),
    ("SemiBold", 600, "normal"),
    ("Bold", 700, "normal"),
)
# Body text and headings: fetched with the stylesheet rather than after it.
PRELOADED_FONTS = (
    "fonts/IBMPlexSans-Regular-Latin1.woff2",
    "fonts/IBMPlexSans-SemiBold-Latin1.woff2",
)

_FONT_FACE = re.compile(r"@font-face\{[^}]*font-family:\s*\"?IBM Plex Sans\"?;[^}]*\}")
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass(frozen=True)
class _Source:
    name: str  # the logical name templates ask for
    path: Path


def _font_sources(dkfds: Path) -> list[_Source]:
    split = dkfds / "fonts" / "IBMPlexSans" / "split" / "woff2"
    return [
        _Source(
            f"fonts/IBMPlexSans-{style}-{script}.woff2",
            split / f"IBMPlexSans-{style}-{script}.woff2",
        )
        for style, _weight, _italic in _FACES
        for script in _RANGES
    ]


def _font_faces(url_for_name) -> str:
    rules = []
    for style, weight, italic in _FACES:
        for script, ranges in _RANGES.items():
            url = url_for_name(f"fonts/IBMPlexSans-{style}-{script}.woff2")
            rules.append(
                "@font-face{font-display:swap;font-family:IBM Plex Sans;"
                f"font-style:{italic};font-weight:{weight};"
                f'src:url({url}) format("woff2");unicode-range:{ranges}}}'
            )
    return "".join(rules)


def _sources(dkfds: Path) -> list[_Source]:
    css = dkfds / _DKFDS_CSS
    images = sorted({m for m in _URL.findall(css.read_text(encoding="utf-8")) if "/img/" in m})
    return [
        _Source("dkfds.css", css),
        _Source("portal.css", _STATIC / "portal.css"),
        *(_Source(name, _STATIC / name) for name in _OWN_FILES),
        *(_Source(Path(name).name, dkfds / name) for name in _DKFDS_FILES),
        *(_Source(m.removeprefix("../"), (css.parent / m).resolve()) for m in images),
        *_font_sources(dkfds),
    ]


def _digest(sources: Iterable[_Source]) -> str:
    hasher = hashlib.sha256(_BUILD_VERSION.encode())
    for source in sources:
        hasher.update(source.name.encode() + b"\0")
        hasher.update(source.path.read_bytes())
    return hasher.hexdigest()


def _hashed(name: str, content: bytes) -> str:
    path = Path(name)
    digest = hashlib.sha256(content).hexdigest()[:12]
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def _write(target: Path, content: bytes) -> None:
    """Write whole, then rename into place: another process never reads half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)


def _emit(out: Path, name: str, content: bytes) -> str:
    hashed = _hashed(name, content)
    _write(out / hashed, content)
    if Path(name).suffix in _COMPRESSIBLE:
        for suffix, packed in (
            ("gz", gzip.compress(content, compresslevel=9, mtime=0)),
            ("br", brotli.compress(content, quality=11)),
        ):
            # A tiny file may not shrink: then it goes out as it is.
            if len(packed) < len(content) * 0.9:
                _write(out / f"{hashed}.{suffix}", packed)
    return hashed


def build(dkfds: Path, root: Path) -> dict[str, str]:
    """Build the static files into ``root``/files unless ``root``'s manifest is of the same
    sources. Returns the manifest: logical name -> hashed file name."""
    sources = _sources(dkfds)
    digest = _digest(sources)
    out = root / "files"
    manifest_path = root / "manifest.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("sources") == digest:
            return manifest["files"]
    files: dict[str, str] = {}
    by_name = {s.name: s for s in sources}
    for source in sources:
        if source.name not in ("dkfds.css", "portal.css"):
            files[source.name] = _emit(out, source.name, source.path.read_bytes())

    def relative(name: str) -> str:
        # The stylesheet lies at the top of the folder, beside what it names.
        return files[name]

    dkfds_css = _FONT_FACE.sub("", by_name["dkfds.css"].path.read_text(encoding="utf-8"))

    def rewrite(match: re.Match) -> str:
        target = match.group(1)
        if target.startswith("data:"):
            return match.group(0)
        name = target.removeprefix("../")
        return f"url({relative(name)})" if name in files else match.group(0)

    stylesheet = "\n".join(
        (
            _font_faces(relative),
            _URL.sub(rewrite, dkfds_css),
            by_name["portal.css"].path.read_text(encoding="utf-8"),
        )
    )
    files["bundle.css"] = _emit(out, "bundle.css", stylesheet.encode("utf-8"))
    _write_manifest(manifest_path, {"sources": digest, "files": files})
    return files


def _write_manifest(path: Path, manifest: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump(manifest, out, indent=1, sort_keys=True)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def asset_url(name: str) -> str:
    """The address of a built static file by its logical name ("bundle.css", "portal.js")."""
    return "/static/" + current_app.extensions["assets"][name]


def init_app(app: Flask) -> None:
    dkfds = Path(app.config["DKFDS_PATH"])
    if not (dkfds / _DKFDS_CSS).is_file():
        raise RuntimeError(
            f"Det Fælles Designsystem is not installed at {dkfds.parent}. "
            "Run `npm ci` (the README's commands do it)."
        )
    root = Path(app.config["ASSETS_PATH"])
    app.extensions["assets"] = build(dkfds, root)
    # Every name carries its content's hash: cached for a year and never asked for again.
    app.wsgi_app = WhiteNoise(
        app.wsgi_app,
        root=str(root / "files"),
        prefix="static/",
        max_age=365 * 24 * 3600,
        immutable_file_test=lambda path, url: True,
    )
    app.jinja_env.globals["asset_url"] = asset_url
    app.jinja_env.globals["preloaded_fonts"] = PRELOADED_FONTS
