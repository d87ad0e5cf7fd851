"""Items and versions: the published text, edits with a version check (also from two sessions and two threads
at once), immutable versions, comments that survive new versions, media by hash — SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from studio.errors import StudioError
from studio.safety.findings import text_hash
from studio.safety.risks import AI_LABELS, has_ai_label
from studio.workflow import audit, items, review
from studio.workflow.media import MediaStore
from studio.workflow.models import Version
from tests.workflow_helpers import CLEAN_TEXT, cheap_argon2, db, db_url, gate, make_draft, people  # noqa: F401

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def create(db, **kw) -> int:
    with db.transaction() as s:
        return items.create_item(s, "lan", make_draft(**kw)).id


def edit(db, item_id, body, expected, actor="lan"):
    with db.transaction() as s:
        return items.edit_item(s, actor, item_id, {"text": body}, expected)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_version_one_stores_the_published_text_with_the_ai_label_on_its_last_line(people, lang):
    item_id = create(people, lang=lang)
    with people.session() as s:
        detail = items.get_item(s, item_id)
    v = detail.version
    assert v.text.rstrip("\n").splitlines()[-1] == AI_LABELS[lang]
    assert v.text.startswith(CLEAN_TEXT) and has_ai_label(v.text)
    assert v.text_hash == text_hash(v.text)
    assert (detail.state, detail.current_version, detail.author, detail.format) == ("draft", 1, "lan",
                                                                                    "zalo_message")
    assert v.citations[0]["marker"] == "S1" and v.citations[0]["text"]
    assert (v.composer, v.model, v.prompt_id, v.prompt_version) == ("offline", "offline-composer",
                                                                    "offline-composer.zalo_message.vi", 1)


def test_the_check_runs_on_the_exact_published_text(people, gate):
    item_id = create(people)
    with people.transaction() as s:
        report = items.check_item(s, item_id, gate)
    with people.session() as s:
        detail = items.get_item(s, item_id)
    assert report["text_hash"] == detail.version.text_hash == text_hash(detail.version.text)
    assert not any(f["type"] == "MISSING_AI_LABEL" for f in report["findings"])
    assert detail.version.verdict == "pass"


def test_a_stale_expected_version_is_a_conflict_and_the_first_edit_is_kept(people):
    """GIVEN two editors who both opened version 1 (two sessions) WHEN both save
    THEN the first makes version 2, the second gets a conflict naming versions 1 and 2, and version 2 stays."""
    item_id = create(people)
    with people.session() as first_view, people.session() as second_view:
        seen_first = items.get_item(first_view, item_id).current_version
        seen_second = items.get_item(second_view, item_id).current_version
    assert seen_first == seen_second == 1
    edit(people, item_id, "Bản của phiên thứ nhất năm 2025. [S1]", seen_first)
    with pytest.raises(StudioError) as err:
        edit(people, item_id, "Bản của phiên thứ hai năm 2025. [S1]", seen_second)
    assert err.value.code == "edit_conflict"
    assert err.value.params["expected"] == 1 and err.value.params["current"] == 2
    assert "Nothing was overwritten" in err.value.message("en") and "Không ghi đè" in err.value.message("vi")
    with people.session() as s:
        detail = items.get_item(s, item_id)
        assert detail.current_version == 2
        assert detail.version.content["text"] == "Bản của phiên thứ nhất năm 2025. [S1]"
        assert [e.action for e in audit.list_events(s, item_id)] == ["item_create", "item_edit"]


def test_two_threads_saving_at_once_never_lose_an_edit(people):
    """GIVEN two threads that both start from version 1 at the same moment THEN exactly one wins."""
    item_id = create(people)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def save(name: str) -> None:
        barrier.wait()
        try:
            outcomes[name] = edit(people, item_id, f"Bản của {name} năm 2025. [S1]", 1).current_version
        except StudioError as exc:
            outcomes[name] = exc.code

    threads = [threading.Thread(target=save, args=(n,)) for n in ("an", "binh")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(str, outcomes.values())) == ["2", "edit_conflict"]
    winner = next(n for n, v in outcomes.items() if v == 2)
    with people.session() as s:
        detail = items.get_item(s, item_id)
    assert detail.current_version == 2 and detail.version.content["text"] == f"Bản của {winner} năm 2025. [S1]"


def test_a_writer_holding_an_old_copy_of_the_row_cannot_save_over_a_newer_one(people):
    """The item row's version counter (SQLAlchemy version_id_col) is the last line of defence: a script that
    kept an old copy and saves it gets `stale_data`, and the newer row stays."""
    from studio.workflow.models import Item

    item_id = create(people)
    with people.session() as s:
        stale = s.get(Item, item_id)
        s.expunge(stale)  # keep the loaded values: the old copy a script would hold
    edit(people, item_id, "Bản mới hơn năm 2025. [S1]", 1)
    with pytest.raises(StudioError) as err, people.transaction() as s:
        copy = s.merge(stale, load=False)
        copy.title = "Tiêu đề cũ ghi đè"
    assert err.value.code == "stale_data"
    with people.session() as s:
        assert s.get(Item, item_id).title == "Bản mới hơn năm 2025."


def test_versions_are_immutable(people):
    item_id = create(people)
    with pytest.raises(RuntimeError, match="immutable"), people.transaction() as s:
        version = s.query(Version).filter_by(item_id=item_id).one()
        version.text = "đã sửa lén"
    with people.session() as s:
        assert items.get_item(s, item_id).version.text.startswith(CLEAN_TEXT)


def test_bad_content_and_unchanged_content_are_refused(people):
    item_id = create(people)
    with pytest.raises(StudioError) as err, people.transaction() as s:
        items.edit_item(s, "lan", item_id, {"txt": "sai trường"}, 1)
    assert err.value.code == "content_invalid" and "text" in err.value.message("en")
    with pytest.raises(StudioError) as err:
        edit(people, item_id, CLEAN_TEXT, 1)
    assert err.value.code == "no_change"
    with people.session() as s:
        assert items.get_item(s, item_id).current_version == 1


def test_comments_on_spans_survive_new_versions(people):
    """GIVEN a comment on a span of version 1 WHEN the author edits an unrelated part THEN the comment is still
    listed with its version, and its span is found again in the current text; gone text is reported as gone."""
    item_id = create(people)
    with people.session() as s:
        text = items.get_item(s, item_id).version.text
    start = text.index("chuyển đổi số")
    with people.transaction() as s:
        kept = review.add_comment(s, "minh", item_id, "Giải thích thuật ngữ", start=start,
                                  end=start + len("chuyển đổi số"))
        gone = review.add_comment(s, "minh", item_id, "Nêu rõ tên", start=0, end=len("Công đoàn Ngân hàng"))
        review.add_comment(s, "lan", item_id, "Ghi chú chung")
    edit(people, item_id, "Đoàn viên hưởng ứng phong trào chuyển đổi số năm 2025. [S1]", 1)
    with people.session() as s:
        detail = items.get_item(s, item_id)
    assert [(c.author, c.body, c.version) for c in detail.comments] == [
        ("minh", "Giải thích thuật ngữ", 1), ("minh", "Nêu rõ tên", 1), ("lan", "Ghi chú chung", 1)]
    moved = detail.comments[0]
    assert detail.version.text[moved.current_start:moved.current_end] == "chuyển đổi số" == moved.quote
    assert (kept.start, detail.comments[1].current_start) == (start, None)
    assert gone.quote == "Công đoàn Ngân hàng"


def test_comment_spans_are_checked(people):
    item_id = create(people)
    for start, end in ((5, 2), (-1, 3), (0, 10_000), (3, None)):
        with pytest.raises(StudioError) as err, people.transaction() as s:
            review.add_comment(s, "minh", item_id, "x", start=start, end=end)
        assert err.value.code == "comment_span_invalid"
    with pytest.raises(StudioError) as err, people.transaction() as s:
        review.add_comment(s, "minh", item_id, "   ")
    assert err.value.code == "comment_empty"


def test_media_are_stored_by_hash_and_referenced_by_a_new_version(people, tmp_path):
    store = MediaStore(tmp_path / "media")
    image = tmp_path / "the.png"
    image.write_bytes(PNG)
    with pytest.raises(StudioError) as err:
        store.add(image)
    assert err.value.code == "media_alt_required"
    ref = store.add(image, alt="Biểu đồ số đoàn viên")
    assert store.path(ref.sha256).relative_to(store.root).as_posix() == f"{ref.sha256[:2]}/{ref.sha256[2:]}.png"
    assert store.put(PNG) == ref.sha256 and len(list((store.root / ref.sha256[:2]).iterdir())) == 1
    item_id = create(people)
    with people.transaction() as s:
        detail = items.attach_media(s, "lan", item_id, [ref], 1)
    assert detail.current_version == 2 and detail.version.media == [ref.to_dict()]
    assert detail.version.text_hash == detail.history[0]["text_hash"]  # same text, new version
    assert store.read(ref.sha256) == PNG
    store.path(ref.sha256).write_bytes(PNG + b"x")
    with pytest.raises(StudioError) as err:
        store.read(ref.sha256)
    assert err.value.code == "media_corrupt"


def test_checking_a_published_item_is_refused(people, gate):
    item_id = create(people)
    with people.transaction() as s:
        items.check_item(s, item_id, gate)
    for step in (lambda s: review.submit_item(s, "lan", item_id), lambda s: review.approve_item(s, "minh", item_id),
                 lambda s: review.publish_item(s, "lan", item_id)):
        with people.transaction() as s:
            step(s)
    with pytest.raises(StudioError) as err, people.transaction() as s:
        items.check_item(s, item_id, gate)
    assert err.value.code == "action_not_allowed"
