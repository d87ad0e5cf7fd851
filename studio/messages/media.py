"""Messages: infographics, videos, narration, the brand kit and the export bundle. Each code has its Vietnamese and English text."""

MESSAGES: dict[str, dict[str, str]] = {
    "infographic_invalid": {
        "vi": "Không vẽ được infographic từ “{name}”: {detail}.",
        "en": "Cannot render an infographic from “{name}”: {detail}.",
    },
    "video_invalid": {
        "vi": "Không dựng được video từ “{name}”: {detail}.",
        "en": "Cannot render a video from “{name}”: {detail}.",
    },
    "tts_failed": {
        "vi": "Không tạo được giọng đọc ({detail}); video dùng phương án dự phòng.",
        "en": "Narration could not be synthesised ({detail}); the video uses the fallback.",
    },
    "audio_invalid": {
        "vi": "Không đọc được tệp âm thanh “{name}”: tệp hỏng hoặc không phải âm thanh ({detail}).",
        "en": "Cannot read the audio file “{name}”: it is damaged or not audio ({detail}).",
    },
    "narration_cut": {
        "vi": "Lời dẫn cảnh {scene} quá dài so với giới hạn 30 giây của một cảnh nên bị cắt bớt; hãy rút gọn lời dẫn.",
        "en": "The narration of scene {scene} is too long for the 30-second scene limit and was cut; shorten it.",
    },
    "narration_unavailable": {
        "vi": "Không có giọng đọc: chưa cấu hình máy chủ giọng nói và máy này chưa cài espeak-ng. Video chỉ có phụ đề.",
        "en": "No narration available: no speech endpoint is configured and espeak-ng is not installed. The video has captions only.",
    },
    "brand_invalid": {
        "vi": "Bộ nhận diện “{name}” không hợp lệ: {detail}. Bộ nhận diện đang dùng không thay đổi.",
        "en": "The brand kit “{name}” is invalid: {detail}. The brand kit in use is unchanged.",
    },
    "brand_bad_colour": {
        "vi": "Màu “{role}” = “{value}” không đúng dạng #RRGGBB (ví dụ #0B3D91). Bộ nhận diện đang dùng không thay đổi.",
        "en": "Colour “{role}” = “{value}” is not #RRGGBB (e.g. #0B3D91). The brand kit in use is unchanged.",
    },
    "brand_low_contrast": {
        "vi": "Màu chữ và màu nền không đủ tương phản (WCAG AA cần ít nhất 4,5:1): {pairs}. Bộ nhận diện đang dùng không thay đổi.",
        "en": "Text and background colours lack contrast (WCAG AA needs at least 4.5:1): {pairs}. The brand kit in use is unchanged.",
    },
    "brand_bad_logo": {
        "vi": "Logo “{name}” không phải ảnh PNG hoặc JPEG đọc được. Bộ nhận diện đang dùng không thay đổi.",
        "en": "The logo “{name}” is not a readable PNG or JPEG image. The brand kit in use is unchanged.",
    },
    "brand_logo_pixels": {
        "vi": "Logo “{name}” quá lớn ({width}×{height} px; tối đa {limit} px mỗi cạnh).",
        "en": "The logo “{name}” is too large ({width}×{height} px; at most {limit} px per side).",
    },
    "brand_logo_missing": {
        "vi": "Bộ nhận diện ghi logo “{name}” nhưng chưa có tệp logo tải lên kèm theo.",
        "en": "The brand kit names the logo “{name}” but no logo file was uploaded with it.",
    },
    "brand_fonts_fixed": {
        "vi": "Bộ nhận diện tải lên dùng phông Roboto có sẵn; hãy bỏ mục fonts ({fonts}). Phông riêng được cấu hình bằng STUDIO_BRAND_KIT.",
        "en": "Uploaded brand kits use the built-in Roboto fonts; remove the fonts entry ({fonts}). Custom fonts are set with STUDIO_BRAND_KIT.",
    },
    "spec_bad_json": {
        "vi": "“{name}” không phải JSON hợp lệ (dòng {line}, cột {col}): hãy kiểm tra dấu phẩy, dấu ngoặc và dấu nháy kép.",
        "en": "“{name}” is not valid JSON (line {line}, column {col}): check commas, brackets and double quotes.",
    },
    "spec_not_object": {
        "vi": "“{name}” phải là một đối tượng JSON {{…}} có ít nhất trường “title”.",
        "en": "“{name}” must be a JSON object {{…}} with at least a “title” field.",
    },
    "render_cancelled": {
        "vi": "Đã hủy dựng video; không để lại tệp dở dang nào.",
        "en": "Video render cancelled; no partial file was left behind.",
    },
    "export_invalid": {
        "vi": "Không tạo được gói xuất bản: {detail}. Không có tệp nào được ghi.",
        "en": "Cannot build the export bundle: {detail}. Nothing was written.",
    },
    "export_unsafe_name": {
        "vi": "Tên tệp “{name}” không an toàn trong gói xuất bản ({reason_vi}). Không có tệp nào được ghi.",
        "en": "The file name “{name}” is not safe inside an export bundle ({reason_en}). Nothing was written.",
    },
    "export_media_invalid": {
        "vi": "Tệp đa phương tiện “{name}” không dùng được: {reason_vi}. Không có tệp nào được ghi.",
        "en": "The media file “{name}” cannot be used: {reason_en}. Nothing was written.",
    },
    "citation_unresolved": {
        "vi": "Văn bản trích dẫn [{marker}] nhưng không có nguồn nào mang mã này.",
        "en": "The text cites [{marker}] but no source has that marker.",
    },
}
