"""Restoring the diacritics of a query typed without them, from the collection's own words."""

from __future__ import annotations

from studio.config import PROJECT_ROOT
from studio.knowledge.diacritics import DiacriticRestorer

LEGAL = PROJECT_ROOT / "tests" / "data" / "legal"


def _restorer() -> DiacriticRestorer:
    texts = [p.read_text(encoding="utf-8") for p in sorted(LEGAL.glob("*.txt"))]
    return DiacriticRestorer.from_texts(texts)


def test_unaccented_questions_get_their_diacritics_back_from_real_law_text():
    restorer = _restorer()
    assert restorer.restore("nguoi lao dong lam them gio toi da bao nhieu gio") == \
        "người lao động làm thêm giờ tối đa bao nhiêu giờ"
    assert restorer.restore("cong doan co so duoc thanh lap khi nao") == "công đoàn cơ sở được thành lập khi nào"
    # digits, punctuation, capitals and words the collection never wrote stay as typed
    assert restorer.restore("Dieu 107, zalo 2025?") == "Điều 107, zalo 2025?"


def test_only_vietnamese_typed_without_diacritics_is_restored():
    restorer = _restorer()
    assert restorer.looks_unaccented_vietnamese("lam them gio toi da bao nhieu")
    assert not restorer.looks_unaccented_vietnamese("làm thêm giờ tối đa bao nhiêu")  # already accented
    assert not restorer.looks_unaccented_vietnamese("How many overtime hours are allowed")
    assert not restorer.looks_unaccented_vietnamese("Wie viele Überstunden")
    assert not restorer.looks_unaccented_vietnamese("luong")  # one word says too little


def test_the_restorer_only_knows_what_the_collection_wrote():
    restorer = DiacriticRestorer.from_texts(["Hội thao công nhân viên chức tổ chức tại sân vận động."])
    assert restorer.restore("hoi thao cong nhan") == "hội thao công nhân"  # not "hội thảo" (a workshop)
    assert DiacriticRestorer.from_texts(["Hội thảo về chuyển đổi số."]).restore("hoi thao") == "hội thảo"
