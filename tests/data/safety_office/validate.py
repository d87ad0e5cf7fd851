"""Validate the safety-gate evaluation sets in this folder and print counts.

Usage:  .venv/bin/python tests/data/safety_office/validate.py [file.yaml ...]

Without arguments every *.yaml file next to this script is checked
(office.yaml = o-ids, official.yaml = n-ids, ...). Exit status 1 when an
error is found. Warnings are printed but do not fail.
"""
from __future__ import annotations

import collections
import re
import sys
import unicodedata
from pathlib import Path

import yaml

TYPES = {
    "PERSON", "PHONE_NUMBER", "VN_CCCD", "VN_CMND", "PASSPORT", "VN_TAX_CODE",
    "VN_SOCIAL_INSURANCE", "BANK_ACCOUNT", "CREDIT_CARD", "EMAIL_ADDRESS",
    "STREET_ADDRESS", "DATE_OF_BIRTH", "VEHICLE_PLATE", "CONFIDENTIAL_MARKING",
    "SENSITIVE_RECORD", "PROMPT_INJECTION",
}
BLOCKING_RISK = {"CONFIDENTIAL_MARKING", "SENSITIVE_RECORD", "PROMPT_INJECTION"}
GENRES = {
    "member_list", "csv_export", "complaint", "minutes", "benefit_request",
    "salary_table", "zalo_paste", "email_signature", "news_draft", "form",
    "chat_injection", "web_paste",
}
EVASIONS = {
    "none", "nfd", "fullwidth", "zero_width", "split_digits", "line_break",
    "caps_nodiac", "obfuscated_email", "number_words", "csv", "table",
    "title_kinship", "long_name", "rare_surname", "sn_ns", "bank_short",
    "injection_paraphrase", "injection_hidden", "injection_leet",
    "injection_encoded", "cccd_variants", "mixed",
}
INJECTION_EVASIONS = {"injection_paraphrase", "injection_hidden", "injection_leet",
                      "injection_encoded"}
REQUIRED = ("id", "lang", "diacritics", "text", "expect", "split", "should_block")
KNOWN_KEYS = set(REQUIRED) | {"genre", "evasion", "allowed", "note", "source"}
# id prefix expected per file (other files: any lower-case letter prefix)
ID_PREFIX = {"office.yaml": "o", "official.yaml": "n"}

# coverage targets for office.yaml (brief of the set)
TARGETS = [
    ("split_digits", ("split_digits",), 40),
    ("zero_width", ("zero_width",), 40),
    ("fullwidth", ("fullwidth",), 40),
    ("caps_nodiac", ("caps_nodiac",), 40),
    ("csv/table", ("csv", "table"), 40),
    ("title_kinship", ("title_kinship",), 25),
    ("obfuscated_email", ("obfuscated_email",), 25),
    ("number_words", ("number_words",), 25),
    ("line_break", ("line_break",), 25),
    ("injection (all kinds)", tuple(sorted(INJECTION_EVASIONS)), 40),
    ("sn_ns+bank_short+cccd_variants", ("sn_ns", "bank_short", "cccd_variants"), 30),
    ("long_name+rare_surname", ("long_name", "rare_surname"), 25),
]


def has_vi_diacritics(text: str) -> bool:
    for ch in text:
        if ch in "đĐ":
            return True
        if any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", ch)):
            return True
    return False


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, where: str, msg: str) -> None:
        self.errors.append(f"ERROR   {where}: {msg}")

    def warn(self, where: str, msg: str) -> None:
        self.warnings.append(f"warning {where}: {msg}")


def check_spans(rep: Report, where: str, item: dict, key: str) -> list[dict]:
    spans = item.get(key)
    if spans is None:
        return []
    if not isinstance(spans, list):
        rep.err(where, f"{key} must be a list")
        return []
    text = item.get("text") if isinstance(item.get("text"), str) else ""
    good = []
    for k, e in enumerate(spans):
        w = f"{where} {key}[{k}]"
        if not isinstance(e, dict):
            rep.err(w, "entry must be a mapping {type, text}")
            continue
        extra = set(e) - {"type", "text", "public"}
        if extra:
            rep.err(w, f"unknown keys {sorted(extra)}")
        t, s = e.get("type"), e.get("text")
        if t not in TYPES:
            rep.err(w, f"unknown type {t!r}")
        if not isinstance(s, str) or not s:
            rep.err(w, "text must be a non-empty string")
            continue
        if s not in text:
            rep.err(w, f"text {s!r} is not a substring of the item text")
        if s != s.strip():
            rep.warn(w, f"span has leading/trailing whitespace: {s!r}")
        if "public" in e:
            if e["public"] is not True:
                rep.err(w, "public must be true when present")
            if t != "PERSON":
                rep.err(w, "public is only used on PERSON entries")
            if key == "allowed":
                rep.err(w, "public is not used in allowed entries")
        good.append(e)
    return good


