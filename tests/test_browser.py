"""End to end in a real browser: the app as `streamlit run app.py` on a loopback port, driven by Playwright
through Debian's Chromium, in Vietnamese, with the offline composer.

lan (officer) logs in, saves a short Zalo message (so that every item picker holds two items) and then an article
drafted from the sample knowledge base, makes an infographic from the example spec and attaches it to the
article, runs the safety check (accepting each warning with a reason) and submits; minh (reviewer) logs in,
approves, publishes, exports the bundle and downloads it; the zip is then checked with `verify_bundle`. Item
pickers must name the item's current state and version after each action and stay on the chosen item (see
`studio.ui.flow.choose_item`). Every button and message is found by its text in the string table, so the test
follows `studio/ui/strings.yaml`. A screenshot of each step goes to test-artifacts/browser/ (gitignored).

Locally the test skips without /usr/bin/chromium or Playwright; under CI (`CI` set) it fails instead.
"""

from __future__ import annotations

import json
import os
import re
import time
import zipfile

import pytest

from studio.ui.i18n import string_tables
from studio.workflow.states import STATE_NAMES
from tests.browser_app import (
    ARTIFACTS,
    CHROMIUM,
    add_user,
    settle,
    running_app,
    shoot,
    studio_env,
    vi,
)

pytestmark = pytest.mark.slow

PASSWORDS = {"lan": "lan-mật-khẩu-2025", "minh": "minh-mật-khẩu-2025", "admin": "admin-mật-khẩu-2025"}
TOPIC = "chuyển đổi số trong công đoàn"
WARN_REASON = "Thông tin đã công bố công khai trên trang tin của Công đoàn"
TIMEOUT = 120_000  # ms: one step on a busy 2-core machine (the first draft builds the safety analyzer)


