"""Fixed wording of the offline composer, per language: headings, calls to action, titles, stems."""

from __future__ import annotations

TEMPLATES: dict[str, dict] = {
    "vi": {
        "key_points": "Điểm chính", "more": "Thông tin thêm",
        "closing": "Nội dung trên được tổng hợp theo nguồn tài liệu đã dẫn.",
        "cta": {"members": "Hãy chia sẻ để đoàn viên cùng biết!",
                "young_employees": "Chia sẻ ngay để bạn bè, đồng nghiệp cùng biết!",
                "leaders": "Đề nghị các cấp công đoàn phổ biến thông tin này tới đoàn viên!"},
        "tags": ["CongDoan", "DoanVien"],
        "quiz_title": "Trắc nghiệm: {topic}", "quiz_stem": "Điền vào chỗ trống: {sentence}",
        "points_title": "Điểm chính: {topic}", "newsletter_title": "Bản tin: {topic}",
        "figures_title": "Những con số nổi bật: {topic}", "timeline_title": "Các mốc thời gian: {topic}",
        "video_title": "Video: {topic}",
    },
    "en": {
        "key_points": "Key points", "more": "More information",
        "closing": "This article is compiled from the cited source documents.",
        "cta": {"members": "Share this so every member knows!",
                "young_employees": "Pass it on to your colleagues today!",
                "leaders": "Please pass this on to union members in your unit!"},
        "tags": ["TradeUnion", "UnionMembers"],
        "quiz_title": "Quiz: {topic}", "quiz_stem": "Fill in the blank: {sentence}",
        "points_title": "Key points: {topic}", "newsletter_title": "Newsletter: {topic}",
        "figures_title": "Key figures: {topic}", "timeline_title": "Timeline: {topic}",
        "video_title": "Video: {topic}",
    },
}
