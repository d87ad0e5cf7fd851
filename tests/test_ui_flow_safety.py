"""The Safety page through AppTest on a real SQLite database and the real safety gate: check an item, see the
findings highlighted (escaped) in the published text, accept a warning with a reason, mask one or all findings
into a new version, and submit only when nothing blocks — the core refusing whatever the page lets through."""

from __future__ import annotations

import re

from studio.workflow import items, review
from tests.ui_flow_helpers import button, english_widgets, studio, texts  # noqa: F401
from tests.workflow_helpers import BLOCK_TEXT, CLEAN_TEXT, WARN_TEXT, cheap_argon2, gate, make_draft  # noqa: F401


def _item(studio, text) -> int:
    return studio.db.run(items.create_item, "lan", make_draft(text)).id


def _highlighted(at) -> str:
    return next(m.value for m in at.markdown if "<mark" in m.value)


def _lines(at) -> list[str]:
    """The findings as listed beside the text (number, type, severity, score, text), tags removed."""
    return [re.sub(r"<[^>]+>", "", m.value) for m in at.markdown if m.value.startswith('<div style="overflow-wrap')]


def _finding(report: dict, kind: str) -> int:
    return next(i for i, f in enumerate(report["findings"]) if f["type"] == kind)


def test_warnings_are_highlighted_accepted_with_a_reason_and_the_item_submitted(studio):
    """GIVEN lan's item naming a person not in its source WHEN she runs the check THEN the name is highlighted
    as a warning and listed with type, severity and score; an acceptance without a reason is refused, one with
    a reason is recorded; the remaining warning does not block and the item goes to review."""
    item_id = _item(studio, WARN_TEXT)
    at = studio.page("safety")
    assert at.title[0].value == "Kiểm tra an toàn"
    assert "Phiên bản hiện tại chưa được kiểm tra an toàn." in texts(at)
    assert button(at, "safety_submit").disabled
    button(at, "safety_check").click().run()
    assert "Đã kiểm tra: 2 phát hiện, kết luận có cảnh báo." in texts(at)
    marked = _highlighted(at)
    assert "Nguyễn Văn An</mark>" in marked and "#ffe9a8" in marked  # the warning colour
    assert _lines(at) == ["1. UNSUPPORTED_CLAIM · cảnh báo · điểm 0.90 · “Anh Nguyễn Văn An”",
                          "2. PERSON · cảnh báo · điểm 0.85 · “Nguyễn Văn An”"]

    report = studio.db.read(items.get_item, item_id).version.safety
    person = _finding(report, "PERSON")
    button(at, f"safety_accept_{person}").click().run()
    assert [e.value for e in at.error] == ["Hãy ghi lý do chấp nhận cảnh báo."]
    at.text_input(key=f"safety_reason_{person}").input("Đồng chí đã đồng ý nêu tên")
    button(at, f"safety_accept_{person}").click().run()
    assert f"Đã chấp nhận cảnh báo số {person + 1}; kết luận: có cảnh báo." in texts(at)
    accepted = studio.db.read(items.get_item, item_id).version.safety["accepted"]
    assert [(a["index"], a["by"], a["reason"]) for a in accepted] == [(person, "lan", "Đồng chí đã đồng ý nêu tên")]

    assert not button(at, "safety_submit").disabled
    button(at, "safety_submit").click().run()
    assert "Đã gửi duyệt mục #1 (phiên bản 1)." in texts(at)
    assert studio.db.read(items.get_item, item_id).state == "in_review"


def test_blocked_text_cannot_be_submitted_until_it_is_masked(studio):
    """GIVEN an item with a phone number WHEN it is checked THEN the number is highlighted as blocking and Submit
    is disabled (a browser can't press it); masking all makes version 2, checked again, which no longer blocks
    and can be submitted (the pseudonym itself is not in the source: a warning, not a block)."""
    item_id = _item(studio, BLOCK_TEXT)
    at = studio.page("safety")
    button(at, "safety_check").click().run()
    assert "0983 123 421</mark>" in _highlighted(at) and "#ffd2cc" in _highlighted(at)
    assert "Kiểm tra an toàn: có thông tin phải sửa hoặc che trước khi gửi duyệt." in [e.value for e in at.error]
    assert button(at, "safety_submit").disabled
    assert "Còn phát hiện mức “chặn”: hãy che hoặc sửa, kiểm tra lại rồi mới gửi duyệt." in texts(at)
    assert studio.db.read(items.get_item, item_id).state == "draft"

    assert button(at, "safety_mask_all").label == "Che tất cả thông tin che được (1)"
    button(at, "safety_mask_all").click().run()
    # the placeholder is not a claim (grounding skips what masking wrote), so nothing is left to warn about
    assert "Đã che và lưu phiên bản 2; kiểm tra lại: đạt." in texts(at)
    detail = studio.db.read(items.get_item, item_id)
    assert detail.current_version == 2 and "[SĐT 1]" in detail.version.text and "0983" not in detail.version.text
    assert not button(at, "safety_submit").disabled
    button(at, "safety_submit").click().run()
    assert studio.db.read(items.get_item, item_id).state == "in_review"


