"""What public media may say about sources: text without `[Sn]` markers, and the documents a card or video cites.

Markers such as `[S2]` are the editor's link between a sentence and a passage; a reader of a card or a video
cannot resolve them, so every text drawn, spoken as a caption or written into alt text and metadata goes
through `public_text`. The footer names the *documents* instead ("Nguồn: Nghị quyết 57-NQ/TW; Báo cáo …"):
`source_names(citations, markers)` gives their titles, deduplicated by document in the order the content first
cites them — the same titles, in the same order, as the numbered source list of the exported article
(`studio.publish.document.source_line` starts every entry with the title, falling back to the document id).

A spec or script says which documents it cites in one of two ways:

* `"sources"`: a list of document names (what `studio.media.service.spec_from_draft` writes; older specs
  wrote "S1, S3: title", whose marker prefix is dropped), or
* `"citations"`: the draft's `SourceRef` dumps (what `studio draft --json` prints); the names are then taken
  from the citations whose markers the content uses.
"""

from __future__ import annotations

import re
import unicodedata

SOURCE_LABELS = {"vi": ("Nguồn", "chưa ghi nguồn", "và {n} nguồn khác"),
                 "en": ("Sources", "no source given", "and {n} more")}
# a marker as the drafting code writes it, and looser forms a model or a person may type: [S 2], [S2-S4], [s3]
_LOOSE_MARKER = re.compile(r"\s*\[\s*[Ss]\s*\d+[^\[\]]{0,40}\]")
_MARKER_PREFIX = re.compile(r"^\s*\[?\s*S\d+(?:\s*[,;–-]\s*S\d+)*\s*\]?\s*[:：]\s*")
_CONTENT_KEYS = ("title", "subtitle", "items", "points", "quote", "attribution", "question", "options", "scenes")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?…)\]”])")


def public_text(text) -> str:
    """`text` as a reader may see it: every `[Sn]` marker removed, spaces tidied, letters in NFC."""
    from studio.drafting.formats import MARKER_RE

    text = unicodedata.normalize("NFC", str(text if text is not None else ""))
    text = _LOOSE_MARKER.sub("", MARKER_RE.sub("", text))
    lines = [_SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(line.split())) for line in text.split("\n")]
    return "\n".join(lines).strip()


def cited_markers(content) -> list[str]:
    """Every marker `content` cites (inline `[Sn]`, and `source` fields), in the order of first citation."""
    from studio.drafting.formats import markers_in

    found: list[str] = []

    def walk(value, key=None) -> None:
        if isinstance(value, str):
            if key == "source":
                found.extend(m.strip() for m in value.strip("[] ").split(",") if m.strip())
            else:
                found.extend(markers_in(value))
        elif isinstance(value, dict):
            for k, v in value.items():
                if k not in ("sources", "citations"):
                    walk(v, k)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v, key if key == "source" else None)

    walk(content)
    return list(dict.fromkeys(found))


def document_name(ref: dict) -> str:
    """A cited document's public name: its title, else its document id (as the bundle's source list)."""
    title = " ".join(unicodedata.normalize("NFC", str(ref.get("title") or "")).split())
    return title or " ".join(str(ref.get("doc_id") or "").split())


def source_names(citations, used_markers=None) -> list[str]:
    """The titles of the documents behind `used_markers` (all citations when None), one per document, in the
    order of `used_markers` when it is a list (else the citations' order)."""
    refs = [c if isinstance(c, dict) else c.model_dump() for c in citations or []]
    by_marker = {str(r.get("marker", "")).strip("[] "): r for r in refs}
    if used_markers is None:
        chosen = refs
    elif isinstance(used_markers, (list, tuple)):
        chosen = [by_marker[m] for m in used_markers if m in by_marker]
    else:
        chosen = [r for r in refs if str(r.get("marker", "")).strip("[] ") in used_markers]
    seen_docs: set[str] = set()
    names: list[str] = []
    for ref in chosen:
        name = document_name(ref)
        doc = str(ref.get("doc_id") or name)
        if not name or doc in seen_docs or name in names:
            continue
        seen_docs.add(doc)
        names.append(name)
    return names


def explicit_names(sources) -> list[str]:
    """Names written in a spec's "sources" list, without a leading "S1, S3:" and without markers."""
    if isinstance(sources, str):
        sources = [sources]
    out: list[str] = []
    for s in sources or []:
        name = public_text(_MARKER_PREFIX.sub("", str(s)))
        if name and not re.fullmatch(r"(?:S\d+[\s,;]*)+", name) and name not in out:
            out.append(name)
    return out


def spec_source_names(spec: dict) -> list[str]:
    """The documents a card spec or a video script cites: its "sources", else its "citations"."""
    if spec.get("sources"):
        return explicit_names(spec["sources"])
    if spec.get("citations"):
        content = {k: spec[k] for k in _CONTENT_KEYS if k in spec}  # not the grounding or notices of a draft dump
        return source_names(spec["citations"], cited_markers(content))
    return []


def sources_text(names: list[str], lang: str, shown: int | None = None, max_chars: int | None = None) -> str:
    """'Nguồn: A; B' — at most `shown` names (the rest counted), each cut to `max_chars` at a word."""
    label, none, more = SOURCE_LABELS.get(lang, SOURCE_LABELS["en"])
    if not names:
        return f"{label}: {none}"
    shown = len(names) if shown is None else max(1, shown)
    parts = [shorten(n, max_chars) for n in names[:shown]]
    rest = len(names) - len(parts)
    text = f"{label}: " + "; ".join(parts)
    return f"{text}; {more.format(n=rest)}" if rest > 0 else text


def shorten(name: str, max_chars: int | None) -> str:
    """`name` cut at a word to at most `max_chars` characters, ending with "…" when cut."""
    if max_chars is None or len(name) <= max_chars:
        return name
    words, out = name.split(), ""
    for w in words:
        if len(out) + len(w) + (1 if out else 0) > max_chars - 1:
            break
        out = f"{out} {w}" if out else w
    return (out or name[: max_chars - 1]).rstrip(" ,;:–-") + "…"


def footer_candidates(names: list[str], lang: str) -> list[str]:
    """Footer texts from the most to the least complete; a renderer draws the first that fits."""
    out = [sources_text(names, lang), sources_text(names, lang, max_chars=72)]
    if len(names) <= 3:  # a few documents: all named, titles cut shorter
        out += [sources_text(names, lang, max_chars=48), sources_text(names, lang, max_chars=32)]
    for shown in range(len(names) - 1, 0, -1):  # many: the first ones named, the others counted
        out += [sources_text(names, lang, shown, 72), sources_text(names, lang, shown, 48)]
    out.append(sources_text(names, lang, 1, 32))
    return list(dict.fromkeys(out))


def fitting_footer(names: list[str], lang: str, wrap) -> str:
    """The first of `footer_candidates` that `wrap(text)` (→ the lines drawn) lays out without cutting a word:
    titles are cut at a word first, then the last documents are counted instead of named."""
    candidates = footer_candidates(names, lang)
    for text in candidates:
        if " ".join(wrap(text)).split() == text.split():
            return text
    return candidates[-1]
