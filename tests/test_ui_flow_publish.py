"""The Publish page through AppTest on a real SQLite database: an approved item (drafted by the offline composer
from the sample knowledge base) is published, exported under the data dir, verified and shown with its
provenance; an unapproved item's export is refused and writes nothing."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from PIL import Image

from studio.workflow import items, review
from studio.workflow.media import MediaStore
from tests.ui_flow_helpers import button, english_widgets, studio, texts  # noqa: F401
from tests.workflow_helpers import cheap_argon2, gate, make_draft  # noqa: F401


def _sample_draft(studio, fmt="news_brief", lang="vi"):
    """A real draft: the offline composer over the sample knowledge base in the test's data dir."""
    from studio.drafting.models import DraftRequest
    from studio.drafting.prompts import load_prompts
    from studio.drafting.service import draft
    from studio.knowledge.base import KnowledgeBase

    kb = KnowledgeBase(studio.settings)
    kb.ensure_sample()
    return draft(kb, DraftRequest(format=fmt, topic="chuyển đổi số trong công đoàn ngân hàng", lang=lang),
                 load_prompts())


def _approved(studio, gate, draft, picture: Path | None = None) -> int:
    db = studio.db
    item_id = db.run(items.create_item, "lan", draft).id
    if picture is not None:
        ref = MediaStore(studio.settings.media_dir).add(picture, alt="A card with three figures")
        db.run(items.attach_media, "lan", item_id, [ref], 1)
    report = db.run(items.check_item, item_id, gate, "lan")
    assert report["verdict"] != "block", report
    db.run(review.submit_item, "lan", item_id)
    db.run(review.approve_item, "minh", item_id, "Được")
    return item_id


def _zips(studio) -> list[Path]:
    return sorted((Path(studio.settings.data_dir) / "exports").rglob("*.zip"))


def test_an_approved_item_is_published_exported_verified_and_its_provenance_shown(studio, gate):
    """GIVEN lan's news brief approved by minh WHEN lan publishes and exports it on the Publish page THEN the item
    is published, one zip is written under the data dir and offered for download, the page says it verified, and
    the provenance shows author, reviewer, composer, the cited sources and each file's SHA-256 as in the zip."""
    item_id = _approved(studio, gate, _sample_draft(studio))
    at = studio.page("publish")
    assert at.title[0].value == "Xuất bản"
    assert "được minh phê duyệt" in texts(at)
    button(at, "publish_go").click().run()
    assert "Đã đăng mục #1 (phiên bản 1)." in texts(at)
    assert studio.db.read(items.get_item, item_id).state == "published"
    assert button(at, "publish_go").disabled  # published once

    button(at, "publish_export").click().run()
    assert not at.exception, at.exception
    [bundle] = _zips(studio)
    assert bundle.name == "item-1-v1.zip"
    download = at.get("download_button")[0]
    assert download.proto.label == "Tải gói (.zip)"
    assert any(s.value.startswith("Gói hợp lệ:") for s in at.success)
    shown = texts(at)
    assert "**Tác giả:** lan" in shown and "**Người duyệt:** minh" in shown and "**Bộ soạn:** offline" in shown
    sources, files = at.dataframe[0].value, at.dataframe[1].value
    cited = studio.db.read(items.get_item, item_id).version.citations
    assert len(sources) >= 1 and set(sources["Tài liệu"]) <= {c["title"] for c in cited}
    with zipfile.ZipFile(bundle) as zf:
        actual = {n: hashlib.sha256(zf.read(n)).hexdigest() for n in zf.namelist() if n != "provenance.json"}
    assert dict(zip(files["Tệp"], files["SHA-256"])) == actual
    assert any(name.endswith(".docx") for name in actual) and any(name.endswith(".html") for name in actual)


def test_exporting_an_unapproved_item_is_refused_and_writes_nothing(studio):
    studio.db.run(items.create_item, "lan", make_draft())
    at = studio.page("publish")
    assert "Chưa có mục nào đã duyệt hoặc đã đăng." in texts(at)
    at.toggle(key="publish_show_all").set_value(True).run()
    assert "Phiên bản 1 chưa được phê duyệt (trạng thái: bản nháp)." in texts(at)
    assert button(at, "publish_go").disabled
    button(at, "publish_export").click().run()
    assert [e.value for e in at.error] == ["Không thể xuất gói mục #1 khi mục đang ở trạng thái “bản nháp”."]
    assert _zips(studio) == [] and not at.get("download_button")


def test_english_export_of_an_approved_item_with_a_picture_by_another_reviewer(studio, gate, monkeypatch, tmp_path):
    english_widgets(monkeypatch)
    picture = tmp_path / "card.png"
    Image.new("RGB", (40, 30), "#1f4e79").save(picture)
    _approved(studio, gate, make_draft(lang="en"), picture)
    at = studio.page("publish", lang="en", user="tuan")
    assert at.title[0].value == "Publish"
    assert button(at, "publish_export").label == "Export the bundle"
    button(at, "publish_export").click().run()
    assert "Exported the bundle of item #1, version 2." in texts(at)  # version 2: the one with the picture
    assert any(s.value.startswith("Bundle valid: ") for s in at.success)
    assert "**Reviewer:** minh" in texts(at)
    files = at.dataframe[1].value
    assert "media/card.png" in list(files["File"])
    assert hashlib.sha256(picture.read_bytes()).hexdigest() in list(files["SHA-256"])
    assert len(_zips(studio)) == 1
