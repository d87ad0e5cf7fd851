"""Split an extracted document into passages that respect its structure and its sentences.

Contract — every chunk:
- is a contiguous span of the document text (`chunk.text == text[start:end]`), stays on one PDF page,
  and has a content-addressed id;
- is never a heading on its own: a heading opens the chunk of the text under it, and headings that
  directly head another heading (a Chương over its first Điều, a section over a subsection) open that
  next chunk too, so a chunk may exceed `size` by those heading lines. Only a heading with no text after
  it on its PDF page, or at the very end of the document, stays alone;
- in an ordinary document, never crosses a heading, ends on a sentence end when it can, and overlaps
  the previous chunk of the same section by whole sentences up to `overlap` characters; `section` is
  the heading path joined by " › " (the title heading is not part of it);
- in a legal document (laws, decrees, charters: `legal.detect_style` finds Điều headings), never
  crosses a Điều boundary when the Điều fits in `size`, and two Điều never share a chunk; a longer Điều
  is split at khoản boundaries first (neighbouring khoản packed together), then at điểm, then at
  sentences, with the overlap only between pieces of one khoản or điểm; `section` is the compact path,
  "Phần thứ hai › Chương III › Mục 2 › Điều 13 › khoản 2–3 › …";
- in a Party or union outline (I. › 1. › a)), the same with I. for Chương, 1. for Điều and a) for
  khoản; `section` reads "II › 3".
`headings` is the same path with each heading's full text ("Chương III. QUYỀN VÀ TRÁCH NHIỆM … ›
Điều 13. Quyền …", at most 300 characters), the context the indexer embeds with the chunk; for ordinary
documents it equals `section`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from studio.knowledge import legal
from studio.knowledge.models import Chunk, ExtractedDocument
from studio.knowledge.textnorm import sentence_spans

SECTION_SEP = " › "
HEADINGS_LIMIT = 300


def chunk_id(doc_id: str, start: int, text: str) -> str:
    digest = hashlib.sha256(f"{doc_id}\x00{start}\x00{text}".encode()).hexdigest()
    return f"{doc_id}:{digest[:16]}"


@dataclass(frozen=True)
class _Piece:
    """A chunk before it has an id; `lone` when it holds nothing but heading lines."""

    start: int
    end: int
    page: int | None
    page_end: int | None
    section: str
    headings: str
    lone: bool = False


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    page: int | None
    hint: str
    level: int
    block: int


def split_document(doc: ExtractedDocument, doc_id: str, size: int = 900, overlap: int = 150) -> list[Chunk]:
    """Chunks of about `size` characters; see the module contract."""
    lines = _lines(doc)
    texts = [doc.text[line.start:line.end] for line in lines]
    style = legal.detect_style(texts, [line.hint for line in lines])
    if style:
        pieces = _Structured(doc.text, lines, texts, style, size, overlap).pieces()
    else:
        pieces = _ordinary_pieces(doc.text, lines, size, overlap)
    chunks: list[Chunk] = []
    for piece in _attach_lone_headings(pieces):
        text = doc.text[piece.start:piece.end]
        chunks.append(
            Chunk(
                id=chunk_id(doc_id, piece.start, text),
                doc_id=doc_id,
                index=len(chunks),
                text=text,
                start=piece.start,
                end=piece.end,
                section=piece.section,
                page=piece.page,
                page_end=piece.page_end,
                headings=piece.headings,
            )
        )
    return chunks


def _lines(doc: ExtractedDocument) -> list[_Line]:
    """Every non-empty line of every block, trimmed, with what the block says about it."""
    lines: list[_Line] = []
    for index, block in enumerate(doc.blocks):
        is_title = block.kind == "heading" and block.level == 1 and doc.text[block.start:block.end].strip() == doc.title
        hint = legal.HINT_TITLE if is_title else (legal.HINT_HEADING if block.kind == "heading" else "")
        pos = block.start
        for raw in doc.text[block.start:block.end].split("\n"):
            start, end = pos + len(raw) - len(raw.lstrip()), pos + len(raw.rstrip())
            if end > start:
                lines.append(_Line(start, end, block.page, hint, block.level, index))
            pos += len(raw) + 1
    return lines


def _attach_lone_headings(pieces: list[_Piece]) -> list[_Piece]:
    """A heading-only piece opens the next piece on its page; with none after it, it stays alone
    (joining the piece before would put a heading, maybe another Điều's, inside that chunk)."""
    out: list[_Piece] = []
    pending: _Piece | None = None
    for piece in pieces:
        if pending is not None:
            if pending.page == piece.page and piece.start >= pending.end:
                piece = replace(piece, start=pending.start)
            else:
                out.append(replace(pending, lone=False))
            pending = None
        if piece.lone:
            pending = piece
        else:
            out.append(piece)
    if pending is not None:
        out.append(replace(pending, lone=False))
    return out


# --- ordinary documents: a heading path over sentences -------------------------------------------

def _ordinary_pieces(text: str, lines: list[_Line], size: int, overlap: int) -> list[_Piece]:
    """Sentence spans grouped under their heading path; the title heading is not part of the path."""
    pieces: list[_Piece] = []
    path: list[tuple[int, str]] = []
    units: list[tuple[int, int, int | None]] = []
    heading_end = -1

    def close() -> None:
        if units:
            section = SECTION_SEP.join(name for _, name in path)
            for start, end, page, page_end in _pack(text, units, size, overlap):
                pieces.append(_Piece(start, end, page, page_end, section, section, lone=end <= heading_end))
            units.clear()

    previous_block = -1
    for line in lines:
        if line.hint == legal.HINT_TITLE:
            close()
            path, heading_end = [], -1
        elif line.hint == legal.HINT_HEADING:
            if line.block == previous_block:  # a heading block over two lines is one heading
                level, name = path[-1]
                path[-1] = (level, f"{name}\n{text[line.start:line.end]}")
                units[-1] = (units[-1][0], line.end, line.page)
                heading_end = line.end
            else:
                close()
                path = [(lvl, name) for lvl, name in path if lvl < line.level]
                path.append((line.level, text[line.start:line.end]))
                # the heading line itself opens the section's first chunk, so its words are searchable
                units.append((line.start, line.end, line.page))
                heading_end = line.end
        else:
            units.extend((s, e, line.page) for s, e in sentence_spans(text, line.start, line.end))
        previous_block = line.block
    close()
    return pieces


def _pack(text: str, units: list[tuple[int, int, int | None]], size: int, overlap: int):
    """Greedy packing of sentence units into spans; long sentences are cut at word boundaries."""
    pieces = []
    for start, end, page in units:
        if end - start <= size:
            pieces.append((start, end, page))
        else:
            pieces.extend((s, e, page) for s, e in _cut_long(text, start, end, size))
    i = 0
    while i < len(pieces):
        j = i
        # a chunk stays on one PDF page, so its page citation is exact
        while j + 1 < len(pieces) and pieces[j + 1][1] - pieces[i][0] <= size and pieces[j + 1][2] == pieces[i][2]:
            j += 1
        yield pieces[i][0], pieces[j][1], pieces[i][2], pieces[j][2]
        if j + 1 >= len(pieces):
            break
        # next chunk starts with whole sentences from the end of this one, within the overlap budget,
        # and still has room for the next new sentence (else it would repeat part of this chunk only)
        k = j + 1
        while (
            pieces[j + 1][2] == pieces[j][2]
            and k - 1 > i
            and pieces[j][1] - pieces[k - 1][0] <= overlap
            and pieces[j + 1][1] - pieces[k - 1][0] <= size
        ):
            k -= 1
        i = k


def _cut_long(text: str, start: int, end: int, size: int):
    """A sentence longer than a chunk: windows cut at the last space, never inside a word.

    A run without any space longer than `size` (a long URL) stays whole, so that window is longer.
    """
    pos = start
    while pos < end:
        if end - pos <= size:
            yield pos, end
            return
        stop = pos + size
        while stop > pos and not text[stop].isspace():
            stop -= 1
        if stop == pos:  # no space inside the window: take the whole word run
            stop = pos + size
            while stop < end and not text[stop].isspace():
                stop += 1
        cut = stop
        while cut > pos and text[cut - 1].isspace():
            cut -= 1
        yield pos, cut
        pos = stop
        while pos < end and text[pos].isspace():
            pos += 1


# --- legal documents and outlines: a tree of markers ---------------------------------------------

@dataclass(eq=False)
class _Node:
    """A Chương, Điều, khoản … (or a plain heading, or the root) with its own lines and its parts."""

    marker: legal.Marker | None
    name: str = ""  # a plain heading's text
    level: int = 0  # a plain heading's level
    lines: list[int] = field(default_factory=list)  # its heading line(s) first, then its own text
    head: int = 0  # how many of `lines` are heading lines
    extra: list[str] = field(default_factory=list)  # name lines after the marker line
    children: list[_Node] = field(default_factory=list)
    start: int = 0
    end: int = 0
    page: int | None = None
    one_page: bool = True

    @property
    def label(self) -> str:
        return self.marker.label if self.marker else " ".join(self.name.split())

    @property
    def heading(self) -> str:
        return self.marker.heading(" ".join(self.extra)) if self.marker else " ".join(self.name.split())


class _Structured:
    """Reads the lines into a tree (Phần › … › điểm, or I. › 1. › a)) and emits its pieces in order."""

    def __init__(self, text: str, lines: list[_Line], texts: list[str], style: str, size: int, overlap: int):
        self.text, self.lines, self.size, self.overlap = text, lines, size, overlap
        self.roles = legal.read_structure(texts, [line.hint for line in lines], style)
        self.out: list[_Piece] = []

    def pieces(self) -> list[_Piece]:
        root = self._tree()
        self._measure(root)
        self._emit(root, [])
        return self.out

    def _tree(self) -> _Node:
        root = _Node(None)
        stack = [root]
        previous = (-1, "")
        for i, (line, role) in enumerate(zip(self.lines, self.roles)):
            if role.kind == "open":
                marker = role.marker
                # a Điều never nests in an outline item, nor an outline item in a Điều
                while len(stack) > 1 and (stack[-1].marker is None or stack[-1].marker.rank >= marker.rank
                                          or stack[-1].marker.is_legal != marker.is_legal):
                    stack.pop()
                # a Chương or a named Điều line is a heading; a khoản's or an outline item's first line is text
                heading = marker.kind in legal.CONTAINERS or (
                    marker.kind == "dieu" and legal.looks_like_title(self.text[line.start:line.end]))
                node = _Node(marker, lines=[i], head=int(heading))
                stack[-1].children.append(node)
                stack.append(node)
            elif role.kind == "title":
                node = stack[-1]
                node.lines.append(i)
                if node.marker is not None:
                    node.head += 1 if node.head else 0
                    node.extra.append(" ".join(self.text[line.start:line.end].split()))
                elif node.name:  # a plain heading in capitals over two lines
                    node.head += 1
                    node.name += "\n" + self.text[line.start:line.end]
                # else it continued the title, which is left out: the line stays text of the root
            elif role.kind == "heading":
                if line.hint == legal.HINT_TITLE:  # the title is stored with the document, not in a chunk
                    del stack[1:]
                elif previous == (line.block, "heading"):  # a heading block over two lines is one heading
                    stack[-1].lines.append(i)
                    stack[-1].head += 1
                    stack[-1].name += "\n" + self.text[line.start:line.end]
                else:
                    # a plain heading (an appendix, a preamble section) stands outside the legal structure
                    while len(stack) > 1 and (stack[-1].marker is not None or stack[-1].level >= (line.level or 2)):
                        stack.pop()
                    node = _Node(None, self.text[line.start:line.end], line.level or 2, lines=[i], head=1)
                    stack[-1].children.append(node)
                    stack.append(node)
            else:
                stack[-1].lines.append(i)
            previous = (line.block, role.kind)
        return root

    def _measure(self, node: _Node) -> None:
        spans = [(self.lines[i].start, self.lines[i].end, self.lines[i].page) for i in node.lines]
        for child in node.children:
            self._measure(child)
            spans.append((child.start, child.end, child.page if child.one_page else object()))
        if spans:
            node.start, node.end = min(s for s, _, _ in spans), max(e for _, e, _ in spans)
            pages = {p for _, _, p in spans}
            node.one_page = len(pages) == 1
            node.page = spans[0][2] if node.one_page else self.lines[node.lines[0]].page if node.lines else None

    def _fits(self, node: _Node) -> bool:
        return node.one_page and node.end - node.start <= self.size

    def _emit(self, node: _Node, path: list[_Node]) -> None:
        path = path + [node] if node.marker is not None or node.name else path
        kind = node.marker.kind if node.marker else ""
        if node.marker is None or kind in legal.CONTAINERS:
            if node.lines:
                self._pack_lines(node.lines, node.head, path)
            for child in node.children:
                self._emit(child, path)
        elif self._fits(node):
            lone = not node.children and 0 < node.head == len(node.lines)  # a Điều with no text under it
            self._piece(node.start, node.end, node.page, node.page, path, lone=lone)
        else:
            self._split(node, path)

    def _split(self, node: _Node, path: list[_Node]) -> None:
        """A part too long for one chunk: its own lines and parts, neighbouring parts packed together."""
        if not node.children:
            self._pack_lines(node.lines, node.head, path)
            return
        group: list = []  # [start, end, page, first child, last child, only heading lines]
        if node.lines:
            first, last = self.lines[node.lines[0]], self.lines[node.lines[-1]]
            own_pages = {self.lines[i].page for i in node.lines}
            if len(own_pages) == 1 and last.end - first.start <= self.size:
                group = [first.start, last.end, first.page, None, None, 0 < node.head == len(node.lines)]
            else:
                self._pack_lines(node.lines, node.head, path)
        for child in node.children:
            mergeable = child.marker is not None and child.marker.kind in legal.ITEMS and self._fits(child)
            if mergeable and group and group[2] == child.page and child.end - group[0] <= self.size:
                group[1], group[4], group[5] = child.end, child, False
                group[3] = group[3] or child
                continue
            self._flush(group, path)
            group = []
            if mergeable:
                group = [child.start, child.end, child.page, child, child, False]
            elif self._fits(child):
                self._piece(child.start, child.end, child.page, child.page, path + [child])
            else:
                self._split(child, path + [child])
        self._flush(group, path)

    def _flush(self, group: list, path: list[_Node]) -> None:
        if not group:
            return
        start, end, page, first, last, lone = group
        extra = ""
        if first is not None:
            name = first.marker.label
            extra = name if first is last else f"{name}–{last.marker.number}"
        self._piece(start, end, page, page, path, extra, lone)

    def _pack_lines(self, indexes: list[int], head: int, path: list[_Node]) -> None:
        """Sentences of these lines packed with overlap; a first piece of heading lines only is `lone`."""
        head_end = self.lines[indexes[head - 1]].end if head else -1
        units = [(s, e, self.lines[i].page) for i in indexes
                 for s, e in sentence_spans(self.text, self.lines[i].start, self.lines[i].end)]
        for start, end, page, page_end in _pack(self.text, units, self.size, self.overlap):
            self._piece(start, end, page, page_end, path, lone=end <= head_end)

    def _piece(self, start: int, end: int, page, page_end, path: list[_Node], extra: str = "",
               lone: bool = False) -> None:
        labels = [node.label for node in path] + ([extra] if extra else [])
        headings = [node.heading for node in path] + ([extra] if extra else [])
        self.out.append(_Piece(start, end, page, page_end, SECTION_SEP.join(labels), _cap(headings), lone))


def _cap(parts: list[str]) -> str:
    """The heading path within HEADINGS_LIMIT characters: long names are cut at a word, labels kept."""
    joined = SECTION_SEP.join(parts)
    if len(joined) <= HEADINGS_LIMIT:
        return joined
    share = max(24, (HEADINGS_LIMIT - len(SECTION_SEP) * (len(parts) - 1)) // len(parts))
    short = [p if len(p) <= share else p[:share].rsplit(" ", 1)[0].rstrip(",.;:") + "…" for p in parts]
    joined = SECTION_SEP.join(short)
    return joined if len(joined) <= HEADINGS_LIMIT else joined[:HEADINGS_LIMIT - 1].rstrip() + "…"
