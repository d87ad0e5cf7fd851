"""Loaders: bytes of an md, txt, pdf, docx or html file → `ExtractedDocument` (plain text + structure).

Contract: a loader SHALL return text in NFC with blocks whose spans index into that text, and a
title; it SHALL raise `StudioError` (never a library exception) for input it cannot read; it MAY
leave `meta` empty. Nothing is written anywhere.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import PurePath

from studio.errors import StudioError
from studio.knowledge import legal, limits
from studio.knowledge.models import Block, ExtractedDocument
from studio.knowledge.textnorm import nfc

SUPPORTED = (".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm")


@dataclass
class _Piece:
    text: str
    kind: str
    level: int
    page: int | None
    hints: list[str]  # one per line of `text`, see legal.HINT_*


class _TextBuilder:
    """Collects a document's pieces; `finish` shapes legal structure and joins them by blank lines."""

    def __init__(self, name: str = "") -> None:
        self.pieces: list[_Piece] = []
        self.name = name

    def add(self, text: str, kind: str = "para", level: int = 0, page: int | None = None, hint: str = "",
            line_hints: list[str] | None = None) -> None:
        text = _clean(text)
        if not text:
            return
        count = text.count("\n") + 1
        hints = line_hints if line_hints is not None and len(line_hints) == count else [hint] * count
        self.pieces.append(_Piece(text, kind, level, page, hints))
        if len(self.pieces) > limits.MAX_PARTS:
            limits.check_parts(len(self.pieces), self.name)

    def finish(self) -> tuple[str, list[Block]]:
        """The document text and its blocks, each block `text[start:end]`."""
        parts: list[str] = []
        blocks: list[Block] = []
        length = 0
        for piece in _shape_legal(self.pieces):
            if parts:
                parts.append("\n\n")
                length += 2
            blocks.append(Block(length, length + len(piece.text), piece.kind, piece.level, piece.page))
            parts.append(piece.text)
            length += len(piece.text)
        return "".join(parts), blocks


# Block levels of legal headings, under a level-1 title.
_LEGAL_LEVEL = {"phan": 2, "chuong": 3, "muc": 4, "tieu_muc": 5, "dieu": 6, "part": 2, "roman": 2, "arabic": 3}


def _shape_legal(pieces: list[_Piece]) -> list[_Piece]:
    """In a legal or outlined document, one block per structural line: a heading block for each
    Phần/Chương/Mục/Điều (with a name on the next line(s) joined to it), a paragraph for each khoản and
    điểm, so no heading hides inside a paragraph. Ordinary documents pass through unchanged.
    """
    lines = [(index, line, hint) for index, piece in enumerate(pieces)
             for line, hint in zip(piece.text.split("\n"), piece.hints)]
    texts = [line for _, line, _ in lines]
    hints = [hint for _, _, hint in lines]
    style = legal.detect_style(texts, hints)
    if not style:
        return pieces
    roles = legal.read_structure(texts, hints, style)
    shaped: list[_Piece] = []
    current: _Piece | None = None
    previous = (-1, "")  # (piece index, role kind) of the line before
    for (index, line, hint), role in zip(lines, roles):
        piece = pieces[index]
        if role.kind == "title" and current is not None and current.page == piece.page:
            current.text += "\n" + line
        elif role.kind == "open":
            marker = role.marker
            # an outline's "1. …" set in bold or as a heading stays a heading, so the chunker sees it too
            marked_up = marker.kind == "arabic" and hint in (legal.HINT_HEADING, legal.HINT_EMPHASIS)
            titled = legal.looks_like_title(line) and (marker.kind in legal.TITLED or marked_up)
            kind, level = ("heading", _LEGAL_LEVEL[marker.kind]) if titled else ("para", 0)
            current = _Piece(line, kind, level, piece.page, [])
            shaped.append(current)
        elif role.kind in ("heading", "title"):
            if current is not None and previous == (index, "heading"):
                current.text += "\n" + line
            else:
                current = _Piece(line, "heading", piece.level if piece.kind == "heading" else 2, piece.page, [])
                shaped.append(current)
        elif current is not None and current.kind == "para" and previous[0] == index:
            current.text += "\n" + line
        else:
            current = _Piece(line, "para", 0, piece.page, [])
            shaped.append(current)
        previous = (index, role.kind)
    return shaped


