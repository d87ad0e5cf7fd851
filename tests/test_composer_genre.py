"""Issue 16: the offline composer writes each genre in one language, for readers, and differently on "Soạn lại".

Real material only: the sample knowledge base (knowledge/vi, knowledge/en) built into passages as
tests/test_composer.py does, and the shared seed articles (English 000–002, Norwegian 003, German 004), one
passage per line. Mixed together they reproduce the reported drafts (a Vietnamese article of German,
Norwegian and English sentences; a post quoting a writing note; a Zalo text without greeting).
"""

from __future__ import annotations

import re

import pytest

from studio.config import PROJECT_ROOT
from studio.drafting.composer import TEMPLATES, compose_offline
from studio.drafting.formats import markers_in, strip_markers, word_count
from studio.drafting.language import foreign_sentences, sentence_language
from studio.drafting.models import DraftRequest, SourceRef
from studio.drafting.offline.sentences import further_reading, title_case, writer_note
from studio.errors import StudioError
from studio.knowledge.lexicon import load_lexicon
from studio.knowledge.loaders import load_markdown
from studio.knowledge.textnorm import sentence_spans
from tests.helpers_docs import seeds_dir
from tests.test_composer import MARKDOWN, TOPICS, check_draft, kb_sources

TEXT_FORMATS = ["article", "news_brief", "social_post", "zalo_message", "newsletter", "talking_points"]
SEED_LANGS = {0: "en", 1: "en", 2: "en", 3: "no", 4: "de"}
NOTE_HEADINGS = ("Lưu ý khi viết bài", "Writing tips")


def seed_passages(number: int, offset: int = 0, lang: str | None = None) -> list[SourceRef]:
    """Seed `number`, one passage per non-empty line, tagged `lang` (its own language unless told)."""
    path = sorted(seeds_dir().glob(f"{number:03d}_*.txt"))[0]
    text, out, pos = path.read_text(encoding="utf-8"), [], 0
    for line in text.split("\n"):
        start = text.index(line, pos)
        pos = start + len(line)
        if line.strip():
            out.append(SourceRef(marker=f"S{offset + len(out) + 1}", passage_id=f"seed{number}:{start:05d}",
                                 doc_id=f"seed{number:03d}", title=text.split("\n", 1)[0], start=start,
                                 end=start + len(line), lang=lang or SEED_LANGS[number], text=line))
    return out


def mixed_sources(lang: str, tag: str | None = None) -> list[SourceRef]:
    """German, Norwegian and English seeds first (as a multilingual retrieval may rank them), then both sample
    knowledge bases; `tag` mislabels every seed passage (a wrong language tag at ingest)."""
    out: list[SourceRef] = []
    for number in (4, 3, 0):
        out += seed_passages(number, len(out), tag)
    out += kb_sources(lang, len(out))
    return out + kb_sources("en" if lang == "vi" else "vi", len(out))


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def quoted(result) -> list[str]:
    """Every sentence the draft quotes (a marker in it), without its markers."""
    return [strip_markers(t[a:b]) for t in result.texts() for a, b in sentence_spans(t) if markers_in(t[a:b])]


def all_sentences(result) -> list[tuple[str, str]]:
    return [(t, t[a:b]) for t in result.texts() for a, b in sentence_spans(t)]


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2}


def writer_notes() -> list[str]:
    """The sentences of the sample knowledge base addressed to writers: its writing-note sections and its
    title and organiser fields (found in the files, so the list follows them)."""
    out = []
    for lang in ("vi", "en"):
        for src in kb_sources(lang):
            for a, b in sentence_spans(src.text):
                line = src.text[a:b].strip().lstrip("-•* ")
                note_section = src.section.split("›")[-1].strip() in NOTE_HEADINGS and line not in NOTE_HEADINGS
                if note_section or re.match(r"(Vietnamese title|Organiser|Đơn vị tổ chức):", line):
                    out.append(line)
    return out


# --- language.py on real sentences ---------------------------------------------------------------------------

def real_sentences() -> list[tuple[str, str]]:
    rows = []
    for path in sorted((PROJECT_ROOT / "knowledge").glob("*/*.md")):
        text = load_markdown(path.read_bytes(), path.name).text
        rows += [(text[a:b], path.parent.name) for a, b in sentence_spans(text)]
    for number, lang in SEED_LANGS.items():
        rows += [(s.text[a:b], lang) for s in seed_passages(number) for a, b in sentence_spans(s.text)]
    for path in sorted((PROJECT_ROOT / "tests" / "data" / "legal").glob("*.md")):
        if path.name == "SOURCES.md":
            continue
        text = path.read_text(encoding="utf-8")[:20000]
        rows += [(text[a:b], "vi") for a, b in sentence_spans(text)]
    return [(s, lang) for s, lang in rows if len(re.findall(r"[^\W\d_]+", s)) >= 4 and "|" not in s]


