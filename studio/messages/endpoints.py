"""Messages: model endpoints (the Admin page's connection test) and saved settings. Each code has its Vietnamese and English text."""

MESSAGES: dict[str, dict[str, str]] = {
    # model endpoints (studio/endpoints.py) and saved settings (Admin page)
    "endpoint_ok_chat": {
        "vi": "Kết nối được: mô hình {model} tại {url} trả lời sau {ms} ms.",
        "en": "Connected: model {model} at {url} answered in {ms} ms.",
    },
    "endpoint_ok_embeddings": {
        "vi": "Kết nối được: mô hình {model} tại {url} trả về vector {dim} chiều sau {ms} ms.",
        "en": "Connected: model {model} at {url} returned a {dim}-dimensional vector in {ms} ms.",
    },
    "endpoint_ok_tts": {
        "vi": "Kết nối được: giọng đọc {model} tại {url} trả về {kb} KB âm thanh sau {ms} ms.",
        "en": "Connected: speech model {model} at {url} returned {kb} KB of audio in {ms} ms.",
    },
    "endpoint_unreachable": {
        "vi": "Không kết nối được tới {url}: máy chủ không trả lời hoặc địa chỉ sai.",
        "en": "Cannot connect to {url}: the server does not answer or the address is wrong.",
    },
    "endpoint_timeout": {
        "vi": "{url} không trả lời trong {seconds} giây.",
        "en": "{url} did not answer within {seconds} seconds.",
    },
    "endpoint_auth": {
        "vi": "{url} từ chối khóa API (HTTP {status}); hãy kiểm tra lại khóa.",
        "en": "{url} refused the API key (HTTP {status}); check the key.",
    },
    "endpoint_not_found": {
        "vi": "{url} không có mô hình “{model}” hoặc không phải địa chỉ API tương thích OpenAI (HTTP 404).",
        "en": "{url} has no model “{model}” or is not an OpenAI-compatible API address (HTTP 404).",
    },
    "endpoint_http": {
        "vi": "{url} trả lỗi HTTP {status}.",
        "en": "{url} answered with HTTP error {status}.",
    },
    "endpoint_bad_answer": {
        "vi": "{url} có trả lời nhưng không theo định dạng API của OpenAI ({detail}).",
        "en": "{url} answered, but not in the OpenAI API format ({detail}).",
    },
    "endpoint_url_invalid": {
        "vi": "Địa chỉ “{url}” không hợp lệ: cần dạng http(s)://máy-chủ[:cổng]/v1.",
        "en": "The address “{url}” is not valid: use http(s)://host[:port]/v1.",
    },
    "endpoint_key_invalid": {
        "vi": "Khóa API chỉ gồm các ký tự ASCII in được (không dấu, không khoảng trắng ở giữa).",
        "en": "An API key holds printable ASCII characters only (no accents, no line breaks).",
    },
    "endpoint_model_missing": {
        "vi": "Hãy nhập tên mô hình.",
        "en": "Please enter the model name.",
    },
}
