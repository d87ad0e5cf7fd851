"""Privacy mode's placeholders (`studio.safety.privacy`): consistent masking across an exchange, restoring every
form a model writes a placeholder in, naming the ones that cannot be restored, and streaming restored text."""

from __future__ import annotations

import pytest

from studio.safety.findings import Finding
from studio.safety.privacy import Pseudonymizer, StreamRestorer

TEXT = "Liên hệ chị Trần Thị Mai, số 0912 345 678. Chị Mai sẽ trả lời."
FINDINGS = [Finding("PERSON", 12, 24, "Trần Thị Mai", 0.9, "t"), Finding("PHONE_NUMBER", 29, 41, "0912 345 678", 0.9, "t")]


@pytest.fixture
def pseudonyms() -> Pseudonymizer:
    p = Pseudonymizer()
    assert p.mask(TEXT, FINDINGS) == "Liên hệ chị ⟦PERSON_1⟧, số ⟦PHONE_NUMBER_1⟧. Chị Mai sẽ trả lời."
    return p


def test_a_value_masked_once_is_masked_in_every_later_text_of_the_exchange(pseudonyms):
    """The gate need not find a value again: the repair call or the next message masks it all the same."""
    assert pseudonyms.mask("Gọi Trần Thị Mai qua 0912 345 678 nhé", []) == "Gọi ⟦PERSON_1⟧ qua ⟦PHONE_NUMBER_1⟧ nhé"
    assert pseudonyms.mask("Trần Thị Maiii", []) == "Trần Thị Maiii"  # whole words only
    # a reply sent back for repair keeps its placeholders, even where a finding overlaps one
    assert pseudonyms.mask("x ⟦PERSON_1⟧", [Finding("PERSON", 2, 12, "⟦PERSON_1⟧", 0.5, "t")]) == "x ⟦PERSON_1⟧"


@pytest.mark.parametrize("written", ["⟦PERSON_1⟧", "[PERSON_1]", "⟦ PERSON_1 ⟧", "PERSON_1", "person_1", "Person_1",
                                     "[person 1]", "{PERSON_1}", "<PERSON_1>", "«PERSON_1»", "⟦PERSON_01⟧"])
def test_every_form_models_write_is_restored(pseudonyms, written):
    assert pseudonyms.restore(f"Chị {written}, số [PHONE_NUMBER_1].") == "Chị Trần Thị Mai, số 0912 345 678."
    assert not pseudonyms.unrestored


def test_restoring_reaches_inside_parsed_json_and_leaves_ordinary_words(pseudonyms):
    data = {"title": "PERSON_1", "points": ["gọi ⟦PHONE_NUMBER_1⟧", "person 1 and personal_1 stay"], "n": 3}
    assert pseudonyms.restore(data) == {"title": "Trần Thị Mai", "points": ["gọi 0912 345 678",
                                                                           "person 1 and personal_1 stay"], "n": 3}


def test_a_placeholder_that_was_never_sent_stays_visible_and_is_recorded(pseudonyms):
    restored = pseudonyms.restore("⟦PERSON_1⟧ và ⟦PERSON_9⟧, [EMAIL_ADDRESS_2]")
    assert restored == "Trần Thị Mai và ⟦PERSON_9⟧, [EMAIL_ADDRESS_2]"
    assert pseudonyms.unrestored == {"⟦PERSON_9⟧", "⟦EMAIL_ADDRESS_2⟧"}
    assert pseudonyms.leftovers(restored) == ["⟦PERSON_9⟧", "[EMAIL_ADDRESS_2]"]


def test_nothing_masked_means_nothing_to_restore():
    assert Pseudonymizer().restore("Ghi chú PERSON_1 của mẫu") == "Ghi chú PERSON_1 của mẫu"


@pytest.mark.parametrize("size", range(1, 14))
def test_a_stream_never_shows_a_placeholder_wherever_its_pieces_are_cut(pseudonyms, size):
    """GIVEN a reply with placeholders in several forms, cut into pieces of every size from 1 to 13 characters
    WHEN it is streamed THEN the reader sees the restored text, and no piece holds part of a placeholder."""
    reply = 'Kính gửi [PERSON_1], gọi ⟦PHONE_NUMBER_1⟧ hoặc PERSON_1 nhé ⟦ PERSON_1 ⟧ [S1]. {"text": "p"}'
    shown: list[str] = []
    stream = StreamRestorer(pseudonyms, shown.append)
    for start in range(0, len(reply), size):
        stream.feed(reply[start:start + size])
    stream.flush()
    assert "".join(shown) == pseudonyms.restore(reply)
    assert not any("PERSON" in piece or "⟦" in piece or "NUMBER" in piece for piece in shown), shown
    assert len(shown) > 3  # it still streams, not one block at the end