def test_sentence_language_on_real_sentences():
    """GIVEN every sentence of the sample KB, the seeds (en, no, de) and the legal texts (vi) WHEN each is
    identified alone THEN at least 98% are right, and fewer than 0.5% are given a wrong language (the rest is
    "und", which the warning and the composer treat as unknown)."""
    rows = real_sentences()
    assert len(rows) > 1000 and {lang for _, lang in rows} == {"vi", "en", "no", "de"}
    found = [sentence_language(s) for s, _ in rows]
    right = sum(f == lang for f, (_, lang) in zip(found, rows))
    wrong = [(s, lang, f) for f, (s, lang) in zip(found, rows) if f not in (lang, "und")]
    assert right / len(rows) >= 0.98, right / len(rows)
    assert len(wrong) / len(rows) < 0.005, wrong[:10]


@pytest.mark.parametrize("text, lang", [
    # names of the other language inside a sentence do not flip it
    ("Công đoàn Ngân hàng Việt Nam (Vietnam Bank Trade Union) mở khóa học cho cán bộ cơ sở [S3].", "vi"),
    ("The Vietnam Bank Trade Union (Công đoàn Ngân hàng Việt Nam) has reworked how it operates [S1].", "en"),
    ("Dao Minh Tu, then Chairman of the Vietnam Bank Trade Union, described digital transformation as the future.",
     "en"),
    ("On May 26, 2025, the Governor launched a digital-skills movement for all staff (\"Bình dân học vụ số\").", "en"),
    ("Am 22. Dezember 2024 erließ das Politbüro die Resolution Nr. 57-NQ/TW [S2].", "de"),
    ("Denne planen skisserer tydelig oppgavene for propagandaarbeidet i BIDV [S4].", "no"),
    ("Cả nước có hơn 5,3 triệu đảng viên [S7].", "vi"),
    ("BIDV Trade Union [S1].", "und"),  # names and a marker only: too little to tell
])
def test_sentence_language_cues(text, lang):
    assert sentence_language(text) == lang


def test_foreign_sentences_reports_spans_of_other_languages_only():
    vi = "Công đoàn Ngân hàng Việt Nam đổi mới cách làm truyền thông [S1]. "
    de = "Am 22. Dezember 2024 erließ das Politbüro die Resolution Nr. 57-NQ/TW [S2]. "
    en = "Nguyen Khanh Chi calls communication a key field of union work [S3]. "
    text = vi + de + "Xin cảm ơn! " + en + "BIDV, B.One."
    found = foreign_sentences(text, "vi")
    assert [(text[a:b].strip(), lang) for a, b, lang in found] == [(de.strip(), "de"), (en.strip(), "en")]
    assert foreign_sentences(vi + "Xin cảm ơn!", "vi") == []


# --- writer-addressed text ------------------------------------------------------------------------------------

def test_writer_notes_are_recognised_on_real_sentences():
    notes = writer_notes()
    assert len(notes) >= 6, notes
    assert all(writer_note(n, "Lưu ý khi viết bài") for n in notes)
    # the rules alone, outside a notes section
    for line in (('Always cite the number as "57-NQ/TW" and the date as December 22, 2024; do not reuse garbled '
                  'forms such as "57/NQWT".'),
                 ('Ghi đúng số hiệu "57-NQ/TW", ngày 22/12/2024 và cơ quan ban hành là Bộ Chính trị; tránh viết sai '
                  'thành "57/NQWT".'),
                 "Name the Politburo as the issuing body.",
                 "Organiser: the Vietnam Bank Trade Union (Công đoàn Ngân hàng Việt Nam), as part of its work.",
                 'Vietnamese title: "Thực hành AI – Nâng cao hiệu quả truyền thông công đoàn".',
                 "Lưu ý: không dùng cách viết tắt trong tiêu đề.", "Hãy viết tên đầy đủ của tổ chức."):
        assert writer_note(line), line
    # rules for the readers (the course's own ground rules) and facts are not notes
    for line in ("Không đưa họ tên, số điện thoại, số định danh của đoàn viên vào công cụ AI.",
                 "Never enter names, phone numbers, ID numbers or family circumstances of members into an AI tool.",
                 "AI có thể viết sai một cách rất tự tin.", "Fanpage: gần 30.000 người theo dõi.",
                 "Ngày 26/5/2025, Thống đốc Ngân hàng Nhà nước phát động phong trào thi đua."):
        assert not writer_note(line, "Sử dụng AI an toàn và có trách nhiệm"), line


