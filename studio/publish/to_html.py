"""The document as one self-contained, sanitised HTML page.

Every text goes through `html.escape`; the page has no script, no event attribute and no external resource
(images are `data:` URIs, the only links are to `#src-n` and to the bundle's own `media/` files), and a
Content-Security-Policy that would block anything else should an editor add it later. `html_visible_text` and
`html_problems` read a page back for `verify_bundle`.
"""

from __future__ import annotations

import base64
import re
from html import escape
from html.parser import HTMLParser
from urllib.parse import quote

from studio.publish.document import Document, Part, source_line
from studio.publish.names import MEDIA_DIR

CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
_STYLE = """
body{font-family:"Roboto","Segoe UI",Arial,sans-serif;line-height:1.55;max-width:46rem;margin:2rem auto;
padding:0 1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.8rem;line-height:1.25}
.ai-label{border-left:4px solid #0b5cab;background:#eef4fb;padding:.5rem .8rem;font-weight:600}
.note{margin-left:1.5rem}
a.ref{text-decoration:none}
figure{margin:1.5rem 0}figure img{max-width:100%;height:auto}
figcaption,.sources,footer{font-size:.9rem;color:#444}
footer{border-top:1px solid #ccc;margin-top:2rem;padding-top:.5rem}
""".strip()


def _inline(parts: tuple[Part, ...]) -> str:
    out = []
    for p in parts:
        if isinstance(p, str):
            out.append(escape(p))
        else:
            refs = ", ".join(f'<a class="ref" href="#src-{n}">{n}</a>' for n in p)
            out.append(f"[{refs}]")
    return "".join(out)


def _body(doc: Document) -> list[str]:
    out: list[str] = []
    open_list = ""
    for block in doc.blocks:
        want = {"bullet": "ul", "option": "ol"}.get(block.kind, "")
        if open_list and want != open_list:
            out.append(f"</{open_list}>")
            open_list = ""
        if want and not open_list:
            out.append('<ol type="A">' if want == "ol" else "<ul>")
            open_list = want
        text = _inline(block.parts)
        if block.kind in ("bullet", "option"):
            out.append(f"<li>{text}</li>")
        elif block.kind == "heading":
            out.append(f"<h2>{text}</h2>")
        elif block.kind == "subhead":
            out.append(f"<h3>{text}</h3>")
        elif block.kind == "note":
            out.append(f'<p class="note">{text}</p>')
        else:
            out.append(f"<p>{text}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    return out


def _media(doc: Document, media) -> list[str]:
    if not media:
        return []
    out = [f'<section class="media"><h2>{escape(doc.terms["media"])}</h2>']
    for m in media:
        if m.kind == "png":
            uri = "data:image/png;base64," + base64.b64encode(m.data).decode("ascii")
            out.append(f'<figure><img src="{uri}" alt="{escape(m.alt)}"><figcaption>{escape(m.alt)}</figcaption>'
                       "</figure>")
        else:
            link = f'<a href="{escape(quote(MEDIA_DIR + m.name))}">{escape(m.name)}</a>'
            out.append(f"<p>{link}" + (f" — {escape(m.alt)}" if m.alt else "") + "</p>")
    out.append("</section>")
    return out


def render_html(doc: Document, media, footer: str, page_title: str, generator: str) -> bytes:
    t = doc.terms
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(doc.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{escape(generator)}">',
        f"<title>{escape(page_title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main><article>",
        f"<header><h1>{_inline(doc.title)}</h1>",
        f'<p class="ai-label" role="note">{escape(doc.label)}</p></header>',
        *_body(doc),
        *_media(doc, media),
    ]
    if doc.sources:
        parts.append(f'<section class="sources"><h2>{escape(t["sources"])}</h2><ol>')
        parts += [f'<li id="src-{s.number}">{escape(source_line(s, t))}</li>' for s in doc.sources]
        parts.append("</ol></section>")
    parts += [f"<footer><p>{escape(footer)}</p></footer>", "</article></main>", "</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


class _Reader(HTMLParser):
    _HIDDEN = {"script", "style", "head", "title", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.problems: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "applet", "frame", "link", "base", "form"):
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"event attribute {name} on <{tag}>")
            elif name in ("src", "href", "action", "srcset", "poster", "data", "formaction") and value:
                if tag == "img" and name == "src" and value.startswith("data:image/"):
                    continue
                if re.match(r"^[a-z][a-z0-9+.\-]*:|^//", value):
                    self.problems.append(f"external or scripted {name} on <{tag}>: {value[:60]}")
        if tag in self._HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self._HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.text.append(data)


def _read(data: bytes) -> _Reader:
    reader = _Reader()
    reader.feed(data.decode("utf-8", errors="replace"))
    reader.close()
    return reader


def html_visible_text(data: bytes) -> str:
    """The text a reader sees (no head, script or style), whitespace collapsed."""
    return " ".join("".join(_read(data).text).split())


def html_problems(data: bytes) -> list[str]:
    """Scripts, event attributes, frames and links to anything outside the page or the bundle."""
    return _read(data).problems
