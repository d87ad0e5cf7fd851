"""Messages: prompts, the chat model and privacy on the way out. Each code has its Vietnamese and English text."""

MESSAGES: dict[str, dict[str, str]] = {
    "prompt_malformed": {
        "vi": "Tệp mẫu lệnh “{path}” sai định dạng: {detail}.",
        "en": "Prompt file “{path}” is malformed: {detail}.",
    },
    "prompt_unknown_variable": {
        "vi": "Tệp mẫu lệnh “{path}” dùng biến không có: {names}. Biến hợp lệ: {known}.",
        "en": "Prompt file “{path}” uses unknown variable(s): {names}. Known variables: {known}.",
    },
    "prompt_missing": {
        "vi": "Thiếu tệp mẫu lệnh cho định dạng “{format}”, ngôn ngữ “{lang}” trong {directory}.",
        "en": "No prompt file for format “{format}” in language “{lang}” in {directory}.",
    },
    "llm_auth": {
        "vi": "Mô hình AI tại {url} từ chối khóa truy cập (401). Kiểm tra STUDIO_LLM_API_KEY.",
        "en": "The AI model at {url} rejected the API key (401). Check STUDIO_LLM_API_KEY.",
    },
    "llm_not_found": {
        "vi": "Không tìm thấy mô hình “{model}” tại {url} (404). Kiểm tra STUDIO_LLM_MODEL và STUDIO_LLM_BASE_URL.",
        "en": "Model “{model}” was not found at {url} (404). Check STUDIO_LLM_MODEL and STUDIO_LLM_BASE_URL.",
    },
    "llm_rate_limited": {
        "vi": "Mô hình AI tại {url} đang quá tải (429) sau {attempts} lần thử.",
        "en": "The AI model at {url} is rate-limiting (429) after {attempts} attempts.",
    },
    "llm_unavailable": {
        "vi": "Mô hình AI tại {url} không phản hồi ({detail}).",
        "en": "The AI model at {url} is unavailable ({detail}).",
    },
    "llm_bad_output": {
        "vi": "Mô hình AI trả về nội dung không đúng cấu trúc “{format}” sau {attempts} lần sửa ({detail}).",
        "en": "The AI model returned no valid “{format}” after {attempts} repair attempts ({detail}).",
    },
    "privacy_unrestored": {
        "vi": "Mô hình AI trả về {n} nhãn ẩn danh không khớp với dữ liệu đã che ({placeholders}); các nhãn này vẫn "
              "nằm trong bản nháp. Hãy thay bằng thông tin đúng hoặc xóa đi trước khi gửi duyệt.",
        "en": "The AI model returned {n} placeholder(s) that match no masked value ({placeholders}); they are still "
              "in the draft. Replace them with the right details or remove them before submitting for review.",
    },
    "privacy_mask_failed": {
        "vi": "Không kiểm tra được dữ liệu cá nhân trước khi gửi ra ngoài ({detail}), nên văn bản không được gửi.",
        "en": "Personal data could not be checked before sending ({detail}), so the text was not sent.",
    },
    "privacy_speech_withheld": {
        "vi": "Máy chủ giọng nói {url} nằm ngoài đơn vị, nên dữ liệu cá nhân trong {n} cảnh không được gửi đi: giọng "
              "đọc nói “đã ẩn” thay cho tên, số, địa chỉ; phụ đề vẫn giữ nguyên. Muốn đọc đầy đủ, hãy đánh dấu máy "
              "chủ là nội bộ (STUDIO_TTS_TRUST=internal) hoặc bỏ máy chủ để đọc bằng espeak-ng trên máy này.",
        "en": "The speech server {url} is external, so the personal data in {n} scene(s) was not sent: the voice says "
              "“withheld” in place of names, numbers and addresses; the captions keep them. To hear them spoken, mark "
              "the server internal (STUDIO_TTS_TRUST=internal) or remove it to narrate with espeak-ng on this machine.",
    },
    "bad_request": {
        "vi": "Yêu cầu không hợp lệ: {detail}.",
        "en": "Invalid request: {detail}.",
    },
    "draft_too_little": {
        "vi": "Nguồn tìm được cho chủ đề này chỉ có {n} {what} bằng ngôn ngữ của bản nháp, định dạng này cần ít nhất "
              "{need}. Hãy chọn định dạng khác, mở rộng chủ đề hoặc bổ sung tài liệu vào kho tri thức.",
        "en": "The sources found for this topic hold only {n} {what} in the draft's language; this format needs at "
              "least {need}. Choose another format, widen the topic or add documents to the knowledge base.",
    },
    "topic_accented": {
        "vi": "Chủ đề gõ không dấu “{typed}” được viết lại có dấu: “{accented}”. Hãy sửa tiêu đề nếu chưa đúng.",
        "en": "The topic typed without diacritics “{typed}” was written with them: “{accented}”. Fix the title if "
              "it is not right.",
    },
    "format_unknown": {
        "vi": "Không có định dạng “{format}”. Các định dạng: {known}.",
        "en": "There is no format “{format}”. Formats: {known}.",
    },
    "topic_too_long": {
        "vi": "Chủ đề dài {n} ký tự, tối đa {limit}. Hãy ghi chủ đề ngắn gọn (như một tiêu đề); văn bản dài "
              "hãy đưa vào kho tri thức rồi soạn từ đó.",
        "en": "The topic is {n} characters long; the limit is {limit}. Write it as a short headline; put long texts "
              "into the knowledge base and draft from there.",
    },
    "topic_missing": {
        "vi": "Hãy nhập chủ đề cần soạn (ít nhất 2 ký tự).",
        "en": "Enter the topic to write about (at least 2 characters).",
    },
    "draft_no_sources": {
        "vi": "Chưa soạn bản nháp về “{topic}”: không có nguồn phù hợp thì không viết. {suggestion}",
        "en": "No draft about “{topic}”: without a matching source nothing is written. {suggestion}",
    },
    "draft_no_language_sources": {
        "vi": "Kho tri thức chỉ có tài liệu bằng tiếng nước ngoài về chủ đề này ({titles}), chưa có câu tiếng Việt "
              "nào để trích. Hãy cấu hình mô hình AI để dịch, hoặc thêm tài liệu tiếng Việt.",
        "en": "The knowledge base holds only documents in other languages on this topic ({titles}), with no English "
              "sentence to quote. Configure an AI model to translate, or add English documents.",
    },
    "draft_source_confidential": {
        "vi": "Nguồn [{marker}] trích từ tài liệu “{title}” có dấu mật/nội bộ ({marking}); bản nháp không được "
              "phát hành dù đã che dữ liệu cá nhân.",
        "en": "Source [{marker}] quotes the document “{title}”, which is marked confidential/internal ({marking}); "
              "the draft can't be published even with personal data masked.",
    },
}
