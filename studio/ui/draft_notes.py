"""What the Compose page shows beside a draft's text: its variant, notices, coverage of the topic and further
reading, and the messages of unsupported claims and house-style findings under the fields they concern."""

from __future__ import annotations

import streamlit as st

from studio.ui.i18n import LANGUAGES
from studio.ui.plain import plain
from studio.ui.resources import t, ui_lang


def draft_facts(draft: dict) -> None:
    """What the drafting said beside the text: its variant, notices, coverage and further reading."""
    variant = draft.get("variant") or (draft.get("request") or {}).get("variant") or 0  # as drafted, else as asked
    st.caption(t("cmp_variant", n=int(variant) + 1))
    for notice in draft.get("notices", []):
        st.warning(plain(notice))
    relevance = draft.get("relevance")
    if isinstance(relevance, dict) and relevance.get("score") is not None:  # studio.drafting.relevance.Relevance
        st.caption(t("cmp_relevance", level=f"{float(relevance['score']):.0%}"))
    further = draft.get("further_reading") or []
    if further:
        with st.expander(t("cmp_further_reading", n=len(further))):
            for ref in further:
                st.markdown("- " + plain(t("cmp_further_item", title=ref.get("title") or ref.get("doc_id", ""),
                                                 lang=LANGUAGES.get(ref.get("lang"), ref.get("lang", "")))))


def claim_text(claim) -> str:
    return t("claim_unsupported", text=plain(claim.text), kind=t(f"cmp_claim_{claim.kind}"), field=plain(claim.field))


def still_there(finding: dict, value: str, exact: bool) -> bool:
    """A style finding is shown while its words are still where it found them (gone once they are changed);
    `exact`: `value` is the finding's own field, so its offsets apply, else the words are looked for in it."""
    text = str(finding.get("text", ""))
    if exact and isinstance(finding.get("start"), int) and isinstance(finding.get("end"), int):
        return bool(text) and value[finding["start"]:finding["end"]] == text
    return bool(text) and text in value


def style_text(finding: dict) -> str:
    """A house-style finding in the user's language, with its suggestion when there is one."""
    message = finding.get("message") or {}
    text = message.get(ui_lang()) or message.get("en") or str(finding.get("rule", "")) if isinstance(message, dict) \
        else str(message)
    out = t("cmp_style_finding", text=plain(str(finding.get("text", ""))), message=plain(text))
    if finding.get("suggestion"):
        out += t("cmp_style_suggestion", suggestion=plain(str(finding["suggestion"])))
    return out
