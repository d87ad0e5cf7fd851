"""What the content-flow pages read and do through `studio.workflow.views` (review queue, version diff, findings
in the text, masking into a new version, comments on a quote) and the editable fields of a format
(`studio.drafting.fields`) — SQLite and PostgreSQL for the database parts."""

from __future__ import annotations

import json

import pytest

from studio.drafting.fields import content_from_fields, edit_fields, field_of
from studio.errors import StudioError
from studio.workflow import items, review, views
from tests.workflow_helpers import (  # noqa: F401
    BLOCK_TEXT,
    CLEAN_TEXT,
    WARN_TEXT,
    cheap_argon2,
    db,
    db_url,
    gate,
    make_draft,
    people,
)


def create(db, text=CLEAN_TEXT, actor="lan") -> int:
    return db.run(items.create_item, actor, make_draft(text)).id


def checked(db, gate, item_id) -> dict:
    return db.run(items.check_item, item_id, gate, "lan")


# --- review queue -------------------------------------------------------------------------------------------

def test_review_queue_lists_items_in_review_and_flags_the_reviewers_own_work(people, gate):
    """GIVEN lan's item and hoa's item in review and lan's draft WHEN hoa (officer and reviewer) opens the queue
    THEN both items in review are listed, hoa's own flagged as one she may not decide on, the draft not."""
    mine = create(people, actor="hoa")
    theirs = create(people)
    draft = create(people)
    for item_id, author in ((mine, "hoa"), (theirs, "lan")):
        people.run(items.check_item, item_id, gate, author)
        people.run(review.submit_item, author, item_id)
    queue = people.read(views.review_queue, "hoa")
    assert [(e.id, e.wrote_a_version) for e in queue] == [(mine, True), (theirs, False)]
    assert draft not in {e.id for e in queue}
    assert queue[1].author == "lan" and queue[1].current_version == 1


def test_review_queue_needs_the_reviewer_role(people):
    with pytest.raises(StudioError) as err:
        people.read(views.review_queue, "lan")
    assert err.value.code == "role_required"


# --- diff ---------------------------------------------------------------------------------------------------

def test_diff_words_marks_only_the_changed_words():
    ops = views.diff_words("Hơn 200 cán bộ dự tập huấn.", "Hơn 250 cán bộ dự tập huấn trực tuyến.")
    assert [(o.op, o.text) for o in ops if o.op != "equal"] == [("delete", "200"), ("insert", "250"),
                                                                  ("insert", " trực tuyến")]
    old = "".join(o.text for o in ops if o.op != "insert")
    new = "".join(o.text for o in ops if o.op != "delete")
    assert (old, new) == ("Hơn 200 cán bộ dự tập huấn.", "Hơn 250 cán bộ dự tập huấn trực tuyến.")


def test_version_diff_compares_with_the_last_reviewed_version(people, gate):
    """GIVEN v1 sent back by a reviewer, then v2 and v3 WHEN the diff is asked without a base
    THEN it compares v3 with v1 (the version the reviewer saw); a chosen base and a single version also work."""
    item_id = create(people)
    assert people.read(views.version_diff, item_id) is None  # one version: nothing to compare
    checked(people, gate, item_id)
    people.run(review.submit_item, "lan", item_id)
    people.run(review.request_changes, "minh", item_id, "Thêm số liệu")
    people.run(items.edit_item, "lan", item_id, {"text": CLEAN_TEXT.replace("2025", "2025 mạnh mẽ")}, 1)
    people.run(items.edit_item, "lan", item_id, {"text": CLEAN_TEXT.replace("2025", "2025 rộng khắp")}, 2)
    diff = people.read(views.version_diff, item_id)
    assert (diff.base, diff.current, diff.base_reason, diff.changed) == (1, 3, "reviewed", True)
    assert [o.text for o in diff.ops if o.op == "insert"] == [" rộng khắp"]
    chosen = people.read(views.version_diff, item_id, 2)
    assert (chosen.base, chosen.base_reason) == (2, "chosen")
    assert [o.text for o in chosen.ops if o.op != "equal"] == ["mạnh mẽ", "rộng khắp"]
    with pytest.raises(StudioError):
        people.read(views.version_diff, item_id, 3)