def test_a_page_left_open_cannot_submit_text_that_became_blocked(studio, gate):
    """GIVEN the page showing a passing check (Submit enabled) WHEN another session saves a version with a phone
    number and checks it, and then Submit is pressed on the old page THEN the core refuses with the blocking
    finding named, and the item stays a draft."""
    item_id = _item(studio, CLEAN_TEXT)
    at = studio.page("safety")
    button(at, "safety_check").click().run()
    assert not button(at, "safety_submit").disabled
    studio.db.run(items.edit_item, "lan", item_id, {"text": BLOCK_TEXT}, 1)
    studio.db.run(items.check_item, item_id, gate, "lan")
    button(at, "safety_submit").click().run()
    assert any("Phiên bản 2 của mục #1 có phát hiện mức “chặn” (PHONE_NUMBER)" in e.value.replace("\\", "")
               for e in at.error)  # Markdown escapes undone
    assert studio.db.read(items.get_item, item_id).state == "draft"
    assert button(at, "safety_submit").disabled  # the page now shows version 2 as it is


def test_one_finding_masked_partially_keeps_the_others(studio):
    item_id = _item(studio, "Liên hệ anh Nguyễn Văn An qua số 0983 123 421 về chuyển đổi số năm 2025. [S1]")
    at = studio.page("safety")
    button(at, "safety_check").click().run()
    report = studio.db.read(items.get_item, item_id).version.safety
    phone = _finding(report, "PHONE_NUMBER")
    at.radio(key="safety_mode").set_value("partial")
    button(at, f"safety_mask_{phone}").click().run()
    text = studio.db.read(items.get_item, item_id).version.content["text"]
    assert "0983 *** 421" in text and "Nguyễn Văn An" in text


def test_text_is_escaped_in_the_highlighted_view(studio):
    _item(studio, "<script>alert(1)</script> Công đoàn gọi 0983 123 421 năm 2025. [S1]")
    at = studio.page("safety")
    button(at, "safety_check").click().run()
    marked = _highlighted(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in marked
    assert not any("<script>" in m.value for m in at.markdown)  # nowhere on the page


def test_a_reviewer_checks_an_item_in_review_and_accepts_a_warning_but_cannot_mask_or_submit(studio, gate):
    """GIVEN lan's item in review naming a person WHEN reviewer minh opens the Safety page THEN he sees that item
    (not lan's drafts), may run the check and accept the warning, and gets neither mask nor submit buttons."""
    item_id = _item(studio, WARN_TEXT)
    _item(studio, WARN_TEXT)  # lan's draft: not minh's to check
    studio.db.run(items.check_item, item_id, gate, "lan")
    studio.db.run(review.submit_item, "lan", item_id)
    at = studio.page("safety", user="minh")
    title = studio.db.read(items.get_item, item_id).title
    assert at.selectbox(key="safety_item").options == [f"#{item_id} · {title} · đang chờ duyệt · phiên bản 1"]
    assert "Bạn không phải tác giả" in texts(at)
    button(at, "safety_check").click().run()
    keys = {b.key for b in at.button}
    assert not any(k.startswith("safety_mask") for k in keys) and "safety_submit" not in keys
    person = _finding(studio.db.read(items.get_item, item_id).version.safety, "PERSON")
    at.text_input(key=f"safety_reason_{person}").input("Tên đã công bố trên trang tin")
    button(at, f"safety_accept_{person}").click().run()
    accepted = studio.db.read(items.get_item, item_id).version.safety["accepted"]
    assert [(a["index"], a["by"]) for a in accepted] == [(person, "minh")]


def test_the_english_page_checks_and_explains_the_verdict(studio, monkeypatch):
    english_widgets(monkeypatch)
    _item(studio, BLOCK_TEXT)
    at = studio.page("safety", lang="en")
    assert at.title[0].value == "Safety check"
    assert button(at, "safety_check").label == "Run the safety check"
    button(at, "safety_check").click().run()
    assert "Checked: 1 findings, verdict blocked." in texts(at)
    assert "Blocking findings remain: mask or fix them and check again before submitting." in texts(at)
    assert _lines(at) == ["1. PHONE_NUMBER · block · score 0.95 · “0983 123 421”"]