def _clean(text: str) -> str:
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u00ad", "")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
            if encoding == "utf-16" and not data[:2] in (b"\xff\xfe", b"\xfe\xff"):
                raise UnicodeDecodeError(encoding, data, 0, 1, "no BOM")
            return text
        except UnicodeDecodeError:
            continue
    raise StudioError("bad_encoding", name=name)


# --- markdown and plain text ---------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# A whole line in bold ("**Điều 1. Phạm vi điều chỉnh**", "**CHƯƠNG I**"): how converters write headings.
_MD_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(?=\S)(.+?)(?<=\S)\1\s*$")


def load_markdown(data: bytes, name: str) -> ExtractedDocument:
    raw = _decode(data, name)
    meta: dict = {}
    fm = _FRONT_MATTER.match(raw)
    if fm:
        import yaml

        try:
            meta = limits.load_front_matter(fm.group(1), name) or {}
        except yaml.YAMLError as exc:
            raise StudioError("corrupt_file", name=name, kind="Markdown",
                              detail=f"front matter: {getattr(exc, 'problem', None) or type(exc).__name__}") from None
        if not isinstance(meta, dict):
            meta = {}
        raw = raw[fm.end():]
    builder = _TextBuilder(name)
    title = str(meta.get("title") or "")
    para: list[str] = []
    hints: list[str] = []

    def flush() -> None:
        if para:
            builder.add("\n".join(para), line_hints=list(hints))
            para.clear()
            hints.clear()

    in_code = False
    for line in raw.splitlines():
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        heading = None if in_code else _MD_HEADING.match(line)
        if heading:
            flush()
            text = _strip_inline_md(heading.group(2))
            level = len(heading.group(1))
            title = title or (text if level == 1 else "")
            builder.add(text, "heading", level, hint=legal.HINT_HEADING)
        elif not line.strip():
            flush()
        else:
            para.append(_strip_inline_md(line))
            hints.append(legal.HINT_EMPHASIS if not in_code and _MD_BOLD_LINE.match(line) else "")
    flush()
    text, blocks = builder.finish()
    return ExtractedDocument(text, title, blocks, name, "md", meta)


def _strip_inline_md(line: str) -> str:
    line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", line)
    line = re.sub(r"`([^`]*)`", r"\1", line)
    line = re.sub(r"^\s*[-*+]\s+", "• ", line)
    line = re.sub(r"^\s*>\s?", "", line)
    # backslash escapes ("1\\. Văn bản" from converters) stand for the character itself
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line)


def _is_part_heading(line: str) -> bool:
    line = line.strip()
    return len(line) <= 200 and line[-1:] not in ".,;" and bool(_PART_HEADING.match(line))


def _looks_like_heading(line: str, next_line: str | None) -> bool:
    line = line.strip()
    if not line or len(line) > 110 or line[-1] in ".,;:!?…)\"”|" or line.startswith(("•", "-", "*", "|", "!")):
        return False
    if len(line.split()) < 2 and not line[0].isdigit():
        return False
    return next_line is not None and len(next_line.strip()) > len(line)


# "Part 2 - …", "Phần II: …", "Teil 2 – …", "Del 1: …": the parts of a multi-part article.
_PART_HEADING = re.compile(
    r"(?:part|phần|kỳ|chương|chapter|teil|kapitel|del|kapittel)\s+(?:\d{1,2}|[ivxlc]{1,6})\s*[:.\-–—]\s+\S",
    re.I,
)


