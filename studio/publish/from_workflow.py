"""The workflow's export data (`studio.workflow.export.ExportSource`) as a bundle: the `build` that the faces
hand to `export_item`, and a per-session folder under the data dir for bundles the app offers for download.
"""

from __future__ import annotations

import re
from pathlib import Path

from studio.publish.bundle import BundleResult, ExportInput, MediaFile, build_bundle

EXPORTS_DIR = "exports"
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("union-content-studio")
    except PackageNotFoundError:
        return "0+unknown"


def build_item_bundle(source, out_path: Path) -> BundleResult:
    """Write the bundle of an `ExportSource` at `out_path` (see `studio.publish.bundle.build_bundle`)."""
    data = ExportInput(
        item_id=str(source.item_id), version=source.version, format=source.format, lang=source.lang,
        title=source.title, content=source.content, text=source.text, citations=source.citations,
        author=source.author, reviewer=source.reviewer, approved_at=source.approved_at, composer=source.composer,
        model=source.model, prompt_id=source.prompt_id, prompt_version=source.prompt_version,
        safety_report_sha256=source.safety_report_sha256, safety_verdict=source.safety_verdict,
        media=[MediaFile(name=m.name, data=m.data, kind=m.kind, alt=m.alt) for m in source.media],
        app_version=app_version())
    return build_bundle(data, out_path)


def export_path(data_dir: Path, session_id: str, item_id: int, version: int) -> Path:
    """Where the app writes a bundle for one browser session: `<data dir>/exports/<session>/item-7-v3.zip`
    (folders of sessions idle for a day are removed when a new one is made)."""
    from studio.media.service import prune_renders

    if not _SESSION_ID.match(session_id):
        raise ValueError("session id must be 32 hex digits")
    root = Path(data_dir) / EXPORTS_DIR
    folder = root / session_id
    if not folder.is_dir():
        prune_renders(root)
        folder.mkdir(parents=True, exist_ok=True)
    return folder / f"item-{int(item_id)}-v{int(version)}.zip"
