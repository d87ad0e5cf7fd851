"""In a real browser: a document whose text holds a Markdown image and a bare link to a loopback server makes the
viewer's browser fetch nothing from it, on the Knowledge page's search results, its "show in document" excerpt
and its answer with sources (text shown through `studio.ui.plain`).

Runs like tests/test_browser.py (Debian's Chromium through Playwright, the app as `streamlit run app.py`).
"""

from __future__ import annotations

import http.server
import re
import subprocess
import threading

import pytest

from studio.config import PROJECT_ROOT
from tests.browser_app import add_user, python, start_app, stop_app, studio_env, vi
from tests.test_browser import PASSWORDS, TIMEOUT, Flow, page, sync_api  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow


class _Counter(http.server.BaseHTTPRequestHandler):
    requests: list[str]  # one list per test, set on a subclass

    def do_GET(self):
        self.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def trap():
    """An HTTP server on loopback that records every request it gets."""
    handler = type("Handler", (_Counter,), {"requests": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], handler.requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def app(tmp_path, page, trap):  # noqa: F811 - `page` is the browser fixture imported above
    port, _ = trap
    doc = tmp_path / "bay-hinh-anh.txt"  # plain text keeps the Markdown source (the .md loader keeps only "x")
    doc.write_text(
        "Quy định phí công đoàn hình ảnh\n\n"
        f"Mức phí công đoàn hình ảnh theo quy định mới ![x](http://127.0.0.1:{port}/x.png) được công bố.\n\n"
        f"Xem thêm tại http://127.0.0.1:{port}/page và <img src=\"http://127.0.0.1:{port}/y.png\"> "
        "để biết chi tiết về phí công đoàn hình ảnh.\n",
        encoding="utf-8")
    env = studio_env(tmp_path / "data", PASSWORDS["admin"])
    add_user(env, "lan", "officer", PASSWORDS["lan"])
    exe = python().parent / "studio"
    cli = [str(exe)] if exe.is_file() else [str(python()), "-m", "studio.cli"]
    done = subprocess.run([*cli, "ingest", str(doc), "--wait"], env=env, cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, f"studio ingest: {done.stdout}\n{done.stderr}"
    running = start_app(env, tmp_path / "streamlit.log")
    try:
        yield running
    finally:
        stop_app(running)


def test_a_document_with_an_image_and_a_link_makes_the_browser_fetch_nothing(sync_api, page, app, trap):  # noqa: F811
    """GIVEN a document holding `![x](http://127.0.0.1:PORT/x.png)`, a bare link and an `<img>` to a loopback
    server that counts requests
    WHEN lan searches for it on the Knowledge page, opens "show in document" and asks a question about it
    THEN the text shows as written (the `![x](…)` source is visible), no <img> or link points at the port,
    and neither the browser nor the server saw a request to it."""
    port, requests = trap
    expect = sync_api.expect
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url) if f":{port}" in r.url else None)
    flow = Flow(page, expect)
    page.goto(app.base_url)
    flow.settle()
    flow.log_in("lan")
    flow.go("nav_knowledge")
    box = flow.main.get_by_role("textbox", name=vi("query_label"))
    box.fill("phí công đoàn hình ảnh")
    flow.click("search_button")
    image_source = f"![x](http://127.0.0.1:{port}/x.png)"
    shown = flow.main.get_by_text(re.compile(re.escape(image_source).replace(":", ":\u200b?")))
    expect(shown.first).to_be_visible(timeout=TIMEOUT)
    for expander in flow.main.get_by_text(vi("show_in_doc")).all():
        expander.click()
    flow.settle()
    flow.shot("plain-search")
    flow.click("ask_button")
    flow.settle()
    flow.shot("plain-ask")
    page.wait_for_timeout(1500)  # time for any image a render would have asked for
    html = flow.main.inner_html()
    assert f"127.0.0.1:{port}" in html.replace("\u200b", "").replace("&ZeroWidthSpace;", "")  # text is there
    assert flow.main.locator(f"img[src*=':{port}']").count() == 0
    assert flow.main.locator(f"a[href*=':{port}']").count() == 0
    assert seen == [], seen
    assert requests == [], requests
