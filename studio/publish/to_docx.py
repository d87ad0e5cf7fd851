"""The document as DOCX (python-docx): Title, the AI label right under it and in every page footer, Heading 1 for
article sections and the sources, bullet lists for points and quiz options, infographics as pictures with alt
text, a numbered sources list. The bytes are deterministic: dates come from the approval time and the package
is re-zipped with fixed timestamps (python-docx stamps the wall-clock time on every part).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from studio.publish.document import Document, Part, join_parts, source_line

_LANG_TAGS = {"vi": "vi-VN", "en": "en-GB"}


def _runs(paragraph, parts: tuple[Part, ...], bold: bool = False) -> None:
    run = paragraph.add_run(join_parts(parts))
    run.bold = bold or None


def _set_language(document, lang: str) -> None:
    """Proofing language of the default run style (Word's spell checker then uses Vietnamese)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is None:
        return
    tag = rpr.find(qn("w:lang"))
    if tag is None:
        tag = OxmlElement("w:lang")
        rpr.append(tag)
    tag.set(qn("w:val"), _LANG_TAGS.get(lang, lang))


def _style(document, name: str, fallback: str = "Normal") -> str:
    return name if name in [s.name for s in document.styles] else fallback


def _picture(document, data: bytes, alt: str) -> None:
    document.add_picture(io.BytesIO(data), width=Cm(15))
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", alt)
    inline.docPr.set("title", alt[:100])


def normalise_zip(data: bytes, date_time: tuple[int, ...]) -> bytes:
    """The same zip package with every entry stamped `date_time` (same order, same contents)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            dst.writestr(entry, src.read(info))
    return out.getvalue()


def render_docx(doc: Document, media, footer: str, meta: dict, approved: datetime) -> bytes:
    """`meta`: title, author, reviewer, version, format (document properties); `approved` is naive UTC."""
    t = doc.terms
    document = docx.Document()
    _set_language(document, doc.lang)
    props = document.core_properties
    props.title = meta["title"]
    props.author = meta["author"]
    props.last_modified_by = meta["reviewer"]
    props.subject = meta["format"]
    props.keywords = "AI-assisted"
    props.comments = doc.label
    props.language = _LANG_TAGS.get(doc.lang, doc.lang)
    props.revision = int(meta["version"])
    props.created = props.modified = approved
    props.category = "Union Content Studio"

    document.add_paragraph(join_parts(doc.title), style=_style(document, "Title"))
    label = document.add_paragraph(style=_style(document, "Intense Quote"))
    label.add_run(doc.label).bold = True
    document.sections[0].footer.paragraphs[0].text = doc.label

    list_style = _style(document, "List Bullet")
    for block in doc.blocks:
        if block.kind == "heading":
            document.add_heading(join_parts(block.parts), level=1)
        elif block.kind == "subhead":
            _runs(document.add_paragraph(), block.parts, bold=True)
        elif block.kind == "bullet":
            _runs(document.add_paragraph(style=list_style), block.parts)
        elif block.kind == "option":
            _runs(document.add_paragraph(style=list_style), (f"{block.mark}. ", *block.parts))
        elif block.kind == "note":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(1)
            _runs(paragraph, block.parts)
        else:
            _runs(document.add_paragraph(), block.parts)

    if media:
        document.add_heading(t["media"], level=1)
        for m in media:
            if m.kind == "png":
                _picture(document, m.data, m.alt)
                document.add_paragraph(m.alt, style=_style(document, "Caption"))
            else:
                document.add_paragraph(f"{m.name}" + (f" — {m.alt}" if m.alt else ""), style=list_style)
    if doc.sources:
        document.add_heading(t["sources"], level=1)
        for s in doc.sources:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Cm(0.8)
            paragraph.paragraph_format.first_line_indent = Cm(-0.8)
            paragraph.add_run(f"[{s.number}] ").bold = True
            paragraph.add_run(source_line(s, t))
    document.add_paragraph(footer, style=_style(document, "Caption"))

    buf = io.BytesIO()
    document.save(buf)
    return normalise_zip(buf.getvalue(), approved.timetuple()[:6])


def docx_visible_text(data: bytes) -> str:
    """Body paragraphs and table cells of a DOCX, whitespace collapsed."""
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(texts).split())
