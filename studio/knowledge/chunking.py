"""Split an extracted document into passages that respect headings and sentences.

Contract: every chunk is a contiguous span of the document text (`chunk.text == text[start:end]`),
never crosses a heading, ends on a sentence end when it can, and overlaps the previous chunk of the
same section by whole sentences up to `overlap` characters, and stays on one PDF page. Ids are
content-addressed.
"""

from __future__ import annotations

import hashlib

from studio.knowledge.models import Block, Chunk, ExtractedDocument
from studio.knowledge.textnorm import sentence_spans

SECTION_SEP = " › "


def chunk_id(doc_id: str, start: int, text: str) -> str:
    digest = hashlib.sha256(f"{doc_id}\x00{start}\x00{text}".encode()).hexdigest()
    return f"{doc_id}:{digest[:16]}"


def split_document(doc: ExtractedDocument, doc_id: str, size: int = 900, overlap: int = 150) -> list[Chunk]:
    """Chunks of about `size` characters per section; see the module contract."""
    sections = _sections(doc)
    chunks: list[Chunk] = []
    for path, units in sections:
        for start, end, page, page_end in _pack(doc.text, units, size, overlap):
            text = doc.text[start:end]
            chunks.append(
                Chunk(
                    id=chunk_id(doc_id, start, text),
                    doc_id=doc_id,
                    index=len(chunks),
                    text=text,
                    start=start,
                    end=end,
                    section=SECTION_SEP.join(path),
                    page=page,
                    page_end=page_end,
                )
            )
    return chunks


def _sections(doc: ExtractedDocument) -> list[tuple[list[str], list[tuple[int, int, int | None]]]]:
    """Group sentence spans under their heading path; the title heading is not part of the path."""
    path: list[tuple[int, str]] = []
    sections: list[tuple[list[str], list[tuple[int, int, int | None]]]] = []
    current: list[tuple[int, int, int | None]] = []

    def close() -> None:
        if current:
            sections.append(([name for _, name in path], list(current)))
            current.clear()

    for block in doc.blocks:
        if block.kind == "heading":
            close()
            heading = doc.text[block.start:block.end].strip()
            if block.level == 1 and heading == doc.title:
                path = []
                continue
            path = [(lvl, name) for lvl, name in path if lvl < block.level] + [(block.level, heading)]
            # the heading line itself opens the section's first chunk, so its words are searchable
            current.append((block.start, block.end, block.page))
            continue
        current.extend((s, e, block.page) for s, e in _sentences(doc.text, block))
    close()
    return sections


def _sentences(text: str, block: Block) -> list[tuple[int, int]]:
    return sentence_spans(text, block.start, block.end)


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
