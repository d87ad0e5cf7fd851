"""Prompts as files: `prompts/<format>.<lang>.md`, YAML front matter then a `string.Template` body.

Front matter (all but `limits` required)::

    ---
    id: article.vi            # == f"{format}.{lang}" == file name without ".md"
    version: 1
    format: article           # a key of FORMAT_MODELS
    lang: vi                  # vi | en
    variables: [topic, audience, tone, length, sources, schema]
    limits: {words_min: 400, words_max: 800}
    ---

The body uses `$name` / `${name}` placeholders; `$$` is a literal dollar sign. Every placeholder
must be declared in `variables` and every declared variable must be one of KNOWN_VARIABLES.
Nothing is read at import time: call `load_prompts()` and keep the registry.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from studio.drafting.formats import FORMAT_MODELS
from studio.errors import StudioError

REPO_ROOT = Path(__file__).resolve().parents[2]
PROMPTS_DIR = REPO_ROOT / "prompts"
LANGS = ("vi", "en")
KNOWN_VARIABLES = frozenset(
    {"topic", "audience", "tone", "length", "sources", "schema", "n_questions", "lang_name"}
)
REQUIRED_KEYS = ("id", "version", "format", "lang", "variables")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def _display(path: Path) -> str:
    """A path as shown to people: relative to the repository when inside it."""
    try:
        return Path(path).resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def _malformed(path: Path, detail: str) -> StudioError:
    return StudioError("prompt_malformed", path=_display(path), detail=detail)


@dataclass(frozen=True)
class PromptTemplate:
    id: str
    version: int
    format: str
    lang: str
    variables: tuple[str, ...]
    limits: dict = field(hash=False)
    body: str
    path: Path

    def render(self, **values: object) -> str:
        """The body with every placeholder filled (`$$` becomes `$`); extra values are ignored."""
        try:
            return string.Template(self.body).substitute(values)
        except KeyError as err:
            raise _malformed(self.path, f"missing value for ${err.args[0]}") from None
        except ValueError as err:  # an invalid placeholder (only if built by hand, not loaded)
            raise _malformed(self.path, str(err)) from None

    def to_dict(self) -> dict:
        return {"id": self.id, "version": self.version, "format": self.format, "lang": self.lang,
                "variables": list(self.variables), "limits": dict(self.limits),
                "path": _display(self.path)}


class PromptRegistry:
    """The loaded templates, one per (format, lang)."""

    def __init__(self, templates: list[PromptTemplate], directory: Path) -> None:
        self.directory = Path(directory)
        self._by_key = {(t.format, t.lang): t for t in templates}

    def get(self, format: str, lang: str) -> PromptTemplate:
        fmt, lg = getattr(format, "value", format), getattr(lang, "value", lang)
        try:
            return self._by_key[(fmt, lg)]
        except KeyError:
            raise StudioError("prompt_missing", format=fmt, lang=lg,
                              directory=_display(self.directory)) from None

    def all(self) -> list[PromptTemplate]:
        return sorted(self._by_key.values(), key=lambda t: t.id)

    def to_list(self) -> list[dict]:
        """For `studio prompts list --json`."""
        return [t.to_dict() for t in self.all()]

    def __len__(self) -> int:
        return len(self._by_key)


def placeholders(body: str, path: Path, first_line: int = 1) -> list[str]:
    """The names used as `$name` / `${name}` in `body`, in order of first use; `$$` is skipped.
    An invalid placeholder (`$` not followed by a name, `$` or `{name}`) raises prompt_malformed
    naming its line in the file (`first_line` = the file line where the body starts)."""
    names: list[str] = []
    for m in string.Template.pattern.finditer(body):
        if m.group("invalid") is not None:
            line = body.count("\n", 0, m.start("invalid")) + 1
            text = body.splitlines()[line - 1].strip()
            raise _malformed(path, f"invalid placeholder on line {first_line + line - 1}: {text!r}"
                                   " (write $$ for a literal dollar sign)")
        name = m.group("named") or m.group("braced")
        if name and name not in names:
            names.append(name)
    return names


def _parse(path: Path) -> PromptTemplate:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _malformed(path, "not UTF-8 text") from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    m = _FRONT_MATTER.match(text)
    if not m:
        raise _malformed(path, "no YAML front matter between two '---' lines at the top")
    try:
        meta = yaml.safe_load(m.group(1) or "")
    except yaml.YAMLError as err:
        raise _malformed(path, f"front matter is not valid YAML ({' '.join(str(err).split())})") from None
    if not isinstance(meta, dict):
        raise _malformed(path, "front matter is not a mapping of keys to values")
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise _malformed(path, f"front matter lacks {', '.join(missing)}")

    pid, version, fmt, lang = meta["id"], meta["version"], meta["format"], meta["lang"]
    variables, limits = meta["variables"], meta.get("limits") or {}
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _malformed(path, f"version must be a whole number ≥ 1, not {version!r}")
    if fmt not in FORMAT_MODELS:
        raise _malformed(path, f"unknown format {fmt!r} (one of: {', '.join(FORMAT_MODELS)})")
    if lang not in LANGS:
        raise _malformed(path, f"unknown lang {lang!r} (one of: {', '.join(LANGS)})")
    if pid != f"{fmt}.{lang}":
        raise _malformed(path, f"id {pid!r} should be '{fmt}.{lang}'")
    if path.name != f"{pid}.md":
        raise _malformed(path, f"file name should be '{pid}.md' for id {pid!r}")
    if not isinstance(variables, list) or not all(isinstance(v, str) for v in variables):
        raise _malformed(path, "variables must be a list of names")
    if len(set(variables)) != len(variables):
        raise _malformed(path, "variables lists a name twice")
    if not isinstance(limits, dict):
        raise _malformed(path, "limits must be a mapping")

    rest = text[m.end():]
    body = rest.strip("\n")
    if not body.strip():
        raise _malformed(path, "the template body is empty")
    first_line = text.count("\n", 0, m.end() + len(rest) - len(rest.lstrip("\n"))) + 1
    used = placeholders(body, path, first_line)
    unknown = [v for v in [*variables, *used] if v not in KNOWN_VARIABLES]
    if unknown:
        raise StudioError("prompt_unknown_variable", path=_display(path),
                          names=", ".join(dict.fromkeys(unknown)), known=", ".join(sorted(KNOWN_VARIABLES)))
    undeclared = [v for v in used if v not in variables]
    if undeclared:
        raise StudioError("prompt_unknown_variable", path=_display(path), names=", ".join(undeclared),
                          known=", ".join(variables) or "—")
    return PromptTemplate(id=pid, version=version, format=fmt, lang=lang, variables=tuple(variables),
                          limits=dict(limits), body=body + "\n", path=path)


def load_prompts(directory: Path = PROMPTS_DIR) -> PromptRegistry:
    """Reads and checks every `*.md` in `directory`; each format needs both a vi and an en file."""
    directory = Path(directory)
    files = sorted(directory.glob("*.md")) if directory.is_dir() else []
    templates = [_parse(p) for p in files if p.is_file()]
    registry = PromptRegistry(templates, directory)
    for fmt in FORMAT_MODELS:
        for lang in LANGS:
            registry.get(fmt, lang)  # raises prompt_missing
    return registry