# --- findings in the text -----------------------------------------------------------------------------------

def test_highlight_segments_cover_each_finding_where_it_is(people, gate):
    item_id = create(people, WARN_TEXT)
    report = checked(people, gate, item_id)
    text = people.read(items.get_item, item_id).version.text
    segments = views.highlight_segments(text, report["findings"])
    assert "".join(s.text for s in segments) == text
    person = next(i for i, f in enumerate(report["findings"]) if f["type"] == "PERSON")
    claim = next(i for i, f in enumerate(report["findings"]) if f["type"] == "UNSUPPORTED_CLAIM")
    covered = "".join(s.text for s in segments if person in s.findings)
    assert covered == "Nguyễn Văn An"
    assert "".join(s.text for s in segments if claim in s.findings) == "Anh Nguyễn Văn An"  # found by its text


def test_a_finding_without_text_has_no_place():
    assert views.finding_spans("abc", [{"type": "MISSING_AI_LABEL", "start": 0, "end": 0, "text": ""}]) == {}


# --- masking ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode, expected", [("pseudonym", "[SĐT 1]"), ("partial", "0983 *** 421"),
                                            ("redact", "[ĐÃ ẨN]")])
def test_masking_a_blocking_phone_number_makes_a_version_that_passes(people, gate, mode, expected):
    """GIVEN a checked item whose phone number blocks WHEN it is masked THEN version 2 holds the masked text,
    the number is gone from every field, and the check on version 2 no longer blocks."""
    item_id = create(people, BLOCK_TEXT)
    report = checked(people, gate, item_id)
    assert report["verdict"] == "block"
    detail = people.run(views.mask_findings, "lan", item_id, None, mode, 1)
    assert detail.current_version == 2
    assert expected in detail.version.content["text"] and "0983 123 421" not in detail.version.text
    assert detail.version.content["text"].endswith("[S1]")  # markers untouched
    assert checked(people, gate, item_id)["verdict"] != "block"


def test_masking_one_finding_needs_a_current_report_a_maskable_type_and_the_expected_version(people, gate):
    item_id = create(people, WARN_TEXT)
    with pytest.raises(StudioError) as err:
        people.run(views.mask_findings, "lan", item_id, [0], "pseudonym", 1)
    assert err.value.code == "safety_not_checked"
    report = checked(people, gate, item_id)
    claim = next(i for i, f in enumerate(report["findings"]) if f["type"] == "UNSUPPORTED_CLAIM")
    person = next(i for i, f in enumerate(report["findings"]) if f["type"] == "PERSON")
    with pytest.raises(StudioError) as err:
        people.run(views.mask_findings, "lan", item_id, [claim], "pseudonym", 1)
    assert err.value.code == "finding_not_maskable"
    with pytest.raises(StudioError) as err:
        people.run(views.mask_findings, "lan", item_id, [person], "pseudonym", 0)
    assert err.value.code == "edit_conflict"
    with pytest.raises(StudioError) as err:
        people.run(views.mask_findings, "minh", item_id, [person], "pseudonym", 1)
    assert err.value.code == "role_required"
    detail = people.run(views.mask_findings, "lan", item_id, [person], "pseudonym", 1)
    assert detail.version.content["text"].startswith("Anh [NGƯỜI 1] phụ trách")


def test_a_second_masking_goes_on_counting_pseudonyms(people, gate):
    text = "Anh Nguyễn Văn An gọi 0983 123 421 và chị Trần Thị Bình gọi 0912 345 678. [S1]"
    item_id = create(people, text)
    report = checked(people, gate, item_id)
    phones = [i for i, f in enumerate(report["findings"]) if f["type"] == "PHONE_NUMBER"]
    assert len(phones) == 2
    people.run(views.mask_findings, "lan", item_id, phones[:1], "pseudonym", 1)
    report = checked(people, gate, item_id)
    phone = next(i for i, f in enumerate(report["findings"]) if f["type"] == "PHONE_NUMBER")
    detail = people.run(views.mask_findings, "lan", item_id, [phone], "pseudonym", 2)
    assert "[SĐT 1]" in detail.version.content["text"] and "[SĐT 2]" in detail.version.content["text"]


# --- comments -----------------------------------------------------------------------------------------------