def load_text(data: bytes, name: str) -> ExtractedDocument:
    """Plain text: the first line is the title; short lines before longer paragraphs are headings.

    Lines opening a part ("Part 2 - …", "Phần II: …", "Teil 1: …") are level-2 headings even when
    long, and the other headings of a document with parts nest under them (level 3); a first line
    that opens a part is the title and that part's heading.
    """
    raw = _decode(data, name)
    lines = [ln for ln in _clean(raw).split("\n")]
    builder = _TextBuilder(name)
    title = ""
    nonempty = [ln for ln in lines if ln.strip()]
    has_parts = any(_is_part_heading(ln) for ln in nonempty)
    for k, line in enumerate(nonempty):
        if re.fullmatch(r"!\[[^\]]*\]\([^)]*\)\s*\|?", line.strip()):
            continue  # image placeholders left by web clippers
        nxt = nonempty[k + 1] if k + 1 < len(nonempty) else None
        if k == 0 and len(line) <= 200:
            title = line.strip()
            builder.add(line, "heading", 2 if _is_part_heading(line) else 1, hint=legal.HINT_TITLE)
        elif _is_part_heading(line):
            builder.add(line, "heading", 2, hint=legal.HINT_WEAK)
        elif _looks_like_heading(line, nxt):
            builder.add(line, "heading", 3 if has_parts else 2, hint=legal.HINT_WEAK)
        else:
            builder.add(line)
    text, blocks = builder.finish()
    if not title and blocks:
        title = _first_words(text, 80)
    return ExtractedDocument(text, title, blocks, name, "txt")


def _first_words(text: str, limit: int) -> str:
    """The opening words of a text, cut at a word boundary, for documents with no title line."""
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    if len(first) <= limit:
        return first.rstrip(".")
    return first[:limit].rsplit(" ", 1)[0] + "…"


# --- pdf -----------------------------------------------------------------------------------

def load_pdf(data: bytes, name: str) -> ExtractedDocument:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise StudioError("encrypted_pdf", name=name)
            except StudioError:
                raise
            except Exception:
                raise StudioError("encrypted_pdf", name=name) from None
        builder = _TextBuilder(name)
        info = reader.metadata or {}
        pages = reader.pages
        limits.check_parts(len(pages), name)
        for number, page in enumerate(pages, start=1):
            page_text = page.extract_text() or ""
            for para in _pdf_paragraphs(page_text):
                builder.add(para, "para", 0, number)
        n_pages = len(pages)
    except StudioError:
        raise
    except Exception as exc:  # pypdf raises many kinds (PdfReadError, struct.error, IndexError, …)
        raise StudioError("corrupt_file", name=name, kind="PDF", detail=type(exc).__name__) from None
    text, blocks = builder.finish()
    if not text.strip():
        raise StudioError("no_text_pdf", name=name)
    title = str(info.get("/Title") or "").strip() if hasattr(info, "get") else ""
    if not title:
        first = text.split("\n", 1)[0]
        title = _first_words(first, 120) if first else PurePath(name).stem
    return ExtractedDocument(text, title, blocks, name, "pdf", {}, n_pages)


def _pdf_paragraphs(page_text: str) -> list[str]:
    """Rejoin a page's lines into paragraphs.

    pypdf gives one line per PDF line and no blank line between paragraphs, so a paragraph ends at
    a blank line or after a line clearly shorter than the page's full lines (the last line of a
    paragraph, a title, a heading); a line-end hyphen before a lower-case word is removed, list
    items and legal heading lines ("Điều 5. …", "Chương II", "a) …") stay on their own line.
    """
    lines = [ln.strip() for ln in page_text.split("\n")]
    full = max((len(ln) for ln in lines), default=0)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if current and not _starts_own_line(line):
            if current[-1].endswith("-") and line[:1].islower():
                current[-1] = current[-1][:-1] + line
            else:
                current[-1] += " " + line
        else:
            current.append(line)
        if full >= 40 and len(line) < 0.7 * full:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return ["\n".join(p) for p in paragraphs]


def _starts_own_line(line: str) -> bool:
    if re.match(r"^([•\-–*]|\d+[.)]|[a-zđ][.)])\s", line):
        return True
    found = legal.heading_marker(line)
    return found is not None and found[1]


# --- docx ----------------------------------------------------------------------------------

def load_docx(data: bytes, name: str) -> ExtractedDocument:
    try:
        return _load_docx(data, name)
    except StudioError:
        raise
    except Exception as exc:  # BadZipFile, KeyError, lxml's XMLSyntaxError, PackageNotFoundError, …
        raise StudioError("corrupt_file", name=name, kind="DOCX", detail=type(exc).__name__) from None


def _count_docx_parts(xml: bytes) -> int:
    """Paragraphs, table rows and cells in WordprocessingML, counted without parsing (no allocation)."""
    return sum(xml.count(b"<w:" + tag + end) for tag in (b"p", b"tr", b"tc") for end in (b">", b" ", b"/>"))


