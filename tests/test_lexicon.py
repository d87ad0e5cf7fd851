"""The shipped vi/en/de/no lexicon: well-formed, and its matching rules do what the header promises."""

from __future__ import annotations

import unicodedata

import pytest

from studio.knowledge.lexicon import (
    LANGS,
    LEXICON_DIR,
    LEXICON_FILES,
    Lexicon,
    load_lexicon,
    parse_lexicon,
    read_lexicon_file,
)
from studio.knowledge.textnorm import fold_word

FILES = [LEXICON_DIR / name for name in LEXICON_FILES]


def test_lexicon_files_are_well_formed():
    assert FILES, "the lexicon ships with the package"
    ids: set[str] = set()
    seen: dict[tuple[str, str], str] = {}
    for path in FILES:
        for entry in read_lexicon_file(path):
            assert entry["id"] not in ids, f"duplicate concept id {entry['id']} in {path.name}"
            ids.add(entry["id"])
            for lang in LANGS:
                terms = entry.get(lang)
                assert terms, f"{entry['id']} has no {lang} term ({path.name})"
                for term in terms:
                    assert term == term.lower() and unicodedata.is_normalized("NFC", term), term
                    key = (lang, " ".join(fold_word(w) for w in term.replace("-", " ").split()))
                    assert key not in seen or seen[key] == entry["id"], \
                        f"{term!r} ({lang}) belongs to {seen.get(key)} and {entry['id']}"
                    seen[key] = entry["id"]
    assert len(ids) >= 250


@pytest.mark.parametrize("text", [
    "Công đoàn Ngân hàng Việt Nam", "cong doan", "trade union", "Trade Unions",
    "die Gewerkschaft", "Gewerkschaften", "fagforeningen", "fagforeninger",
])
def test_trade_union_is_one_concept_in_four_languages(text):
    assert load_lexicon().concepts_in(text).count("trade_union") == 1


def _lexicon(**terms) -> Lexicon:
    return Lexicon(parse_lexicon([{"id": "x", **{lang: [t] for lang, t in terms.items()}}]))


def test_trailing_star_matches_any_ending_and_leading_star_ends_a_compound():
    lex = Lexicon(parse_lexicon([
        {"id": "union", "de": ["gewerkschaft*", "*gewerkschaft"]},
        {"id": "dt", "en": ["digital transformation"], "vi": ["chuyển đổi số"]},
    ]))
    assert lex.concepts_in("Gewerkschaftsarbeit und die Bankgewerkschaft") == ["union", "union"]
    assert lex.concepts_in("Gewerk schaft") == []
    assert lex.concepts_in("digital-transformation, digital   transformation") == ["dt", "dt"]
    assert lex.concepts_in("Chuyển đổi số; chuyen doi so") == ["dt", "dt"]
    assert lex.concepts_in("digital transformations") == []  # no star: whole words only


def test_longest_match_wins_and_nested_concepts_count_too():
    lex = Lexicon(parse_lexicon([
        {"id": "bidv", "en": ["bidv"]},
        {"id": "party_committee", "en": ["party committee*"]},
        {"id": "bidv_party_committee", "en": ["bidv party committee"]},
    ]))
    found = lex.concepts_in("The BIDV Party Committee met.")
    assert found[0] == "bidv_party_committee"
    assert set(found) == {"bidv_party_committee", "bidv", "party_committee"}
    assert lex.concepts_in("The BIDV Party Committee met.", nested=False) == ["bidv_party_committee"]


@pytest.mark.parametrize("concept, texts", [
    ("overtime", ["Người lao động làm thêm giờ", "overtime work", "Überstunden im Jahr", "overtid"]),
    ("maternity", ["chế độ thai sản", "maternity leave", "Mutterschutz", "foreldrepermisjon"]),
    ("minimum_wage", ["lương tối thiểu vùng", "regional minimum wages", "der Mindestlohn", "minstelønn"]),
    ("strike", ["cuộc đình công", "a strike", "Streik", "streiken"]),
    ("notice_period", ["phải báo trước 30 ngày", "days' notice", "Kündigungsfrist", "oppsigelsestid"]),
])
def test_labour_law_terms_meet_across_languages(concept, texts):
    lexicon = load_lexicon()
    for text in texts:
        assert concept in lexicon.concepts_in(text), text
