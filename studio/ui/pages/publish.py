"""Publish page: approved items are published and exported as one bundle (DOCX, HTML, Markdown, media,
provenance.json) written under the data dir, offered for download, verified file by file, with its provenance
shown. Any item can be chosen, so a refusal (not approved: nothing written) is shown as the core words it."""

from __future__ import annotations

import uuid
from pathlib import Path

import streamlit as st

from studio.errors import StudioError
from studio.ui.auth import current_user, require_page
from studio.ui.flow import choose_item, flash, item_label, run_action, show_flash, state_name
from studio.ui.plain import plain
from studio.ui.resources import get_database, get_media_store, get_settings, t, ui_lang

FLASH = "publish_flash"
RESULT = "publish_result"
READY = ("approved", "published")


def render() -> None:
    from studio.workflow.items import get_item, list_items

    st.title(t("nav_publish"))
    if not require_page("publish"):
        return
    user = current_user()
    db = get_database()
    show_all = st.toggle(t("pub_show_all"), key="publish_show_all", help=t("pub_show_all_help"))
    shown = [i for i in db.read(list_items) if show_all or i.state in READY]
    if not shown:
        st.info(t("pub_none"))
        return
    by_id = {i.id: i for i in shown}
    choose_item("publish_item", by_id, shown[-1].id)
    item_id = st.selectbox(t("pub_pick_item"), list(by_id), key="publish_item",
                           format_func=lambda i: item_label(by_id[i]))
    detail = db.read(get_item, item_id)
    approval = next((r for r in reversed(detail.reviews) if r.version == detail.current_version
                     and r.decision == "approved"), None)
    if approval is not None:
        st.caption(t("pub_approved_by", reviewer=plain(approval.reviewer), version=approval.version,
                     at=approval.created_at.replace("T", " ")[:16], author=plain(detail.author)))
    else:
        st.caption(t("pub_not_approved", state=state_name(detail.state), version=detail.current_version))
    row = st.container(horizontal=True)  # the two actions side by side
    row.button(t("pub_publish_button"), type="primary", key="publish_go", on_click=_publish, args=(user.name, item_id),
              disabled=detail.state != "approved", help=t("pub_publish_help"))
    row.button(t("pub_export_button"), key="publish_export", on_click=_export, args=(user.name, item_id),
              type="primary" if detail.state == "published" else "secondary")
    show_flash(FLASH)
    result = st.session_state.get(RESULT)
    if result and result["item_id"] == item_id and Path(result["path"]).is_file():
        _show_bundle(result)


def _show_bundle(result: dict) -> None:
    prov = result["provenance"]
    st.divider()
    st.subheader(t("pub_bundle_header", version=prov["item"]["version"]))
    st.download_button(t("pub_download"), data=Path(result["path"]).read_bytes(), file_name=result["file_name"],
                       mime="application/zip", key="publish_download", type="primary")
    if result["ok"]:
        st.success(t("pub_verified", n=len(prov["files"])))
    else:
        st.error(t("pub_verify_failed", n=len(result["problems"])))
        for problem in result["problems"]:
            st.caption(plain(problem))
    gen = prov["generation"]
    left, right = st.columns(2)
    left.markdown("\n".join([
        f"- **{t('pub_author')}:** {plain(prov['author'])}",
        f"- **{t('pub_reviewer')}:** {plain(prov['reviewer'])}",
        f"- **{t('pub_approved_at')}:** {plain(prov['approved_at'].replace('T', ' '))}",
        f"- **{t('pub_safety')}:** {t('saf_verdict_' + prov['safety']['verdict'])}"
        f" · `{prov['safety']['report_sha256'][:16]}…`",
    ]))
    right.markdown("\n".join([
        f"- **{t('pub_composer')}:** {plain(gen['composer'])}",
        f"- **{t('pub_model')}:** {plain(gen['model'] or '—')}",
        f"- **{t('pub_prompt')}:** {plain(gen['prompt_id'])} v{gen['prompt_version']}",
        f"- **{t('pub_label')}:** {plain(prov['ai_label'])}",
    ]))
    st.markdown(f"**{t('pub_sources')}**")
    st.dataframe([{t("pub_col_n"): s["number"], t("pub_col_marker"): s["marker"], t("pub_col_title"): s["title"],
                   t("pub_col_section"): s.get("section") or "", t("pub_col_span"): f"{s['start']}–{s['end']}"}
                  for s in prov["sources"]], hide_index=True)
    st.markdown(f"**{t('pub_files')}**")
    st.dataframe([{t("pub_col_file"): name, t("pub_col_size"): f["size"], "SHA-256": f["sha256"]}
                  for name, f in prov["files"].items()], hide_index=True)
    with st.expander(t("pub_manifest")):
        st.json(prov)


# ---------------------------------------------------------------- actions (button callbacks)

def _publish(actor: str, item_id: int) -> None:
    from studio.workflow.review import publish_item

    detail = run_action(FLASH, publish_item, actor, item_id)
    if detail is not None:
        flash(FLASH, "success", t("pub_published", id=item_id, version=detail.current_version))


def _export(actor: str, item_id: int) -> None:
    from studio.publish.bundle import verify_bundle
    from studio.publish.from_workflow import build_item_bundle, export_path
    from studio.workflow.export import export_item
    from studio.workflow.items import get_item

    db = get_database()
    session_id = st.session_state.setdefault("publish_session", uuid.uuid4().hex)
    try:
        version = db.read(get_item, item_id).current_version
        out = export_path(get_settings().data_dir, session_id, item_id, version)
        bundle = export_item(db, actor, item_id, out, get_media_store(), build_item_bundle)
    except StudioError as err:
        st.session_state.pop(RESULT, None)
        flash(FLASH, "error", err.message(ui_lang()))
        return
    report = verify_bundle(out)
    stem = Path(bundle.provenance["documents"]["docx"]).stem
    st.session_state[RESULT] = {"item_id": item_id, "path": str(out), "file_name": f"{stem}.zip",
                                "provenance": bundle.provenance, "ok": report.ok, "problems": report.problems}
    flash(FLASH, "success", t("pub_exported", id=item_id, version=version))