def _load_docx(data: bytes, name: str) -> ExtractedDocument:
    import zipfile

    import docx

    limits.check_zip_container(data, name, "DOCX")
    with zipfile.ZipFile(io.BytesIO(data)) as package:  # paragraphs counted before any XML is parsed
        body_names = [n for n in package.namelist() if n.startswith("word/") and n.endswith(".xml")]
        for part in body_names:
            limits.check_parts(_count_docx_parts(package.read(part)), name)
    document = docx.Document(io.BytesIO(data))
    builder = _TextBuilder(name)
    title = (document.core_properties.title or "").strip()
    body = document.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            style = (para.style.name if para.style is not None else "") or ""
            text = para.text
            level = _docx_heading_level(style)
            if style == "Title":
                title = title or text.strip()
                builder.add(text, "heading", 1, hint=legal.HINT_TITLE)
            elif level:
                builder.add(text, "heading", level, hint=legal.HINT_HEADING)
            elif "List" in style and text.strip():
                builder.add("• " + text)
            else:
                builder.add(text, hint=legal.HINT_EMPHASIS if _docx_emphasised(para) else "")
        elif tag == "tbl":
            table = Table(child, document)
            rows = [" | ".join(cell.text.strip() for cell in row.cells) for row in table.rows]
            builder.add("\n".join(r for r in rows if r.strip(" |")))
    text, blocks = builder.finish()
    if not title:
        heading = next((b for b in blocks if b.kind == "heading"), None)
        title = text[heading.start:heading.end] if heading else PurePath(name).stem
    return ExtractedDocument(text, title, blocks, name, "docx")


def _docx_heading_level(style: str) -> int:
    m = re.match(r"Heading (\d)", style)
    return int(m.group(1)) if m else 0