def test_a_comment_on_a_quote_gets_its_span_and_an_unknown_quote_is_refused(people, gate):
    item_id = create(people)
    info = people.run(views.comment_on_quote, "minh", item_id, "Nêu rõ thời gian", "năm 2025")
    text = people.read(items.get_item, item_id).version.text
    assert text[info.start:info.end] == "năm 2025" == info.quote
    plain = people.run(views.comment_on_quote, "minh", item_id, "Tốt", "  ")
    assert plain.start is None and plain.quote is None
    with pytest.raises(StudioError) as err:
        people.run(views.comment_on_quote, "minh", item_id, "?", "không có trong văn bản")
    assert err.value.code == "quote_not_found"
    assert len(people.read(items.get_item, item_id).comments) == 2


# --- editable fields ----------------------------------------------------------------------------------------

ARTICLE = {"headline": "Tiêu đề", "lead": "Mở đầu. [S1]",
           "sections": [{"heading": "Phần một", "paragraphs": ["Đoạn một. [S1]", "Đoạn hai. [S2]"]}],
           "closing": "Kết. [S1]"}


def test_article_fields_round_trip_and_blank_lines_split_paragraphs():
    fields = edit_fields("article", ARTICLE)
    assert [f.path for f in fields] == ["headline", "lead", "sections[0].heading", "sections[0].paragraphs",
                                        "closing"]
    values = {f.path: f.value for f in fields}
    assert content_from_fields("article", ARTICLE, values) == ARTICLE
    values["sections[0].paragraphs"] = "Đoạn một. [S1]\n\n  \nĐoạn hai sửa. [S2]\n\nĐoạn ba. [S1]"
    new = content_from_fields("article", ARTICLE, values)
    assert new["sections"][0]["paragraphs"] == ["Đoạn một. [S1]", "Đoạn hai sửa. [S2]", "Đoạn ba. [S1]"]
    assert ARTICLE["sections"][0]["paragraphs"] == ["Đoạn một. [S1]", "Đoạn hai. [S2]"]  # input untouched


def test_talking_points_hashtags_and_json_fields():
    points = {"title": "Ý chính", "points": [f"Ý {n}. [S1]" for n in range(5)]}
    values = {"title": "Ý chính", "points": "• Ý 0. [S1]\nÝ 1. [S1]\n\nÝ 2. [S1]\nÝ 3. [S1]\nÝ 4. [S1]\nÝ 5. [S1]"}
    assert len(content_from_fields("talking_points", points, values)["points"]) == 6
    post = {"text": "Bài. [S1]", "call_to_action": "Chia sẻ!", "hashtags": ["#a", "#b"]}
    assert content_from_fields("social_post", post, {"hashtags": "#congdoan, chuyendoiso"})["hashtags"] == [
        "#congdoan", "#chuyendoiso"]
    brief = {"title": "T", "kind": "key_figures",
             "items": [{"value": str(n), "label": "l", "source": "S1"} for n in range(3)]}
    [field] = edit_fields("infographic_brief", brief)
    assert field.kind == "json" and json.loads(field.value) == brief
    assert field_of([field], "items[1].label") is field


@pytest.mark.parametrize("fmt, content, values, where", [
    ("talking_points", {"title": "T", "points": ["a"] * 5}, {"points": "chỉ một ý"}, "points"),
    ("quiz", {"title": "T", "questions": []}, {"": "{không phải JSON"}, "JSON"),
    ("zalo_message", {"text": "x"}, {"text": "   "}, None),
])
def test_invalid_edits_are_refused_with_a_message(fmt, content, values, where):
    if where is None:  # an empty Zalo text is still a string: the model accepts it, the check will say more
        assert content_from_fields(fmt, content, values) == {"text": ""}
        return
    with pytest.raises(StudioError) as err:
        content_from_fields(fmt, content, values)
    assert err.value.code == "content_invalid" and where in err.value.message("en")


def test_a_grounding_claim_is_shown_under_its_box():
    fields = edit_fields("article", ARTICLE)
    assert field_of(fields, "sections[0].paragraphs[1]").path == "sections[0].paragraphs"
    assert field_of(fields, "lead").path == "lead"
    assert field_of(fields, "nowhere") is None
