"""The offline composer on the real sample knowledge base (vi, en) and on a seed article (cross-language).

Passages are built here the way the chunker builds them: the Markdown is loaded with the real loader,
each paragraph is a passage, the first one of a section starts with its heading line; markers S1…Sn
follow the order the passages are handed over.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from studio.config import PROJECT_ROOT
from studio.drafting.composer import TEMPLATES, compose_offline
from studio.drafting.formats import FORMAT_MODELS, FormatName, markers_in, strip_markers, word_count
from studio.drafting.models import DraftRequest, SourceRef
from studio.drafting.offline.templates import phrases
from studio.errors import StudioError
from studio.knowledge.bridge import canonical_tokens
from studio.knowledge.lexicon import load_lexicon
from studio.knowledge.loaders import load_markdown
from studio.knowledge.textnorm import sentence_spans
from tests.helpers_docs import seeds_dir

TOPICS = {
    "vi": "Chuyển đổi số trong công đoàn ngành Ngân hàng",
    "en": "Digital transformation in banking-sector union work",
}
FORMATS = [f.value for f in FormatName]
# a sentence ends with its marker(s), then the sentence's own final punctuation
ENDS_WITH_MARKER = re.compile(r"(?:\[S\d+(?:\s*,\s*S\d+)*\])+[.!?…]*[\"'”’»)\]]*$")
MARKDOWN = re.compile(r"(\*\*|__|^#|^\s*[-*] )", re.M)


def kb_sources(lang: str, offset: int = 0) -> list[SourceRef]:
    passages = []
    for path in sorted((PROJECT_ROOT / "knowledge" / lang).glob("*.md")):
        doc = load_markdown(path.read_bytes(), path.name)
        path_headings: list[tuple[int, str]] = []
        heading_start = None
        for block in doc.blocks:
            if block.kind == "heading":
                if block.level > 1:
                    heading = doc.text[block.start:block.end]
                    path_headings = [h for h in path_headings if h[0] < block.level] + [(block.level, heading)]
                    heading_start = block.start
                continue
            start = block.start if heading_start is None else heading_start
            heading_start = None
            passages.append((path.stem, doc.title, " › ".join(h for _, h in path_headings), start, block.end,
                             doc.text[start:block.end]))
    return [
        SourceRef(marker=f"S{offset + i + 1}", passage_id=f"{doc_id}:{start:05d}", doc_id=doc_id, title=title,
                  section=section, start=start, end=end, lang=lang, text=text)
        for i, (doc_id, title, section, start, end, text) in enumerate(passages)
    ]


def seed_sources(offset: int = 0) -> list[SourceRef]:
    path = sorted(seeds_dir().glob("002_*.txt"))[0]
    text = path.read_text(encoding="utf-8")
    out, pos = [], 0
    for line in text.split("\n"):
        start = text.index(line, pos)
        pos = start + len(line)
        if line.strip():
            out.append((start, start + len(line), line))
    return [
        SourceRef(marker=f"S{offset + i + 1}", passage_id=f"seed002:{start:05d}", doc_id="seed002",
                  title=text.split("\n", 1)[0], start=start, end=end, lang="en", text=line)
        for i, (start, end, line) in enumerate(out)
    ]


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def template_phrases(lang: str) -> set[str]:
    """Fixed sentences of the templates a draft may carry without a marker (they state nothing checkable)."""
    return {p for key in ("closing", "greeting", "hook", "cta") for p in phrases(TEMPLATES[lang], key)}


def check_draft(result, request: DraftRequest, sources: list[SourceRef]) -> None:
    """Validates, meets its limits, and every sentence is quoted from the passage its marker names."""
    model = FORMAT_MODELS[request.format.value]
    assert isinstance(result, model)
    model.model_validate(result.model_dump())
    assert result.limits() == []
    by_marker = {s.marker: s for s in sources}
    for text in result.texts():
        spans = sentence_spans(text)
        assert spans, f"empty text field in {request.format.value}"
        for start, end in spans:
            sentence = text[start:end]
            if sentence.strip() in template_phrases(request.lang):
                continue
            assert ENDS_WITH_MARKER.search(sentence), f"sentence without a final marker: {sentence!r}"
            markers = markers_in(sentence)
            assert markers and all(m in by_marker for m in markers), sentence
            plain = strip_markers(sentence)
            if plain in template_phrases(request.lang) or request.format == FormatName.infographic_brief:
                continue
            assert len(markers) == 1, sentence
            assert plain in by_marker[markers[0]].text, f"not quoted verbatim from {markers[0]}: {plain!r}"
    FORMAT_CHECKS[request.format.value](result, request, by_marker)


def _article(result, request, by_marker):
    sections = {p.strip() for s in by_marker.values() for p in s.section.split("›")}
    templates = set(phrases(TEMPLATES[request.lang], "key_points"))
    assert all(s.heading in sections | templates for s in result.sections)
    assert result.headline == request.topic[0].upper() + request.topic[1:]


def _social(result, request, by_marker):
    assert result.call_to_action in phrases(TEMPLATES[request.lang], "cta")
    assert 2 <= len(result.hashtags) <= 4
    assert all(re.fullmatch(r"#[A-Za-z0-9]+", t) for t in result.hashtags), result.hashtags
    assert len({t.lower() for t in result.hashtags}) == len(result.hashtags)


def _zalo(result, request, by_marker):
    assert not MARKDOWN.search(result.text)
    assert word_count(result.text) <= 80


def _quiz(result, request, by_marker):
    stem = TEMPLATES[request.lang]["quiz_stem"].split("{")[0]
    for q in result.questions:
        source = by_marker[q.source]
        assert markers_in(q.explanation) == [q.source]
        sentence = strip_markers(q.explanation)
        assert sentence in source.text
        # the question is the cited sentence with the figure blanked out
        assert q.question.startswith(stem) and q.question.count("___") == 1
        before, after = q.question[len(stem):].split("___")
        assert sentence.startswith(before) and sentence.endswith(after)
        truth = canonical_tokens(sentence, source.lang)
        keys = [canonical_tokens(o, request.lang) for o in q.options]
        assert all(keys), q.options
        assert keys[q.correct][0] in truth, (q.options[q.correct], sentence)
        distractors = [k[0] for i, k in enumerate(keys) if i != q.correct]
        assert keys[q.correct][0] not in distractors
        assert len(set(distractors)) == 3, q.options
    if len(result.questions) >= 3:
        assert len({q.correct for q in result.questions}) > 1, "the right answer is always in the same place"


def _video(result, request, by_marker):
    total = sum(s.duration_s for s in result.scenes)
    assert 15 <= total <= 90 and all(3 <= s.duration_s <= 12 for s in result.scenes)
    for scene in result.scenes:
        assert 1 <= word_count(scene.on_screen_text) <= 12
        narration = strip_markers(scene.narration)
        for word in re.findall(r"\w+", scene.on_screen_text):
            assert word in narration, (scene.on_screen_text, narration)


def _infographic(result, request, by_marker):
    for item in result.items:
        source = by_marker[item.source].text
        assert item.value in source and item.label in source, item
        assert re.search(r"\d", item.value)
    if result.kind == "timeline":
        assert sum(1 for i in result.items if re.search(r"\d{4}", i.value)) == len(result.items)


def _talking(result, request, by_marker):
    assert 5 <= len(result.points) <= 7
    assert result.title.startswith(TEMPLATES[request.lang]["points_title"][0].split("{")[0])


FORMAT_CHECKS = {
    "article": _article, "news_brief": lambda *a: None, "social_post": _social, "zalo_message": _zalo,
    "newsletter": lambda r, *a: None if 2 <= len(r.paragraphs) <= 3 else pytest.fail("paragraphs"),
    "talking_points": _talking, "quiz": _quiz, "video_script": _video, "infographic_brief": _infographic,
}


def test_templates_carry_no_figures_dates_or_names():
    def leaves(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from leaves(v)
        elif isinstance(value, list):
            for v in value:
                yield from leaves(v)
        else:
            yield value

    assert set(TEMPLATES) == {"vi", "en"} and TEMPLATES["vi"].keys() == TEMPLATES["en"].keys()
    for lang in TEMPLATES:
        for phrase in leaves(TEMPLATES[lang]):
            assert not re.search(r"\d", phrase) and not canonical_tokens(phrase, lang), phrase
            assert "BIDV" not in phrase and "Ngân hàng" not in phrase
    assert TEMPLATES["vi"]["key_points"][0] == "Điểm chính"
    assert TEMPLATES["vi"]["cta"]["members"][0] == "Hãy chia sẻ để đoàn viên cùng biết!"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_from_the_sample_knowledge_base(fmt, lang, lexicon):
    sources = kb_sources(lang)
    request = DraftRequest(format=fmt, topic=TOPICS[lang], lang=lang)
    result = compose_offline(request, sources, lexicon)
    check_draft(result, request, sources)
    again = compose_offline(request, [s.model_copy() for s in sources], lexicon)
    assert again.model_dump_json() == result.model_dump_json()
    if fmt == "quiz":
        assert len(result.questions) == request.questions


@pytest.mark.parametrize("length", ["short", "long"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_lengths_and_no_lexicon(fmt, length):
    sources = kb_sources("vi")
    request = DraftRequest(format=fmt, topic="Nghị quyết 57-NQ/TW và chuyển đổi số", lang="vi", length=length,
                           audience="young_employees", questions=8)
    result = compose_offline(request, sources)
    check_draft(result, request, sources)


@pytest.mark.parametrize("fmt", FORMATS)
def test_sources_in_another_language_are_not_quoted(fmt, lexicon):
    """GIVEN only English passages WHEN a Vietnamese draft is asked THEN nothing is quoted (the composer does not
    translate): a bad request, and the passages are offered as further reading instead."""
    from studio.drafting.offline.sentences import further_reading

    sources = seed_sources()
    request = DraftRequest(format=fmt, topic=TOPICS["vi"], lang="vi")
    with pytest.raises(StudioError) as err:
        compose_offline(request, sources, lexicon)
    assert err.value.code == "draft_no_language_sources" and "tiếng Việt" in err.value.message("vi")
    assert [s.doc_id for s in further_reading(request, sources, lexicon=lexicon)] == ["seed002"]


@pytest.mark.parametrize("fmt", ["article", "news_brief", "talking_points", "zalo_message", "quiz"])
def test_passages_in_the_request_language_come_first(fmt, lexicon):
    sources = seed_sources()
    sources += kb_sources("vi", offset=len(sources))
    request = DraftRequest(format=fmt, topic=TOPICS["vi"], lang="vi")
    result = compose_offline(request, sources, lexicon)
    check_draft(result, request, sources)
    langs = {s.marker: s.lang for s in sources}
    cited = [m for t in result.texts() for a, b in sentence_spans(t) for m in markers_in(t[a:b])[:1]
             if strip_markers(t[a:b]) not in template_phrases("vi")]
    assert langs[cited[0]] == "vi"
    assert sum(langs[m] == "vi" for m in cited) > 0.7 * len(cited), cited


def test_quiz_distractors_use_the_request_number_style(lexicon):
    sources = kb_sources("vi") + kb_sources("en", offset=len(kb_sources("vi")))
    result = compose_offline(DraftRequest(format="quiz", topic="Đảng bộ BIDV có bao nhiêu đảng viên", lang="en",
                                          questions=10), sources, lexicon)
    check_draft(result, DraftRequest(format="quiz", topic="x" * 3, lang="en"), sources)
    options = [o for q in result.questions for o in q.options]
    assert "12,300" in options and not any(re.search(r"\d\.\d{3}\b", o) for o in options), options


def test_deterministic_across_processes():
    script = (
        "import json,sys; from tests.test_composer import kb_sources, TOPICS, FORMATS;"
        "from studio.drafting.composer import compose_offline; from studio.drafting.models import DraftRequest;"
        "from studio.knowledge.lexicon import load_lexicon; s = kb_sources('vi');"
        "print(json.dumps([compose_offline(DraftRequest(format=f, topic=TOPICS['vi']), s, load_lexicon())"
        ".model_dump_json() for f in FORMATS]))"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        outputs.append(json.loads(proc.stdout))
    assert outputs[0] == outputs[1]


def test_no_sources_is_a_bad_request():
    with pytest.raises(StudioError) as err:
        compose_offline(DraftRequest(format="article", topic="Chuyển đổi số"), [])
    assert err.value.code == "bad_request"
    assert "no source passage" in err.value.message("en")


def test_sources_without_figures_cannot_make_a_quiz():
    source = SourceRef(marker="S1", passage_id="p:1", doc_id="p", title="T", start=0, end=60, lang="vi",
                       text="Công đoàn đổi mới cách làm truyền thông. Đoàn viên được tham gia nhiều hoạt động.")
    with pytest.raises(StudioError) as err:
        compose_offline(DraftRequest(format="quiz", topic="Công đoàn"), [source])
    assert err.value.code == "draft_too_little" and "số liệu, ngày tháng" in err.value.message("vi")
    zalo = compose_offline(DraftRequest(format="zalo_message", topic="Công đoàn"), [source])
    greeting, body, cta = zalo.text.split("\n")
    assert greeting in phrases(TEMPLATES["vi"], "greeting") and cta in phrases(TEMPLATES["vi"], "cta")
    assert body == "Công đoàn đổi mới cách làm truyền thông [S1]. Đoàn viên được tham gia nhiều hoạt động [S1]."


def test_a_sentence_in_overlapping_passages_is_quoted_once(lexicon):
    first = kb_sources("vi")
    sources = first + kb_sources("vi", offset=len(first))  # every passage handed over twice
    request = DraftRequest(format="article", topic=TOPICS["vi"], lang="vi")
    result = compose_offline(request, sources, lexicon)
    check_draft(result, request, sources)
    quoted = [strip_markers(t[a:b]) for t in result.texts()[:-1] for a, b in sentence_spans(t)]
    assert len(quoted) == len(set(quoted))
    assert all(int(m[1:]) <= len(first) for t in result.texts() for m in markers_in(t))  # first copy cited


def test_hashtags_are_folded_topic_concepts(lexicon):
    result = compose_offline(DraftRequest(format="social_post", topic=TOPICS["vi"]), kb_sources("vi"), lexicon)
    assert {"#ChuyenDoiSo", "#CongDoan"} <= set(result.hashtags)
    english = compose_offline(DraftRequest(format="social_post", topic=TOPICS["en"], lang="en"), kb_sources("en"),
                              lexicon)
    assert "#DigitalTransformation" in english.hashtags


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_infographic_cards_read_in_one_language_and_show_no_document_numbers(lang, lexicon):
    """GIVEN passages in both languages WHEN a brief is composed THEN every card comes from a passage in
    the request language (the same date in the other language is not repeated) and no card is a
    document number such as "57" of "Nghị quyết 57" or "57-NQ/TW"."""
    sources = kb_sources("vi") + kb_sources("en", offset=len(kb_sources("vi")))
    request = DraftRequest(format="infographic_brief", topic=TOPICS[lang], lang=lang, length="long")
    result = compose_offline(request, sources, lexicon)
    by_marker = {s.marker: s for s in sources}
    assert len(result.items) >= 3
    for item in result.items:
        assert by_marker[item.source].lang == lang, item
        assert item.value != "57" and "-NQ/" not in item.value, item
        assert len(item.label.split()) >= 1 and item.label in by_marker[item.source].text


def test_a_label_before_a_colon_names_the_figure():
    from studio.drafting.offline.figures import find_figures as _figures
    from studio.drafting.offline.phrases import label as _label

    text = "• Ngày ban hành: ngày 22/12/2024."
    fig = next(f for f in _figures(text, "vi") if f.kind == "date")
    assert _label(text, fig, "vi") == "Ngày ban hành"
    # "Ngày 26/5/2025, Công đoàn … phát động …": the clause after the comma says what happened
    text = "Ngày 26/5/2025, Công đoàn phát động phong trào thi đua."
    fig = next(f for f in _figures(text, "vi") if f.kind == "date")
    assert _label(text, fig, "vi") == "Công đoàn phát động phong trào thi đua"
    # but not when it takes more than 8 words or ends on its verb: the card takes another figure
    text = "Ngày 26/5/2025, Thống đốc Ngân hàng Nhà nước phát động phong trào thi đua."
    assert _label(text, next(f for f in _figures(text, "vi") if f.kind == "date"), "vi") is None