def _docx_emphasised(para) -> bool:
    """Centred, or bold in every run with text: how Word users set "Chương I" and "Điều 5. …"."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    style = para.style
    alignment = para.alignment
    if alignment is None and style is not None:
        alignment = style.paragraph_format.alignment
    if alignment == WD_ALIGN_PARAGRAPH.CENTER:
        return True
    runs = [run for run in para.runs if run.text.strip()]

    def bold(run) -> bool:
        for value in (run.bold, run.style.font.bold if run.style is not None else None,
                      style.font.bold if style is not None else None):
            if value is not None:
                return bool(value)
        return False

    return bool(runs) and all(bold(run) for run in runs)


# --- html ----------------------------------------------------------------------------------

_BLOCK_TAGS = {"p", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption", "caption"}
_HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def load_html(data: bytes, name: str) -> ExtractedDocument:
    """Blocks of an HTML page; every ancestor/descendant question is answered from one pass over
    the tree (see `_HtmlShape`), so the work grows with the page, not with its depth squared."""
    from bs4 import BeautifulSoup

    # a cheap count before building the tree: a tag for every "<" followed by a letter
    limits.check_parts(sum(data.count(b"<" + bytes([c])) for c in range(ord("a"), ord("z") + 1))
                       + sum(data.count(b"<" + bytes([c])) for c in range(ord("A"), ord("Z") + 1)), name)
    soup = BeautifulSoup(data, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "footer", "form", "svg", "template"]):
        if tag.parent is not None or tag is soup:
            tag.extract()
    shape = _HtmlShape(soup, name)
    for tag in shape.site_headers:  # the site's header goes, an article's own header (its h1) stays
        tag.extract()
    # Text comes from the markup's own whitespace, so "<b>Công</b> đoàn" and "đoàn</a>." read right;
    # a line break or a nested block still separates words.
    for br in soup("br"):
        br.replace_with("\n")
    structural = list(_BLOCK_TAGS | set(_HEADING_TAGS) | {"div"})
    for tag in soup.find_all(structural + ["ul", "ol", "tr", "table"]):
        tag.insert_before("\n")
        tag.insert_after("\n")
    builder = _TextBuilder(name)
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    body = soup.body or soup
    for element in body.find_all(structural):
        if element.name in {"div", "td", "th"} and shape.has_block_inside(element):
            continue  # a container: its children carry the text
        if element.name in {"p", "li"} and shape.inside_block(element):
            continue
        text = re.sub(r"\n\s*\n", "\n", element.get_text())  # a nested list: one line per item
        if element.name in _HEADING_TAGS:
            level = _HEADING_TAGS[element.name]
            text = " ".join(text.split())
            title = title or (text if level == 1 else "")
            builder.add(text, "heading", level, hint=legal.HINT_HEADING)
        elif element.name == "li":
            builder.add("• " + text.strip())
        else:
            builder.add(text, hint=legal.HINT_EMPHASIS if _html_emphasised(element, shape) else "")
    if not builder.pieces:
        builder.add(body.get_text("\n", strip=True))
    text, blocks = builder.finish()
    title = title or PurePath(name).stem
    return ExtractedDocument(text, title, blocks, name, "html")


class _HtmlShape:
    """Ancestor and descendant facts of every tag, from one walk in document order (and one back)."""

    def __init__(self, soup, name: str) -> None:
        from bs4 import Tag

        structural = _BLOCK_TAGS | set(_HEADING_TAGS) | {"div"}
        outer_blocks = _BLOCK_TAGS - {"td", "th"}
        self._inside_block: dict[int, bool] = {}
        self._bold: dict[int, bool] = {}
        self._has_block: dict[int, bool] = {}
        self.site_headers = []
        depth = {id(soup): 0}
        in_article = {id(soup): False}
        dropped = {id(soup): False}
        self._inside_block[id(soup)] = False
        self._bold[id(soup)] = False
        tags = [tag for tag in soup.descendants if isinstance(tag, Tag)]
        limits.check_parts(len(tags), name)
        for tag in tags:
            parent = tag.parent
            key, pkey = id(tag), id(parent)
            depth[key] = depth[pkey] + 1
            if depth[key] > limits.MAX_HTML_DEPTH:
                raise StudioError("too_deep", name=name, limit=limits.MAX_HTML_DEPTH)
            in_article[key] = in_article[pkey] or tag.name in ("article", "main")
            self._inside_block[key] = self._inside_block[pkey] or parent.name in outer_blocks
            self._bold[key] = self._bold[pkey] or tag.name in ("b", "strong")
            dropped[key] = dropped[pkey]
            if tag.name == "header" and not in_article[pkey] and not dropped[pkey]:
                self.site_headers.append(tag)
                dropped[key] = True
        for tag in reversed(tags):
            if tag.parent is not None and (tag.name in structural or self._has_block.get(id(tag))):
                self._has_block[id(tag.parent)] = True

    def inside_block(self, tag) -> bool:
        return self._inside_block.get(id(tag), False)

    def has_block_inside(self, tag) -> bool:
        return self._has_block.get(id(tag), False)

    def bold(self, tag) -> bool:
        return self._bold.get(id(tag), False)


def _html_emphasised(element, shape: _HtmlShape) -> bool:
    """Centred, or all its text in <b>/<strong>: how legal web pages set "Chương I" and "Điều 5. …"."""
    style = (element.get("style") or "").replace(" ", "").lower()
    if (element.get("align") or "").lower() == "center" or "text-align:center" in style:
        return True
    texts = [t for t in element.find_all(string=True) if t.strip()]
    return bool(texts) and all(shape.bold(t.parent) for t in texts)


_LOADERS = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".html": load_html,
    ".htm": load_html,
}


def load_document(data: bytes, name: str) -> ExtractedDocument:
    """Dispatch on the file extension; raise a clear `StudioError` for anything unreadable."""
    ext = PurePath(name).suffix.lower()
    loader = _LOADERS.get(ext)
    if loader is None:
        raise StudioError("unsupported_type", ext=ext or "?", name=name, supported=", ".join(SUPPORTED))
    if not data.strip():
        raise StudioError("empty_file", name=name)
    document = loader(data, name)
    if not document.text.strip():
        raise StudioError("empty_file", name=name)
    # an official document's own title ("LUẬT CÔNG ĐOÀN (50/2024/QH15)") beats a first line that is a
    # letterhead or a gazette page number; a title given in front matter wins over both
    official = None if document.meta.get("title") else legal.document_title(document.text.split("\n", 400)[:400])
    document.title = official or document.title or PurePath(name).stem
    return document