# --- every text format, both languages, mixed sources ---------------------------------------------------------

@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_text_formats_read_in_one_language_for_readers(fmt, lang, lexicon):
    """GIVEN German, Norwegian, English and Vietnamese passages WHEN a draft is composed in `lang` THEN every
    sentence is in `lang`, none is repeated or nearly repeated, none is a note to writers, and each quoted
    sentence is verbatim from the passage it cites (check_draft)."""
    sources = mixed_sources(lang)
    request = DraftRequest(format=fmt, topic=TOPICS[lang], lang=lang)
    result = compose_offline(request, sources, lexicon)
    check_draft(result, request, sources)
    for text in result.texts():
        assert foreign_sentences(text, lang) == [], [text[a:b] for a, b, _ in foreign_sentences(text, lang)]
    said = quoted(result)
    assert said and len(said) == len(set(said)), said
    for i, a in enumerate(said):
        for b in said[i + 1:]:
            small = min(len(content_words(a)), len(content_words(b)))
            assert small < 5 or len(content_words(a) & content_words(b)) < 0.8 * small, (a, b)
    notes = writer_notes()
    assert not [s for s in said for n in notes if n.rstrip(".") in s or s.rstrip(".") in n]
    assert not re.search(r"\b(?:Vietnamese title|Organiser|Đơn vị tổ chức|Source|Kilde|Quelle):", " ".join(said))


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", ["article", "news_brief", "social_post", "zalo_message", "newsletter"])
def test_few_passages_in_the_request_language_are_not_padded_with_other_languages(fmt, lang, lexicon):
    """GIVEN what a multilingual retrieval of eight passages may hand over (three German, two Norwegian, one
    English passage and only two in the request language: the reported German article) THEN the draft quotes
    its two passages and no sentence of the others (a short draft gets a limit warning instead)."""
    sources = seed_passages(4)[2:5]
    sources += seed_passages(3, len(sources))[1:3]
    sources += seed_passages(0, len(sources))[1:2]
    own = kb_sources(lang, len(sources))
    sources += [own[0], own[5]]
    result = compose_offline(DraftRequest(format=fmt, topic=TOPICS[lang], lang=lang), sources, lexicon)
    assert all(foreign_sentences(t, lang) == [] for t in result.texts())
    assert {m for t in result.texts() for m in markers_in(t)} <= {own[0].marker, own[5].marker}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", ["article", "zalo_message", "social_post", "news_brief"])
def test_a_wrong_language_tag_does_not_let_a_sentence_in(fmt, lang, lexicon):
    """GIVEN the seeds tagged with the request language (a wrong tag at ingest) THEN their German and Norwegian
    sentences are still not quoted: the language is the sentence's own, not the passage tag's."""
    sources = mixed_sources(lang, tag=lang)
    result = compose_offline(DraftRequest(format=fmt, topic=TOPICS[lang], lang=lang), sources, lexicon)
    assert all(foreign_sentences(t, lang) == [] for t in result.texts())


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", ["zalo_message", "social_post"])
def test_messages_greet_carry_one_message_and_ask_to_act(fmt, lang, lexicon):
    sources = mixed_sources(lang)
    by_marker = {s.marker: s for s in sources}
    T = TEMPLATES[lang]
    for audience in ("members", "young_employees", "leaders"):
        request = DraftRequest(format=fmt, topic=TOPICS[lang], lang=lang, audience=audience)
        result = compose_offline(request, sources, lexicon)
        first_line = result.text.split("\n")[0]
        if fmt == "zalo_message":
            assert first_line in T["greeting"][audience]
            assert result.text.split("\n")[-1] in T["cta"][audience]
            assert not MARKDOWN.search(result.text) and word_count(result.text) <= 80
        else:
            assert first_line in T["hook"][audience]
            assert result.call_to_action in T["cta"][audience] and len(result.hashtags) >= 2
        cited = [by_marker[m[0]] for _, s in all_sentences(result) if (m := markers_in(s))]
        # one message: one passage, or one section of one document
        assert cited and len({c.doc_id for c in cited}) == 1
        assert len({c.marker for c in cited}) == 1 or len({c.section for c in cited}) == 1, cited