@pytest.fixture
def sync_api():
    """`playwright.sync_api`, or skip (locally) / fail (CI) when it or Debian's Chromium is missing."""
    problems = []
    try:
        from playwright import sync_api as api
    except ImportError:
        api = None
        problems.append("Playwright for Python is not installed (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        problems.append(f"{CHROMIUM} is missing (apt-get install chromium)")
    if problems:
        message = "browser test: " + "; ".join(problems)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return api


@pytest.fixture
def page(sync_api):
    """A page of Debian's Chromium (Playwright's own browser download fails on these machines)."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 1100}, locale="vi-VN",
                                          accept_downloads=True)
            context.set_default_timeout(TIMEOUT)
            yield context.new_page()
        finally:
            browser.close()


def pattern(key: str, named: bool = False, **known) -> re.Pattern:
    """A regex of the Vietnamese string `key`: the given parameters filled in, the others as groups (named ones
    for Python; Playwright hands the pattern to JavaScript, whose named groups are spelt differently)."""
    out, pos = [], 0
    template = string_tables()["vi"][key]
    for m in re.finditer(r"\{(\w+)\}", template):
        out.append(re.escape(template[pos:m.start()]))
        name = m.group(1)
        out.append(re.escape(str(known[name])) if name in known else f"(?P<{name}>.+?)" if named else "(.+?)")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out))


def item_label(item_id: int, state: str, version) -> re.Pattern:
    """An item picker's option, `#7 · title · state · v3`, for the item in that state and version."""
    label = pattern("flow_item_label", id=item_id, state=STATE_NAMES["vi"][state], version=version)
    return re.compile(f"^{label.pattern}$")


@pytest.fixture
def app(tmp_path, page):
    """The real app on a free loopback port, with lan (officer) and minh (reviewer) made through the CLI; started
    after the browser, so that the time to the login page is the server's."""
    env = studio_env(tmp_path / "data", PASSWORDS["admin"])
    add_user(env, "lan", "officer", PASSWORDS["lan"])
    add_user(env, "minh", "reviewer", PASSWORDS["minh"])
    with running_app(env, tmp_path / "streamlit.log") as running:
        yield running


class Flow:
    """The page and the moves of the test: each waits for Streamlit to finish, then checks no traceback shows."""

    def __init__(self, page, expect):
        self.page, self.expect, self.n = page, expect, 0

    @property
    def main(self):
        return self.page.get_by_test_id("stMain")

    def settle(self) -> None:
        settle(self.page, timeout=TIMEOUT)
        exceptions = self.page.get_by_test_id("stException")
        assert exceptions.count() == 0, exceptions.first.inner_text()

    def shot(self, name: str) -> None:
        self.n += 1
        shoot(self.page, self.n, name)

    def button(self, key: str, **params):
        return self.main.get_by_role("button", name=vi(key, **params), exact=True)

    def click(self, key: str, **params) -> None:
        button = self.button(key, **params)
        self.expect(button).to_be_enabled(timeout=TIMEOUT)
        button.click()
        self.settle()

    def success(self, key: str, **known) -> re.Match:
        """Wait for the success message `key` and return its match (the unknown parameters as groups)."""
        regex = pattern(key, **known)
        alert = self.main.get_by_test_id("stAlertContentSuccess").filter(has_text=regex)
        self.expect(alert).to_be_visible(timeout=TIMEOUT)
        alert.scroll_into_view_if_needed()  # for the screenshot
        return pattern(key, named=True, **known).search(alert.inner_text())

    def choice(self, key: str, within=None):
        """A select box by its label: its value is the option shown."""
        return (within or self.main).get_by_role("combobox", name=vi(key), exact=True)

    def select(self, key: str, option: str | re.Pattern) -> None:
        """Choose `option` (its text, or a pattern of it) in the select box labelled with the string `key`."""
        options = self.page.get_by_role("option", name=option, exact=isinstance(option, str) or None)
        self.choice(key).click()
        try:
            self.expect(options).to_be_visible(timeout=3000)
        except AssertionError:  # a select that kept the focus after a rerun can swallow the first click (Base
            self.choice(key).click()  # Web); a person clicks again, and so does the test
        options.click()
        self.settle()
        self.expect(self.choice(key)).to_have_value(option)

    def heading(self, key: str):
        return self.main.get_by_role("heading", name=vi(key), exact=True)

    def go(self, key: str) -> None:
        """Open a page by its sidebar link (a full reload would start a new session: logged out)."""
        link = self.page.get_by_test_id("stSidebarNav").get_by_role("link").filter(has_text=vi(key))
        link.click()
        self.settle()
        self.expect(self.heading(key)).to_be_visible(timeout=TIMEOUT)

    def fill(self, locator, text: str) -> None:
        locator.fill(text)
        locator.press("Tab")  # commits the value (Streamlit reruns on blur)
        self.settle()

    def log_in(self, name: str) -> float:
        """Log in as `name` from the login page; the seconds from the click to Home's title being shown."""
        self.expect(self.heading("login_title")).to_be_visible(timeout=TIMEOUT)
        self.main.get_by_label(vi("login_name")).fill(name)
        self.main.get_by_label(vi("login_password")).fill(PASSWORDS[name])
        started = time.monotonic()
        self.main.get_by_role("button", name=vi("login_button"), exact=True).click()
        self.expect(self.heading("nav_home")).to_be_visible(timeout=TIMEOUT)
        elapsed = time.monotonic() - started
        self.settle()
        self.expect(self.main.get_by_text(vi("home_welcome", name=name))).to_be_visible()
        return elapsed

    def log_out(self) -> None:
        self.page.get_by_test_id("stSidebar").get_by_role("button").filter(has_text=vi("logout")).click()
        self.settle()
        self.expect(self.heading("login_title")).to_be_visible(timeout=TIMEOUT)


def test_officer_drafts_reviewer_approves_and_the_bundle_checks_out(sync_api, page, app, tmp_path):
    from studio.publish.bundle import verify_bundle

    expect = sync_api.expect
    timings = {"server start → healthy": app.startup_s}
    flow = Flow(page, expect)
    for old in ARTIFACTS.glob("*.png"):  # this run's screenshots only
        old.unlink()
    try:  # on a failure: a screenshot of where the flow stopped, and the server's log
        # ---- login page, then lan's Home
        page.goto(app.base_url)
        expect(flow.heading("login_title")).to_be_visible(timeout=TIMEOUT)
        timings["server start → login page"] = time.monotonic() - app.started
        flow.settle()
        flow.shot("login")
        timings["login → Home (lan, first: loads the sample knowledge base)"] = flow.log_in("lan")
        expect(page.get_by_test_id("stSidebar").get_by_text(vi("status_offline"))).to_be_visible()
        flow.shot("home-officer")

        # ---- Compose: first a short Zalo message, so that every item picker holds two items and ours is not the
        # first; then the article from the sample knowledge base, saved as an item
        flow.go("nav_compose")
        expect(flow.main.get_by_text(vi("composer_offline"))).to_be_visible()
        expect(flow.choice("format_label")).to_have_value(vi("format_article"))  # the default
        flow.fill(flow.main.get_by_role("textbox", name=vi("topic_label")), TOPIC)
        flow.select("format_label", vi("format_zalo_message"))
        flow.click("draft_button")
        expect(flow.main.get_by_role("heading", name=vi("cmp_new_draft", format=vi("format_zalo_message")))
               ).to_be_visible(timeout=TIMEOUT)
        flow.click("cmp_save_new")
        other_id = int(flow.success("cmp_saved", version=1)["id"])
        flow.select("format_label", vi("format_article"))
        flow.click("draft_button")
        expect(flow.main.get_by_role("heading", name=vi("cmp_new_draft", format=vi("format_article")))
               ).to_be_visible(timeout=TIMEOUT)
        expect(flow.main.get_by_role("heading", name=vi("sources_header"))).to_be_visible()
        expect(flow.main.get_by_test_id("stExpander").filter(has_text="[S1]").first).to_be_visible()
        flow.shot("compose-draft")
        flow.click("cmp_save_new")
        saved = flow.success("cmp_saved", version=1)
        item_id = int(saved["id"])
        assert item_id > other_id
        expect(flow.main.get_by_role("heading", name=pattern("cmp_editing", id=item_id, version=1))
               ).to_be_visible()
        flow.shot("compose-saved")

        # ---- Media: an infographic from the example spec, attached to the item
        flow.go("nav_media")
        card_tab = flow.main.get_by_role("tabpanel", name=vi("media_tab_infographic"))
        expect(card_tab.get_by_role("textbox", name=vi("media_json_label"))).to_contain_text('"items"')
        flow.click("media_preview_button")
        expect(card_tab.get_by_test_id("stImage")).to_be_visible(timeout=TIMEOUT)
        expect(card_tab.get_by_test_id("stImageCaption")).to_have_text(pattern("media_card_caption", w=1080, h=1350))
        flow.shot("media-infographic")
        attach = card_tab.get_by_test_id("stExpander").filter(has_text=vi("att_header"))
        attach.locator("summary").click()
        flow.settle()
        expect(flow.choice("att_item", attach)).to_have_value(item_label(item_id, "draft", 1))
        alt = attach.get_by_role("textbox", name=vi("att_alt"))
        expect(alt).not_to_have_value("")  # the card's alt text, filled in by the page
        flow.click("att_button")
        attached = flow.success("att_done", id=item_id)
        version = int(attached["version"])
        # the picker names the new version (Streamlit's browser side kept the old one: choose_item)
        expect(flow.choice("att_item", attach)).to_have_value(item_label(item_id, "draft", version))
        png_names = [n.strip() for n in attach.get_by_text(pattern("att_files")).inner_text()
                     .split(":", 1)[1].split(",") if n.strip().endswith(".png")]
        assert len(png_names) == 1, png_names
        flow.shot("media-attached")

        # ---- Safety: check the item with its picture, accept each warning with a reason, submit
        flow.go("nav_safety")
        expect(flow.choice("saf_pick_item")).to_have_value(item_label(item_id, "draft", version))
        # the officer looks at the other item, then picks ours again: a choice made in the browser
        flow.select("saf_pick_item", item_label(other_id, "draft", 1))
        flow.select("saf_pick_item", item_label(item_id, "draft", version))
        flow.click("saf_check_button")
        checked = flow.success("saf_checked")
        assert checked["verdict"] != vi("saf_verdict_block"), checked.group(0)
        expect(flow.main.get_by_text(pattern("saf_text_header", version=version))).to_be_visible()
        flow.shot("safety-checked")
        accepted = 0
        while flow.button("saf_accept_button").count():
            reason = flow.main.get_by_placeholder(vi("saf_reason_hint")).first
            flow.fill(reason, WARN_REASON)
            flow.button("saf_accept_button").first.click()
            flow.settle()
            flow.success("saf_accepted_now")
            accepted += 1
            assert accepted <= 20, "warnings keep coming back"
        expect(flow.main.get_by_test_id("stAlertContentError")).to_have_count(0)
        flow.shot("safety-accepted")
        flow.click("saf_submit_button")
        flow.success("saf_submitted", id=item_id, version=version)
        in_review = pattern("saf_item_caption", version=version, state=STATE_NAMES["vi"]["in_review"], author="lan")
        expect(flow.main.get_by_text(in_review)).to_be_visible()
        expect(flow.choice("saf_pick_item")).to_have_value(item_label(item_id, "in_review", version))
        flow.shot("safety-submitted")
        # one more run after the labels changed (the author may check an item in review): still our item
        flow.click("saf_check_button")
        flow.success("saf_checked")
        expect(flow.choice("saf_pick_item")).to_have_value(item_label(item_id, "in_review", version))
        expect(flow.main.get_by_text(in_review)).to_be_visible()

        # ---- lan logs out, minh logs in
        flow.log_out()
        flow.shot("logged-out")
        timings["login → Home (minh)"] = flow.log_in("minh")
        expect(page.get_by_test_id("stSidebarNav")).not_to_contain_text(vi("nav_compose"))
        flow.shot("home-reviewer")

        # ---- Review: the item is in minh's queue; approve it
        flow.go("nav_review")
        expect(flow.choice("rev_pick_item")).to_have_value(
            re.compile(f"^{pattern('rev_queue_label', id=item_id, author='lan', version=version).pattern}$"))
        expect(flow.main.get_by_role("heading", name=vi("rev_decision_header"))).to_be_visible()
        flow.shot("review-item")
        flow.fill(flow.main.get_by_role("textbox", name=vi("rev_decision_comment")), "Được, đăng.")
        flow.click("rev_approve")
        flow.success("rev_done_approve", id=item_id, version=version)
        flow.shot("review-approved")

        # ---- Publish: publish, export, download
        flow.go("nav_publish")
        expect(flow.main.get_by_text(pattern("pub_approved_by", author="lan", reviewer="minh",
                                             version=version))).to_be_visible()
        flow.click("pub_publish_button")
        flow.success("pub_published", id=item_id, version=version)
        expect(flow.choice("pub_pick_item")).to_have_value(item_label(item_id, "published", version))
        flow.shot("publish-published")
        flow.click("pub_export_button")
        flow.success("pub_exported", id=item_id, version=version)
        expect(flow.main.get_by_test_id("stAlertContentSuccess").filter(has_text=pattern("pub_verified"))
               ).to_be_visible()
        with page.expect_download(timeout=TIMEOUT) as download_info:
            flow.main.get_by_role("button", name=vi("pub_download")).click()
        download = download_info.value
        bundle = tmp_path / download.suggested_filename
        download.save_as(bundle)
        flow.settle()
        flow.shot("publish-exported")
    except Exception:
        flow.shot("FAILED")
        print(f"\n--- streamlit log (tail) ---\n{app.log_tail()}")
        raise

    # ---- the downloaded bundle
    assert bundle.suffix == ".zip", bundle.name
    report = verify_bundle(bundle)
    assert report.ok, report.problems
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        provenance = json.loads(zf.read("provenance.json"))
        png = zf.read(f"media/{png_names[0]}")
    assert f"media/{png_names[0]}" in names, names
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert provenance["author"] == "lan" and provenance["reviewer"] == "minh", provenance
    assert provenance["item"]["version"] == version
    assert provenance["generation"]["composer"] == "offline"

    print(f"\nbrowser test: screenshots in {ARTIFACTS}; {accepted} warning(s) accepted; bundle {bundle.name}")
    for what, seconds in timings.items():
        print(f"  {what}: {seconds:.1f} s")
