"""Small widgets shared by the content-flow pages (Compose, Media, Safety, Review, Publish): how an item, a
state, a refusal, a safety report, a diff and the sources are shown, and actions run from button callbacks.
Every text shown is escaped here (`studio.ui.plain`); pages never build HTML from user or model text themselves."""

from __future__ import annotations

import html

import streamlit as st

from studio.errors import StudioError
from studio.ui.plain import plain, plain_html
from studio.ui.resources import t, ui_lang

SEVERITY_COLOURS = {"block": "#ffd2cc", "warn": "#ffe9a8", "info": "#dde8f7"}  # light tints: text stays #1f1f1f
SEVERITY_BORDER = {"block": "#b3261e", "warn": "#8a6100", "info": "#3d5a80"}
_SEVERITY_RANK = {"info": 0, "warn": 1, "block": 2}
_INS = "background:#c9f0d1;color:#0b3d17;text-decoration:underline"
_DEL = "background:#ffd6d2;color:#5c1010;text-decoration:line-through;margin-right:2px"


def show_error(err: StudioError) -> None:
    st.error(plain(err.message(ui_lang())))


def state_name(state: str) -> str:
    from studio.workflow.models import State
    from studio.workflow.states import STATE_NAMES

    return STATE_NAMES.get(ui_lang(), STATE_NAMES["en"])[State(state)]


def item_label(item) -> str:
    """One line for a select box: #7 · title · state · v3."""
    return t("flow_item_label", id=item.id, title=item.title, state=state_name(item.state),
             version=item.current_version)


def choose_item(key: str, ids, default) -> None:
    """Before an item picker (a select box labelled with `item_label`) is drawn: its value in session_state is the
    current choice if still offered, else `default`. It is set from the script on every run, even unchanged: the
    labels name each item's state and version, which the page's own actions change, and Streamlit's browser side
    keeps showing an option's old label (streamlit/streamlit#13788), then, after a second change, sends that label
    back, matches no option and falls back to the first item. A value set from the script reaches the browser with
    its current label."""
    current = st.session_state.get(key)
    st.session_state[key] = current if current in ids else default


def text_box(inner_html: str) -> str:
    return ('<div style="border:1px solid #8884;border-radius:6px;padding:0.8em 1em;line-height:1.6;'
            f'background:#fcfcfb;color:#1f1f1f">{inner_html}</div>')


def highlighted_text(text: str, findings: list[dict]) -> str:
    """The text with every finding marked in its severity's colour and numbered as in the findings list."""
    from studio.workflow.views import finding_spans, highlight_segments

    ends: dict[int, list[int]] = {}
    for i, (_, end) in finding_spans(text, findings).items():
        ends.setdefault(end, []).append(i)
    out, pos = [], 0
    for seg in highlight_segments(text, findings):
        piece = plain_html(seg.text)
        if seg.findings:
            worst = max((findings[i]["severity"] for i in seg.findings), key=lambda s: _SEVERITY_RANK.get(s, 0))
            names = ", ".join(f"{i + 1}: {findings[i]['type']}" for i in seg.findings)
            piece = (f'<mark title="{html.escape(names)}" style="background:{SEVERITY_COLOURS.get(worst, "#eee")};'
                     f'color:#1f1f1f;border-bottom:2px solid {SEVERITY_BORDER.get(worst, "#555")};'
                     f'padding:0;border-radius:2px">{piece}</mark>')
        pos += len(seg.text)
        out.append(piece)
        for i in ends.get(pos, []):
            out.append(f'<sup style="color:{SEVERITY_BORDER.get(findings[i]["severity"], "#555")};'
                       f'font-weight:600">[{i + 1}]</sup>')
    return text_box("".join(out))


def diff_html(ops) -> str:
    """A word diff: deletions struck through in red, insertions underlined in green, both escaped."""
    out = []
    for op in ops:
        piece = plain_html(op.text)
        if op.op == "insert":
            out.append(f'<ins style="{_INS}">{piece}</ins>')
        elif op.op == "delete":
            out.append(f'<del style="{_DEL}">{piece}</del>')
        else:
            out.append(piece)
    return text_box("".join(out))


def safety_summary(report: dict | None) -> None:
    """The verdict of a stored report as a coloured box (or that the current text has not been checked)."""
    if report is None:
        st.info(t("flow_not_checked"))
        return
    verdict = report["verdict"]
    {"pass": st.success, "warn": st.warning, "block": st.error}[verdict](t(f"safety_{verdict}"))


def finding_line(index: int, finding: dict) -> str:
    """`1. PERSON · warning · score 0.85 · “Nguyễn Văn An”` as escaped HTML (no Markdown: an e-mail address
    would become a link), the severity on its colour. Shown with `st.markdown(…, unsafe_allow_html=True)`."""
    severity = finding["severity"]
    badge = (f'<span style="background:{SEVERITY_COLOURS.get(severity, "#eee")};color:#1f1f1f;padding:0 0.35em;'
             f'border-radius:4px">{html.escape(t("flow_severity_" + severity))}</span>')
    line = t("flow_finding_line", n=f"<b>{index + 1}.</b>", type=html.escape(finding["type"]), severity=badge,
             score=f"{float(finding['score']):.2f}", text=html.escape(finding["text"] or "—"))
    return f'<div style="overflow-wrap:anywhere">{line}</div>'


def accepted_by(report: dict) -> dict[int, dict]:
    """Accepted warnings of a report by finding index."""
    return {a["index"]: a for a in report.get("accepted", [])}


def findings_list(report: dict) -> None:
    """Each finding of a report in a small box: number, type, severity, score, text; acceptance if any."""
    accepted = accepted_by(report)
    if not report["findings"]:
        st.caption(t("flow_no_findings"))
    for i, f in enumerate(report["findings"]):
        with st.container(border=True):
            st.markdown(finding_line(i, f), unsafe_allow_html=True)
            if i in accepted:
                st.caption(t("saf_accepted", by=plain(accepted[i]["by"]), reason=plain(accepted[i]["reason"])))


def sources_panel(citations: list[dict], cited: set[str] | None = None) -> None:
    """The passages behind the markers, each in an expander with its document, section and span."""
    st.subheader(t("sources_header"))
    if not citations:
        st.caption(t("flow_no_sources"))
    for c in citations:
        used = cited is None or c["marker"] in cited
        title = f"[{c['marker']}] {c.get('title') or c.get('doc_id', '')}"
        with st.expander(plain(title) if used else t("flow_source_unused", title=plain(title))):
            where = " › ".join(str(x) for x in (c.get("section"), f"{c.get('start')}–{c.get('end')}", c.get("lang"))
                               if x)
            st.caption(plain(where))
            st.markdown(plain_html(c.get("text", "")), unsafe_allow_html=True)


def flash(key: str, kind: str, text: str) -> None:
    """Keep a message for the next run of the page (actions run in button callbacks, before the page)."""
    st.session_state[key] = (kind, text)


def show_flash(key: str) -> None:
    message = st.session_state.pop(key, None)
    if message:
        {"success": st.success, "error": st.error, "info": st.info, "warning": st.warning}[message[0]](message[1])


def run_action(key: str, fn, *args):
    """`fn(session, *args)` in one transaction; a refusal becomes an error message kept for the next run
    (under `key`) and gives None."""
    from studio.ui.resources import get_database

    try:
        return get_database().run(fn, *args)
    except StudioError as err:
        flash(key, "error", plain(err.message(ui_lang())))
        return None
