"""Person names without NER: surnames, titles, roles, kinship words, form labels, chat speakers, capitals.

Vietnamese names are a surname from SURNAMES (or any capitalised word before "Thị") followed by up to four
given names; a title, role, honorific or kinship word before a capitalised run, a form label ("Họ và tên:"),
a list or table cell, or a chat line ("[10:42] Chị Hạnh:") makes weaker evidence enough. Everything matches
on the homograph-aware fold of studio.safety.folding, so "Tổ trưởng" is a cue and "Trường" a school.
"""

from __future__ import annotations

import re

from studio.safety.findings import PERSON
from studio.safety.folding import _ctx, fold, forms, kw, mfold
from studio.safety.recognizers import VnRegexRecognizer

# PERSON: Vietnamese surname + 1–3 capitalised syllables, titles and role cues, English names after a title.
# ~100 common surnames; left out on purpose, as they mostly start other words in Title Case: Văn, Công, Tăng,
# Ông, Hoa, Đồng, Quang, Ngọc, Hồng, Trà, Ma, Từ, Ứng, Phương (and "Đường" is a street, not "Dương").
SURNAMES = set("""Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương
    Đinh Lâm Phùng Mai Tô Hà Tạ Lưu Cao Quách Lương Thái Châu Chu Triệu Kiều La Lại Lạc Khúc Hứa Kim Nghiêm Đàm
    Thân Tôn Tiêu Giang Mạc Lục Ninh Phí Quan Khổng Âu Diệp Nông Mạch Doãn Khương Lò Lã Bạch Cù Hầu Sầm Vi Hàn Lỗ
    Tống Thạch Mẫn Trình Bế Tất Nhữ Giáp Cấn Kha Lăng Lư Mã Thiều Viên Ân Lều Lữ Đậu Dư Vưu Âu Đàm Thi Khuất Nhâm
    Ôn Quản Đới Mông""".split())
_SUR_FOLD = set(forms(*SURNAMES))
_SURNAMES_UPPER = {x.upper() for x in SURNAMES}
_NOT_IN_CAPS_NAME = set(forms(*"tên viên công tác biên bản ký gửi xe phổ biến năm ngày tháng số lương đơn đề nghị danh "
                               "sách hỗ trợ báo cáo họp hội nghị đăng chính trị đối với cho tại và của các".split()))
_PHRASE = re.compile(r"(?:ha (?:noi|nam|tinh|giang|long|tien|dong)|ho (?:chi minh|guom|tay|so)|doan thanh nien|"
                     r"lam (?:dong|nghiep)|cao (?:bang|dang|su|nguyen)|thai (?:binh|nguyen|lan)|chau (?:a|au|phi|"
                     r"my|uc|doc)|ninh (?:binh|thuan)|han quoc|hoang sa|phan (?:thiet|rang)|bach (?:mai|dang)|"
                     r"kim (?:ngan|ma)|tieu (?:chi|chuan|bieu|dung)|dam phan|quan (?:doi|he|ly|tam)|giang vien|"
                     r"vi pham|la (?:ban|ca)|le (?:hoi|tan)|mai linh|"
                     + kw("quân đội", "quan hệ", "quản lý", "quan tâm", "quân khu", "quân sự", "la bàn", "hoa hồng",
                          "hoa sen", "ông bà", "hồ chí minh", "hồ gươm", "hồ tây") + r")(?![a-z])", re.I)
_RUN = re.compile(r"(?<!\w)[A-Z][a-z]*(?: [A-Z][a-z]*)*(?!\w)")
_CAPS = re.compile(r"(?<!\w)[A-Z]{1,7}(?: [A-Z]{1,7}){1,4}(?!\w)")
_SYL = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:nh|ng|ch|[cmnpt])?")
_EN_STOP = set("vietnam workers rights programme program project national international labour labor "
               "the of and for with to in on at by from is are was be not more you your our we it as do no so "
               "me my he she his her who how all new up out go day may june july union bank committee party trade "
               "group company association council ministry department office".split())
