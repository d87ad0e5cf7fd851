"""Export bundle: real drafts from the sample knowledge base (offline composer), a real infographic PNG, a real
H.264 clip from the bundled ffmpeg and real captions, written to a real zip and read back with python-docx,
html.parser and zipfile."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import unicodedata
import zipfile
from datetime import datetime, timezone

import docx
import pytest

from studio.drafting.models import DraftRequest
from studio.drafting.prompts import load_prompts
from studio.drafting.render import content_text
from studio.drafting.service import draft
from studio.errors import StudioError
from studio.publish.bundle import ExportInput, MediaFile, build_bundle, verify_bundle
from studio.publish.to_html import html_problems, html_visible_text
from studio.safety.risks import AI_LABELS

TOPIC = {"vi": "Nghị quyết 57 chuyển đổi số công đoàn", "en": "Resolution 57 digital transformation union"}
VI_TITLE = "Nghị quyết 57: Đổi mới công tác Công đoàn"
VI_SLUG = "nghị-quyết-57-đổi-mới-công-tác-công-đoàn"
APPROVED = "2025-07-30T09:15:00+07:00"  # 02:15 UTC
APPROVED_ZIP_TIME = (2025, 7, 30, 2, 15, 0)
REF = re.compile(r"\[(\d+(?:, \d+)*)\]")


# ---------------------------------------------------------------- real inputs

@pytest.fixture(scope="module")
def publish_kb(tmp_path_factory, embedder):
    from studio.config import Settings
    from studio.knowledge.base import KnowledgeBase

    settings = Settings(data_dir=tmp_path_factory.mktemp("publish-data"), lang="vi", llm_base_url=None)
    kb = KnowledgeBase(settings, embedder=embedder)
    assert kb.ensure_sample()
    return kb


@pytest.fixture(scope="module")
def drafts(publish_kb):
    registry, cache = load_prompts(), {}

    def get(fmt: str, lang: str = "vi"):
        if (fmt, lang) not in cache:
            request = DraftRequest(format=fmt, topic=TOPIC[lang], lang=lang, questions=3)
            cache[fmt, lang] = draft(publish_kb, request, registry, model=None)
        return cache[fmt, lang]

    return get


def published_text(d) -> str:
    """What the workflow stores as the approved text: the content, then the AI label line."""
    return content_text(d) + "\n" + AI_LABELS[d.request.lang] + "\n"


def export_input(d, title: str = VI_TITLE, media=(), text: str | None = None, **changes) -> ExportInput:
    values = dict(
        item_id="item-7", version=3, format=d.request.format.value, lang=d.request.lang, title=title,
        content=d.content, text=published_text(d) if text is None else text,
        citations=[c.model_dump() for c in d.citations], author="lan.nguyen", reviewer="minh.tran",
        approved_at=APPROVED, composer=d.composer, model=d.model, prompt_id=d.prompt_id,
        prompt_version=d.prompt_version, safety_report_sha256=hashlib.sha256(b"report").hexdigest(),
        safety_verdict="pass", media=list(media), app_version="0.1.0")
    values.update(changes)
    return ExportInput(**values)


@pytest.fixture(scope="module")
def media(drafts, tmp_path_factory) -> list[MediaFile]:
    from studio.media.captions import scene_timings, to_srt, to_vtt
    from studio.media.infographic import render_infographic, to_bytes
    from studio.media.video import ffmpeg_exe

    brief = drafts("infographic_brief")
    card = render_infographic({**brief.content, "lang": "vi"}, "key_figures", "square")
    clip = tmp_path_factory.mktemp("clip") / "clip.mp4"
    subprocess.run([ffmpeg_exe(), "-v", "error", "-f", "lavfi", "-i", "color=c=0x0b5cab:s=64x64:d=1:r=10",
                    "-c:v", "libx264", "-pix_fmt", "yuv420p", "-y", str(clip)], check=True)
    cues = scene_timings(drafts("video_script").content)
    return [MediaFile("infographic.png", to_bytes(card), "png", card.info["alt_text"]),
            MediaFile("video.mp4", clip.read_bytes(), "mp4", "Video: Nghị quyết 57 — sáu cảnh có phụ đề tiếng Việt"),
            MediaFile("video.srt", to_srt(cues).encode("utf-8"), "srt"),
            MediaFile("video.vtt", to_vtt(cues).encode("utf-8"), "vtt")]


def entries(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def docx_of(files: dict[str, bytes]):
    return docx.Document(io.BytesIO(next(v for k, v in files.items() if k.endswith(".docx"))))


def text_of(files: dict[str, bytes], suffix: str) -> str:
    return next(v for k, v in files.items() if k.endswith(suffix)).decode("utf-8")


# ---------------------------------------------------------------- contents and hashes

def test_bundle_holds_documents_media_and_a_provenance_with_every_hash(drafts, media, tmp_path):
    """GIVEN an approved article with an infographic, a clip and its captions
    WHEN the bundle is built
    THEN it holds the three documents, the media under media/ and provenance.json, which records who, how,
    from which sources, and the SHA-256 and size of every other file; verify_bundle finds nothing wrong."""
    d = drafts("article")
    result = build_bundle(export_input(d, media=media), tmp_path / "bundle.zip")
    files = entries(result.path)

    assert set(files) == {f"{VI_SLUG}.docx", f"{VI_SLUG}.html", f"{VI_SLUG}.md", "media/infographic.png",
                          "media/video.mp4", "media/video.srt", "media/video.vtt", "provenance.json"}
    prov = json.loads(files["provenance.json"])
    assert prov == result.provenance
    assert set(prov["files"]) == set(files) - {"provenance.json"}
    for name, meta in prov["files"].items():
        assert meta == {"sha256": hashlib.sha256(files[name]).hexdigest(), "size": len(files[name])}
        assert result.files[name] == meta["sha256"]
    for m in media:
        assert files["media/" + m.name] == m.data

    assert prov["item"] == {"id": "item-7", "version": 3, "format": "article", "lang": "vi", "title": VI_TITLE}
    assert (prov["author"], prov["reviewer"], prov["approved_at"]) == ("lan.nguyen", "minh.tran", APPROVED)
    assert prov["generation"] == {"composer": "offline", "model": "offline-composer", "prompt_id": d.prompt_id,
                                  "prompt_version": d.prompt_version}
    assert prov["safety"] == {"report_sha256": hashlib.sha256(b"report").hexdigest(), "verdict": "pass"}
    assert prov["app"] == {"name": "Union Content Studio", "version": "0.1.0"}
    assert prov["ai_label"] == AI_LABELS["vi"]
    assert prov["text_sha256"] == hashlib.sha256(published_text(d).encode("utf-8")).hexdigest()
    assert prov["content_matches_text"] is True
    assert prov["media"][0] == {"file": "media/infographic.png", "kind": "png", "alt": media[0].alt}
    assert media[0].alt.startswith("Đồ họa thông tin")

    by_marker = {c.marker: c for c in d.citations}
    assert [s["number"] for s in prov["sources"]] == list(range(1, len(prov["sources"]) + 1))
    cited = {m for m in re.findall(r"S\d+", published_text(d))}
    assert {s["marker"] for s in prov["sources"]} == cited
    for s in prov["sources"]:
        ref = by_marker[s["marker"]]
        assert (s["title"], s["section"], s["doc_id"], s["start"], s["end"]) == \
               (ref.title, ref.section, ref.doc_id, ref.start, ref.end)
        assert s["text_sha256"] == hashlib.sha256(ref.text.encode("utf-8")).hexdigest()

    report = verify_bundle(result.path)
    assert report.ok and report.problems == [] and report.provenance == prov


def test_docx_has_title_label_headings_lists_picture_and_numbered_sources(drafts, media, tmp_path):
    d = drafts("article")
    files = entries(build_bundle(export_input(d, media=media[:1]), tmp_path / "a.zip").path)
    document = docx_of(files)
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == d.content["headline"]
    assert paragraphs[1].text == AI_LABELS["vi"]  # the label right under the title …
    assert document.sections[0].footer.paragraphs[0].text == AI_LABELS["vi"]  # … and on every page

    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    sections = [re.sub(r"\s*\[S\d+\]", "", s["heading"]) for s in d.content["sections"]]
    assert headings == [*sections, "Tệp đa phương tiện", "Nguồn"]

    body = "\n".join(p.text for p in document.paragraphs)
    assert "[S" not in body  # every marker became a numbered reference
    prov = json.loads(files["provenance.json"])
    sources = [p.text for p in paragraphs[[p.text for p in paragraphs].index("Nguồn") + 1:] if p.text.startswith("[")]
    assert len(sources) == len(prov["sources"]) >= 3
    for line, s in zip(sources, prov["sources"]):
        assert line.startswith(f"[{s['number']}] {s['title']} › {s['section']}")
        assert f"{s['start']}–{s['end']}" in line
    cited = {int(n) for group in REF.findall(body.split("\nNguồn\n")[0]) for n in group.split(", ")}
    assert cited == set(range(1, len(sources) + 1))

    assert len(document.inline_shapes) == 1
    assert document.inline_shapes[0]._inline.docPr.get("descr") == media[0].alt
    props = document.core_properties
    assert (props.author, props.last_modified_by, props.revision) == ("lan.nguyen", "minh.tran", 3)
    assert props.created == datetime(2025, 7, 30, 2, 15, tzinfo=timezone.utc)


def test_references_are_numbered_the_same_in_docx_html_and_markdown(drafts, tmp_path):
    d = drafts("talking_points")
    files = entries(build_bundle(export_input(d), tmp_path / "t.zip").path)
    md = text_of(files, ".md").split("\n## Nguồn")[0]
    html = html_visible_text(files[f"{VI_SLUG}.html"].replace(b"</h1>", b"</h1> ")).split(" Nguồn ")[0]
    body = "\n".join(p.text for p in docx_of(files).paragraphs).split("\nNguồn\n")[0]
    sequences = [REF.findall(x) for x in (md, html, body)]
    assert sequences[0] and sequences[0] == sequences[1] == sequences[2]
    # the first cited marker of the text is [1], and the order follows the text
    first_markers = list(dict.fromkeys(re.findall(r"\[(S\d+)\]", published_text(d))))
    prov = json.loads(files["provenance.json"])
    assert [s["marker"] for s in prov["sources"]] == first_markers


@pytest.mark.parametrize("fmt", ["article", "news_brief", "social_post", "zalo_message", "newsletter",
                                 "talking_points", "quiz", "video_script", "infographic_brief"])
def test_every_format_exports_with_its_structure(drafts, tmp_path, fmt):
    d = drafts(fmt)
    result = build_bundle(export_input(d), tmp_path / f"{fmt}.zip")
    files = entries(result.path)
    assert result.provenance["content_matches_text"] is True
    assert verify_bundle(result.path).ok
    document = docx_of(files)
    styles = [p.style.name for p in document.paragraphs]
    html = text_of(files, ".html")
    if fmt == "article":
        assert styles.count("Heading 1") == len(d.content["sections"]) + 1 and html.count("<h2>") >= 4
    if fmt == "talking_points":
        assert styles.count("List Bullet") == len(d.content["points"])
        assert html.count("<li>") == len(d.content["points"]) and "<ul>" in html
    if fmt == "quiz":
        n = len(d.content["questions"])
        assert styles.count("List Bullet") == 4 * n and html.count('<ol type="A">') == n
        assert [p.text[:2] for p in document.paragraphs if p.style.name == "List Bullet"][:4] == \
               ["A.", "B.", "C.", "D."]
        assert html.count("<h3>") == n
        assert "\n**1. Điền vào chỗ trống" in text_of(files, ".md") and "- A. " in text_of(files, ".md")
    if fmt == "video_script":
        assert html.count("<h3>") == len(d.content["scenes"])
    if fmt in ("social_post", "zalo_message"):  # no title line in the text: the item title heads the page
        assert document.paragraphs[0].text == VI_TITLE and f"<h1>{VI_TITLE}</h1>" in html
    if fmt == "infographic_brief":
        assert "(key_figures)" not in document.paragraphs[0].text
    assert "[S" not in text_of(files, ".md") and "[S" not in html


def test_english_item_gets_english_label_and_terms(drafts, tmp_path):
    d = drafts("news_brief", "en")
    files = entries(build_bundle(export_input(d, title="Resolution 57 brief"), tmp_path / "en.zip").path)
    html = text_of(files, ".html")
    assert '<html lang="en">' in html and AI_LABELS["en"] in html and "<h2>Sources</h2>" in html
    assert set(files) >= {"resolution-57-brief.docx", "resolution-57-brief.md"}
    assert verify_bundle(tmp_path / "en.zip").ok


# ---------------------------------------------------------------- sanitising

def test_html_escapes_a_hostile_title_and_text_and_loads_nothing_external(drafts, media, tmp_path):
    d = drafts("news_brief")
    hostile = "<script>alert(1)</script>"
    text = published_text(d).replace(d.content["headline"], hostile, 1)
    text = text.replace("\n\n", '\n\n<img src=x onerror="alert(2)"> <a href="https://evil.example">x</a>\n', 1)
    files = entries(build_bundle(export_input(d, title=hostile, text=text, media=media), tmp_path / "h.zip").path)
    html = text_of(files, ".html")

    assert "<script" not in html.lower() and "<img src=x" not in html and 'href="https://' not in html
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    assert html_problems(files[next(n for n in files if n.endswith(".html"))]) == []
    assert re.findall(r'src="([^"]{0,22})', html) == ["data:image/png;base64,"]  # the only resource: inline
    assert re.findall(r'href="([^"#]+)"', html) == ["media/video.mp4", "media/video.srt", "media/video.vtt"]
    assert "Content-Security-Policy" in html and "default-src &#x27;none&#x27;" in html
    assert AI_LABELS["vi"] in html_visible_text(files[next(n for n in files if n.endswith(".html"))])

    md = text_of(files, ".md")
    assert "# \\<script\\>alert(1)\\</script\\>" in md and re.search(r"(?<!\\)<", md) is None  # no raw tag
    assert "script-alert-1-script.docx" in files
    assert docx_of(files).paragraphs[0].text == hostile  # in DOCX it is just text
    assert verify_bundle(tmp_path / "h.zip").ok


@pytest.mark.parametrize("text", ["1. not a list", "# not a heading", "- not a bullet", "> not a quote",
                                  "<b>bold</b> *em* _u_ `code` [link](x) | ~", "a \\ b", "Đoàn viên 2) trẻ"])
def test_markdown_escaping_shows_the_text_literally(text):
    from studio.publish.to_markdown import escape, unescape

    source = escape(text)
    assert unescape(source) == text
    assert not re.match(r"\s*(?:[#>+\-=]|\d+[.)])\s", source) and re.search(r"(?<!\\)[<*_`\[]", source) is None


# ---------------------------------------------------------------- Vietnamese

def test_vietnamese_names_and_text_round_trip(drafts, media, tmp_path):
    """GIVEN a Vietnamese title typed in decomposed form (NFD, as macOS keyboards produce) and a Vietnamese
    media name WHEN the bundle is built and extracted THEN the names are the NFC slug with the UTF-8 flag, and
    the Vietnamese text reads back unchanged from every document."""
    d = drafts("newsletter")
    png = media[0]
    vi_media = MediaFile(unicodedata.normalize("NFD", "đồ-họa-thông-tin.png"), png.data, "png", png.alt)
    data = export_input(d, title=unicodedata.normalize("NFD", VI_TITLE), media=[vi_media])
    path = build_bundle(data, tmp_path / "bản-tin.zip").path

    with zipfile.ZipFile(path) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        zf.extractall(tmp_path / "out")
    for name in (f"{VI_SLUG}.docx", f"{VI_SLUG}.html", f"{VI_SLUG}.md", "media/đồ-họa-thông-tin.png"):
        assert name in infos and infos[name].flag_bits & 0x800, name  # bit 11: the name is UTF-8
        assert (tmp_path / "out" / name).is_file()
    raw = path.read_bytes()
    assert VI_SLUG.encode("utf-8") in raw and unicodedata.normalize("NFD", VI_SLUG).encode("utf-8") not in raw

    title, first = d.content["title"], d.content["paragraphs"][0].split(" [S")[0]
    md = (tmp_path / "out" / f"{VI_SLUG}.md").read_text(encoding="utf-8")
    html = html_visible_text((tmp_path / "out" / f"{VI_SLUG}.html").read_bytes())
    body = "\n".join(p.text for p in docx.Document(tmp_path / "out" / f"{VI_SLUG}.docx").paragraphs)
    for text in (md, html, body):
        assert title in text and first in text and AI_LABELS["vi"] in text
    prov = json.loads((tmp_path / "out" / "provenance.json").read_text(encoding="utf-8"))
    assert prov["item"]["title"] == VI_TITLE and prov["media"][0]["file"] == "media/đồ-họa-thông-tin.png"
    assert verify_bundle(path).ok


# ---------------------------------------------------------------- the published words

def test_an_edited_text_is_exported_word_for_word(drafts, tmp_path):
    """The bundle shows the text that was checked and approved, even when it differs from the structured fields."""
    d = drafts("talking_points")
    original = d.content["points"][1].split(" [S")[0]
    edited = "Công đoàn cơ sở tổ chức 3 buổi tập huấn chuyển đổi số"
    text = published_text(d).replace(original, edited)
    assert text != published_text(d)
    files = entries(build_bundle(export_input(d, text=text), tmp_path / "e.zip").path)
    assert json.loads(files["provenance.json"])["content_matches_text"] is False
    body = "\n".join(p.text for p in docx_of(files).paragraphs)
    for shown in (text_of(files, ".md"), text_of(files, ".html"), body):
        assert edited in shown and original not in shown


def test_the_text_own_label_is_kept_and_a_missing_one_is_added(drafts, tmp_path):
    d = drafts("zalo_message")
    own = "Tin nhắn được soạn với sự hỗ trợ của AI."
    files = entries(build_bundle(export_input(d, text=content_text(d) + "\n" + own + "\n"), tmp_path / "o.zip").path)
    assert json.loads(files["provenance.json"])["ai_label"] == own
    assert text_of(files, ".md").count(own) == 1 and own in text_of(files, ".html")

    files = entries(build_bundle(export_input(d, text=content_text(d)), tmp_path / "n.zip").path)
    assert json.loads(files["provenance.json"])["ai_label"] == AI_LABELS["vi"]
    assert AI_LABELS["vi"] in text_of(files, ".md") and AI_LABELS["vi"] in text_of(files, ".html")


def test_a_marker_without_a_source_is_refused(drafts, tmp_path):
    d = drafts("zalo_message")
    with pytest.raises(StudioError) as err:
        build_bundle(export_input(d, text=published_text(d).replace("[S", "[S9", 1)), tmp_path / "m.zip")
    assert err.value.code == "citation_unresolved"
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- determinism

def test_same_input_gives_the_same_bundle_and_every_time_is_the_approval_time(drafts, media, tmp_path):
    d = drafts("article")
    first = build_bundle(export_input(d, media=media), tmp_path / "1.zip")
    second = build_bundle(export_input(d, media=media), tmp_path / "2.zip")
    assert first.provenance == second.provenance
    assert first.path.read_bytes() == second.path.read_bytes()
    with zipfile.ZipFile(first.path) as zf:
        assert {i.date_time for i in zf.infolist()} == {APPROVED_ZIP_TIME}
        inner = zf.read(f"{VI_SLUG}.docx")
    with zipfile.ZipFile(io.BytesIO(inner)) as package:  # python-docx stamps the clock: normalised away
        assert {i.date_time for i in package.infolist()} == {APPROVED_ZIP_TIME}
    other = build_bundle(export_input(d, media=media, reviewer="hoa.le"), tmp_path / "3.zip")
    assert other.provenance["reviewer"] == "hoa.le" and other.path.read_bytes() != first.path.read_bytes()


# ---------------------------------------------------------------- refusals and atomic writing

@pytest.mark.parametrize("name", ["../evil.png", "/etc/evil.png", "media/../../evil.png", "..\\evil.png",
                                  "C:evil.png", ".hidden.png", "a\x00b.png"])
def test_a_zip_slip_media_name_is_refused_before_anything_is_written(drafts, media, tmp_path, name):
    out = tmp_path / "out" / "bundle.zip"
    bad = MediaFile(name, media[0].data, "png", "alt")
    with pytest.raises(StudioError) as err:
        build_bundle(export_input(drafts("zalo_message"), media=[media[1], bad]), out)
    assert err.value.code == "export_unsafe_name"
    assert name in err.value.message("vi") and "Không có tệp nào được ghi" in err.value.message("vi")
    assert not out.exists() and not (tmp_path / "out").exists()


@pytest.mark.parametrize("change, code", [
    ({"media": [MediaFile("card.png", b"GIF89a not a png", "png", "alt")]}, "export_media_invalid"),
    ({"media": [MediaFile("card.png", b"\x89PNG\r\n\x1a\n", "png", "")]}, "export_media_invalid"),
    ({"media": [MediaFile("card.jpg", b"\x89PNG\r\n\x1a\n", "png", "alt")]}, "export_media_invalid"),
    ({"media": [MediaFile("clip.mp4", b"\x00" * 32, "mp4", "alt")]}, "export_media_invalid"),
    ({"media": [MediaFile("a.srt", b"1\n", "srt"), MediaFile("A.SRT", b"1\n", "srt")]}, "export_media_invalid"),
    ({"media": [MediaFile("a.vtt", b"1\n00:00:00.000 --> 00:00:01.000\nx\n", "vtt")]}, "export_media_invalid"),
    ({"media": [MediaFile("a.gif", b"GIF89a", "gif", "alt")]}, "export_media_invalid"),
    ({"safety_verdict": "block"}, "export_invalid"),
    ({"reviewer": "lan.nguyen"}, "export_invalid"),
    ({"approved_at": "yesterday"}, "export_invalid"),
    ({"format": "poem"}, "export_invalid"),
    ({"lang": "vi\"><script>"}, "export_invalid"),
])
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(drafts, tmp_path, change, code):
    with pytest.raises(StudioError) as err:
        build_bundle(export_input(drafts("zalo_message"), **change), tmp_path / "b.zip")
    assert err.value.code == code and err.value.message("vi") != err.value.message("en")
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_leaves_no_file_and_keeps_the_previous_bundle(drafts, media, tmp_path,
                                                                              monkeypatch):
    """GIVEN a bundle already exported WHEN a rebuild fails half-way through writing the zip (disk full after
    two entries) THEN the old bundle is untouched and no temporary file is left; a first export that fails
    leaves no file at all."""
    d = drafts("article")
    out = tmp_path / "bundle.zip"
    build_bundle(export_input(d, media=media), out)
    before = out.read_bytes()

    real_writestr, seen_at_failure = zipfile.ZipFile.writestr, []

    def failing_writestr(self, zinfo, *args, **kwargs):
        if getattr(zinfo, "filename", zinfo) == "media/infographic.png":  # after the three documents
            seen_at_failure.append(sorted(p.name for p in tmp_path.iterdir()))
            raise OSError(28, "No space left on device")
        return real_writestr(self, zinfo, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing_writestr)
    with pytest.raises(OSError):
        build_bundle(export_input(d, media=media, version=4), out)
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["bundle.zip"]

    with pytest.raises(OSError):
        build_bundle(export_input(d, media=media, version=4), tmp_path / "new.zip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundle.zip"]
    # the failures did happen mid-way: the temporary zip beside the output existed at that moment
    assert [any(n.startswith(".bundle.zip.") and n.endswith(".part") for n in names)
            for names in seen_at_failure] == [True, False]
    assert any(n.startswith(".new.zip.") for n in seen_at_failure[1])
    monkeypatch.undo()
    assert verify_bundle(out).ok
