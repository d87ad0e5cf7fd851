"""A whole "Practice AI" session in a real browser: the real app (`streamlit run app.py`) on a loopback port,
Debian's Chromium driven by Playwright, a trainer and three participants in four separate browser contexts.

The trainer logs in, creates a session with all four exercises from the bank and reads the join code (and sees
the QR code); three participants open /workshop_join without an account, one types a wrong code first, each
joins with a Vietnamese display name and does at least two exercises; the trainer's dashboard shows them as it
refreshes itself (no reload), the CSV downloaded then already holds the three; the trainer closes the session
and reveals the answers; the participants' pages follow by themselves and show what each missed; the CSV
downloaded at the end has the three rows with their names and scores, the XLSX the names, the certificate ZIP
three PNGs.

Screenshots go to test-artifacts/workshop/ (gitignored). Skipped when Chromium or Playwright is missing — unless
CI is set: there it fails.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
import zipfile
from functools import partial
from pathlib import Path

import openpyxl
import pytest

from studio.config import PROJECT_ROOT
from studio.errors import StudioError
from studio.ui.i18n import translate
from studio.workshop.material import KIND_NAMES
from studio.workshop.scoring import feedback_text
from tests.browser_app import CHROMIUM, add_user, settle, start_app, stop_app, studio_env

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "workshop"
TRAINER, TRAINER_PASSWORD = "co-ha", "Giang-vien-2026!"
PEOPLE = ("Nguyễn Thị Ánh", "Trần Văn Bình", "Lê Hoàng Yến")
T = partial(translate, "vi")
WAIT_MS = 60_000

pytestmark = pytest.mark.slow


def _browser_or_skip():
    """Playwright's sync API, or skip (fail under CI) when it or Chromium is missing."""
    missing = []
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
        missing.append("the playwright package")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(str(CHROMIUM))
    if missing:
        message = f"browser test needs {' and '.join(missing)}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return sync_playwright


# ---------------------------------------------------------------- the app as a subprocess

@pytest.fixture
def app(tmp_path, monkeypatch):
    """The real app on a free loopback port (tests/browser_app.py) with the trainer `co-ha`, made by the CLI;
    stopped afterwards, and its log must hold no traceback."""
    env = studio_env(tmp_path / "data", "Quan-tri-2026!")
    for key in [k for k in os.environ if k.startswith("STUDIO_") and k not in env]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        if key.startswith("STUDIO_"):
            monkeypatch.setenv(key, value)  # the test reads the same database as the server
    add_user(env, TRAINER, "trainer", TRAINER_PASSWORD)
    server = start_app(env, tmp_path / "server.log", timeout=60)
    try:
        yield server.base_url
    finally:
        stop_app(server)
    log = server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, log


# ---------------------------------------------------------------- Streamlit in the browser

def click(page, locator) -> None:
    locator.click()
    settle(page)


def fill(page, locator, text: str) -> None:
    """Type into a text box and leave it (Tab), so Streamlit has the value before a button is pressed."""
    locator.fill(text)
    locator.press("Tab")


def shot(page, name: str, full_page: bool = True) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def table_rows(frame) -> list[list[str]]:
    """The cells of an st.dataframe (its accessible table inside the canvas), header first."""
    return frame.evaluate("""e => [...e.querySelectorAll('table[role="grid"] tr')].map(
        tr => [...tr.querySelectorAll('th, td')].map(c => c.textContent.trim()))""")


def tab(page, position: int):
    return page.get_by_role("tab", name=re.compile(rf"^{position}\. "))


def submit(page, position: int, expect_text: str) -> str:
    """Submit the open exercise; its tab stays open, now ticked, with the score. Returns the tab's text."""
    click(page, page.get_by_role("button", name=T("ws_submit"), exact=True))
    page.get_by_text(expect_text).first.wait_for(timeout=WAIT_MS)
    selected = page.get_by_role("tab", selected=True)
    assert re.match(rf"^{position}\. .+ ✓$", selected.inner_text().strip()), selected.inner_text()
    panel = page.get_by_role("tabpanel").filter(visible=True)
    text = panel.inner_text()
    assert T("ws_score", score="", attempts="").split("/")[0].strip("*") in text
    return text


