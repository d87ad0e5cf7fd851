"""Structured editors of a quiz, a video script and an infographic brief, drawn from the format's layout
(`studio.drafting.fields.EDITOR_LAYOUTS`) and checked as the user types (`studio.drafting.editing`).

Widgets stand outside any form, so each change reruns the page and the checks follow. An editor lives in
`st.session_state[prefix]`: the content as last read and, per list, a stable id per entry, so a widget keeps its
entry when another entry is removed or moved. A page calls `open_editor` once, `read_editor` before drawing (the
content and its problems, e.g. for grounding) and `draw_editor` where the boxes go.
"""

from __future__ import annotations

import json

import streamlit as st

from studio.drafting.editing import (
    Problem,
    blank_entry,
    check_structured,
    figures,
    moved,
)
from studio.drafting.fields import EDITOR_LAYOUTS, Box, Repeat
from studio.drafting.formats import word_count
from studio.ui.plain import plain
from studio.ui.resources import t

LETTERS = "ABCD"


def open_editor(prefix: str, fmt: str, content: dict) -> None:
    """Start an editor on `content` unless one is open under `prefix`."""
    if prefix in st.session_state:
        return
    content = json.loads(json.dumps(content))  # a deep copy of plain data
    state = {"content": content, "ids": {}, "next": 0}
    for part in EDITOR_LAYOUTS[fmt].parts:
        if isinstance(part, Repeat):
            entries = content.setdefault(part.name, [])
            state["ids"][part.name] = list(range(state["next"], state["next"] + len(entries)))
            state["next"] += len(entries)
    st.session_state[prefix] = state


def reset_editor(prefix: str, fmt: str, content: dict) -> None:
    """Throw the editor's boxes away and open it again on `content` (the advanced JSON editor's Apply)."""
    for key in [k for k in st.session_state if str(k).startswith(prefix + "__")]:
        del st.session_state[key]
    st.session_state.pop(prefix, None)
    open_editor(prefix, fmt, content)


def read_editor(prefix: str, fmt: str, markers: list[str]) -> tuple[dict, dict | None, list[Problem]]:
    """(content as typed, valid content or None, problems), from the boxes' values."""
    state = st.session_state[prefix]
    content = dict(state["content"])
    for part in EDITOR_LAYOUTS[fmt].parts:
        if isinstance(part, Box):
            content[part.name] = _read_box(f"{prefix}__{part.name}", part, state["content"].get(part.name))
            continue
        old = state["content"].get(part.name) or []
        entries = []
        for i, uid in enumerate(state["ids"][part.name]):
            seed = old[i] if i < len(old) else blank_entry(fmt, part.name, markers)
            entries.append({**seed, **{box.name: _read_box(f"{prefix}__{part.name}_{uid}_{box.name}", box,
                                                           seed.get(box.name)) for box in part.boxes}})
        content[part.name] = entries
    state["content"] = content
    valid, problems = check_structured(fmt, content, markers or None)
    return content, valid, problems


def draw_editor(prefix: str, fmt: str, markers: list[str], problems: list[Problem],
                notes: dict[str, list[str]] | None = None) -> None:
    """The boxes, each with its problems (errors) and notes (warnings such as unsupported claims) under it."""
    state = st.session_state[prefix]
    errors: dict[str, list[str]] = {}
    for p in problems:
        errors.setdefault(p.path, []).append(t(f"ed_problem_{p.code}", **p.params))
    notes = {k: list(v) for k, v in (notes or {}).items()}
    for part in EDITOR_LAYOUTS[fmt].parts:
        if isinstance(part, Box):
            _draw_box(f"{prefix}__{part.name}", part, part.name, markers, errors, notes)
            continue
        ids = state["ids"][part.name]
        for i, uid in enumerate(ids):
            with st.container(border=True):
                _entry_header(prefix, fmt, part, i, len(ids))
                for box in part.boxes:
                    _draw_box(f"{prefix}__{part.name}_{uid}_{box.name}", box, f"{part.name}[{i}].{box.name}",
                              markers, errors, notes)
                _show(errors, notes, f"{part.name}[{i}]")
        st.button(t(f"ed_add_{part.name}"), key=f"{prefix}_add_{part.name}",
                  disabled=part.max is not None and len(ids) >= part.max,
                  on_click=_add, args=(prefix, fmt, part.name, markers))
        for fig in figures(fmt, state["content"]):
            if fig.path == part.name:
                (st.caption if fig.ok else st.warning)(t(f"ed_figure_{fig.code}", **fig.params))
        _show(errors, notes, part.name)
    _show(errors, notes, "")
    for left in list(errors.values()):
        for text in left:
            st.error(text)
    for left in list(notes.values()):
        for text in left:
            st.warning(text)


def advanced_json(prefix: str, fmt: str, content: dict) -> None:
    """The content as JSON in a closed expander; Apply loads valid JSON back into the editor."""
    text = json.dumps(content, ensure_ascii=False, indent=2)
    key = f"{prefix}_json_{abs(hash(text))}"  # a new box whenever the structured editor changes the content
    with st.expander(t("ed_advanced"), expanded=False):
        st.text_area(t("ed_advanced"), value=text, key=key, height=320, help=t("ed_advanced_help"),
                     label_visibility="collapsed")
        st.button(t("ed_apply_json"), key=f"{prefix}_json_apply", on_click=_apply_json, args=(prefix, fmt, key))
        message = st.session_state.pop(f"{prefix}_json_message", None)
        if message:
            (st.success if message[0] == "ok" else st.error)(message[1])