def check_item(rep: Report, fname: str, idx: int, item: object, seen: dict) -> dict | None:
    where = f"{fname}#{idx}"
    if not isinstance(item, dict):
        rep.err(where, "item must be a mapping")
        return None
    iid = item.get("id")
    if isinstance(iid, str):
        where = f"{fname}:{iid}"
    for k in REQUIRED:
        if k not in item:
            rep.err(where, f"missing field {k!r}")
    for k in set(item) - KNOWN_KEYS:
        rep.warn(where, f"unknown field {k!r}")
    if not isinstance(iid, str) or not re.fullmatch(r"[a-z]\d{3,}", iid):
        rep.err(where, f"bad id {iid!r}")
    else:
        prefix = ID_PREFIX.get(fname)
        if prefix and not iid.startswith(prefix):
            rep.err(where, f"ids in {fname} start with {prefix!r}")
        if iid in seen:
            rep.err(where, f"duplicate id (also in {seen[iid]})")
        seen[iid] = fname
    if item.get("lang") not in ("vi", "en"):
        rep.err(where, f"lang must be vi or en, got {item.get('lang')!r}")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        rep.err(where, "text must be a non-empty string")
        text = ""
    dia = item.get("diacritics")
    if not isinstance(dia, bool):
        rep.err(where, "diacritics must be true/false")
    elif item.get("lang") == "en" and dia is not True:
        rep.err(where, "diacritics is always true for en")
    elif item.get("lang") == "vi" and dia is False and has_vi_diacritics(text):
        rep.err(where, "diacritics: false but the text contains Vietnamese diacritics")
    elif item.get("lang") == "vi" and dia is True and not has_vi_diacritics(text):
        rep.warn(where, "diacritics: true but no Vietnamese diacritic in the text")
    if item.get("split") not in ("dev", "test"):
        rep.err(where, f"split must be dev or test, got {item.get('split')!r}")
    if not isinstance(item.get("should_block"), bool):
        rep.err(where, "should_block must be true/false")
    genre = item.get("genre")
    if genre is not None and not isinstance(genre, str):
        rep.err(where, "genre must be a string")
    if fname == "office.yaml" or (isinstance(iid, str) and iid.startswith("o")):
        if genre not in GENRES:
            rep.err(where, f"genre must be one of the office genres, got {genre!r}")
    ev = item.get("evasion", [])
    if not isinstance(ev, list) or not all(isinstance(x, str) for x in ev):
        rep.err(where, "evasion must be a list of strings")
        ev = []
    for x in ev:
        if x not in EVASIONS:
            rep.err(where, f"unknown evasion {x!r}")
    if "none" in ev and len(ev) > 1:
        rep.err(where, "evasion 'none' combined with other values")
    if len(set(ev)) != len(ev):
        rep.err(where, "duplicate evasion values")
    if "note" in item and not isinstance(item["note"], str):
        rep.err(where, "note must be a string")
    if "expect" in item and not isinstance(item["expect"], list):
        rep.err(where, "expect must be a list ([] for hard negatives)")
    expect = check_spans(rep, where, item, "expect")
    allowed = check_spans(rep, where, item, "allowed")
    # consistency of should_block with the gold (judgement -> warning only)
    if isinstance(item.get("should_block"), bool):
        blocking = [e for e in expect
                    if e.get("type") != "PERSON" and not e.get("public")]
        if item["should_block"] and not blocking:
            rep.warn(where, "should_block: true but only PERSON/public gold entries")
        if not item["should_block"] and blocking:
            rep.warn(where, "should_block: false with non-PERSON private gold entries: "
                     + ", ".join(sorted({e['type'] for e in blocking})))
    # cheap sanity checks on evasion labels vs. text
    if "zero_width" in ev and not re.search("[\u200b\u200c\u200d\u2060\u00ad]", text):
        rep.warn(where, "evasion zero_width but no zero-width character in text")
    if "fullwidth" in ev and not re.search("[\uff01-\uff5e]", text):
        rep.warn(where, "evasion fullwidth but no full-width character in text")
    if "nfd" in ev and unicodedata.normalize("NFC", text) == text:
        rep.warn(where, "evasion nfd but the text is already NFC")
    if ev and not (set(ev) & INJECTION_EVASIONS) and any(
            e.get("type") == "PROMPT_INJECTION" for e in expect):
        rep.warn(where, "PROMPT_INJECTION gold but no injection_* evasion label")
    return {"file": fname, "id": iid, "genre": genre or "-", "lang": item.get("lang"),
            "diacritics": item.get("diacritics"), "split": item.get("split"),
            "should_block": item.get("should_block"), "evasion": ev or ["none"],
            "expect": expect, "allowed": allowed}


