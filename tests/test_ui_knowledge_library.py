"""Knowledge page: removing a document needs a confirmation that belongs to that one document (AppTest)."""

from __future__ import annotations

from tests.ui_helpers import add_people, page, studio_env, texts  # noqa: F401


def _ingest(names) -> None:
    from studio.config import load_settings
    from studio.knowledge.base import KnowledgeBase
    from studio.workflow.db import open_database
    from studio.workflow.library import Library
    from tests.workflow_helpers import shared_gate

    settings = load_settings()
    db = open_database(settings)
    try:
        library = Library(KnowledgeBase(settings), db, shared_gate())
        for name in names:
            text = f"# Tài liệu {name}\n\nCông đoàn tổ chức hội nghị {name} vào năm 2025.\n"
            [change] = library.add_upload("thu", f"{name}.md", text.encode(), vectors="later")
            assert change.status == "added", change
    finally:
        db.dispose()


def test_the_delete_confirmation_does_not_carry_over_to_the_next_document(studio_env):
    """GIVEN two documents added by a librarian
    WHEN the librarian ticks "I am sure", removes the first document
    THEN a message says so, and the box is not ticked for the document now selected"""
    add_people({"thu": ["librarian"]})
    _ingest(["alpha", "beta"])
    at = page("knowledge", "thu", ["librarian"])
    assert list(at.dataframe[0].value["Người thêm"]) == ["thu", "thu"]
    first = at.selectbox(key="remove_doc").value
    at.checkbox(key=f"remove_confirm_{first}").check().run()
    at.button(key=f"remove_button_{first}").click().run()
    assert not at.exception, at.exception
    assert "Đã xóa" in texts(at)
    second = at.selectbox(key="remove_doc").value
    assert second != first
    assert at.checkbox(key=f"remove_confirm_{second}").value is False
    at.button(key=f"remove_button_{second}").click().run()  # unconfirmed: nothing happens
    assert not at.success and len(at.dataframe[0].value) == 1


def test_an_officer_cannot_remove_a_shared_document_from_the_page(studio_env):
    add_people({"thu": ["librarian"], "lan": ["officer"]})
    _ingest(["alpha"])
    at = page("knowledge", "lan", ["officer"])
    doc = at.selectbox(key="remove_doc").value
    at.checkbox(key=f"remove_confirm_{doc}").check().run()
    at.button(key=f"remove_button_{doc}").click().run()
    assert any("lan" in e.value for e in at.error)
