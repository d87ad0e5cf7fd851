"""The Streamlit app through AppTest: login first; on first start the sample knowledge base is loaded;
search shows citations. The fixture logs an officer (created through the core) in through the real login
form and opens the Knowledge page."""

from __future__ import annotations

import pytest

from tests.ui_helpers import PASSWORD, add_people, log_in, open_page, start_app, studio_env  # noqa: F401


@pytest.fixture
def app(studio_env):
    add_people({"lan": ["officer"]})
    at = start_app()
    assert at.title[0].value == "Đăng nhập"  # nothing but the login form before logging in
    log_in(at, "lan", PASSWORD)
    assert at.title[0].value == "Trang chủ"
    open_page(at, "knowledge")
    assert not at.exception, at.exception
    yield at


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [s.value for s in at.success] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def test_first_start_loads_the_sample_knowledge_base(app):
    assert app.title[0].value == "Kho tri thức"
    assert any("6 tài liệu" in c.value for c in app.sidebar.caption)
    table = app.dataframe[0].value
    assert len(table) == 6 and set(table["Ngôn ngữ"]) == {"vi", "en"}
    assert any("Chưa cấu hình mô hình AI" in c.value for c in app.sidebar.caption)


def test_search_shows_passages_with_citations(app):
    app.text_input[0].input("nghi quyet 57 chuyen doi so")
    app.button[0].click().run()  # "Tìm đoạn liên quan"
    assert not app.exception
    text = _texts(app)
    assert "[1] " in text and "Nghị quyết" in text
    assert any(c.value.startswith("[1] ") and "·" in c.value for c in app.caption)


def test_ask_gives_a_quoted_answer_with_numbered_sources(app):
    app.text_input[0].input("Fanpage có bao nhiêu người theo dõi?")
    app.button[1].click().run()  # "Hỏi và trả lời có trích dẫn"
    text = _texts(app)
    assert "30.000" in text and "[1]" in text


def test_empty_search_shows_a_message_in_vietnamese(app):
    app.button[0].click().run()
    assert [e.value for e in app.error] == ["Hãy nhập nội dung cần tìm."]


def test_switching_to_english_translates_the_page(app):
    app.selectbox(key="lang").select("en").run()
    assert app.title[0].value == "Knowledge base"
    assert any("6 documents" in c.value for c in app.sidebar.caption)
    assert [b.label for b in app.button][:2] == ["Find passages", "Ask for a cited answer"]
    assert app.text_input[0].label == "Question or keywords"


def test_string_tables_have_the_same_keys_in_both_languages():
    from studio.ui.i18n import string_tables

    tables = string_tables()
    assert set(tables["vi"]) == set(tables["en"])
    assert all(tables["vi"][k].strip() and tables["en"][k].strip() for k in tables["vi"])


def test_vectors_that_cannot_be_computed_are_shown_and_word_search_still_works(studio_env, monkeypatch):
    """GIVEN an embeddings endpoint that refuses connections
    WHEN the app loads the sample knowledge base and an officer searches
    THEN the documents are stored, the Knowledge page shows the vector step's failure (with the
    endpoint's address) beside a 0/N progress bar and a retry button, and the search answers from
    the word channels with a notice instead of failing."""
    import time

    monkeypatch.setenv("STUDIO_EMBEDDINGS_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("STUDIO_EMBEDDINGS_TIMEOUT_S", "2")
    add_people({"lan": ["officer"]})
    at = start_app()
    log_in(at, "lan", PASSWORD)
    open_page(at, "knowledge")
    deadline = time.monotonic() + 60
    while not any("127.0.0.1:9" in e.value for e in at.error) and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()
    assert any("127.0.0.1:9" in e.value for e in at.error), [e.value for e in at.error]
    assert any("0/" in str(p.value) or "0/" in getattr(p, "text", "") for p in at.get("progress")) or \
        any("0/" in c.value for c in at.sidebar.caption)
    assert any(b.label == "Tính lại vector" for b in at.button)
    at.text_input[0].input("nghi quyet 57 chuyen doi so")
    at.button[0].click().run()
    assert not at.exception
    assert any("chỉ dựa trên tìm theo từ" in w.value for w in at.warning)
    assert "Nghị quyết" in _texts(at)