_NON_NAME = set(forms(*"công ngân bộ ban sở chủ phó tổng giám bí trường trưởng thủ hiệu cục ủy uỷ hội đảng nhà việt "
                       "liên trung kỳ tổ đội chi rìa phòng".split()))
_NOT_GIVEN = set(forms(*"chủ bộ ban tổng hội ủy uỷ đảng ngân liên cục sở phòng viện đoàn ngành".split()))
_HONORIFIC = set(forms(*"ông bà anh chị em cô chú bác mr mrs ms miss dr prof".split()))


_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "ts", "ths", "pgs", "gs", "pgs.ts", "bs", "đ/c", "d/c", "st", "mme",
                  "ks", "cn"}


def _before_re(words: list[str]) -> re.Pattern:
    """A cue word (or phrase) ending the text before a name: "chị ", "Họ và tên: ", "Mr. ", a form label on its line."""
    full = sorted({re.escape(f) for f in forms(*[w for w in words if w not in _ABBREVIATIONS])}, key=len, reverse=True)
    short = sorted({re.escape(f) for f in forms(*[w for w in words if w in _ABBREVIATIONS])}, key=len, reverse=True)
    alts = [rf"(?:{'|'.join(full)})[ \u00a0]*:?"] if full else []
    alts += [rf"(?:{'|'.join(short)})[ \u00a0]*[.:,]?"] if short else []
    return re.compile(r"(?:^|[^a-z])(?:" + "|".join(alts) + r")[ \u00a0]*(?:\n[ ]*)?$", re.I)


