"""Public office and public bodies are told apart from private people (real sentences from public news)."""

from __future__ import annotations

import pytest

from studio.safety.gate import SafetyGate


@pytest.fixture(scope="module")
def gate():
    return SafetyGate()


def blocking(gate, text: str, lang: str = "vi") -> list[tuple[str, str]]:
    return [(f.type, f.text) for f in gate.findings(text, lang) if f.severity == "block"]


@pytest.mark.parametrize("text", [
    "Chiều 23/1, Thủ tướng Phạm Minh Chính đến thăm, động viên công nhân lao động có hoàn cảnh khó khăn, người bị "
    "ảnh hưởng bởi dịch bệnh tại Khu công nghiệp Hòa Phú.",
    "Cùng đi có Bộ trưởng Bộ Y tế Nguyễn Thanh Long, Chủ tịch UBND Thành phố Hà Nội Chu Ngọc Anh. Thủ tướng thăm "
    "các bệnh nhi đang điều trị tại Bệnh viện Nhi Trung ương.",
    "UBKT Trung ương đề nghị Ban Bí thư xem xét, thi hành kỷ luật ông Mai Tiến Dũng, nguyên Bộ trưởng, Chủ nhiệm "
    "Văn phòng Chính phủ.",
    "Hội nghị tổ chức tại Hội trường tầng 3, số 65 Quán Sứ, Hoàn Kiếm, Hà Nội; mọi thắc mắc liên hệ Văn phòng, "
    "điện thoại 024.3942.1234.",
    "Người dân có thể liên hệ đường dây nóng 1900.9068 hoặc số điện thoại 0225.326.5616 của BHXH thành phố.",
    "Trân trọng,\nVĂN PHÒNG LIÊN ĐOÀN LAO ĐỘNG TỈNH\nĐiện thoại: 0237 3852 640\nEmail: vanphong@ldld-thanhhoa.vn",
])
def test_news_and_notices_do_not_block(gate, text):
    assert blocking(gate, text) == []


@pytest.mark.parametrize("text, kind", [
    ("Chị Phùng Thị Lý tổ Hoàn thiện vừa phẫu thuật u xơ tử cung, hoàn cảnh mẹ đơn thân.", "SENSITIVE_RECORD"),
    ("Tổ trưởng Lê Văn Khải thường xuyên quát mắng, xúc phạm công nhân.", "SENSITIVE_RECORD"),
    ("Chủ tịch công đoàn cơ sở Nguyễn Văn Hùng bị kỷ luật khiển trách.", "SENSITIVE_RECORD"),  # not a public office
    ("Liên hệ chị Hạnh (nhà riêng): 024 3856 1234", "PHONE_NUMBER"),
    ("Hotline sự kiện gọi anh Tuấn 0983 123 421", "PHONE_NUMBER"),
    ("Gửi CV về kimthoa.ly@gmail.com", "EMAIL_ADDRESS"),
])
def test_private_people_still_block(gate, text, kind):
    assert kind in {k for k, _ in blocking(gate, text)}


def test_a_public_body_contact_is_a_warning_and_a_minister_only_information(gate):
    found = {f.type: f for f in gate.findings(
        "Thủ tướng Phạm Minh Chính chỉ đạo. Mọi thắc mắc liên hệ Văn phòng Công đoàn, điện thoại 024 3942 1234.")}
    assert found["PHONE_NUMBER"].severity == "warn" and found["PHONE_NUMBER"].detail.startswith("public:")
    assert found["PERSON"].severity == "info"
