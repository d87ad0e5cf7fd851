"""Hostile files at ingest: each gets its own message fast and small, the others still go in.

Every file is built here as real bytes (DOCX through python-docx, zips through zipfile, headers
patched the way broken or crafted archives come), ingested into a real Chroma store.
"""

from __future__ import annotations

import io
import json
import os
import struct
import subprocess
import sys
import time
import unicodedata
import zipfile

import pytest

from studio.config import PROJECT_ROOT
from studio.knowledge.ingest import make_doc_id
from tests.helpers_docs import make_docx

GOOD_MD = "# Bản tin Công đoàn\n\nCông đoàn cơ sở tổ chức hội nghị người lao động năm 2025 với 320 đoàn viên.\n"

BILLION_LAUGHS = "---\n" + 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")) + "---\n# Hi\n\ntext\n"


def _docx_with_body(body: bytes) -> bytes:
    """A real DOCX whose word/document.xml is replaced by `body` (streamed, so 1 GB costs no RAM)."""
    source = zipfile.ZipFile(io.BytesIO(make_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                target.writestr(item, source.read(item))
    return out.getvalue() if not body else _append_member(out.getvalue(), "word/document.xml", body)


def _append_member(data: bytes, name: str, body: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as target:
        target.writestr(name, body)
    return out.getvalue()


def _inflating_docx(inflated_mb: int) -> bytes:
    """~1 MB on disk, `inflated_mb` of XML once opened."""
    out = io.BytesIO(_docx_with_body(b""))
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        with target.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            block = b" " * 2**20
            for _ in range(inflated_mb):
                fh.write(block)
            fh.write(b"</w:body></w:document>")
    return out.getvalue()


def _empty_paragraphs_docx(count: int) -> bytes:
    body = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body>" + b"<w:p/>" * count + b"</w:body></w:document>")
    return _docx_with_body(body)


def _patch_member(data: bytes, name: str, *, flag: int | None = None, method: int | None = None,
                  flip_data: bool = False) -> bytes:
    """Patch one member's local and central headers (encryption flag, method) or corrupt its data."""
    buf = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    local = info.header_offset
    name_len, extra_len = struct.unpack("<HH", buf[local + 26:local + 30])
    central = bytes(buf).index(b"PK\x01\x02")
    while bytes(buf[central + 46:central + 46 + len(name.encode())]) != name.encode():
        central = bytes(buf).index(b"PK\x01\x02", central + 4)
    if flag is not None:
        for at in (local + 6, central + 8):
            buf[at:at + 2] = struct.pack("<H", struct.unpack("<H", buf[at:at + 2])[0] | flag)
    if method is not None:
        buf[local + 8:local + 10] = struct.pack("<H", method)
        buf[central + 10:central + 12] = struct.pack("<H", method)
    if flip_data:
        at = local + 30 + name_len + extra_len
        buf[at] ^= 0xFF
    return bytes(buf)


def _hostile_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("ok/good-in-zip.md", GOOD_MD.replace("320", "321"))
        z.writestr("sealed.md", GOOD_MD)
        z.writestr("crc.md", GOOD_MD)
        z.writestr("deflate64.md", GOOD_MD)
        z.writestr("inner.zip", b"PK\x05\x06" + b"\0" * 18)
        z.writestr(zipfile.ZipInfo("../escape.md"), GOOD_MD)
        z.writestr(zipfile.ZipInfo("/etc/absolute.md"), GOOD_MD)
        z.writestr("a/same.md", GOOD_MD.replace("320", "1"))
        z.writestr("b/same.md", GOOD_MD.replace("320", "2"))
    data = _patch_member(buf.getvalue(), "sealed.md", flag=0x1)
    data = _patch_member(data, "crc.md", flip_data=True)
    return _patch_member(data, "deflate64.md", method=9)


def _nested_html(depth: int) -> bytes:
    return ("<html><body>" + "<div>" * depth + "sâu" + "</div>" * depth + "</body></html>").encode()


@pytest.fixture(scope="module")
def upload(tmp_path_factory):
    folder = tmp_path_factory.mktemp("upload")
    (folder / "good.md").write_text(GOOD_MD, encoding="utf-8")
    (folder / "laughs.md").write_text(BILLION_LAUGHS, encoding="utf-8")
    (folder / "inflated.docx").write_bytes(_inflating_docx(1024))
    (folder / "paragraphs.docx").write_bytes(_empty_paragraphs_docx(3_000_000))
    (folder / "nested.html").write_bytes(_nested_html(20_000))
    (folder / "archive.zip").write_bytes(_hostile_zip())
    with open(folder / "huge.txt", "wb") as fh:  # sparse: 300 MB without writing 300 MB
        fh.truncate(300 * 2**20)
    return folder


def _run_measured(args, data_dir, lang="en"):
    """`studio ARGS` in a subprocess; returns (completed, wall seconds, peak RSS in MB of any process
    of its tree — the parse workers included)."""
    env = {**os.environ, "STUDIO_DATA_DIR": str(data_dir), "STUDIO_LANG": lang}
    env.pop("STUDIO_CHROMA_URL", None)
    env.pop("STUDIO_LLM_BASE_URL", None)
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print('MAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
               "sys.exit(r.returncode)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "studio.cli", *args],
                          capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=300)
    wall = time.perf_counter() - started
    rss_kb = int(done.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    return done, wall, rss_kb / 1024


EXPECTED = {
    "laughs.md": "front_matter_refused",
    "inflated.docx": "inflated_file",
    "paragraphs.docx": "inflated_file",
    "nested.html": "too_deep",
    "huge.txt": "too_large",
    "sealed.md": "zip_member_encrypted",
    "crc.md": "zip_member_bad_crc",
    "deflate64.md": "zip_member_method",
    "inner.zip": "zip_nested",
    "../escape.md": "zip_unsafe_path",
    "/etc/absolute.md": "zip_unsafe_path",
}


def test_every_hostile_file_gets_its_own_message_and_the_others_go_in(upload, tmp_path):
    """GIVEN one upload folder with a billion-laughs Markdown, an inflating DOCX, a DOCX of 3 M empty
    paragraphs, 20,000 nested divs, a 300 MB file and a zip with an encrypted, a bad-CRC, a
    Deflate64, a nested, a `../` and an absolute member, plus good files
    WHEN `studio ingest` runs on it
    THEN each hostile file has its own error code, the good files are added, the summary is printed,
    the exit code is 1, and it all takes under 10 s per file and under 500 MB in any process."""
    done, wall, rss_mb = _run_measured(["ingest", str(upload), "--json", "--no-wait"], tmp_path / "data")
    results = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    by_source = {r["source"]: r for r in results}
    print(f"wall {wall:.1f}s peak RSS {rss_mb:.0f} MB")
    for r in results:
        print(f"{r['source']}: {r['error_code'] or r['status']} {r['seconds']:.2f}s {r['error'] or ''}")
    assert done.returncode == 1
    for source, code in EXPECTED.items():
        found = [r for s, r in by_source.items() if s == source or s.endswith("/" + source)]
        assert found and found[0]["error_code"] == code, (source, found)
    added = {s for s, r in by_source.items() if r["status"] == "added"}
    assert {"good.md", "archive.zip/ok/good-in-zip.md"} <= added or {"good.md", "ok/good-in-zip.md"} <= added
    assert {"a/same.md", "b/same.md"} <= {s.rsplit("archive.zip/", 1)[-1] for s in added}  # two documents
    assert all(r["seconds"] < 10 for r in results)
    assert rss_mb < 500
    assert wall < 60


def test_summary_line_is_printed_even_when_everything_fails(upload, tmp_path):
    done, _, _ = _run_measured(["ingest", str(upload / "laughs.md"), str(upload / "nested.html"), "--no-wait"],
                               tmp_path / "data")
    assert done.returncode == 1
    assert "0 added" in done.stdout and "2 failed" in done.stdout
    assert "aliases" in done.stderr


def test_same_name_in_two_folders_makes_two_documents_and_reingest_is_an_update(kb, tmp_path):
    """GIVEN a/x.md and b/x.md WHEN ingested THEN two documents; changing a/x.md updates only it."""
    (tmp_path / "up" / "a").mkdir(parents=True)
    (tmp_path / "up" / "b").mkdir()
    (tmp_path / "up" / "a" / "x.md").write_text(GOOD_MD, encoding="utf-8")
    (tmp_path / "up" / "b" / "x.md").write_text(GOOD_MD.replace("320", "999"), encoding="utf-8")
    first = kb.ingest_paths([tmp_path / "up"], vectors="later")
    assert [r.status for r in first] == ["added", "added"]
    assert len({r.doc_id for r in first}) == 2
    (tmp_path / "up" / "a" / "x.md").write_text(GOOD_MD.replace("320", "400"), encoding="utf-8")
    second = kb.ingest_paths([tmp_path / "up"], vectors="later")
    assert [(r.source, r.status) for r in second] == [("a/x.md", "updated"), ("b/x.md", "unchanged")]
    assert len(kb.list_documents()) == 2


def test_a_store_from_before_path_ids_keeps_one_copy_of_each_file(kb, tmp_path):
    """GIVEN a store where a/x.md was ingested when ids came from the file name alone (as the sample knowledge
    base of every existing site was) WHEN the folder is ingested again THEN the unchanged file replaces its
    older copy instead of appearing twice; a different file that only shares the name is left alone."""
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x.md").write_text(GOOD_MD, encoding="utf-8")
    (tmp_path / "old" / "y.md").write_text(GOOD_MD.replace("320", "111"), encoding="utf-8")
    legacy = kb.ingest_paths([tmp_path / "old" / "x.md", tmp_path / "old" / "y.md"], vectors="later")
    assert [r.doc_id for r in legacy] == [make_doc_id("x.md"), make_doc_id("y.md")]
    (tmp_path / "up" / "a").mkdir(parents=True)
    (tmp_path / "up" / "a" / "x.md").write_text(GOOD_MD, encoding="utf-8")
    (tmp_path / "up" / "a" / "y.md").write_text(GOOD_MD.replace("320", "222"), encoding="utf-8")
    again = kb.ingest_paths([tmp_path / "up"], vectors="later")
    ids = {d.doc_id for d in kb.list_documents()}
    assert make_doc_id("x.md") not in ids and make_doc_id("a/x.md") in ids  # the same text: one copy
    assert {make_doc_id("y.md"), make_doc_id("a/y.md")} <= ids  # another text under the same name: both kept
    assert len(ids) == 3 and all(r.status == "added" for r in again)


def test_nfc_and_nfd_spellings_are_one_name():
    name = "Nghị quyết 57.md"
    nfd = unicodedata.normalize("NFD", name)
    assert nfd != name and make_doc_id(nfd) == make_doc_id(name)
    assert make_doc_id("vi/" + nfd) == make_doc_id("vi/" + name) != make_doc_id("en/" + name)
    assert make_doc_id("Nghị quyết 57.pdf").startswith("nghi-quyet-57-")  # top-level ids unchanged


def test_nfc_and_nfd_twins_in_one_zip_are_reported_not_merged(kb):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("Tài liệu.md", GOOD_MD)
        z.writestr(unicodedata.normalize("NFD", "Tài liệu.md"), GOOD_MD.replace("320", "5"))
    results = kb.ingest_upload("twins.zip", buf.getvalue(), vectors="later")
    assert [r.status for r in results] == ["added", "failed"]
    assert results[1].error_code == "duplicate_path"


def test_parse_worker_stops_a_slow_or_greedy_parser():
    from studio.errors import StudioError
    from studio.knowledge.parse_worker import run_isolated

    started = time.perf_counter()
    with pytest.raises(StudioError) as slow:
        run_isolated(time.sleep, 5, name="slow.pdf", seconds=0.5)
    assert slow.value.code == "parse_timeout" and time.perf_counter() - started < 3
    with pytest.raises(StudioError) as greedy:
        run_isolated(bytearray, 2 * 2**30, name="greedy.pdf", memory_mb=200)
    assert greedy.value.code == "parse_memory"
    assert run_isolated(len, b"abc", name="ok.txt") == 3


def test_the_parse_worker_works_when_the_process_holds_over_a_thousand_descriptors():
    """GIVEN a long-running server process with more than FD_SETSIZE (1024) files open
    WHEN a file is parsed in the worker THEN it is parsed (select() would refuse such a descriptor)."""
    import resource

    from studio.knowledge.loaders import load_document
    from studio.knowledge.parse_worker import run_isolated

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1200:
        pytest.skip("this machine allows fewer than 1200 open files")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        document = run_isolated(load_document, GOOD_MD.encode(), "x.md", name="x.md")
        assert "320 đoàn viên" in document.text
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
