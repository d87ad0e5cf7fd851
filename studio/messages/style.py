"""Messages: the house style file (studio.style). Each code has its Vietnamese and English text."""

MESSAGES: dict[str, dict[str, str]] = {
    "style_invalid": {
        "vi": "Tệp văn phong “{name}” không hợp lệ: {detail}.",
        "en": "The house style file “{name}” is invalid: {detail}.",
    },
    "style_fallback": {
        "vi": "Tệp văn phong “{name}” không hợp lệ ({detail}); đang dùng văn phong mặc định cho đến khi tệp được sửa "
              "hoặc lưu lại.",
        "en": "The house style file “{name}” is invalid ({detail}); the default house style is used until the file "
              "is fixed or saved again.",
    },
    "style_refused": {
        "vi": "Chưa lưu văn phong: {detail}. Văn phong đang dùng không thay đổi.",
        "en": "The house style was not saved: {detail}. The house style in use is unchanged.",
    },
}
