"""Static files as a phone gets them: hashed names cached for a year, compressed, one stylesheet
with only the split IBM Plex files, and a new name when a source changes."""

from __future__ import annotations

import re
import shutil

from portal import assets
from tests.support.pages import get

STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def test_every_static_file_of_a_page_is_hashed_compressed_and_cached_for_a_year(client):
    page = get(client, "/")
    links = STATIC_LINK.findall(page.html)
    assert any(link.endswith(".css") for link in links)
    assert len([link for link in links if link.endswith(".css")]) == 1  # one stylesheet
    for link in links:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", link), link
        with client.get(link, headers={"Accept-Encoding": "gzip, br"}) as response:
            assert response.status_code == 200, link
            assert "immutable" in response.headers["Cache-Control"]
            assert "max-age=315360000" in response.headers["Cache-Control"]
            if link.endswith((".css", ".js")):
                assert response.headers["Content-Encoding"] == "br", link


def test_a_browser_without_brotli_gets_gzip_and_one_without_either_the_file(client):
    [css] = [link for link in STATIC_LINK.findall(get(client, "/").html) if link.endswith(".css")]
    with client.get(css, headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        gzipped = len(response.get_data())
    with client.get(css, headers={"Accept-Encoding": "identity"}) as response:
        assert "Content-Encoding" not in response.headers
        plain = response.get_data()
    assert gzipped < len(plain) / 4
    assert b"Det F" in plain or b".button" in plain


def test_the_fonts_are_the_split_woff2_files_with_their_unicode_ranges(client):
    page = get(client, "/")
    [css] = [link for link in STATIC_LINK.findall(page.html) if link.endswith(".css")]
    with client.get(css, headers={"Accept-Encoding": "identity"}) as response:
        text = response.get_data(as_text=True)
    faces = re.findall(r"@font-face\{[^}]*IBM Plex Sans[^}]*\}", text)
    assert faces and all("unicode-range:U+" in face for face in faces)
    assert all(".woff2" in face and "complete/" not in face for face in faces)
    assert "IBMPlexSans-Regular-Latin1." in text
    # Body text and headings are fetched beside the stylesheet.
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font"', page.html)
    assert [p.split("/")[-1].split(".")[0] for p in preloads] == [
        "IBMPlexSans-Regular-Latin1",
        "IBMPlexSans-SemiBold-Latin1",
    ]
    for url in re.findall(r"url\((fonts/[^)]+)\)", text):
        with client.get("/static/" + url) as font:
            assert font.status_code == 200, url


def test_the_old_unversioned_addresses_are_gone(client):
    for url in ("/static/portal.css", "/static/dkfds/css/dkfds-borgerdk.min.css"):
        with client.get(url) as response:
            assert response.status_code == 404


def test_a_changed_source_gets_a_new_name_and_an_unchanged_one_is_not_rebuilt(app, tmp_path):
    dkfds = tmp_path / "dkfds"
    shutil.copytree(
        app.config["DKFDS_PATH"], dkfds, ignore=shutil.ignore_patterns("scss", "complete", "*.map")
    )
    out = tmp_path / "built"
    first = assets.build(dkfds, out)
    stamp = (out / "files" / first["bundle.css"]).stat().st_mtime_ns
    assert assets.build(dkfds, out) == first
    assert (out / "files" / first["bundle.css"]).stat().st_mtime_ns == stamp

    css = dkfds / "css" / "dkfds-borgerdk.min.css"
    css.write_text(css.read_text(encoding="utf-8") + ".ny{color:red}", encoding="utf-8")
    second = assets.build(dkfds, out)
    assert second["bundle.css"] != first["bundle.css"]
    assert second["dkfds.min.js"] == first["dkfds.min.js"]
    bundle = (out / "files" / second["bundle.css"]).read_text(encoding="utf-8")
    assert ".ny{color:red}" in bundle
