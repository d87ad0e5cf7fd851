"""Every content format as a pydantic model, with its limits.

Citation convention (shared by the model path, the offline composer and the grounding check):
every sentence in a text field that states something from the sources ends with one or more markers
`[S1]`, `[S2]`… naming the source passages handed to the composer, in the order they were given (S1 =
first passage); greetings, calls to action and closing sentences that state nothing checkable carry none.
A `Draft` maps the markers to passages.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

MARKER_RE = re.compile(r"\s*\[(S\d+(?:\s*,\s*S\d+)*)\]")


def strip_markers(text: str) -> str:
    return MARKER_RE.sub("", text).strip()


def markers_in(text: str) -> list[str]:
    out: list[str] = []
    for group in MARKER_RE.findall(text):
        out += [m.strip() for m in group.split(",")]
    return out


def used_markers(content) -> set[str]:
    """Every marker a dumped draft cites: inline `[Sn]` in any text, and `source` fields (quiz, infographic)."""
    found: set[str] = set()
    if isinstance(content, str):
        found.update(markers_in(content))
    elif isinstance(content, dict):
        for key, value in content.items():
            if key == "source" and isinstance(value, str):
                found.add(value.strip("[] "))
            else:
                found |= used_markers(value)
    elif isinstance(content, list):
        for value in content:
            found |= used_markers(value)
    return found


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", strip_markers(text)))


class FormatName(str, Enum):
    article = "article"
    news_brief = "news_brief"
    social_post = "social_post"
    zalo_message = "zalo_message"
    newsletter = "newsletter"
    talking_points = "talking_points"
    quiz = "quiz"
    video_script = "video_script"
    infographic_brief = "infographic_brief"


class ArticleSection(BaseModel):
    heading: str
    paragraphs: list[str] = Field(min_length=1)


class Article(BaseModel):
    headline: str
    lead: str
    sections: list[ArticleSection] = Field(min_length=1)
    closing: str

    def texts(self) -> list[str]:
        return [self.lead, *[p for s in self.sections for p in s.paragraphs], self.closing]

    def limits(self) -> list[str]:
        n = sum(word_count(t) for t in self.texts())
        return [] if 400 <= n <= 800 else [f"article body has {n} words (400–800)"]


class NewsBrief(BaseModel):
    headline: str
    paragraphs: list[str] = Field(min_length=1)

    def texts(self) -> list[str]:
        return list(self.paragraphs)

    def limits(self) -> list[str]:
        n = sum(word_count(t) for t in self.paragraphs)
        return [] if 120 <= n <= 200 else [f"news brief has {n} words (120–200)"]


class SocialPost(BaseModel):
    text: str
    call_to_action: str
    hashtags: list[str] = Field(min_length=2, max_length=4)

    @field_validator("hashtags")
    @classmethod
    def _hash(cls, tags: list[str]) -> list[str]:
        return ["#" + t.lstrip("#").replace(" ", "") for t in tags]

    def texts(self) -> list[str]:
        return [self.text]

    def limits(self) -> list[str]:
        n = word_count(self.text) + word_count(self.call_to_action)
        return [] if n <= 120 else [f"social post has {n} words (≤ 120)"]


class ZaloMessage(BaseModel):
    text: str

    def texts(self) -> list[str]:
        return [self.text]

    def limits(self) -> list[str]:
        out = []
        if word_count(self.text) > 80:
            out.append(f"Zalo message has {word_count(self.text)} words (≤ 80)")
        if re.search(r"(\*\*|__|^#|^\s*[-*] )", self.text, re.M):
            out.append("Zalo message contains Markdown")
        return out


class Newsletter(BaseModel):
    title: str
    paragraphs: list[str] = Field(min_length=2, max_length=3)

    def texts(self) -> list[str]:
        return list(self.paragraphs)

    def limits(self) -> list[str]:
        return []


class TalkingPoints(BaseModel):
    title: str
    points: list[str] = Field(min_length=5, max_length=7)

    def texts(self) -> list[str]:
        return list(self.points)

    def limits(self) -> list[str]:
        from studio.knowledge.textnorm import sentence_spans

        long = [p for p in self.points if len(sentence_spans(strip_markers(p))) > 1]
        return [f"{len(long)} talking point(s) longer than one sentence"] if long else []


class QuizQuestion(BaseModel):
    question: str
    options: list[str] = Field(min_length=4, max_length=4)
    correct: int = Field(ge=0, le=3)
    explanation: str
    source: str  # marker of the passage that proves the answer, e.g. "S2"

    @model_validator(mode="after")
    def _distinct_options(self) -> "QuizQuestion":
        if len({o.strip().lower() for o in self.options}) != 4:
            raise ValueError("the four options must differ")
        return self


class Quiz(BaseModel):
    title: str
    questions: list[QuizQuestion] = Field(min_length=1)

    def texts(self) -> list[str]:
        return [q.explanation for q in self.questions]

    def limits(self) -> list[str]:
        return []


class Scene(BaseModel):
    on_screen_text: str
    narration: str
    duration_s: float = Field(gt=0, le=30)


class VideoScript(BaseModel):
    title: str
    scenes: list[Scene] = Field(min_length=4, max_length=10)

    def texts(self) -> list[str]:
        return [s.narration for s in self.scenes]

    def limits(self) -> list[str]:
        out = []
        total = sum(s.duration_s for s in self.scenes)
        if not 15 <= total <= 90:
            out.append(f"video lasts {total:.0f} s (15–90)")
        long = [s for s in self.scenes if word_count(s.on_screen_text) > 12]
        if long:
            out.append(f"{len(long)} scene(s) with more than 12 words on screen")
        return out


class InfographicItem(BaseModel):
    value: str  # a figure or a date, as it should be printed
    label: str
    source: str  # marker, e.g. "S1"


class InfographicBrief(BaseModel):
    title: str
    kind: Literal["key_figures", "timeline"] = "key_figures"
    items: list[InfographicItem] = Field(min_length=3, max_length=6)

    def texts(self) -> list[str]:
        return [f"{i.value} {i.label} [{i.source}]" for i in self.items]

    def limits(self) -> list[str]:
        return []


FORMAT_MODELS: dict[str, type[BaseModel]] = {
    FormatName.article.value: Article,
    FormatName.news_brief.value: NewsBrief,
    FormatName.social_post.value: SocialPost,
    FormatName.zalo_message.value: ZaloMessage,
    FormatName.newsletter.value: Newsletter,
    FormatName.talking_points.value: TalkingPoints,
    FormatName.quiz.value: Quiz,
    FormatName.video_script.value: VideoScript,
    FormatName.infographic_brief.value: InfographicBrief,
}

AUDIENCES = ("members", "young_employees", "leaders")
TONES = ("formal", "warm")
LENGTHS = ("short", "standard", "long")
