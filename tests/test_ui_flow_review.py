"""The Review page through AppTest on a real SQLite database: the queue, the word diff against the version last
reviewed, safety report and sources beside the text, comments on a quoted passage, approve and request changes;
the four-eyes refusal of the core shown as a message."""

from __future__ import annotations

from studio.workflow import items, review
from tests.ui_flow_helpers import button, english_widgets, studio, texts  # noqa: F401
from tests.workflow_helpers import CLEAN_TEXT, cheap_argon2, gate, make_draft  # noqa: F401

EDITED = CLEAN_TEXT.replace("năm 2025.", "năm 2025 với <b>30.000</b> đoàn viên.")


def _in_review(studio, gate, author="lan", second_version=True) -> int:
    """An item in review: version 1 sent back by tuan, then version 2 (with `EDITED`) submitted again."""
    db = studio.db
    item_id = db.run(items.create_item, author, make_draft()).id
    db.run(items.check_item, item_id, gate, author)
    db.run(review.submit_item, author, item_id)
    if second_version:
        db.run(review.request_changes, "tuan", item_id, "Thêm số đoàn viên")
        db.run(items.edit_item, author, item_id, {"text": EDITED}, 1)
        db.run(items.check_item, item_id, gate, author)
        db.run(review.submit_item, author, item_id)
    return item_id


def test_a_reviewer_reads_the_diff_comments_on_a_quote_and_approves(studio, gate):
    """GIVEN lan's item back in review at version 2 WHEN minh opens the Review page THEN the queue has it, the diff
    against version 1 (the one tuan reviewed) shows the added words escaped and underlined, safety and sources are
    beside it; a comment on a quoted passage is stored with its span; approving moves the item to approved."""
    item_id = _in_review(studio, gate)
    at = studio.page("review", user="minh")
    assert at.title[0].value == "Duyệt nội dung"
    assert "1 mục đang chờ duyệt" in texts(at)
    diff = next(m.value for m in at.markdown if "<ins" in m.value)
    assert "với &lt;b&gt;30.000&lt;/b&gt; đoàn viên" in diff and "<b>" not in diff
    assert "Phiên bản 2 so với phiên bản 1, phiên bản người duyệt đã xem lần trước." in texts(at)
    assert "Kiểm tra an toàn: đạt." in [s.value for s in at.success]
    assert any(e.label.replace("\\", "").startswith("[S1] Tin công đoàn") for e in at.expander)
    assert "tuan yêu cầu chỉnh sửa phiên bản 1" in texts(at)  # history
    assert "Thêm số đoàn viên" in texts(at)  # tuan's remark, kept as a comment

    at.text_area(key="review_comment_body").input("Ghi rõ nguồn số liệu")
    at.text_input(key="review_comment_quote").input("30.000")
    button(at, "review_comment_go").click().run()
    assert "Đã thêm góp ý vào phiên bản 2." in texts(at)
    comment = studio.db.read(items.get_item, item_id).comments[-1]
    assert (comment.author, comment.quote, comment.version) == ("minh", "30.000", 2)
    assert "Về đoạn: “30.000” (vẫn còn trong bản hiện tại)" in texts(at).replace("\\", "")

    at.text_area(key="review_decision_comment").input("Được")
    button(at, "review_approve").click().run()
    assert "Đã phê duyệt mục #1 (phiên bản 2)." in texts(at)
    assert "Không có mục nào đang chờ duyệt." in texts(at)
    detail = studio.db.read(items.get_item, item_id)
    assert detail.state == "approved" and detail.reviews[-1].reviewer == "minh"


def test_a_reviewer_who_wrote_the_item_is_refused_by_the_core(studio, gate):
    """GIVEN hoa (officer and reviewer) submitted her own item WHEN she approves it on the Review page THEN the page
    warned her beforehand and shows the four-eyes refusal; the item stays in review."""
    item_id = _in_review(studio, gate, author="hoa", second_version=False)
    at = studio.page("review", user="hoa")
    assert "Bạn đã viết một phiên bản của mục này nên không thể tự duyệt" in texts(at)
    assert "Đây là phiên bản đầu tiên: chưa có gì để so sánh." in texts(at)
    button(at, "review_approve").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == [  # Markdown escapes undone
        "“hoa” đã viết một phiên bản của mục #1 nên không thể tự duyệt; cần một người duyệt khác (nguyên tắc bốn mắt)."]
    assert studio.db.read(items.get_item, item_id).state == "in_review"


def test_bad_comments_are_refused_and_nothing_is_stored(studio, gate):
    item_id = _in_review(studio, gate, second_version=False)
    at = studio.page("review", user="minh")
    button(at, "review_comment_go").click().run()
    assert [e.value for e in at.error] == ["Góp ý không được để trống."]
    at.text_area(key="review_comment_body").input("Sai số liệu?")
    at.text_input(key="review_comment_quote").input("không có trong văn bản")
    button(at, "review_comment_go").click().run()
    assert any("Không tìm thấy đoạn trích “không có trong văn bản”" in e.value for e in at.error)
    assert at.text_area(key="review_comment_body").value == "Sai số liệu?"  # kept for a second try
    assert studio.db.read(items.get_item, item_id).comments == []


def test_an_officer_cannot_use_the_review_page(studio, gate):
    _in_review(studio, gate, second_version=False)
    at = studio.page("review", user="lan")
    assert [e.value for e in at.error] == ["Bạn không có quyền mở trang này; trang dành cho vai trò: Người duyệt."]
    assert not at.button and not at.selectbox


def test_english_request_changes_sends_the_item_back(studio, gate, monkeypatch):
    english_widgets(monkeypatch)
    item_id = _in_review(studio, gate)
    at = studio.page("review", lang="en", user="minh")
    assert at.title[0].value == "Review"
    assert "Version 2 against version 1, the one a reviewer saw last." in texts(at)
    at.selectbox(key=f"review_base_{item_id}").set_value(1)
    at.run()
    assert "Version 2 against version 1." in texts(at)
    at.text_area(key="review_decision_comment").input("Please cite the source of 30,000")
    button(at, "review_request_changes").click().run()
    assert "Sent item #1 back to its author for changes (version 2)." in texts(at)
    assert studio.db.read(items.get_item, item_id).state == "changes_requested"
