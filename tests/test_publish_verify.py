"""verify_bundle on real bundles and on tampered, truncated and foreign files: every finding is a problem in the
report (with its code), never an exception."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import docx
import pytest

from studio.publish.bundle import build_bundle, verify_bundle
from studio.safety.risks import AI_LABELS
from tests.test_publish_bundle import VI_SLUG, drafts, export_input, media, publish_kb  # noqa: F401  (fixtures)

DOCX, HTML, MD = f"{VI_SLUG}.docx", f"{VI_SLUG}.html", f"{VI_SLUG}.md"


@pytest.fixture
def bundle(drafts, media, tmp_path):  # noqa: F811
    return build_bundle(export_input(drafts("quiz"), media=media[:2]), tmp_path / "bundle.zip").path


def read_all(path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(info.filename, zf.read(info)) for info in zf.infolist()]


def rewrite(src, dst, replace: dict | None = None, drop=(), add=(), fix_manifest: bool = False):
    """A copy of the bundle with some entries replaced, dropped or added; with fix_manifest the provenance's
    hashes and sizes are updated too (a careful forger), so only the other checks can catch the change."""
    replace = replace or {}
    items = [(n, replace.get(n, b)) for n, b in read_all(src) if n not in drop] + list(add)
    if fix_manifest:
        prov = json.loads(dict(items)["provenance.json"])
        for name, blob in items:
            if name in prov["files"]:
                prov["files"][name] = {"sha256": hashlib.sha256(blob).hexdigest(), "size": len(blob)}
        items = [(n, json.dumps(prov).encode() if n == "provenance.json" else b) for n, b in items]
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in items:
            zf.writestr(name, blob)
    return dst


def test_an_intact_bundle_verifies(bundle):
    report = verify_bundle(bundle)
    assert report.ok and report.problems == [] and report.codes == []
    assert report.provenance["item"]["id"] == "item-7" and len(report.provenance["files"]) == 5


@pytest.mark.parametrize("name", [MD, HTML, DOCX, "media/infographic.png"])
def test_one_changed_byte_in_any_file_is_detected(bundle, tmp_path, name):
    """GIVEN a bundle WHEN one byte of one file is changed and the zip rewritten (valid zip, valid CRCs)
    THEN verify_bundle names that file and its hash mismatch."""
    blob = bytearray(dict(read_all(bundle))[name])
    blob[len(blob) // 2] ^= 0x01
    report = verify_bundle(rewrite(bundle, tmp_path / "t.zip", replace={name: bytes(blob)}))
    assert not report.ok
    assert "hash_mismatch" in report.codes
    assert [p for p in report.problems if p.startswith(name)] and all(
        name in p for p, c in zip(report.problems, report.codes) if c == "hash_mismatch")


def test_a_byte_flipped_inside_the_archive_itself_is_a_problem_not_a_crash(bundle, tmp_path):
    raw = bytearray(bundle.read_bytes())
    with zipfile.ZipFile(bundle) as zf:
        info = zf.getinfo("media/infographic.png")  # stored, so its bytes sit as they are in the archive
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    raw[offset] ^= 0xFF
    broken = tmp_path / "flipped.zip"
    broken.write_bytes(bytes(raw))
    report = verify_bundle(broken)
    assert not report.ok and set(report.codes) & {"unreadable_file", "hash_mismatch"}
    assert any("media/infographic.png" in p for p in report.problems)


@pytest.mark.parametrize("name", [MD, HTML, DOCX])
def test_a_removed_label_is_detected_even_when_the_manifest_is_updated(bundle, tmp_path, name):
    label = AI_LABELS["vi"]
    blob = dict(read_all(bundle))[name]
    if name == DOCX:
        document = docx.Document(io.BytesIO(blob))
        for paragraph in document.paragraphs:
            if label in paragraph.text:
                paragraph._element.getparent().remove(paragraph._element)
        out = io.BytesIO()
        document.save(out)
        changed = out.getvalue()
    else:
        changed = blob.replace(label.encode("utf-8"), b"")
    assert changed != blob
    report = verify_bundle(rewrite(bundle, tmp_path / "l.zip", replace={name: changed}, fix_manifest=True))
    assert report.codes == ["missing_label"]
    assert report.problems[0].startswith(name) and label in report.problems[0]


def test_an_extra_file_is_detected(bundle, tmp_path):
    report = verify_bundle(rewrite(bundle, tmp_path / "x.zip", add=[("media/extra.png", b"\x89PNG\r\n\x1a\n")]))
    assert report.codes == ["extra_file"]
    assert report.problems == ["media/extra.png is in the bundle but not listed in provenance.json"]


def test_a_missing_file_is_detected(bundle, tmp_path):
    report = verify_bundle(rewrite(bundle, tmp_path / "m.zip", drop=[MD]))
    assert report.codes == ["missing_file", "missing_document"]
    assert MD in report.problems[0]


def test_a_script_slipped_into_the_html_is_detected(bundle, tmp_path):
    html = dict(read_all(bundle))[HTML].replace(b"</article>", b"<script>fetch('https://x.example')</script>"
                                                              b'<img src="https://x.example/p.gif"></article>')
    report = verify_bundle(rewrite(bundle, tmp_path / "s.zip", replace={HTML: html}, fix_manifest=True))
    assert report.codes == ["unsafe_html", "unsafe_html"]
    assert "<script>" in report.problems[0] and "https://x.example/p.gif" in report.problems[1]


def test_unsafe_and_duplicate_entries_are_reported(bundle, tmp_path):
    with pytest.warns(UserWarning, match="Duplicate name"):
        rewrite(bundle, tmp_path / "u.zip", add=[("../evil.sh", b"x"), (MD, b"other")])
    report = verify_bundle(tmp_path / "u.zip")
    assert "unsafe_entry" in report.codes and "duplicate_entry" in report.codes and not report.ok


def test_a_changed_provenance_label_is_detected(bundle, tmp_path):
    prov = json.loads(dict(read_all(bundle))["provenance.json"])
    prov["ai_label"] = "Nội dung gốc."
    report = verify_bundle(rewrite(bundle, tmp_path / "p.zip", replace={"provenance.json": json.dumps(prov).encode()}))
    assert report.codes == ["bad_label"]


@pytest.mark.parametrize("case", ["truncated", "random", "empty", "missing", "folder", "no_provenance",
                                  "provenance_not_json", "provenance_list"])
def test_corrupt_or_foreign_files_give_a_report_not_an_exception(bundle, tmp_path, case):
    path = tmp_path / "x.zip"
    if case == "truncated":
        path.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    elif case == "random":
        path.write_bytes(bytes(range(256)) * 40)
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "folder":
        path.mkdir()
    elif case == "no_provenance":
        rewrite(bundle, path, drop=["provenance.json"])
    elif case == "provenance_not_json":
        rewrite(bundle, path, replace={"provenance.json": b"{not json"})
    elif case == "provenance_list":
        rewrite(bundle, path, replace={"provenance.json": b"[1, 2]"})
    report = verify_bundle(path)
    assert report.ok is False and report.problems and len(report.codes) == len(report.problems)
    expected = {"truncated": "not_zip", "random": "not_zip", "empty": "not_zip", "missing": "not_found",
                "folder": "not_found", "no_provenance": "no_provenance", "provenance_not_json": "bad_provenance",
                "provenance_list": "bad_provenance"}[case]
    assert report.codes[0] == expected and report.provenance is None
