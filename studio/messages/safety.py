"""Messages: the safety policy, warnings, masking and `studio check`. Each code has its Vietnamese and English text."""

MESSAGES: dict[str, dict[str, str]] = {
    "policy_invalid": {
        "vi": "Tệp chính sách an toàn “{path}” không hợp lệ: {detail}.",
        "en": "Safety policy file “{path}” is invalid: {detail}.",
    },
    "warning_not_acceptable": {
        "vi": "Phát hiện mức “chặn” không thể bỏ qua; hãy sửa hoặc che thông tin ({type}).",
        "en": "A blocking finding cannot be accepted; fix or mask it ({type}).",
    },
    "reason_required": {
        "vi": "Hãy ghi lý do chấp nhận cảnh báo.",
        "en": "Please give a reason for accepting the warning.",
    },
    # content-flow pages (studio/workflow/views.py)
    "finding_not_maskable": {
        "vi": "Phát hiện số {index} ({type}) không che được; hãy sửa câu đó trong trang Soạn nội dung.",
        "en": "Finding {index} ({type}) cannot be masked; rewrite that sentence on the Compose page.",
    },
    "mask_not_found": {
        "vi": "Không tìm thấy thông tin cần che trong các trường nội dung của mục #{item_id}; không tạo phiên bản mới.",
        "en": "The data to mask was not found in the content fields of item #{item_id}; no new version was made.",
    },
    "quote_not_found": {
        "vi": "Không tìm thấy đoạn trích “{quote}” trong phiên bản hiện tại; hãy sao chép đúng vài chữ từ văn bản.",
        "en": "The quoted passage “{quote}” is not in the current version; copy a few words exactly from the text.",
    },
    "policy_missing_types": {
        "vi": "Chính sách thiếu quy tắc cho: {types} (tệp “{path}”). Mọi loại phát hiện phải có quy tắc; đặt action: info để tắt một loại.",
        "en": "The policy has no rule for: {types} (file “{path}”). Every finding type needs a rule; set action: info to switch one off.",
    },
    "policy_unknown_types": {
        "vi": "Tệp chính sách an toàn “{path}” có loại phát hiện không tồn tại: {types}. Các loại hợp lệ: {known}.",
        "en": "Safety policy file “{path}” names unknown finding types: {types}. Valid types: {known}.",
    },
    "finding_type_unknown": {
        "vi": "Bộ kiểm tra “{recognizer}” trả về loại phát hiện chưa đăng ký “{type}”; hãy thêm loại này vào studio/safety/finding_types.py và chính sách an toàn.",
        "en": "Detector “{recognizer}” returned the unregistered finding type “{type}”; add it to studio/safety/finding_types.py and the safety policy.",
    },
    "check_failed": {
        "vi": "Không kiểm tra được văn bản do lỗi bên trong ({detail}). Văn bản CHƯA được kiểm tra; hãy báo cho quản trị viên kèm thông báo này.",
        "en": "The text could not be checked because of an internal error ({detail}). The text has NOT been checked; report this message to your administrator.",
    },
    "unreadable_file": {
        "vi": "Không đọc được tệp “{name}” ({detail}).",
        "en": "Cannot read the file “{name}” ({detail}).",
    },
    "policy_weakened": {
        "vi": "Chính sách không được hạ mức các loại luôn phải chặn ({types}): chúng phải là action: block với min_score không cao hơn mặc định.",
        "en": "The policy may not weaken the types that always block ({types}): they must stay action: block with a min_score no higher than the default.",
    },
}
