"""Messages: workshop sessions and exercises. Each code has its Vietnamese and English text."""

MESSAGES: dict[str, dict[str, str]] = {
    # workshop (issue 9)
    "workshop_code_unknown": {
        "vi": "Không có buổi thực hành nào với mã “{join_code}”. Hãy kiểm tra lại mã trên màn chiếu (mã gồm 6 ký tự, không có số 0, số 1, chữ O, chữ I).",
        "en": "There is no workshop session with the code “{join_code}”. Check the code on the screen (6 characters, no 0, 1, O or I).",
    },
    "workshop_closed": {
        "vi": "Buổi thực hành “{title}” đã đóng: không thể tham gia hay nộp bài nữa.",
        "en": "The workshop session “{title}” is closed: you can no longer join or submit.",
    },
    "workshop_time_up": {
        "vi": "Đã hết thời gian làm bài của buổi “{title}” ({minutes} phút); bài không được nộp.",
        "en": "Time is up for the session “{title}” ({minutes} minutes); the answer was not submitted.",
    },
    "workshop_revealed": {
        "vi": "Đáp án của buổi “{title}” đã được công bố nên không nhận thêm bài nộp.",
        "en": "The answers of the session “{title}” have been revealed, so no more answers are taken.",
    },
    "workshop_reopen_revealed": {
        "vi": "Không thể mở lại buổi “{title}” vì đáp án đã được công bố.",
        "en": "The session “{title}” can't be opened again because its answers have been revealed.",
    },
    "workshop_name_invalid": {
        "vi": "Hãy nhập tên hiển thị (tối đa {max} ký tự).",
        "en": "Please enter a display name (at most {max} characters).",
    },
    "workshop_name_taken": {
        "vi": "Tên “{name}” đã có người dùng trong buổi này; hãy chọn tên khác (ví dụ thêm tên đơn vị).",
        "en": "Someone in this session already uses the name “{name}”; choose another (e.g. add your unit).",
    },
    "workshop_token_invalid": {
        "vi": "Phiên tham gia không hợp lệ; hãy tham gia lại bằng mã của buổi thực hành.",
        "en": "This participation is not valid; join again with the session's code.",
    },
    "workshop_exercise_unknown": {
        "vi": "Buổi thực hành không có bài tập số {position}.",
        "en": "The session has no exercise number {position}.",
    },
    "workshop_exercises_invalid": {
        "vi": "Danh sách bài tập không hợp lệ ({names}); chọn từ 1 đến {max} bài trong: {known}.",
        "en": "Invalid list of exercises ({names}); choose 1 to {max} of: {known}.",
    },
    "workshop_too_long": {
        "vi": "{field_vi} dài {length} ký tự, vượt giới hạn {limit} ký tự; hãy rút gọn rồi gửi lại.",
        "en": "{field_en} has {length} characters, over the limit of {limit}; shorten it and send it again.",
    },
    "workshop_too_many": {
        "vi": "Bài làm có {count} mục, vượt giới hạn {limit} mục.",
        "en": "The answer has {count} entries, over the limit of {limit}.",
    },
    "workshop_answer_invalid": {
        "vi": "Bài làm không đúng dạng: {detail}.",
        "en": "The answer is not in the expected form: {detail}.",
    },
    "workshop_topic_missing": {
        "vi": "Hãy nhập chủ đề hoặc yêu cầu cho AI (ít nhất 2 ký tự).",
        "en": "Please enter a topic or instruction for the AI (at least 2 characters).",
    },
    "workshop_not_trainer": {
        "vi": "“{name}” không phụ trách buổi “{title}”: chỉ giảng viên tạo buổi hoặc quản trị viên mới điều hành được.",
        "en": "“{name}” does not run the session “{title}”: only the trainer who created it or an administrator can.",
    },
    "workshop_title_invalid": {
        "vi": "Tên buổi thực hành phải có từ 1 đến {max} ký tự.",
        "en": "The session title must have 1 to {max} characters.",
    },
    "workshop_minutes_invalid": {
        "vi": "Thời gian làm bài phải từ {min} đến {max} phút.",
        "en": "The time limit must be {min} to {max} minutes.",
    },
    "workshop_material_unavailable": {
        "vi": "Không tạo được bài tập “{kind}” từ kho tri thức ({detail}); hãy dùng ngân hàng bài tập có sẵn.",
        "en": "Could not make the “{kind}” exercise from the knowledge base ({detail}); use the shipped exercise bank.",
    },
}
