"""The Admin page through AppTest (its render() with an admin in session state, as the app's login leaves
it): accounts and roles, brand kit, model endpoints against the loopback OpenAI server, safety policy,
knowledge base and audit trail — each form's happy path and its bad input, in Vietnamese and English."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from studio.config import load_settings, read_saved_settings
from studio.errors import StudioError
from studio.workflow import accounts, audit
from tests.conftest import free_port
from tests.openai_server import OpenAIServer
from tests.ui_helpers import (  # noqa: F401
    PASSWORD,
    add_people,
    log_in,
    page,
    run_db,
    start_app,
    studio_env,
    texts,
)

ADMIN = ("admin", ["admin"])


@pytest.fixture
def people(studio_env):
    add_people({"lan": ["officer"], "minh": ["reviewer"]})
    return studio_env


def admin_page(lang: str = "vi"):
    return page("admin", *ADMIN, lang=lang)


def _users():
    return {u.name: u for u in run_db(accounts.list_users)}


def _login_error(name: str, password: str) -> str | None:
    from studio.workflow.db import open_database

    db = open_database(load_settings())
    try:
        accounts.authenticate(db, name, password)
        return None
    except StudioError as err:
        return err.code
    finally:
        db.dispose()


# ---------------------------------------------------------------- accounts

def test_the_users_table_lists_accounts_with_roles_and_state(people):
    at = admin_page()
    assert [t.label for t in at.tabs] == ["Tài khoản", "Bộ nhận diện", "Mô hình AI", "Chính sách an toàn",
                                          "Kho tri thức", "Văn phong & thuật ngữ", "Nhật ký"]
    table = at.dataframe[0].value
    assert list(table["Tài khoản"]) == ["admin", "lan", "minh"]
    assert list(table["Vai trò"]) == ["Quản trị viên", "Cán bộ truyền thông", "Người duyệt"]
    assert set(table["Tình trạng"]) == {"đang hoạt động"}


def test_adding_a_user_shows_the_one_time_password_once_and_it_works(people):
    """GIVEN the admin WHEN an account is added with two roles THEN its one-time password is shown once
    (gone at the next run), logs in, and must be changed."""
    at = admin_page()
    at.text_input(key="new_user_name").input("hoa")
    at.multiselect(key="new_user_roles").select("reviewer")
    at.button(key="add_user_submit").click().run()
    assert [s.value for s in at.success] == [
        "Đã thêm tài khoản “hoa” (Cán bộ truyền thông, Người duyệt). Mật khẩu dùng một lần dưới đây chỉ hiện một "
        "lần: hãy chuyển cho người dùng; họ phải đổi ở lần đăng nhập đầu."]
    (code,) = at.code
    one_time = code.value
    assert len(one_time) == 19 and set(one_time) <= set(accounts.OTP_ALPHABET + "-")  # xxxx-xxxx-xxxx-xxxx
    assert "hoa" in list(at.dataframe[0].value["Tài khoản"])
    assert at.text_input(key="new_user_name").value == ""
    assert _users()["hoa"].roles == ("officer", "reviewer") and _users()["hoa"].must_change_password
    at.run()
    assert not at.code and not at.success  # shown once
    assert _login_error("hoa", one_time) is None


@pytest.mark.parametrize("name, roles, message", [
    ("a", ["officer"], "Tên tài khoản “a” không hợp lệ"),
    ("lan", ["officer"], "“lan”"),
    ("tuan", [], "Vai trò không hợp lệ"),
])
def test_bad_new_accounts_are_refused_and_nothing_is_added(people, name, roles, message):
    at = admin_page()
    at.text_input(key="new_user_name").input(name)
    at.multiselect(key="new_user_roles").set_value(roles)
    at.button(key="add_user_submit").click().run()
    assert len(at.error) == 1 and message in at.error[0].value, [e.value for e in at.error]
    assert not at.code and set(_users()) == {"admin", "lan", "minh"}


def test_roles_are_set_and_the_last_admin_keeps_the_role(people):
    at = admin_page()
    at.selectbox(key="manage_user").select("lan").run()
    at.multiselect(key="roles_of_lan").set_value(["officer", "reviewer"])
    at.button(key="save_roles").click().run()
    assert [s.value for s in at.success] == ["Vai trò của “lan”: Cán bộ truyền thông, Người duyệt."]
    assert _users()["lan"].roles == ("officer", "reviewer")
    at.selectbox(key="manage_user").select("admin").run()
    at.multiselect(key="roles_of_admin").set_value(["officer"])
    at.button(key="save_roles").click().run()
    assert len(at.error) == 1 and "admin" in at.error[0].value
    assert _users()["admin"].roles == ("admin",)


def test_disable_enable_and_reset_password(people):
    at = admin_page()
    at.selectbox(key="manage_user").select("lan").run()
    at.button(key="disable_user").click().run()
    assert [s.value for s in at.success] == ["Đã vô hiệu hóa tài khoản “lan”."]
    assert "đã vô hiệu hóa" in list(at.dataframe[0].value["Tình trạng"])
    assert _login_error("lan", PASSWORD) == "user_disabled"
    at.button(key="enable_user").click().run()  # the button now offers the opposite
    assert [s.value for s in at.success] == ["Đã kích hoạt lại tài khoản “lan”."]
    assert _login_error("lan", PASSWORD) is None

    at.button(key="reset_password").click().run()
    (code,) = at.code
    assert _login_error("lan", PASSWORD) == "login_failed"
    assert _login_error("lan", code.value) is None and _users()["lan"].must_change_password


def test_the_admin_cannot_disable_the_last_admin(people):
    at = admin_page("en")
    at.selectbox(key="manage_user").select("admin")
    at.button(key="disable_user").click().run()
    assert len(at.error) == 1 and "admin" in at.error[0].value and _users()["admin"].enabled


def test_account_actions_are_audited_with_the_acting_admin(people):
    at = admin_page()
    at.selectbox(key="manage_user").select("minh").run()
    at.button(key="disable_user").click().run()
    events = [(e.action, e.actor, e.data.get("user")) for e in run_db(audit.list_events)]
    assert ("user_disable", "admin", "minh") in events


# ---------------------------------------------------------------- brand kit (moved from the Media page)

def _kit_upload(at, text: str, logo: bytes | None = None):
    at.file_uploader(key="brand_yaml").set_value(("bo-nhan-dien.yaml", text.encode("utf-8"), "application/x-yaml"))
    if logo is not None:
        at.file_uploader(key="brand_logo").set_value(("logo.png", logo, "image/png"))
    return at


def test_an_uploaded_brand_kit_is_saved_used_by_renders_and_the_app_and_reset(people, tmp_path):
    from studio.media import service
    from studio.media.brand_store import current_brand

    at = admin_page()
    assert "Đang dùng bộ nhận diện mặc định của phần mềm." in [c.value for c in at.caption]
    assert at.button(key="brand_reset").disabled
    buf = io.BytesIO()
    Image.new("RGB", (200, 60), (0, 91, 170)).save(buf, "PNG")
    _kit_upload(at, 'name: "Công đoàn cơ sở BIDV"\ncolors:\n  primary: "#006B68"\n', buf.getvalue()).run()
    at.button(key="brand_save").click().run()
    assert [s.value for s in at.success] == [
        "Đã lưu bộ nhận diện “Công đoàn cơ sở BIDV”; các infographic và video mới sẽ dùng bộ này."]
    assert "Đang dùng bộ nhận diện do quản trị viên tải lên." in [c.value for c in at.caption]
    assert at.get("image")[-1].captions == ["Ảnh bìa mẫu: Công đoàn cơ sở BIDV"]
    # the next card is drawn with the saved kit: its accent bar has the new primary colour
    spec = service.parse_spec(service.example_text("infographic", "vi"), "infographic")
    card = service.make_card(spec, "", "square", "vi", current_brand(load_settings()), tmp_path)
    assert Image.open(card.png).convert("RGB").getpixel((5, 5)) == (0, 107, 104)
    # and the app wears it: the accent CSS carries the primary colour
    app = log_in(start_app(), "lan", PASSWORD)
    assert any("#006B68" in str(h.proto) for h in app.get("html"))

    at.button(key="brand_reset").click().run()
    assert [s.value for s in at.success] == ["Đã quay về bộ nhận diện mặc định."]
    assert "Đang dùng bộ nhận diện mặc định của phần mềm." in [c.value for c in at.caption]


def test_a_low_contrast_kit_is_refused_on_the_page(people):
    at = _kit_upload(admin_page(), 'name: "Nhạt"\ncolors:\n  text: "#C0C0C0"\n').run()
    at.button(key="brand_save").click().run()
    assert len(at.error) == 1 and at.error[0].value.startswith("Màu chữ và màu nền không đủ tương phản")
    assert "Đang dùng bộ nhận diện mặc định của phần mềm." in [c.value for c in at.caption]
    assert not (Path(os.environ["STUDIO_DATA_DIR"]) / "brand").exists()


def test_saving_without_a_yaml_file_asks_for_one(people):
    at = admin_page()
    at.button(key="brand_save").click().run()
    assert [e.value for e in at.error] == ["Hãy chọn tệp YAML của bộ nhận diện."]


# ---------------------------------------------------------------- model endpoints

@pytest.fixture
def server():
    with OpenAIServer() as srv:
        yield srv


def _fill(at, kind: str, url: str, model: str, key: str | None = None):
    at.text_input(key=f"ep_{kind}_url").input(url)
    at.text_input(key=f"ep_{kind}_model").input(model)
    if key is not None:
        at.text_input(key=f"ep_{kind}_key").input(key)
    return at


def test_testing_and_saving_the_chat_endpoint_switches_the_composer(people, server):
    """GIVEN no model WHEN the admin tests and saves the loopback chat endpoint THEN one request reached it,
    studio.toml holds it, the cached settings are rebuilt (Home names the model) and the key is masked."""
    at = _fill(admin_page(), "chat", server.url, "qwen2.5:7b", "sk-proj-abcdef-9876")
    at.button(key="ep_chat_test").click().run()
    assert len(at.success) == 1 and at.success[0].value.startswith(
        f"Kết nối được: mô hình qwen2.5:7b tại {server.url} trả lời sau ")
    assert [r["path"] for r in server.requests] == ["/v1/chat/completions"]
    at.button(key="ep_chat_save").click().run()
    assert [s.value for s in at.success] == [
        f"Đã lưu: mô hình qwen2.5:7b tại {server.url}. Từ giờ studio dùng mô hình này."]
    saved = read_saved_settings(Path(os.environ["STUDIO_DATA_DIR"]))
    assert saved["llm_base_url"] == server.url and saved["llm_api_key"] == "sk-proj-abcdef-9876"
    assert at.text_input(key="ep_chat_key").value in ("", None)
    assert at.text_input(key="ep_chat_key").placeholder == "Đã lưu khóa ••••9876; để trống để giữ nguyên"
    assert "sk-proj" not in texts(at)
    home = page("home", "lan", ["officer"])
    assert f"Mô hình AI qwen2.5:7b tại {server.url}" in texts(home).replace("\\", "").replace("\u200b", "")


def test_an_unreachable_endpoint_gives_a_message_not_a_traceback_in_both_languages(people):
    url = f"http://127.0.0.1:{free_port()}/v1"
    at = _fill(admin_page(), "tts", url, "tts-1")
    at.button(key="ep_tts_test").click().run()
    assert [e.value for e in at.error] == [f"Không kết nối được tới {url}: máy chủ không trả lời hoặc địa chỉ sai."]
    at = _fill(admin_page("en"), "tts", "localhost:5000", "tts-1")
    at.button(key="ep_tts_save").click().run()
    assert [e.value for e in at.error] == [
        "The address “localhost:5000” is not valid: use http(s)://host[:port]/v1."]
    assert "tts_base_url" not in read_saved_settings(Path(os.environ["STUDIO_DATA_DIR"]))


def test_marking_the_chat_endpoint_internal_is_saved_and_the_page_says_what_leaves(people, server):
    """GIVEN the loopback chat endpoint saved as external (the default) THEN the page says personal data is masked;
    WHEN the admin marks it internal and saves THEN studio.toml holds the trust and the page says raw text goes."""
    at = _fill(admin_page(), "chat", server.url, "qwen2.5:7b")
    at.button(key="ep_chat_save").click().run()
    assert read_saved_settings(Path(os.environ["STUDIO_DATA_DIR"]))["llm_trust"] == "external"
    assert at.radio(key="ep_chat_trust").value == "external"
    assert "🔒 Chế độ riêng tư: dữ liệu cá nhân được che trước khi gửi tới máy chủ này." in [c.value for c in at.caption]
    at.radio(key="ep_chat_trust").set_value("internal")
    at.button(key="ep_chat_save").click().run()
    assert read_saved_settings(Path(os.environ["STUDIO_DATA_DIR"]))["llm_trust"] == "internal"
    assert load_settings().llm_trust == "internal"
    assert any(c.value.startswith("Máy chủ được đánh dấu nội bộ") for c in at.caption)
    english = admin_page("en")
    assert any(c.value.startswith("This server is marked internal") for c in english.caption)


def test_a_failing_embeddings_endpoint_is_not_saved(people, server):
    server.status = 401
    at = _fill(admin_page(), "embeddings", server.url, "bge-m3")
    at.button(key="ep_embeddings_save").click().run()
    assert [e.value for e in at.error] == [f"{server.url} từ chối khóa API (HTTP 401); hãy kiểm tra lại khóa."]
    assert load_settings().embeddings_base_url is None


# ---------------------------------------------------------------- safety policy

def _policy_upload(at, text: str, name: str = "chinh-sach.yaml"):
    at.file_uploader(key="policy_yaml").set_value((name, text.encode("utf-8"), "application/x-yaml"))
    return at.run()


def test_the_policy_table_and_a_valid_replacement(people):
    from studio.safety.policy import DEFAULT_POLICY, load_policy

    at = admin_page()
    table = at.dataframe[1].value
    assert len(table) == 19 and dict(zip(table["Loại phát hiện"], table["Xử lý"]))["PERSON"] == "Cảnh báo"
    stricter = DEFAULT_POLICY.read_text(encoding="utf-8").replace(
        "PERSON:              {action: warn,  min_score: 0.6}", "PERSON:              {action: block, min_score: 0.6}")
    _policy_upload(at, stricter)
    at.button(key="policy_save").click().run()
    assert [s.value for s in at.success] == [
        "Đã lưu chính sách từ “chinh-sach.yaml”; các lần kiểm tra an toàn từ giờ dùng chính sách này."]
    table = at.dataframe[1].value
    assert dict(zip(table["Loại phát hiện"], table["Xử lý"]))["PERSON"] == "Chặn"
    settings = load_settings()
    assert load_policy(settings.safety_policy).rules["PERSON"].action == "block"
    at.button(key="policy_reset").click().run()
    assert load_settings().safety_policy is None


@pytest.mark.parametrize("text, message", [
    ("types: [unclosed", "Tệp chính sách"),
    ("types:\n  PHONE_NUMBER: {action: block}\n", "Chính sách thiếu quy tắc cho:"),
    (None, "không được hạ mức các loại luôn phải chặn (PHONE_NUMBER)"),
])
def test_an_invalid_policy_is_refused_and_nothing_changes(people, text, message):
    from studio.safety.policy import DEFAULT_POLICY

    if text is None:
        text = DEFAULT_POLICY.read_text(encoding="utf-8").replace(
            "PHONE_NUMBER:        {action: block, min_score: 0.5}", "PHONE_NUMBER:        {action: warn, min_score: 0.5}")
    at = _policy_upload(admin_page(), text)
    at.button(key="policy_save").click().run()
    assert len(at.error) == 1 and message in at.error[0].value, [e.value for e in at.error]
    assert load_settings().safety_policy is None
    assert not (Path(os.environ["STUDIO_DATA_DIR"]) / "safety").exists()


def test_saving_without_a_policy_file_asks_for_one(people):
    at = admin_page("en")
    at.button(key="policy_save").click().run()
    assert [e.value for e in at.error] == ["Please choose the policy's YAML file."]


# ---------------------------------------------------------------- knowledge base and audit

def test_a_removed_sample_document_comes_back_when_the_sample_is_reingested(people):
    at = admin_page()
    docs = at.dataframe[2].value
    assert len(docs) == 6
    next(c for c in at.checkbox if c.label == "Tôi chắc chắn muốn xóa tài liệu này").check()
    next(b for b in at.button if b.label == "Xóa tài liệu").click()
    at.run()
    assert len(at.dataframe[2].value) == 5
    at.button(key="kb_reingest").click().run()
    assert [s.value for s in at.success][-1] == "Đã nạp lại bộ mẫu: 1 mới, 0 cập nhật, 5 không đổi."
    assert len(at.dataframe[2].value) == 6


def test_the_audit_tab_verifies_the_chain_and_lists_recent_events(people):
    at = admin_page()
    at.button(key="audit_verify").click().run()
    (ok,) = at.success  # three accounts were added: three events
    assert ok.value.startswith("Nhật ký kiểm toán nguyên vẹn: 3 sự kiện (mã băm cuối ")
    events = at.dataframe[-1].value
    assert "thêm tài khoản" in list(events["Hoạt động"]) and "admin" in list(events["Người thực hiện"])


def test_the_english_admin_page(people):
    at = admin_page("en")
    assert at.title[0].value == "Admin"
    assert [t.label for t in at.tabs] == ["Accounts", "Brand kit", "AI models", "Safety policy", "Knowledge base",
                                          "House style", "Audit trail"]
    assert list(at.dataframe[0].value["Roles"]) == ["Administrator", "Communication officer", "Reviewer"]
