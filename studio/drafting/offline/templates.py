"""Fixed wording of the offline composer, per language: headings, greetings, calls to action, titles, stems.

A phrase kept as a list has alternative wordings; `phrase` picks one by the draft's variant ("Soạn lại"), the
first one for variant 0. No phrase states a figure, a date or a name (tests/test_composer.py checks it), so a
phrase needs no citation marker.
"""

from __future__ import annotations

TEMPLATES: dict[str, dict] = {
    "vi": {
        "key_points": ["Điểm chính", "Nội dung chính", "Những điểm đáng chú ý"],
        "closing": ["Nội dung trên được tổng hợp theo nguồn tài liệu đã dẫn.",
                    "Bài viết được tổng hợp từ các tài liệu trích dẫn trong bài.",
                    "Thông tin trong bài được trích từ các nguồn tài liệu đã dẫn."],
        "greeting": {"members": ["Thân gửi các đoàn viên!", "Chào các bạn đoàn viên!", "Kính gửi anh chị đoàn viên!"],
                     "young_employees": ["Chào các bạn trẻ!", "Xin chào các bạn đồng nghiệp trẻ!",
                                         "Chào bạn, có tin mới đây!"],
                     "leaders": ["Kính gửi các đồng chí lãnh đạo công đoàn.", "Kính gửi lãnh đạo công đoàn các cấp.",
                                 "Kính gửi các đồng chí."]},
        "hook": {"members": ["Tin mới dành cho đoàn viên!", "Đoàn viên ơi, có thông tin đáng chú ý!",
                             "Cùng cập nhật thông tin mới nhé!"],
                 "young_employees": ["Có gì mới cho người trẻ chúng mình?", "Bạn đã biết tin này chưa?",
                                     "Cập nhật nhanh cho bạn đây!"],
                 "leaders": ["Thông tin cần lưu tâm dành cho lãnh đạo công đoàn.",
                             "Xin trân trọng chia sẻ thông tin tới lãnh đạo công đoàn.",
                             "Thông tin đáng chú ý cho công tác chỉ đạo."]},
        "cta": {"members": ["Hãy chia sẻ để đoàn viên cùng biết!", "Mời bạn chia sẻ tới đồng nghiệp trong công đoàn!",
                            "Cùng lan tỏa thông tin này tới đoàn viên nhé!"],
                "young_employees": ["Chia sẻ ngay để bạn bè, đồng nghiệp cùng biết!",
                                    "Bấm chia sẻ để đồng nghiệp trẻ cùng cập nhật nhé!",
                                    "Lan tỏa ngay tới nhóm của bạn nhé!"],
                "leaders": ["Đề nghị các cấp công đoàn phổ biến thông tin này tới đoàn viên!",
                            "Đề nghị các đồng chí triển khai, phổ biến tới đoàn viên tại đơn vị!",
                            "Kính đề nghị các cấp công đoàn quán triệt và phổ biến thông tin này!"]},
        "tags": ["CongDoan", "DoanVien"],
        "quiz_title": ["Trắc nghiệm: {topic}", "Thử tài hiểu biết: {topic}", "Bạn đã nắm rõ? {topic}"],
        "quiz_stem": "Điền vào chỗ trống: {sentence}",
        "points_title": ["Điểm chính: {topic}", "Những ý cần nhấn mạnh: {topic}", "Thông điệp chính: {topic}"],
        "newsletter_title": ["Bản tin: {topic}", "Tin công đoàn: {topic}", "Cập nhật: {topic}"],
        "figures_title": ["Những con số nổi bật: {topic}", "Con số ấn tượng: {topic}", "Nhìn lại qua số liệu: {topic}"],
        "timeline_title": ["Các mốc thời gian: {topic}", "Dấu mốc đáng nhớ: {topic}", "Hành trình: {topic}"],
        "video_title": ["Video: {topic}", "Góc nhìn nhanh: {topic}", "Một phút cùng đoàn viên: {topic}"],
    },
    "en": {
        "key_points": ["Key points", "Main points", "What to know"],
        "closing": ["This article is compiled from the cited source documents.",
                    "This article draws on the source documents cited above.",
                    "The information above is quoted from the cited sources."],
        "greeting": {"members": ["Hello, members!", "Dear union members!", "Hi, fellow members!"],
                     "young_employees": ["Hi, everyone!", "Hello, young colleagues!", "Hey, team!"],
                     "leaders": ["Dear union leaders.", "To union leaders at every level.",
                                 "Dear colleagues in union leadership."]},
        "hook": {"members": ["News for every member!", "Members, here is an update worth knowing!",
                             "Here is what members should know!"],
                 "young_employees": ["Quick update for you!", "Have you heard about this yet?",
                                     "Here is something worth a look!"],
                 "leaders": ["An update for union leaders.", "For the attention of union leaders.",
                             "Key information for union leadership."]},
        "cta": {"members": ["Share this so every member knows!", "Pass this on to your fellow members!",
                            "Help spread the word among members!"],
                "young_employees": ["Pass it on to your colleagues today!", "Share it with your team now!",
                                    "Tag a colleague who should see this!"],
                "leaders": ["Please pass this on to union members in your unit!",
                            "Please share this with the members of your unit!",
                            "Kindly make sure members in your unit hear about this!"]},
        "tags": ["TradeUnion", "UnionMembers"],
        "quiz_title": ["Quiz: {topic}", "Test your knowledge: {topic}", "How well do you know it? {topic}"],
        "quiz_stem": "Fill in the blank: {sentence}",
        "points_title": ["Key points: {topic}", "Points to stress: {topic}", "Main messages: {topic}"],
        "newsletter_title": ["Newsletter: {topic}", "Union news: {topic}", "Update: {topic}"],
        "figures_title": ["Key figures: {topic}", "By the numbers: {topic}", "Figures that matter: {topic}"],
        "timeline_title": ["Timeline: {topic}", "Milestones: {topic}", "The road so far: {topic}"],
        "video_title": ["Video: {topic}", "In one minute: {topic}", "A quick look: {topic}"],
    },
}


def phrase(T: dict, key: str, variant: int = 0, audience: str | None = None) -> str:
    """The wording of `key` (for `audience` when it has one per audience) picked by the variant."""
    value = T[key][audience] if audience is not None else T[key]
    return value if isinstance(value, str) else value[variant % len(value)]


def phrases(T: dict, key: str) -> list[str]:
    """Every wording of `key`, over all audiences: what a fixed phrase of that kind may read."""
    value = T[key]
    if isinstance(value, str):
        return [value]
    return [p for v in value.values() for p in v] if isinstance(value, dict) else list(value)
