"""The house style as data: organisation name, terminology, number and date rules, greetings per audience.

`StyleGuide` is what `<data dir>/style.yaml` holds (the shipped `default.yaml` has the same keys). Nothing
here reads files or imports from the rest of the studio, so drafting, media and the UI can all use it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

LANGS = ("vi", "en")
AUDIENCES = ("members", "young_employees", "leaders")
Lang = Literal["vi", "en"]
Severity = Literal["warn", "info"]


class LangText(BaseModel):
    """One text per language; an empty English text falls back to the Vietnamese one where that makes sense."""

    model_config = ConfigDict(extra="forbid")
    vi: str = ""
    en: str = ""

    @field_validator("vi", "en", mode="before")
    @classmethod
    def _text(cls, value):
        return "" if value is None else value

    @field_validator("vi", "en")
    @classmethod
    def _strip(cls, value: str) -> str:
        return " ".join(value.split())

    def get(self, lang: str, fallback: bool = True) -> str:
        own = getattr(self, lang, "") if lang in LANGS else ""
        return own or (self.vi or self.en if fallback else "")


class Term(BaseModel):
    """One line of the terminology table.

    kind: `spelling` — the forbidden forms are wrong, write `preferred`; `abbreviation` — the forbidden forms
    are abbreviations that must be spelled out (“công đoàn cơ sở (CĐCS)”) before they are used;
    `capitalisation` — a title written with a capital when a name or an organisation follows it.
    case: `exact` — the preferred form in another case (not ALL CAPS) or without its diacritics is flagged too;
    `any` — only missing diacritics are flagged.
    """

    model_config = ConfigDict(extra="forbid")
    preferred: str = Field(min_length=1)
    forbidden: list[str] = Field(default_factory=list)
    kind: Literal["spelling", "abbreviation", "capitalisation"] = "spelling"
    case: Literal["exact", "any"] = "any"
    lang: Literal["vi", "en", "any"] = "vi"
    severity: Severity = "warn"
    note: LangText = Field(default_factory=LangText)

    @field_validator("preferred")
    @classmethod
    def _preferred(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise PydanticCustomError("string_too_short", "empty preferred term")
        return value

    @field_validator("forbidden", mode="before")
    @classmethod
    def _forbidden(cls, value):
        if value is None:
            return []
        if isinstance(value, str):  # the admin table holds them as "a; b; c"
            value = value.split(";")
        return [" ".join(str(v).split()) for v in value if str(v).strip()]

    @model_validator(mode="after")
    def _sane(self) -> Term:
        if self.kind == "abbreviation" and not self.forbidden:
            raise PydanticCustomError("style_abbreviation_empty", "abbreviation term {term!r} lists no abbreviation",
                                      {"term": self.preferred})
        if self.preferred in self.forbidden:
            raise PydanticCustomError("style_both", "{term!r} is both preferred and forbidden", {"term": self.preferred})
        return self

    def applies_to(self, lang: str) -> bool:
        return self.lang in ("any", lang)


class NumberRules(BaseModel):
    """How one language writes numbers and dates."""

    model_config = ConfigDict(extra="forbid")
    thousands: Literal[".", ",", " "]
    decimal: Literal[".", ","]
    date_example: str = ""
    percent_example: str = ""
    check_dates: bool = True

    @model_validator(mode="after")
    def _distinct(self) -> NumberRules:
        if self.thousands == self.decimal:
            raise PydanticCustomError("style_same_separator", "thousands and decimal separators are both {sep!r}",
                                      {"sep": self.decimal})
        return self


class Salutation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    greeting: LangText = Field(default_factory=LangText)
    signoff: LangText = Field(default_factory=LangText)


def _default_numbers() -> dict[str, NumberRules]:
    return {"vi": NumberRules(thousands=".", decimal=",", date_example="ngày 22/12/2024", percent_example="87,5%"),
            "en": NumberRules(thousands=",", decimal=".", date_example="22 December 2024", percent_example="87.5%")}


class StyleGuide(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organisation: LangText = Field(default_factory=LangText)
    terms: list[Term] = Field(default_factory=list)
    party_document_numbers: bool = True  # “57-NQ/TW”, not “57/NQ-TW”: checked for every number, not only listed ones
    numbers: dict[Lang, NumberRules] = Field(default_factory=_default_numbers)
    honorifics: list[LangText] = Field(default_factory=list)
    audiences: dict[Literal["members", "young_employees", "leaders"], Salutation] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> StyleGuide:
        missing = [lang for lang in LANGS if lang not in self.numbers]
        if missing:
            raise PydanticCustomError("style_numbers_missing", "numbers: no rules for {langs}", {"langs": ", ".join(missing)})
        seen: dict[str, str] = {}
        for term in self.terms:
            for form in term.forbidden:
                key = form.casefold()
                if key in seen and seen[key] != term.preferred:
                    raise PydanticCustomError("style_forbidden_twice", "{form!r} is forbidden for both {a!r} and {b!r}",
                                              {"form": form, "a": seen[key], "b": term.preferred})
                seen[key] = term.preferred
        return self

    # ------------------------------------------------------------ what the composer calls

    def organisation_name(self, lang: str) -> str:
        """The organisation's name in `lang` (else its Vietnamese name); "" when the site has not set one."""
        return self.organisation.get(lang)

    def greeting(self, lang: str, audience: str = "members") -> str:
        return self._salutation(audience).greeting.get(lang, fallback=False)

    def signoff(self, lang: str, audience: str = "members") -> str:
        return self._salutation(audience).signoff.get(lang, fallback=False)

    def _salutation(self, audience: str) -> Salutation:
        if audience not in AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}; one of {', '.join(AUDIENCES)}")
        return self.audiences.get(audience) or self.audiences.get("members") or Salutation()

    def terms_for(self, lang: str) -> list[Term]:
        return [t for t in self.terms if t.applies_to(lang)]