_TITLE = _before_re(["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "madam", "mme", "mx"])
_VI_CUE = _before_re(["đồng chí", "đ/c", "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "họ tên", "họ và tên",
                      "tên", "đoàn viên", "đảng viên", "cán bộ", "công nhân", "người lao động", "nhân viên",
                      "thành viên", "hội viên", "giáo viên", "nạn nhân", "bệnh nhân", "thạc sĩ", "tiến sĩ", "ths",
                      "ts", "pgs", "gs", "pgs.ts", "bác sĩ", "bs", "kỹ sư", "luật sư", "nhà báo", "phóng viên",
                      "tác giả",
                      # roles in an office, a factory, a union (any of them may precede a private person's name)
                      "tổ trưởng", "tổ phó", "trưởng phòng", "phó phòng", "trưởng ban", "phó ban", "giám đốc",
                      "phó giám đốc", "tổng giám đốc", "chủ tịch", "phó chủ tịch", "bí thư", "phó bí thư", "kế toán",
                      "thủ quỹ", "thư ký", "trưởng ca", "ca trưởng", "quản đốc", "phó quản đốc", "ủy viên", "uỷ viên",
                      "chủ nhiệm", "hiệu trưởng", "trưởng khoa", "điều dưỡng", "giảng viên", "sinh viên", "học sinh",
                      "chủ tọa", "chủ toạ", "người ghi biên bản", "người lập biểu", "người nhận", "người gửi",
                      "người nộp", "người làm đơn", "người đề nghị", "người liên hệ", "đại diện", "kính gửi",
                      "tôi là", "tôi tên là", "tên tôi là", "liên hệ", "gặp", "nhờ", "cảm ơn",
                      # kinship
                      "vợ", "chồng", "con", "con trai", "con gái", "bố", "mẹ", "cha", "anh trai", "chị gái",
                      "em trai", "em gái", "cháu", "cụ", "bạn", "đồng nghiệp", "mẹ chồng", "bố chồng", "mẹ vợ",
                      "bố vợ", "cô giáo", "thầy", "thầy giáo", "bé", "cháu bé", "bạn ấy", "chủ tk", "chủ tài khoản",
                      "tên tk", "người thụ hưởng", "account holder", "account name"])
_KIN_CUE = _before_re(["đồng chí", "đ/c", "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "vợ", "chồng", "con",
                       "con trai", "con gái", "bố", "mẹ", "cha", "anh trai", "chị gái", "em trai", "em gái", "cháu",
                       "cụ", "bé", "thầy", "cô giáo", "tên", "họ tên", "họ và tên", "tôi là", "tên tôi là",
                       "mr", "mrs", "ms"])
_EN_CUE = _before_re(["employee", "member", "worker", "staff", "colleague", "named", "officer", "author",
                      "authors", "autor", "forfatter", "patient", "applicant", "name", "full name", "by", "cadre",
                      "victim", "manager"])
_NOT_PERSON_BEFORE = re.compile(r"(?:^|[^a-z])(?:" + kw(
    "đường", "phố", "ngõ", "quận", "huyện", "phường", "xã", "tỉnh", "thành phố", "trường", "công ty", "bệnh viện",
    "đại học", "cầu", "chợ", "nhà văn hóa", "nhà văn hoá", "tập đoàn", "ngân hàng", "làng", "đền", "chùa",
    "giải thưởng", "quỹ", "công viên", "khu đô thị", "chung cư", "tòa nhà", "toà nhà", "trung tâm", "học viện",
    "cung văn hóa", "cung văn hoá", "nhà thi đấu", "sân vận động", "hội trường", "tượng đài", "lăng", "quảng trường",
    "khu công nghiệp", "kcn", "ga", "bến xe", "sân bay") +
    r"|tp\.?|street|st\.|district|ward|\d+[a-z]?(?:/\d+[a-z]?)*)(?:\s+[A-Z]{2,6})?\s*$", re.I)
_NOT_PERSON_AFTER = re.compile(r"\s*(?:Street|St\b|Road|Ward|District|City|Province|Bridge|School|University|"
                               r"Hospital|Company|Bank|Group|Corporation|JSC|Co\b)")


class PersonRecognizer(VnRegexRecognizer):
    """Vietnamese and English person names without NER (surname list, titles, honorifics and role cues)."""

    ENTITY = PERSON
    CONTEXT = _ctx("đồng chí", "đ/c", "ông", "bà", "anh", "chị", "em", "đoàn viên", "đảng viên", "cán bộ",
                   "công nhân", "người lao động", "họ tên", "họ và tên", "Mr", "Mrs", "Ms", "Dr", "employee", "member")

    def analyze(self, text, entities, nlp_artifacts=None):
        if entities and PERSON not in entities:
            return []
        folded, out = mfold(text), []
        for run in _RUN.finditer(folded):
            out.extend(self._run(text, folded, run))
        for m in _SPEAKER.finditer(folded):  # "[10:42] Chị Hạnh: …", "[09:02] Hùng Tổ 4: …" (a pasted chat)
            who = text[m.start("who"):m.end("who")]
            words = [w for w in re.finditer(r"\S+", who)]
            while words and fold(words[0].group()).lower() in _SPEAKER_ROLE:
                words = words[1:]  # "Thủ quỹ Nga": the role before the name
            if words and fold(words[0].group()).lower() in _HONORIFIC and len(words) > 1:
                words = words[1:]  # "Chị Hạnh"
            keep = []
            for k, w in enumerate(words):
                pair = " ".join(x.group() for x in words[k:k + 2]).lower()
                if (not w.group()[:1].isupper() or w.group().lower() in _SPEAKER_STOP or pair in _SPEAKER_STOP
                        or not w.group().strip("(),").isalpha()):
                    break
                keep.append(w)
            if keep:
                s0, e0 = m.start("who") + keep[0].start(), m.start("who") + keep[-1].end()
                out.append(self.result(s0, e0, 0.7, "chat"))
        for run in _CAPS.finditer(folded):  # "Họ và tên: NGUYỄN VĂN AN", a signature, a row of a member list
            first = text[run.start():run.start() + len(run.group(0).split(" ")[0])]
            rest = run.group(0).lower().split(" ")[1:]
            if (run.group(0).split(" ")[0].lower() not in _SUR_FOLD or _PHRASE.match(folded, run.start())
                    or (not first.isascii() and first not in _SURNAMES_UPPER) or any(w in _NOT_IN_CAPS_NAME for w in rest)):
                continue  # "KHÔNG PHỔ BIẾN" is not Khổng; "HO TEN", "DANG VIEN" are headers
            if _cued(folded, run.start()):
                out.append(self.result(run.start(), run.end(), 0.85, "cue"))
            elif _in_cell(folded, run.start(), run.end()):
                out.append(self.result(run.start(), run.end(), 0.7, "list"))
            elif 3 <= len(rest) + 1 <= 4 and all(_SYL.fullmatch(fold(w)) for w in rest):
                out.append(self.result(run.start(), run.end(), 0.6, None))  # "chủ TK NGUYEN THI HOA"
        return out

    def _run(self, text, folded, run):
        syl = [(m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\S+", run.group(0))]
        before = folded[max(0, run.start() - 30):run.start()]
        if len(syl) >= 2 and folded[syl[0][0]:syl[0][1]].lower() in _HONORIFIC:  # "Anh Tuấn", "Ông Nguyễn …"
            before, syl = before + folded[syl[0][0]:syl[1][0]], syl[1:]
        while (len(syl) >= 3 and folded[syl[0][0]:syl[0][1]].lower() not in _SUR_FOLD
               and _SENTENCE_START.search(folded, max(0, syl[0][0] - 4), syl[0][0])):
            before, syl = before + folded[syl[0][0]:syl[1][0]], syl[1:]  # "Tôi Lý Thị Kim Thoa": "Tôi" opens a sentence
        if _TITLE.search(before):
            return [self.result(syl[0][0], syl[min(5, len(syl)) - 1][1], 0.85, "title")]
        cued = bool(_VI_CUE.search(before) or _EN_CUE.search(before))
        cell = _in_cell(folded, run.start(), run.end())
        marked = any(text[a:b] in ("Thị", "Văn", "Nữ") for a, b in syl[1:3])  # "Nguyễn Thị Ngọc Minh Châu"
        if len(syl) > (5 if cell or marked else 4) and not cued:
            return []  # a Title Case Heading, not a name
        i, out = 0, []
        while i < len(syl):
            s, e = syl[i]
            j = i + 1
            thi = i + 2 < len(syl) and text[syl[i + 1][0]:syl[i + 1][1]] == "Thị" and not text[s:e].isascii()
            if (((folded[s:e].lower() in _SUR_FOLD and (text[s:e] in SURNAMES or text[s:e].isascii())) or thi)
                    and not _PHRASE.match(folded, s) and not _NOT_PERSON_BEFORE.search(folded[max(0, s - 30):s])):
                while j < len(syl) and j - i <= 4 and self._given(text, folded, *syl[j]):
                    j += 1
            n, end = j - i - 1, syl[j - 1][1]
            if n == 0:
                i += 1
                continue
            cue, ascii_only = _cued(folded, s), text[s:end].isascii()
            if _NOT_PERSON_AFTER.match(folded, end) or (ascii_only and n == 1 and not cue):
                i += 1  # not a surname, or "Can Tho", "On May": too weak without diacritics
                continue
            score = 0.85 if cue else (0.6 if n >= 2 else 0.4 - (0.1 if ascii_only else 0))
            out.append(self.result(s, end, score, "cue" if cue else None))
            i = j
        first, (s, e) = folded[syl[0][0]:syl[0][1]].lower(), (syl[0][0], syl[-1][1])
        if out or len(syl) > 3 or first in _NON_NAME or _PHRASE.match(folded, s) or _NOT_PERSON_AFTER.match(folded, e):
            return out
        kin = _KIN_CUE.search(before)
        if kin and _PLACE_AFTER_CUE.search(folded, max(0, s - 14), e):
            return []  # "Bắc Ninh", "Đông Anh, Sóc Sơn", "Bà Huyện Thanh Quan": places
        if kin and not _capitalised_mid_sentence(text, run.start() - len(before) + kin.start() + 1, before[kin.start():]):
            return [self.result(s, e, 0.65, "cue")]  # "chị Lan", "anh Tuấn", "em trai Hưng" (not "… Mai Anh Ngày")
        if _VI_CUE.search(before):  # "Trưởng ban Dân vận": after a role, a lone capitalised word is rarely a name
            return [self.result(s, e, 0.55, "cue")]
        if len(syl) >= 2 and _EN_CUE.search(before) and not any(folded[a:b].lower() in _EN_STOP for a, b in syl):
            return [self.result(s, e, 0.6, "cue")]  # "employee Jane Doe"
        return []

    @staticmethod
    def _given(text, folded, s, e) -> bool:
        word = folded[s:e].lower()
        if word in _NOT_GIVEN:
            return False
        plain = fold(text[s:e]).lower()
        return not text[s:e].isascii() or (plain not in _EN_STOP and bool(_SYL.fullmatch(plain)))


_CELL_BEFORE = re.compile(r"(?:^|\n|\||\t|;|^\s*\d{1,4}[.)]|\n\s*\d{1,4}[.)]|\n\s*[-*•+])\s*$")
_CELL_AFTER = re.compile(r"\s*(?:$|\n|\||\t|;|,|\(|[-–—:]\s)")


_PLACE_AFTER_CUE = re.compile(r"(?<![a-z])" + kw(
    "bắc ninh", "bắc giang", "bắc kạn", "bắc cạn", "bạc liêu", "bà rịa", "bà huyện thanh quan", "bà triệu", "ba đình",
    "ba vì", "đông anh", "cô tô", "ông ích khiêm", "bà chiểu", "bà điểm", "con cuông", "cô giang", "cô bắc",
    "chú ía", "em bé") + r"(?![a-z])", re.I)


def _capitalised_mid_sentence(text: str, pos: int, cue: str) -> bool:
    """The cue word at `pos` is written with a capital inside a sentence: the end of a name ("Mai Anh"), not "anh"."""
    i = pos
    while i < len(text) and not text[i].isalpha():
        i += 1
    if i >= len(text) or not text[i].isupper():
        return False
    j = i - 1
    while j >= 0 and text[j] in " \t\u00a0":
        j -= 1
    return j >= 0 and text[j] not in ".!?:;\n([\"'“-–—•*|"

_SPEAKER = re.compile(r"(?m)^[ \t]*\[\d{1,2}:\d{2}(?::\d{2})?(?:[ ]?[APap][Mm])?\][ \t]*(?P<who>[^\n:\[\]]{1,40}?)"
                      r"[ \t]*:")
_SPEAKER_STOP = {"tổ", "ban", "phòng", "xưởng", "cđ", "cđcs", "hr", "team", "admin", "ca", "chuyền", "đội", "nhóm",
                 "kho", "nhân sự", "y tế", "kế toán", "bảo vệ", "công đoàn", "văn phòng", "tuyên giáo", "nữ công",
                 "lái xe", "to", "phong", "ke toan", "y te", "nhan su", "(bwv)"}  # the team after a speaker's name
_SPEAKER_ROLE = set(forms(*"thủ quỹ trưởng phó tổ kế chủ tịch giám đốc thư ký admin".split()))
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\]\)]\s*|\t)$")


def _in_cell(folded: str, start: int, end: int) -> bool:
    """The span fills a cell: a line, a list item, a table or CSV field (what a member list is made of)."""
    return bool(_CELL_BEFORE.search(folded, max(0, start - 12), start) and _CELL_AFTER.match(folded, end))


def _cued(folded: str, start: int) -> bool:
    before = folded[max(0, start - 30):start]
    return bool(_VI_CUE.search(before) or _EN_CUE.search(before))


class NlpPersonRecognizer(VnRegexRecognizer):
    """PERSON spans from the NLP engine's NER (nothing with the blank pipelines; a site's real model fills it)."""

    ENTITY = PERSON

    def analyze(self, text, entities, nlp_artifacts=None):
        if nlp_artifacts is None or not nlp_artifacts.entities or (entities and PERSON not in entities):
            return []
        return [self.result(ent.start_char, ent.end_char, score, "ner")
                for ent, score in zip(nlp_artifacts.entities, nlp_artifacts.scores or [])
                if ent.label_ in (PERSON, "PER")]