# ---------------------------------------------------------------- boxes

def _read_box(key: str, box: Box, seed):
    """The box's value from session_state, seeded from the content the first time (and after Streamlit dropped a
    box it did not draw)."""
    if box.kind == "options":
        seed = list(seed or []) + [""] * 4
        return [st.session_state.setdefault(f"{key}_{k}", str(seed[k] or "")) for k in range(4)]
    if box.kind == "correct":
        return st.session_state.setdefault(key, seed if seed in range(4) else 0)
    if box.kind == "number":
        try:
            seed = float(seed)
        except (TypeError, ValueError):
            seed = 0.0
        return st.session_state.setdefault(key, seed)
    return st.session_state.setdefault(key, "" if seed is None else str(seed))


def _draw_box(key: str, box: Box, path: str, markers: list[str], errors: dict, notes: dict) -> None:
    label = "" if box.kind == "options" else t(f"ed_field_{box.name}", max=30)
    if box.kind == "line":
        st.text_input(label, key=key)
        if box.words:
            n = word_count(st.session_state[key])
            st.caption(t("ed_words", n=n, max=box.words))
    elif box.kind == "text":
        st.text_area(label, key=key, height=90)
    elif box.kind == "options":
        for k, letter in enumerate(LETTERS):
            st.text_input(t("ed_field_option", letter=letter), key=f"{key}_{k}")
            _show(errors, notes, f"{path}[{k}]")
    elif box.kind == "correct":
        st.radio(label, list(range(4)), key=key, horizontal=True, format_func=lambda k: LETTERS[k])
    elif box.kind == "marker":
        current = st.session_state[key]
        options = list(dict.fromkeys([*markers, current])) if current else list(markers) or [""]
        if current not in options:
            st.session_state[key] = options[0]
        st.selectbox(label, options, key=key)
    elif box.kind == "number":
        st.number_input(label, key=key, min_value=0.0, max_value=600.0, step=0.5, format="%.1f")
    elif box.kind == "choice":
        st.selectbox(label, list(box.choices), key=key, format_func=lambda c: t(f"template_{c}"))
    _show(errors, notes, path)


def _show(errors: dict, notes: dict, path: str) -> None:
    """The errors of exactly `path`, and the notes of `path` or anything inside it."""
    for text in errors.pop(path, []):
        st.error(text)
    for where in [k for k in notes if k == path or (path and k.startswith((path + "[", path + ".")))]:
        for text in notes.pop(where):
            st.warning(text)


def _entry_header(prefix: str, fmt: str, part: Repeat, index: int, count: int) -> None:
    row = st.container(horizontal=True, vertical_alignment="center")
    row.markdown(f"**{plain(t(f'ed_entry_{part.name}', n=index + 1))}**")
    if part.movable:
        row.button(t("ed_up"), key=f"{prefix}_up_{part.name}_{index}", disabled=index == 0,
                   on_click=_move, args=(prefix, part.name, index, -1))
        row.button(t("ed_down"), key=f"{prefix}_down_{part.name}_{index}", disabled=index == count - 1,
                   on_click=_move, args=(prefix, part.name, index, 1))
    row.button(t("ed_remove"), key=f"{prefix}_remove_{part.name}_{index}", disabled=count <= part.min,
               on_click=_remove, args=(prefix, part.name, index))


# ---------------------------------------------------------------- callbacks (run before the next script run)

def _add(prefix: str, fmt: str, name: str, markers: list[str]) -> None:
    state = st.session_state[prefix]
    state["content"][name] = [*state["content"][name], blank_entry(fmt, name, markers)]
    state["ids"][name] = [*state["ids"][name], state["next"]]
    state["next"] += 1


def _remove(prefix: str, name: str, index: int) -> None:
    state = st.session_state[prefix]
    state["content"][name] = [e for i, e in enumerate(state["content"][name]) if i != index]
    state["ids"][name] = [u for i, u in enumerate(state["ids"][name]) if i != index]


def _move(prefix: str, name: str, index: int, step: int) -> None:
    state = st.session_state[prefix]
    state["content"][name] = moved(state["content"][name], index, step)
    state["ids"][name] = moved(state["ids"][name], index, step)


def _apply_json(prefix: str, fmt: str, key: str) -> None:
    try:
        content = json.loads(st.session_state.get(key) or "")
    except json.JSONDecodeError as exc:
        st.session_state[f"{prefix}_json_message"] = ("error", f"JSON, {exc.lineno}:{exc.colno}: {exc.msg}")
        return
    if not isinstance(content, dict):
        st.session_state[f"{prefix}_json_message"] = ("error", "JSON {…}")
        return
    reset_editor(prefix, fmt, content)
    st.session_state[f"{prefix}_json_message"] = ("ok", t("ed_json_applied"))
