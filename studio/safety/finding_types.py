"""The registry of finding types: one spec per type, read by every consumer.

The type lists of `findings`, the default policy (and the validation of a site's policy file), the mask labels,
the UI's names for each type and the workshop's names all derive from `REGISTRY`. Adding a type is one entry
here plus its rule in `policy.yaml`; a spec missing a part fails on import, a policy without the rule fails when
it is loaded, and tests/test_finding_types.py fails when a recognizer emits a type that is not registered.
This module imports nothing from the project, so every layer may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

LANGS = ("vi", "en")
KINDS = ("pii", "risk", "quality")  # personal data · a risk in the text · a quality problem of the draft
ACTIONS = ("block", "warn", "info")
RECOGNIZERS = "recognizers"  # `detector` of the types Presidio's recognizers emit (studio.safety.recognizers)

# The codes, importable as constants (studio.safety.findings re-exports them). Personal data:
PERSON = "PERSON"
PHONE_NUMBER = "PHONE_NUMBER"
VN_CCCD = "VN_CCCD"  # citizen identity card, 12 digits
VN_CMND = "VN_CMND"  # old identity card, 9 or 12 digits
PASSPORT = "PASSPORT"
VN_TAX_CODE = "VN_TAX_CODE"
VN_SOCIAL_INSURANCE = "VN_SOCIAL_INSURANCE"
BANK_ACCOUNT = "BANK_ACCOUNT"
CREDIT_CARD = "CREDIT_CARD"
EMAIL_ADDRESS = "EMAIL_ADDRESS"
STREET_ADDRESS = "STREET_ADDRESS"
DATE_OF_BIRTH = "DATE_OF_BIRTH"
VEHICLE_PLATE = "VEHICLE_PLATE"
# Risks:
CONFIDENTIAL_MARKING = "CONFIDENTIAL_MARKING"
SENSITIVE_RECORD = "SENSITIVE_RECORD"  # a named person + discipline/complaint/denunciation/health/salary
PROMPT_INJECTION = "PROMPT_INJECTION"
# Quality of a draft:
UNSUPPORTED_CLAIM = "UNSUPPORTED_CLAIM"
MISSING_AI_LABEL = "MISSING_AI_LABEL"
OTHER_LANGUAGE = "OTHER_LANGUAGE"  # a sentence of a draft not in the draft's language


@dataclass(frozen=True)
class FindingType:
    """What the product knows about one finding type.

    `action`/`min_score` are the default policy rule (policy.yaml ships them; a site may change them, except
    that `always_block` types must stay blocking). `label_*` name the type for people (UI, admin policy table),
    `mask_*` is the pseudonym's label ([SĐT 1]), `workshop_*` the lower-case name used inside workshop feedback
    sentences ("Bỏ sót số điện thoại: …"). `maskable`: the Safety page may mask a finding of this type in the
    text. `detector`: where findings of the type come from (`RECOGNIZERS` or a function of studio.safety).
    """

    code: str
    kind: str
    action: str
    min_score: float
    label_vi: str
    label_en: str
    mask_vi: str
    mask_en: str
    workshop_vi: str
    workshop_en: str
    detector: str
    maskable: bool = False
    always_block: bool = False

    def __post_init__(self) -> None:
        problems = []
        if not self.code or self.code != self.code.upper() or not self.code.replace("_", "").isalnum():
            problems.append("code must be UPPER_SNAKE_CASE")
        if self.kind not in KINDS:
            problems.append(f"kind must be one of {KINDS}")
        if self.action not in ACTIONS:
            problems.append(f"action must be one of {ACTIONS}")
        if not 0.0 <= self.min_score <= 1.0:
            problems.append("min_score must be within 0..1")
        if self.always_block and self.action != "block":
            problems.append("an always_block type must have action block")
        for name in ("label_vi", "label_en", "mask_vi", "mask_en", "workshop_vi", "workshop_en", "detector"):
            if not str(getattr(self, name)).strip():
                problems.append(f"{name} is empty")
        if problems:
            raise ValueError(f"finding type {self.code!r}: {'; '.join(problems)}")

    def label(self, lang: str = "vi") -> str:
        return self.label_en if lang == "en" else self.label_vi

    def mask_label(self, lang: str = "vi") -> str:
        return self.mask_en if lang == "en" else self.mask_vi

    def workshop_name(self, lang: str = "vi") -> str:
        return self.workshop_en if lang == "en" else self.workshop_vi


def _pii(code, action, min_score, label, mask, workshop, **flags) -> FindingType:
    return FindingType(code, "pii", action, min_score, *label, *mask, *workshop, detector=RECOGNIZERS,
                       maskable=True, **flags)


_TYPES = (
    _pii(PERSON, "warn", 0.6, ("Họ tên người", "A person's name"), ("NGƯỜI", "PERSON"),
         ("họ tên", "person's name")),
    _pii(PHONE_NUMBER, "block", 0.5, ("Số điện thoại", "Phone number"), ("SĐT", "PHONE"),
         ("số điện thoại", "phone number"), always_block=True),
    _pii(VN_CCCD, "block", 0.5, ("Số căn cước công dân", "Citizen identity card number"), ("CCCD", "ID"),
         ("số căn cước công dân", "citizen ID number"), always_block=True),
    _pii(VN_CMND, "block", 0.5, ("Số chứng minh nhân dân", "Old identity card number"), ("CMND", "ID"),
         ("số chứng minh nhân dân", "old ID card number"), always_block=True),
    _pii(PASSPORT, "block", 0.5, ("Số hộ chiếu", "Passport number"), ("HỘ CHIẾU", "PASSPORT"),
         ("số hộ chiếu", "passport number"), always_block=True),
    _pii(VN_TAX_CODE, "block", 0.5, ("Mã số thuế", "Tax code"), ("MST", "TAX CODE"), ("mã số thuế", "tax code")),
    _pii(VN_SOCIAL_INSURANCE, "block", 0.5, ("Mã số bảo hiểm xã hội", "Social insurance number"),
         ("BHXH", "SOCIAL INSURANCE"), ("số bảo hiểm xã hội", "social insurance number")),
    _pii(BANK_ACCOUNT, "block", 0.5, ("Số tài khoản ngân hàng", "Bank account number"), ("STK", "ACCOUNT"),
         ("số tài khoản ngân hàng", "bank account number"), always_block=True),
    _pii(CREDIT_CARD, "block", 0.5, ("Số thẻ ngân hàng", "Bank card number"), ("THẺ", "CARD"),
         ("số thẻ", "card number")),
    _pii(EMAIL_ADDRESS, "block", 0.5, ("Địa chỉ e-mail", "E-mail address"), ("EMAIL", "EMAIL"),
         ("địa chỉ email", "e-mail address")),
    _pii(STREET_ADDRESS, "block", 0.5, ("Địa chỉ nhà", "Home address"), ("ĐỊA CHỈ", "ADDRESS"),
         ("địa chỉ nhà", "home address")),
    _pii(DATE_OF_BIRTH, "block", 0.5, ("Ngày sinh", "Date of birth"), ("NGÀY SINH", "DATE OF BIRTH"),
         ("ngày sinh", "date of birth")),
    _pii(VEHICLE_PLATE, "warn", 0.5, ("Biển số xe", "Vehicle plate"), ("BIỂN SỐ", "PLATE"),
         ("biển số xe", "number plate")),
    FindingType(CONFIDENTIAL_MARKING, "risk", "block", 0.5, "Dấu mật, tài liệu nội bộ",
                "Confidential or internal marking", "DẤU MẬT", "MARKING", "dấu mật", "confidentiality marking",
                detector="risks.detect_confidential", maskable=True, always_block=True),
    FindingType(SENSITIVE_RECORD, "risk", "block", 0.5,
                "Người có tên gắn với kỷ luật, khiếu nại, tố cáo, sức khỏe hoặc lương",
                "A named person with a disciplinary, complaint, denunciation, health or salary record",
                "THÔNG TIN RIÊNG", "PRIVATE RECORD", "thông tin nhạy cảm về một người",
                "sensitive record about a person", detector="risks.detect_sensitive_records"),
    FindingType(PROMPT_INJECTION, "risk", "warn", 0.5, "Câu lệnh chèn nhằm điều khiển AI",
                "Text trying to steer the AI", "LỆNH CHÈN", "INJECTED TEXT", "câu lệnh chèn vào AI",
                "instruction injected for the AI", detector="injection.detect_injection"),
    FindingType(UNSUPPORTED_CLAIM, "quality", "warn", 0.0, "Số liệu, ngày, tên không có trong nguồn trích",
                "Figure, date or name not found in the cited sources", "CHI TIẾT", "DETAIL",
                "chi tiết không có trong nguồn", "claim not in the sources",
                detector="risks.unsupported_claims_to_findings (grounding check)"),
    FindingType(OTHER_LANGUAGE, "quality", "warn", 0.0, "Câu không viết bằng ngôn ngữ của bản nháp",
                "Sentence not in the draft's language", "NGOẠI NGỮ", "OTHER LANGUAGE", "câu viết bằng ngôn ngữ khác",
                "sentence in another language", detector="drafting.language.foreign_sentences (draft check)"),
    FindingType(MISSING_AI_LABEL, "quality", "block", 0.0, "Thiếu nhãn nội dung có hỗ trợ AI",
                "The AI-assistance label is missing", "NHÃN AI", "AI LABEL", "thiếu nhãn hỗ trợ AI",
                "missing AI label", detector="risks.check_ai_label (before publishing)", always_block=True),
)


def _index(types: tuple[FindingType, ...]) -> MappingProxyType:
    by_code: dict[str, FindingType] = {}
    for spec in types:
        if spec.code in by_code:
            raise ValueError(f"finding type {spec.code!r} is registered twice")
        by_code[spec.code] = spec
    return MappingProxyType(by_code)


REGISTRY: MappingProxyType = _index(_TYPES)  # code → FindingType, in registration order


def codes(*kinds: str) -> tuple[str, ...]:
    """The registered codes (of the given kinds), in registration order."""
    return tuple(code for code, spec in REGISTRY.items() if not kinds or spec.kind in kinds)


def type_label(code: str, lang: str = "vi") -> str:
    """The name of a type for people; an unregistered code is shown as it is."""
    spec = REGISTRY.get(code)
    return spec.label(lang) if spec else code
