"""Prompts as files: the shipped folder, rendering, and the errors on broken copies in tmp_path."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from studio.config import PROJECT_ROOT
from studio.drafting.formats import FORMAT_MODELS
from studio.drafting.prompts import KNOWN_VARIABLES, PROMPTS_DIR, PromptTemplate, load_prompts
from studio.errors import MESSAGES, StudioError

VI_ONLY = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]",
                     re.I)
ENGLISH_WORDS = {"the", "and", "with", "must", "only", "each", "every", "write", "answer", "sentence",
                 "passage", "passages", "source", "sources", "should", "you", "your", "please", "never"}

VALUES = {"topic": "Lương tối thiểu vùng 2024", "audience": "đoàn viên", "tone": "trang trọng",
          "length": "vừa", "sources": "[S1] Nghị định … (đoạn 1)\n[S2] Điều lệ … (đoạn 2)",
          "schema": json.dumps({"$defs": {}, "type": "object"}), "n_questions": 5, "lang_name": "tiếng Việt"}


@pytest.fixture(scope="module")
def registry():
    return load_prompts()


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "prompts"
    shutil.copytree(PROMPTS_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def raised(directory: Path) -> StudioError:
    with pytest.raises(StudioError) as info:
        load_prompts(directory)
    return info.value


# --- the shipped folder ----------------------------------------------------------------------------

def test_shipped_folder_has_both_languages_for_every_format(registry):
    assert len(registry.all()) == 18 == len(list(PROMPTS_DIR.glob("*.md")))
    for fmt in FORMAT_MODELS:
        for lang in ("vi", "en"):
            t = registry.get(fmt, lang)
            assert (t.id, t.format, t.lang, t.version) == (f"{fmt}.{lang}", fmt, lang, 2)
            assert t.path.name == f"{fmt}.{lang}.md"
            assert {"topic", "audience", "tone", "length", "sources", "schema"} <= set(t.variables)
            assert set(t.variables) <= KNOWN_VARIABLES
    assert ("n_questions" in registry.get("quiz", "vi").variables
            and "n_questions" in registry.get("quiz", "en").variables)
    assert [t.id for t in registry.all()] == sorted(t.id for t in registry.all())


def test_every_body_asks_for_markers_json_and_human_review(registry):
    for t in registry.all():
        assert "[S1]" in t.body and "JSON" in t.body, t.id
        assert "$sources" in t.body and "$schema" in t.body and "$topic" in t.body, t.id
        review = "rà soát" if t.lang == "vi" else "reviewed"
        assert review in t.body and "AI" in t.body, t.id


def test_twins_agree_and_limits_are_written_in_the_body(registry):
    for fmt in FORMAT_MODELS:
        vi, en = registry.get(fmt, "vi"), registry.get(fmt, "en")
        assert vi.variables == en.variables and vi.limits == en.limits, fmt
        assert vi.limits, fmt
        for t in (vi, en):
            for key, value in t.limits.items():
                if isinstance(value, int) and not isinstance(value, bool):
                    assert re.search(rf"(?<![\w.]){value}(?![\w.])", t.body), (t.id, key, value)
    assert registry.get("article", "vi").limits == {"words_min": 400, "words_max": 800}


def prose(body: str) -> str:
    """The body without code spans, placeholders, markers and quoted literals."""
    body = re.sub(r"`[^`]*`", " ", body)
    body = re.sub(r"\$\{?\w+\}?", " ", body)
    body = re.sub(r"\[S\d+\]", " ", body)
    return re.sub(r"“[^”]*”", " ", body)


def test_vietnamese_files_are_vietnamese_and_english_files_english(registry):
    for fmt in FORMAT_MODELS:
        vi, en = registry.get(fmt, "vi").body, registry.get(fmt, "en").body
        words = set(re.findall(r"[a-z]+", prose(vi).lower()))
        assert not words & ENGLISH_WORDS, (fmt, words & ENGLISH_WORDS)
        lines = [ln for ln in prose(vi).splitlines() if len(re.findall(r"\w+", ln)) >= 4]
        assert lines and all(VI_ONLY.search(ln) for ln in lines), fmt
        assert "tiếng Việt có dấu" in vi and "Không bịa số liệu" in vi
        assert not VI_ONLY.search(prose(en)), fmt
        assert "Never invent figures" in en and "ONLY" in en


def test_render_fills_every_placeholder(registry):
    for t in registry.all():
        out = t.render(**VALUES)
        assert not re.search(r"\$\{?[A-Za-z_]", out.replace('"$defs"', "")), t.id
        assert VALUES["topic"] in out and VALUES["sources"] in out and VALUES["schema"] in out
    assert "đúng 5 câu hỏi" in registry.get("quiz", "vi").render(**VALUES)


def test_render_with_a_missing_value_is_malformed(registry):
    values = {k: v for k, v in VALUES.items() if k != "sources"}
    with pytest.raises(StudioError) as info:
        registry.get("article", "vi").render(**values)
    err = info.value
    assert err.code == "prompt_malformed"
    assert err.params["detail"] == "missing value for $sources"
    assert err.params["path"] == "prompts/article.vi.md"
    assert "article.vi.md" in err.message("vi") and "sai định dạng" in err.message("vi")
    assert "article.vi.md" in err.message("en") and "missing value for $sources" in err.message("en")


def test_to_list_for_the_cli(registry):
    rows = registry.to_list()
    assert len(rows) == 18 and json.loads(json.dumps(rows, ensure_ascii=False)) == rows
    quiz = next(r for r in rows if r["id"] == "quiz.en")
    assert quiz == {"id": "quiz.en", "version": 2, "format": "quiz", "lang": "en",
                    "variables": ["topic", "audience", "tone", "length", "n_questions", "sources", "schema"],
                    "limits": {"options": 4}, "path": "prompts/quiz.en.md"}


def test_get_unknown_pair_is_prompt_missing(registry):
    with pytest.raises(StudioError) as info:
        registry.get("podcast", "vi")
    assert info.value.code == "prompt_missing" and info.value.params["lang"] == "vi"


def test_format_enum_is_accepted(registry):
    from studio.drafting.formats import FormatName

    assert registry.get(FormatName.quiz, "en").id == "quiz.en"


def test_no_file_read_at_import():
    code = ("import sys\n"
            "opened = []\n"
            "sys.addaudithook(lambda ev, args: opened.append(str(args[0])) if ev == 'open' else None)\n"
            "import studio.drafting.prompts\n"
            "print([p for p in opened if 'prompts' in p and p.endswith('.md')])\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# --- broken copies in tmp_path ---------------------------------------------------------------------

def test_copy_loads_from_its_own_directory(copy):
    reg = load_prompts(copy)
    assert len(reg.all()) == 18 and reg.get("news_brief", "en").path == copy / "news_brief.en.md"
    assert reg.to_list()[0]["path"] == str(copy / "article.en.md")


def test_unknown_variable_in_body(copy):
    edit(copy / "social_post.vi.md", "$topic", "$chu_de")
    err = raised(copy)
    assert err.code == "prompt_unknown_variable"
    assert err.params["path"].endswith("social_post.vi.md") and err.params["names"] == "chu_de"
    assert "social_post.vi.md" in err.message("vi") and "chu_de" in err.message("vi")
    assert "chu_de" in err.message("en") and "topic" in err.message("en")


def test_unknown_braced_variable_and_unknown_declared_variable(copy):
    edit(copy / "quiz.en.md", "$schema", "${schema_v2}")
    err = raised(copy)
    assert err.code == "prompt_unknown_variable" and err.params["names"] == "schema_v2"
    shutil.copy(PROMPTS_DIR / "quiz.en.md", copy / "quiz.en.md")
    edit(copy / "news_brief.en.md", "variables: [topic,", "variables: [deadline, topic,")
    err = raised(copy)
    assert err.code == "prompt_unknown_variable" and err.params["names"] == "deadline"
    assert err.params["path"].endswith("news_brief.en.md")


def test_known_but_undeclared_variable(copy):
    edit(copy / "article.en.md", "- Tone: $tone.", "- Tone: $tone.\n- Questions: $n_questions.")
    err = raised(copy)
    assert err.code == "prompt_unknown_variable"
    assert err.params["path"].endswith("article.en.md") and err.params["names"] == "n_questions"
    assert "article.en.md" in err.message("vi") and "n_questions" in err.message("en")


def test_missing_en_file(copy):
    (copy / "zalo_message.en.md").unlink()
    err = raised(copy)
    assert err.code == "prompt_missing"
    assert (err.params["format"], err.params["lang"]) == ("zalo_message", "en")
    assert str(copy) in err.message("vi") and "zalo_message" in err.message("en")


def test_empty_or_absent_directory(tmp_path):
    assert raised(tmp_path).code == "prompt_missing"
    assert raised(tmp_path / "nowhere").code == "prompt_missing"


def test_broken_yaml_front_matter(copy):
    edit(copy / "newsletter.vi.md", "variables: [topic,", "variables: [topic,, {")
    err = raised(copy)
    assert err.code == "prompt_malformed" and err.params["path"].endswith("newsletter.vi.md")
    assert "YAML" in err.params["detail"]
    assert "newsletter.vi.md" in err.message("vi") and "newsletter.vi.md" in err.message("en")


@pytest.mark.parametrize("old,new,needle", [
    ("id: video_script.vi", "id: video_script.en", "id"),
    ("format: video_script", "format: podcast", "format"),
    ("lang: vi", "lang: fr", "lang"),
    ("version: 2", "version: one", "version"),
    ("version: 2\n", "", "version"),
    ("---\nid:", "id:", "front matter"),
])
def test_bad_front_matter_fields(copy, old, new, needle):
    edit(copy / "video_script.vi.md", old, new)
    err = raised(copy)
    assert err.code == "prompt_malformed", err.params
    assert err.params["path"].endswith("video_script.vi.md") and needle in err.params["detail"]


def test_file_name_must_match_id(copy):
    (copy / "article.vi.md").rename(copy / "bai_viet.vi.md")
    err = raised(copy)
    assert err.code == "prompt_malformed" and err.params["path"].endswith("bai_viet.vi.md")
    assert "article.vi.md" in err.params["detail"]


def test_invalid_placeholder_names_the_line(copy):
    edit(copy / "talking_points.en.md", "- Length: $length.", "- Length: $length.\n- Budget: $ 5.")
    err = raised(copy)
    assert err.code == "prompt_malformed" and err.params["path"].endswith("talking_points.en.md")
    assert "Budget: $ 5." in err.params["detail"] and "line 15" in err.params["detail"]


def test_double_dollar_is_a_literal_dollar(copy):
    edit(copy / "infographic_brief.en.md", "- Tone: $tone.", "- Tone: $tone.\n- Currency: $$ (USD).")
    t = load_prompts(copy).get("infographic_brief", "en")
    assert "- Currency: $ (USD)." in t.render(**VALUES)


def test_hand_built_template_renders_and_reports_missing_values(tmp_path):
    t = PromptTemplate(id="zalo_message.vi", version=2, format="zalo_message", lang="vi",
                       variables=("topic",), limits={}, body="Chủ đề: ${topic} [S1]", path=tmp_path / "x.md")
    assert t.render(topic="Bảo hiểm xã hội", unused="ok") == "Chủ đề: Bảo hiểm xã hội [S1]"
    with pytest.raises(StudioError) as info:
        t.render()
    assert info.value.code == "prompt_malformed" and info.value.params["detail"] == "missing value for $topic"
    assert hash(t)  # frozen, hashable despite the limits dict


def test_messages_exist_in_both_languages():
    for code in ("prompt_malformed", "prompt_unknown_variable", "prompt_missing"):
        assert set(MESSAGES[code]) == {"vi", "en"}