def table(title: str, counter: dict, by_split: dict | None = None) -> None:
    print(f"\n{title}")
    for k in sorted(counter, key=lambda x: (-counter[x], str(x))):
        extra = ""
        if by_split is not None:
            d, t = by_split[k].get("dev", 0), by_split[k].get("test", 0)
            extra = f"   dev {d:4d}  test {t:4d}"
        print(f"  {str(k):34s}{counter[k]:5d}{extra}")


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    files = [Path(a) for a in argv] if argv else sorted(here.glob("*.yaml"))
    rep = Report()
    seen: dict = {}
    rows: list[dict] = []
    for path in files:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except Exception as exc:  # noqa: BLE001 - report any YAML error
            rep.err(path.name, f"cannot load YAML: {exc}")
            continue
        if not isinstance(data, list):
            rep.err(path.name, "top level must be a list of items")
            continue
        for i, item in enumerate(data):
            r = check_item(rep, path.name, i, item, seen)
            if r:
                rows.append(r)

    for w in rep.warnings:
        print(w)
    for e in rep.errors:
        print(e)

    for fname in [p.name for p in files]:
        rs = [r for r in rows if r["file"] == fname]
        if not rs:
            continue
        print(f"\n================ {fname}: {len(rs)} items")
        split = collections.Counter(r["split"] for r in rs)
        print("split:", dict(sorted(split.items())))
        print("lang:", dict(collections.Counter(r["lang"] for r in rs)),
              " diacritics false:", sum(1 for r in rs if r["diacritics"] is False))
        blk = collections.Counter((r["split"], r["should_block"]) for r in rs)
        print("should_block true/false:",
              sum(1 for r in rs if r["should_block"]), "/",
              sum(1 for r in rs if r["should_block"] is False),
              " by split:", {f"{s}:{'block' if b else 'pass'}": n
                             for (s, b), n in sorted(blk.items(), key=str)})
        g = collections.Counter(r["genre"] for r in rs)
        gs = collections.defaultdict(collections.Counter)
        for r in rs:
            gs[r["genre"]][r["split"]] += 1
        table("genre", g, gs)
        ev = collections.Counter(x for r in rs for x in r["evasion"])
        es = collections.defaultdict(collections.Counter)
        for r in rs:
            for x in r["evasion"]:
                es[x][r["split"]] += 1
        table("evasion (items carrying the label)", ev, es)
        ty = collections.Counter(e["type"] + (" (public)" if e.get("public") else "")
                                 for r in rs for e in r["expect"])
        ts = collections.defaultdict(collections.Counter)
        for r in rs:
            for e in r["expect"]:
                ts[e["type"] + (" (public)" if e.get("public") else "")][r["split"]] += 1
        table("expected spans by type", ty, ts)
        al = collections.Counter(e["type"] for r in rs for e in r["allowed"])
        if al:
            table("allowed spans by type", al)
        if fname == "office.yaml":
            for kind, per in (("genre", gs), ("evasion", es)):
                for k, c in per.items():
                    if min(c.get("dev", 0), c.get("test", 0)) == 0:
                        msg = f"{kind} {k!r} occurs in one split only"
                        rep.err(fname, msg)
                        print(f"ERROR   {fname}: {msg}")
        if fname == "office.yaml":
            print("\ncoverage targets")
            for label, keys, need in TARGETS:
                n = sum(1 for r in rs if set(r["evasion"]) & set(keys))
                flag = "ok" if n >= need else "BELOW TARGET"
                print(f"  {label:34s}{n:5d}  (>= {need})  {flag}")
            n = sum(1 for r in rs if r["should_block"] is False)
            print(f"  {'should_block: false':34s}{n:5d}  (~40)")
            n = sum(1 for r in rs if r["lang"] == "en")
            print(f"  {'English':34s}{n:5d}  ({100 * n / len(rs):.1f}%, ~15%)")

    print(f"\n{len(rows)} items in {len(files)} file(s); "
          f"{len(rep.errors)} error(s), {len(rep.warnings)} warning(s)")
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
