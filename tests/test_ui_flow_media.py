"""The Media page's attach box through AppTest on a real SQLite database: a rendered infographic is stored by
hash and attached, with its alt text, to one of the officer's items as a new version; without alt text
nothing is attached."""

from __future__ import annotations

import hashlib
from pathlib import Path

from studio.workflow import items
from tests.ui_flow_helpers import button, studio, texts  # noqa: F401
from tests.workflow_helpers import cheap_argon2, make_draft  # noqa: F401


def _card(studio):
    at = studio.page("media")
    button(at, "card_go").click().run()
    assert not at.exception, at.exception
    return at


def test_a_rendered_card_is_attached_with_its_alt_text_as_a_new_version(studio):
    """GIVEN lan's item at version 1 and a card made on the Media page WHEN she attaches it THEN version 2 refers to
    the PNG by its SHA-256 with the card's alt text, and the store holds exactly those bytes."""
    item_id = studio.db.run(items.create_item, "lan", make_draft()).id
    at = _card(studio)
    alt = at.text_area(key="card_attach_alt").value
    assert alt.startswith("Đồ họa thông tin:")
    assert at.selectbox(key="card_attach_item").value == item_id
    button(at, "card_attach_go").click().run()
    assert "Đã đính kèm 1 tệp vào mục #1: phiên bản 2." in texts(at)
    detail = studio.db.read(items.get_item, item_id)
    [ref] = detail.version.media
    assert (ref["kind"], ref["alt"], detail.current_version) == ("png", alt, 2)
    stored = next((Path(studio.settings.data_dir) / "media" / ref["sha256"][:2]).iterdir())
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == ref["sha256"] and ref["name"].endswith(".png")


def test_a_card_without_alt_text_is_not_attached(studio):
    item_id = studio.db.run(items.create_item, "lan", make_draft()).id
    at = _card(studio)
    at.text_area(key="card_attach_alt").input("   ")
    button(at, "card_attach_go").click().run()
    assert any("cần mô tả thay thế (alt)" in e.value for e in at.error)
    assert studio.db.read(items.get_item, item_id).current_version == 1