def download(page, label: str, suffix: str) -> bytes:
    with page.expect_download(timeout=WAIT_MS) as info:
        page.get_by_role("button", name=label).click()
    assert info.value.suggested_filename.endswith(suffix), info.value.suggested_filename
    return Path(info.value.path()).read_bytes()


def download_csv(page) -> list[dict[str, str]]:
    data = download(page, T("ws_download_csv"), ".csv")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Vietnamese letters
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


# ---------------------------------------------------------------- the flow

def _keys(code: str) -> dict[int, dict]:
    """The answer keys, read from the server's database as the trainer (the participants answer from them)."""
    from studio.config import load_settings
    from studio.workflow.db import open_database
    from studio.workshop.sessions import exercises_with_keys

    db = open_database(load_settings())
    try:
        return {e.position: {"kind": e.kind, **e.answer_key} for e in db.read(exercises_with_keys, TRAINER, code)}
    finally:
        db.dispose()


def _log_in_as_trainer(page, url: str) -> None:
    page.goto(url)
    name = page.get_by_label(T("login_name"))
    name.wait_for(timeout=WAIT_MS)
    settle(page)
    fill(page, name, TRAINER)
    fill(page, page.get_by_label(T("login_password"), exact=True), TRAINER_PASSWORD)
    click(page, page.get_by_role("button", name=T("login_button"), exact=True))
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=T("ws_trainer_title"))
    link.wait_for(timeout=WAIT_MS)  # the first page load also ingests the sample knowledge base
    settle(page)
    click(page, link)
    page.get_by_role("heading", name=T("ws_trainer_title")).wait_for(timeout=WAIT_MS)


def _create_session(page) -> str:
    fill(page, page.get_by_label(T("ws_title_label")), "Thực hành AI – Công đoàn Sông Đà")
    exercises = page.get_by_test_id("stMultiSelect").filter(has_text=T("ws_exercises_label"))
    for name in KIND_NAMES["vi"].values():  # all four are chosen by default
        assert exercises.get_by_text(name, exact=True).count() == 1, name
    click(page, page.get_by_role("button", name=T("ws_create_button")))
    flash = page.get_by_text(re.compile(re.escape(T("ws_created", code="")) + r"[A-Z0-9]{6}"))
    flash.wait_for(timeout=WAIT_MS)
    code = flash.inner_text().rsplit(" ", 1)[-1]
    big = T("ws_code_big", code=code).lstrip("# ").replace("`", "")  # "Mã tham gia: ABC234", a heading
    assert page.get_by_role("heading", name=big).count() == 1
    assert page.get_by_test_id("stImage").count() == 1  # the QR code
    assert f"/workshop_join?code={code}" in main_text(page)
    return code


def _join(page, url: str, code: str, name: str, wrong_code: str | None = None) -> None:
    page.goto(f"{url}/workshop_join")
    box = page.get_by_label(T("ws_code_label"))
    box.wait_for(timeout=WAIT_MS)
    settle(page)
    if wrong_code:
        fill(page, box, wrong_code)
        fill(page, page.get_by_label(T("ws_name_label")), name)
        click(page, page.get_by_role("button", name=T("ws_join_button"), exact=True))
        message = StudioError("workshop_code_unknown", join_code=wrong_code).message("vi")
        page.get_by_test_id("stAlert").filter(has_text=message).wait_for(timeout=WAIT_MS)
        shot(page, "02-wrong-code")
    fill(page, box, code)
    fill(page, page.get_by_label(T("ws_name_label")), name)
    click(page, page.get_by_role("button", name=T("ws_join_button"), exact=True))
    page.get_by_text(T("ws_joined", name=name, title="Thực hành AI – Công đoàn Sông Đà")).wait_for(timeout=WAIT_MS)


def _spot(page, position: int, quotes: list[str]) -> None:
    click(page, tab(page, position))
    fill(page, page.get_by_role("textbox", name=T("ws_quotes_label")), "\n".join(quotes))