def test_greeting_and_signoff_come_from_the_house_style(lexicon):
    class Style:  # duck-typed as studio.style: greeting/signoff per language and audience, "" when it has none
        def __init__(self, greeting, signoff):
            self.words = greeting, signoff

        def greeting(self, lang, audience):
            return self.words[0] if lang == "vi" and audience == "leaders" else ""

        def signoff(self, lang, audience):
            return self.words[1] if lang == "vi" and audience == "leaders" else ""

    request = DraftRequest(format="zalo_message", topic=TOPICS["vi"], audience="leaders")
    house = Style("Kính gửi Ban Thường vụ.", "Trân trọng cảm ơn các đồng chí.")
    text = compose_offline(request, kb_sources("vi"), lexicon, style=house).text.split("\n")
    assert (text[0], text[-1]) == house.words
    none = compose_offline(request, kb_sources("vi"), lexicon, style=Style("", "")).text.split("\n")
    assert none[0] == TEMPLATES["vi"]["greeting"]["leaders"][0] and none[-1] == TEMPLATES["vi"]["cta"]["leaders"][0]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_article_has_a_lead_sections_and_a_closing_without_a_marker_dump(lang, lexicon):
    sources = mixed_sources(lang)
    request = DraftRequest(format="article", topic=TOPICS[lang], lang=lang)
    for variant in (0, 1, 2):
        result = compose_offline(request, sources, lexicon, variant=variant)
        assert result.closing in TEMPLATES[lang]["closing"] and not markers_in(result.closing)
        headings = [s.heading for s in result.sections]
        assert not {"Thông tin thêm", "More information"} & set(headings) and len(headings) == len(set(headings))
        # the lead says when (a date, a month or a year, or a time word)
        assert re.search(r"\d{4}|\b(?:ngày|tháng|năm|today|yesterday)\b", strip_markers(result.lead), re.I), result.lead
        assert 400 <= sum(word_count(t) for t in result.texts()) <= 800


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_talking_points_are_parallel_single_sentences(lang, lexicon):
    for length in ("short", "standard", "long"):
        request = DraftRequest(format="talking_points", topic=TOPICS[lang], lang=lang, length=length)
        result = compose_offline(request, mixed_sources(lang), lexicon)
        sizes = [word_count(p) for p in result.points]
        assert all(len(sentence_spans(strip_markers(p))) == 1 for p in result.points)
        assert len(set(result.points)) == len(result.points) and max(sizes) <= 2.5 * min(sizes), sizes


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_another_variant_reads_differently_and_each_is_deterministic(fmt, lang, lexicon):
    sources = mixed_sources(lang)
    request = DraftRequest(format=fmt, topic=TOPICS[lang], lang=lang)
    drafts = {v: compose_offline(request, sources, lexicon, variant=v) for v in (0, 1, 2)}
    texts = {v: "\n".join(d.texts()) for v, d in drafts.items()}
    assert len(set(texts.values())) == 3, fmt
    assert quoted(drafts[1]) != quoted(drafts[0])  # other sentences or another order, not only other wording
    again = compose_offline(request, [s.model_copy() for s in sources], lexicon, variant=1)
    assert again.model_dump_json() == drafts[1].model_dump_json()


def test_headline_is_cut_at_a_word_from_a_long_topic(lexicon):
    topic = ("Chuyển đổi số trong công đoàn ngành Ngân hàng và việc triển khai Nghị quyết 57-NQ/TW tại các công "
             "đoàn cơ sở " * 4)[:290]
    for fmt in ("article", "news_brief", "newsletter", "talking_points"):
        result = compose_offline(DraftRequest(format=fmt, topic=topic), kb_sources("vi"), lexicon)
        title = result.model_dump().get("headline") or result.title.split(": ", 1)[1]
        assert len(title) <= 100 and len(title.split()) <= 12, title
        assert topic.startswith((title[0].lower() + title[1:], title))
        assert topic[len(title)] == " ", title  # a whole word
    assert title_case("x" * 23400) == "X" + "x" * 99


def test_further_reading_lists_the_other_language_documents_once(lexicon):
    """GIVEN Vietnamese, English, Norwegian and German passages WHEN a Vietnamese draft is composed THEN the
    relevant passages in other languages are offered as further reading, one per document, and none of them
    is quoted."""
    sources = mixed_sources("vi")
    request = DraftRequest(format="article", topic=TOPICS["vi"], lang="vi")
    reading = further_reading(request, sources, lexicon=lexicon)
    docs = [r.doc_id for r in reading]
    assert len(docs) == len(set(docs)) and {"seed004", "seed003", "seed000"} <= set(docs), docs
    assert all(r.lang != "vi" for r in reading)
    cited = {m for t in compose_offline(request, sources, lexicon).texts() for m in markers_in(t)}
    assert not cited & {r.marker for r in reading}
    with pytest.raises(StudioError) as err:  # nothing in Vietnamese to quote
        compose_offline(request, [s for s in sources if s.doc_id.startswith("seed")], lexicon)
    assert err.value.code == "draft_no_language_sources"
