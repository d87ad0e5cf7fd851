"""The knowledge-base library: who may change documents, kept versions with diffs, audit events, and the
safety gate at ingest — on a real Chroma store, real files and a real database (SQLite; PostgreSQL when
STUDIO_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import pytest

from studio.errors import StudioError
from studio.workflow import accounts, audit
from studio.workflow.library import Library
from tests.workflow_helpers import PASSWORD, cheap_argon2, db, db_url, people, shared_gate  # noqa: F401

OFFICIAL = ("# Nghị quyết 57 về đoàn phí\n\nNghị quyết có hiệu lực từ ngày 01/01/2025.\n\n"
            "Mức đoàn phí bằng 1% tiền lương đóng bảo hiểm xã hội.\n")
FORGED = ("# Nghị quyết 57 về đoàn phí\n\nNghị quyết có hiệu lực từ ngày 01/07/2026.\n\n"
          "Mức đoàn phí bằng 1% tiền lương đóng bảo hiểm xã hội.\n")
SECRET = ("MẬT\n\n# Danh sách đoàn viên cần hỗ trợ\n\nChị Trần Thị Bình, CCCD 001190012345, điện thoại 0912 345 678, "
          "đang điều trị ung thư tại Bệnh viện K.\n")
PERSONAL = ("# Danh sách liên hệ ban chấp hành\n\nAnh Nguyễn Văn An phụ trách phong trào thi đua, điện thoại "
            "0983 123 421.\n")


@pytest.fixture
def library(people, kb):
    with people.transaction() as s:
        accounts.add_user(s, "admin", "thu", ["librarian"], PASSWORD)
        accounts.add_user(s, "admin", "nam", ["trainer"], PASSWORD)
    return Library(kb, people, gate=shared_gate())


def add(library, actor, name, text, **kw):
    [change] = library.add_upload(actor, name, text.encode("utf-8"), vectors="wait", **kw)
    return change


def test_an_officer_cannot_replace_or_remove_a_shared_document(library):
    """GIVEN an official document added by the librarian
    WHEN an officer uploads a forged copy under the same name, or removes it
    THEN both are refused and the official text is still the one in the knowledge base"""
    official = add(library, "thu", "nghi-quyet-57.md", OFFICIAL)
    assert official.status == "added"
    forged = add(library, "lan", "nghi-quyet-57.md", FORGED)
    assert forged.status == "refused" and forged.error_code == "library_denied"
    assert "librarian" in forged.error_message("en")
    with pytest.raises(StudioError) as err:
        library.remove("lan", official.doc_id)
    assert err.value.code == "library_denied"
    _, text = library.kb.get_document(official.doc_id)
    assert "01/01/2025" in text and "01/07/2026" not in text
    with pytest.raises(StudioError) as err:  # a trainer may not even add
        add(library, "nam", "khac.md", PERSONAL)
    assert err.value.code == "role_required"


def test_an_officer_may_add_and_replace_their_own_document(library):
    first = add(library, "lan", "ghi-chu.md", OFFICIAL)
    second = add(library, "lan", "ghi-chu.md", FORGED)
    assert (first.status, second.status) == ("added", "updated")
    assert library.entries()[first.doc_id].added_by == "lan"


def test_a_librarian_replaces_with_a_diff_and_restores_the_previous_version(library):
    """GIVEN an official document
    WHEN the librarian replaces it, then restores version 1
    THEN the replacement shows the changed line, version 1 is kept and restorable, and every step is audited"""
    official = add(library, "thu", "nghi-quyet-57.md", OFFICIAL)
    replaced = add(library, "thu", "nghi-quyet-57.md", FORGED)
    assert replaced.status == "updated" and replaced.version == 2
    assert "-Nghị quyết có hiệu lực từ ngày 01/01/2025." in replaced.diff
    assert "+Nghị quyết có hiệu lực từ ngày 01/07/2026." in replaced.diff
    assert [v.number for v in library.versions(official.doc_id)] == [1, 2]
    assert "01/01/2025" in library.diff(official.doc_id, 2, 1).split("+", 1)[1]
    with pytest.raises(StudioError) as err:
        library.restore("lan", official.doc_id, 1)
    assert err.value.code == "library_denied"
    restored = library.restore("thu", official.doc_id, 1, vectors="wait")
    assert restored.status == "restored" and restored.version == 3
    assert "01/01/2025" in library.kb.get_document(official.doc_id)[1]
    assert library.remove("thu", official.doc_id) > 0
    assert official.doc_id not in {d.doc_id for d in library.kb.list_documents()}
    library.restore("admin", official.doc_id, 3, vectors="wait")
    assert official.doc_id in {d.doc_id for d in library.kb.list_documents()}
    with library.db.session() as s:
        events = [e for e in audit.list_events(s) if e.action.startswith("doc_")]
        assert audit.verify(s).ok
    assert [e.action for e in events] == ["doc_add", "doc_replace", "doc_restore", "doc_remove", "doc_restore"]
    assert events[1].actor == "thu" and events[1].data["doc_id"] == official.doc_id
    assert events[1].data["hash_before"] != events[1].data["hash_after"]
    assert events[3].data["hash_after"] is None


def test_a_document_ingested_before_the_library_is_shared_and_kept_when_replaced(library, tmp_path):
    path = tmp_path / "cu.md"
    path.write_text(OFFICIAL, encoding="utf-8")
    [old] = library.kb.ingest_paths([path], vectors="wait")
    assert add(library, "lan", "cu.md", FORGED).status == "refused"
    assert add(library, "thu", "cu.md", FORGED).status == "updated"
    assert [v.note for v in library.versions(old.doc_id)] == ["snapshot", "replaced"]
    assert "01/01/2025" in library.version_text(old.doc_id, 1)


def test_a_document_marked_mat_is_refused_and_the_refusal_audited(library):
    change = add(library, "thu", "danh-sach.md", SECRET)
    assert change.status == "refused" and change.error_code == "library_confidential"
    assert "MẬT" in change.error_message("vi") and "confidentiality marking" in change.error_message("en")
    assert library.kb.list_documents() == []
    with library.db.session() as s:
        assert [e.action for e in audit.list_events(s)][-1] == "doc_refused"


def test_personal_data_is_flagged_on_the_document(library):
    change = add(library, "thu", "lien-he.md", PERSONAL)
    assert change.status == "added" and "PHONE_NUMBER" in change.personal_data
    assert "PHONE_NUMBER" in library.entries()[change.doc_id].personal_data


def test_a_draft_quoting_a_quarantined_document_is_blocked_by_its_marking(library):
    """GIVEN the quarantine policy and a document headed MẬT
    WHEN a draft quotes it (offline composer) and its personal data would be masked
    THEN the draft's safety report blocks on CONFIDENTIAL_MARKING naming the source"""
    from studio.drafting.models import DraftRequest
    from studio.drafting.prompts import load_prompts
    from studio.drafting.service import draft

    library.settings = library.settings.model_copy(update={"confidential_ingest": "quarantine"})
    change = add(library, "thu", "danh-sach.md", SECRET)
    assert change.status == "quarantined" and change.marking
    request = DraftRequest(format="zalo_message", topic="đoàn viên cần hỗ trợ điều trị", lang="vi")
    result = draft(library.kb, request, load_prompts(), gate=shared_gate())
    assert result.safety["verdict"] == "block"
    marks = [f for f in result.safety["findings"] if f["recognizer"] == "source_marking"]
    assert marks and "Danh sách đoàn viên" in marks[0]["text"]
    # saved as an item and checked before publishing (the text masked, the marking travels with the citation)
    from studio.workflow import items

    result.content = {k: (v.replace("Trần Thị Bình", "[NGƯỜI 1]") if isinstance(v, str) else v)
                      for k, v in result.content.items()}
    with library.db.transaction() as s:
        item = items.create_item(s, "lan", result)
        report = items.check_item(s, item.id, shared_gate(), "lan")
    assert report["verdict"] == "block"
    assert any(f["type"] == "CONFIDENTIAL_MARKING" and f["recognizer"] == "source_marking" for f in report["findings"])


def test_uploads_through_the_library_get_the_same_protection_as_every_ingest(library):
    """GIVEN hostile uploads on the Knowledge page's path (the library) WHEN a librarian uploads them
    THEN each refused file has its own error, the zip's good members go in, nothing is parsed in-process."""
    from tests.test_ingest_hostile import BILLION_LAUGHS, _hostile_zip, _inflating_docx

    changes = library.add_upload("thu", "archive.zip", _hostile_zip(), vectors="later")
    by_name = {c.source: c for c in changes}
    assert by_name["ok/good-in-zip.md"].status == "added"
    assert {c.error_code for c in changes if c.error} >= {"zip_member_encrypted", "zip_member_bad_crc",
                                                           "zip_member_method", "zip_nested", "zip_unsafe_path"}
    [docx] = library.add_upload("thu", "inflated.docx", _inflating_docx(200), vectors="later")
    assert docx.error_code == "inflated_file"
    [laughs] = library.add_upload("thu", "laughs.md", BILLION_LAUGHS.encode(), vectors="later")
    assert laughs.error_code == "front_matter_refused"