def _quiz(page, position: int, choices: list[int]) -> None:
    click(page, tab(page, position))
    panel = page.get_by_role("tabpanel").filter(has=page.get_by_test_id("stRadio"))
    radios = panel.get_by_test_id("stRadio")
    assert radios.count() == len(choices)
    for n, choice in enumerate(choices):
        radios.nth(n).locator("label").filter(has_text=re.compile(rf"^{'ABCD'[choice]}\. ")).click()
    settle(page)


def _facts(page, position: int, flags: list[int]) -> None:
    click(page, tab(page, position))
    panel = page.get_by_role("tabpanel").filter(has=page.get_by_test_id("stCheckbox"))
    boxes = panel.get_by_test_id("stCheckbox")
    for i in flags:
        boxes.nth(i).locator("label").click()
    settle(page)


def test_a_trainer_runs_a_full_session_with_three_participants_in_other_browser_windows(app):
    sync_playwright = _browser_or_skip()
    started = time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            _run_the_session(browser, app)
        finally:
            browser.close()
    assert time.monotonic() - started < 180


def _run_the_session(browser, url: str) -> None:
    viewport = {"width": 1280, "height": 1400}  # the app scrolls inside: a tall window for the screenshots
    trainer_context = browser.new_context(viewport=viewport, accept_downloads=True, locale="vi-VN")
    trainer = trainer_context.new_page()
    trainer.set_default_timeout(WAIT_MS)
    _log_in_as_trainer(trainer, url)
    code = _create_session(trainer)
    shot(trainer, "01-trainer-code-qr")
    key = _keys(code)
    assert [key[n]["kind"] for n in (1, 2, 3, 4)] == ["write-with-ai", "spot-the-risk", "check-the-facts", "quiz"]
    risks = [f["text"] for f in key[2]["findings"]]
    right = key[4]["correct"]

    pages = {}
    for name in PEOPLE:  # three more browser windows, no account
        context = browser.new_context(viewport=viewport, locale="vi-VN")
        pages[name] = context.new_page()
        pages[name].set_default_timeout(WAIT_MS)
    anh, binh, yen = (pages[n] for n in PEOPLE)

    # Ánh: every risk, the facts, the quiz right
    _join(anh, url, code, PEOPLE[0])
    _spot(anh, 2, risks)
    shot(anh, "03-participant-spot-the-risk")
    assert "Điểm: 100/100" in submit(anh, 2, T("ws_submitted", position=2, score=100))
    _facts(anh, 3, key[3]["flagged"])
    submit(anh, 3, T("ws_submitted", position=3, score=100))
    _quiz(anh, 4, right)
    submit(anh, 4, T("ws_submitted", position=4, score=100))

    # Bình: a wrong code first; two risks, one quiz answer wrong
    _join(binh, url, code, PEOPLE[1], wrong_code="ZZZ999")
    _spot(binh, 2, risks[:2])
    submit(binh, 2, T("ws_submitted", position=2, score="").split(":")[0])
    _quiz(binh, 4, [(right[0] + 1) % 4, *right[1:]])
    binh_quiz = round(100 * (len(right) - 1) / len(right))
    text = submit(binh, 4, T("ws_submitted", position=4, score=binh_quiz))
    first = feedback_text("quiz_answer", {"number": 1, "letter": "ABCD"[right[0]], "explanation": ""}, "vi").strip()
    assert f"{len(right) - 1}/{len(right)}" in text and first not in text  # no key before the reveal
    shot(binh, "04-participant-quiz-scored")

    # Yến: one risk and a harmless line; the quiz right
    _join(yen, url, code, PEOPLE[2])
    _spot(yen, 2, [risks[-1], "Ban Chấp hành thống nhất tổ chức hội thao"])
    text = submit(yen, 2, T("ws_submitted", position=2, score="").split(":")[0])
    assert not any(r in text.split(T("ws_quotes_label"))[-1] for r in risks[:-1])  # missed ones: not yet named
    _quiz(yen, 4, right)
    submit(yen, 4, T("ws_submitted", position=4, score=100))
    assert not any(other in main_text(yen) for other in PEOPLE[:2])  # nothing of the others

    # the trainer's dashboard refreshes itself: no reload, no click
    joined = trainer.get_by_test_id("stMetric").filter(has_text=T("ws_metric_joined"))
    joined.get_by_test_id("stMetricValue").filter(has_text=re.compile(r"^3$")).wait_for(timeout=30_000)
    submitted = trainer.get_by_test_id("stMetric").filter(has_text=T("ws_metric_submissions"))
    submitted.get_by_test_id("stMetricValue").filter(has_text=re.compile(r"^7$")).wait_for(timeout=30_000)
    settle(trainer)
    frames = trainer.get_by_test_id("stDataFrame")
    progress, people = table_rows(frames.nth(0)), table_rows(frames.nth(1))
    assert [r[1] for r in progress[1:]] == ["0/3", "3/3", "1/3", "3/3"], progress
    assert sorted(r[0] for r in people[1:]) == sorted(PEOPLE), people
    trainer.get_by_text(T("ws_missed_header")).wait_for()
    shot(trainer, "05-dashboard-three-participants")
    rows = download_csv(trainer)  # downloaded without a reload: as fresh as the dashboard
    assert sorted(r[people[0][0]] for r in rows) == sorted(PEOPLE), rows

    # close, then reveal (after the confirmation)
    click(trainer, trainer.get_by_role("button", name=T("ws_close_button")))
    trainer.get_by_text(T("ws_state_line", state=T("ws_state_closed"), minutes=45, left=0)).wait_for()
    click(trainer, trainer.get_by_test_id("stCheckbox").filter(has_text=T("ws_reveal_confirm")).locator("label"))
    click(trainer, trainer.get_by_role("button", name=T("ws_reveal_button")))
    trainer.get_by_text(T("ws_state_line", state=T("ws_state_revealed"), minutes=45, left=0)).wait_for()
    shot(trainer, "06-trainer-revealed")

    # the participants' pages follow by themselves (no reload): now each sees what they missed
    for name, page in ((PEOPLE[2], yen), (PEOPLE[1], binh)):
        you = T("ws_you_are", name=name, state=T("ws_state_revealed"), left=0).replace("*", "")
        page.get_by_text(you).wait_for(timeout=30_000)
        settle(page)
    click(yen, tab(yen, 2))
    panel = yen.get_by_role("tabpanel").filter(visible=True)
    assert panel.get_by_text(T("ws_all_risks", n=len(risks))).count() == 1  # the answer key
    header = panel.get_by_text(T("ws_revealed_header"))
    header.wait_for()
    # e-mail addresses are shown with an invisible break so that the page does not turn them into links
    missed = panel.inner_text().replace("\u200b", "").split(T("ws_revealed_header"), 1)[1]
    for risk in risks[:-1]:
        assert f"“{risk}”" in missed, (risk, missed)
    assert f"“{risks[-1]}”" not in missed  # the one she found
    assert yen.get_by_role("button", name=T("ws_submit"), exact=True).is_disabled()
    header.scroll_into_view_if_needed()
    shot(yen, "07-participant-revealed-missed", full_page=False)
    wrong = feedback_text("quiz_wrong", {"number": 1, "chosen": "ABCD"[(right[0] + 1) % 4]}, "vi")
    text = binh.get_by_role("tabpanel").filter(visible=True).inner_text()  # his quiz, still open
    assert wrong in text and first in text, text

    rows = download_csv(trainer)
    assert len(rows) == 3 and sorted(r[people[0][0]] for r in rows) == sorted(PEOPLE), rows
    by_name = {r[people[0][0]]: r for r in rows}
    quiz_column = next(c for c in rows[0] if c.startswith("4."))
    assert [by_name[n][quiz_column] for n in PEOPLE] == ["100", str(binh_quiz), "100"], rows
    book = openpyxl.load_workbook(io.BytesIO(download(trainer, T("ws_download_xlsx"), ".xlsx")))
    assert set(PEOPLE) <= {c.value for row in book.active.iter_rows() for c in row}

    click(trainer, trainer.get_by_role("button", name=T("ws_make_certs")))
    archive = zipfile.ZipFile(io.BytesIO(download(trainer, T("ws_download_certs", n=3), ".zip")))
    assert len(archive.namelist()) == 3 and all(n.endswith(".png") for n in archive.namelist())
