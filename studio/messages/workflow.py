"""Messages: accounts, items, reviews, the audit trail and the knowledge-base library. Each code has its Vietnamese and English text."""

MESSAGES: dict[str, dict[str, str]] = {
    "stale_data": {
        "vi": "Dữ liệu vừa được người khác thay đổi. Không có gì bị ghi đè; hãy tải lại rồi thử lại.",
        "en": "Someone else changed this record just now. Nothing was overwritten; reload and try again.",
    },
    "db_unreachable": {
        "vi": "Không kết nối được cơ sở dữ liệu {url} ({detail}). Kiểm tra STUDIO_DATABASE_URL.",
        "en": "Cannot reach the database {url} ({detail}). Check STUDIO_DATABASE_URL.",
    },
    "audit_ok": {
        "vi": "Nhật ký kiểm toán nguyên vẹn: {events} sự kiện (mã băm cuối {head}…).",
        "en": "Audit trail intact: {events} events (last hash {head}…).",
    },
    "audit_event_missing": {
        "vi": "Nhật ký kiểm toán bị sửa: thiếu sự kiện số {seq} (đã bị xóa).",
        "en": "The audit trail was tampered with: event {seq} is missing (deleted).",
    },
    "audit_chain_broken": {
        "vi": "Nhật ký kiểm toán bị sửa: sự kiện số {seq} không nối đúng với sự kiện số {previous}.",
        "en": "The audit trail was tampered with: event {seq} does not link to event {previous}.",
    },
    "audit_event_altered": {
        "vi": "Nhật ký kiểm toán bị sửa: nội dung sự kiện số {seq} đã bị thay đổi sau khi ghi.",
        "en": "The audit trail was tampered with: event {seq} was changed after it was written.",
    },
    "audit_chain_truncated": {
        "vi": "Nhật ký kiểm toán bị sửa: chuỗi dừng ở sự kiện số {seq} nhưng bản ghi đầu chuỗi ghi số {head} (sự kiện cuối đã bị xóa).",
        "en": "The audit trail was tampered with: the chain ends at event {seq} but its head records event {head} (events were cut off the end).",
    },
    "user_unknown": {
        "vi": "Không có tài khoản “{name}”.",
        "en": "There is no account “{name}”.",
    },
    "user_disabled": {
        "vi": "Tài khoản “{name}” đã bị vô hiệu hóa và không thể thao tác.",
        "en": "The account “{name}” is disabled and cannot act.",
    },
    # --- knowledge-base library (who may change it, confidentiality at ingest) ---
    "library_denied": {
        "vi": "Tài khoản “{name}” không được {action} tài liệu “{doc_id}”: chỉ người giữ kho tri thức (librarian), "
              "quản trị viên hoặc người đã thêm tài liệu này mới được làm.",
        "en": "The account “{name}” may not {action} the document “{doc_id}”: only a librarian, an administrator "
              "or the person who added it may.",
    },
    "library_confidential": {
        "vi": "Từ chối “{name}”: tài liệu có dấu mật hoặc hạn chế phổ biến ({marking}). Tài liệu mật, nội bộ không "
              "được đưa vào kho tri thức dùng để soạn bài công khai.",
        "en": "Refused “{name}”: the document carries a confidentiality marking ({marking}). Confidential and "
              "internal documents may not enter the knowledge base used to write public content.",
    },
    "library_version_unknown": {
        "vi": "Tài liệu “{doc_id}” không có phiên bản {number} để khôi phục.",
        "en": "The document “{doc_id}” has no version {number} to restore.",
    },
    "library_not_restorable": {
        "vi": "Không khôi phục được phiên bản {number} của “{doc_id}”: bản gốc không còn được lưu.",
        "en": "Version {number} of “{doc_id}” can't be restored: its original is not kept.",
    },
    "role_required": {
        "vi": "Tài khoản “{name}” không có vai trò cần thiết ({roles}).",
        "en": "The account “{name}” lacks the required role ({roles}).",
    },
    "role_unknown": {
        "vi": "Vai trò không hợp lệ: {role}. Các vai trò: {known}.",
        "en": "Unknown role: {role}. Roles: {known}.",
    },
    "user_name_invalid": {
        "vi": "Tên tài khoản “{name}” không hợp lệ: dùng 2–64 chữ cái, chữ số hoặc . _ - @.",
        "en": "The account name “{name}” is invalid: use 2–64 letters, digits or . _ - @.",
    },
    "user_exists": {
        "vi": "Tài khoản “{name}” đã tồn tại.",
        "en": "The account “{name}” already exists.",
    },
    "password_too_short": {
        "vi": "Mật khẩu phải có ít nhất {min} ký tự.",
        "en": "The password must have at least {min} characters.",
    },
    "password_unchanged": {
        "vi": "Mật khẩu mới phải khác mật khẩu cũ.",
        "en": "The new password must differ from the old one.",
    },
    "last_admin": {
        "vi": "“{name}” là quản trị viên cuối cùng còn hoạt động; hãy giao vai trò admin cho người khác trước.",
        "en": "“{name}” is the last enabled admin; give the admin role to someone else first.",
    },
    "login_failed": {
        "vi": "Sai tên đăng nhập hoặc mật khẩu. Sau 5 lần sai liên tiếp, tài khoản bị tạm khóa 15 phút "
              "(quản trị viên có thể mở khóa sớm).",
        "en": "Wrong user name or password. After 5 failures in a row the account is locked for 15 minutes "
              "(an administrator can unlock it sooner).",
    },
    "user_unlocked": {
        "vi": "Đã mở khóa đăng nhập cho tài khoản “{name}”.",
        "en": "The account “{name}” can log in again.",
    },
    "name_mixed_script": {
        "vi": "Tên “{name}” trộn chữ của nhiều bảng chữ cái (ví dụ chữ Latinh với chữ Kirin hay Hy Lạp trông "
              "giống nhau). Hãy gõ lại tên bằng một bảng chữ cái, ví dụ chữ tiếng Việt thông thường.",
        "en": "The name “{name}” mixes letters of several scripts (e.g. Latin with look-alike Cyrillic or Greek "
              "letters). Type it again in one script, e.g. ordinary Vietnamese letters.",
    },
    "user_name_confusable": {
        "vi": "Tên tài khoản “{name}” trông giống tài khoản đã có “{existing}”; hãy chọn tên khác để không ai "
              "nhầm hai người với nhau.",
        "en": "The account name “{name}” looks like the existing account “{existing}”; choose another name so "
              "nobody mistakes one person for the other.",
    },
    "password_trivial": {
        "vi": "Mật khẩu quá dễ đoán: toàn dấu cách, một ký tự lặp lại hoặc một dãy liên tiếp (như 1234567890). "
              "Hãy dùng một câu ngắn dễ nhớ, ví dụ “mây-trắng-bay-qua-đồi-2026”.",
        "en": "The password is trivial: blank, one character repeated or a run (like 1234567890). Use a short "
              "memorable phrase, e.g. “white-clouds-over-the-hill-2026”.",
    },
    "password_contains_name": {
        "vi": "Mật khẩu không được chứa tên tài khoản.",
        "en": "The password must not contain the account name.",
    },
    "password_weak": {
        "vi": "Mật khẩu quá dễ đoán (mật khẩu phổ biến, từ thông dụng hoặc dãy phím). Hãy dùng một câu ngắn dễ "
              "nhớ gồm vài từ, ví dụ “mây-trắng-bay-qua-đồi-2026”.",
        "en": "The password is too easy to guess (a common password, common words or a keyboard pattern). Use a "
              "short memorable phrase of several words, e.g. “white-clouds-over-the-hill-2026”.",
    },
    "account_locked": {
        "vi": "Đăng nhập sai quá nhiều lần; tài khoản tạm khóa, hãy thử lại sau {minutes} phút.",
        "en": "Too many failed logins; the account is locked, try again in {minutes} minutes.",
    },
    "action_not_allowed": {
        "vi": "Không thể {action_vi} mục #{item_id} khi mục đang ở trạng thái “{state_vi}”.",
        "en": "Cannot {action} item #{item_id} while it is {state}.",
    },
    "item_not_found": {
        "vi": "Không có mục nội dung #{item_id}.",
        "en": "There is no content item #{item_id}.",
    },
    "version_not_found": {
        "vi": "Mục #{item_id} không có phiên bản {version}.",
        "en": "Item #{item_id} has no version {version}.",
    },
    "content_invalid": {
        "vi": "Nội dung không đúng cấu trúc “{format}”: {detail}.",
        "en": "The content does not fit the “{format}” format: {detail}.",
    },
    "not_author": {
        "vi": "Chỉ tác giả “{author}” mới được làm việc này với mục #{item_id} (bạn là “{name}”).",
        "en": "Only the author “{author}” may do this with item #{item_id} (you are “{name}”).",
    },
    "edit_conflict": {
        "vi": "Mục #{item_id} đã có phiên bản {current} do {by} lưu lúc {at}, trong khi bạn sửa từ phiên bản {expected}. Không ghi đè gì cả; hãy mở phiên bản mới nhất rồi sửa lại.",
        "en": "Item #{item_id} is at version {current} (saved by {by} at {at}) but your edit started from version {expected}. Nothing was overwritten; open the latest version and edit again.",
    },
    "no_change": {
        "vi": "Nội dung mục #{item_id} không thay đổi; không tạo phiên bản mới.",
        "en": "Item #{item_id} is unchanged; no new version was made.",
    },
    "safety_not_checked": {
        "vi": "Phiên bản {version} của mục #{item_id} chưa được kiểm tra an toàn trên đúng văn bản hiện tại. Hãy chạy kiểm tra trước.",
        "en": "Version {version} of item #{item_id} has not passed the safety check on its exact current text. Run the check first.",
    },
    "safety_blocked": {
        "vi": "Phiên bản {version} của mục #{item_id} có phát hiện mức “chặn” ({types}); hãy sửa hoặc che thông tin rồi kiểm tra lại.",
        "en": "Version {version} of item #{item_id} has blocking findings ({types}); fix or mask them and check again.",
    },
    "finding_not_found": {
        "vi": "Không có phát hiện số {index} (báo cáo có {count} phát hiện, đánh số từ 0).",
        "en": "There is no finding {index} (the report has {count}, numbered from 0).",
    },
    "four_eyes": {
        "vi": "“{name}” đã viết một phiên bản của mục #{item_id} nên không thể tự duyệt; cần một người duyệt khác (nguyên tắc bốn mắt).",
        "en": "“{name}” wrote a version of item #{item_id} and cannot review it; another reviewer is needed (four-eyes rule).",
    },
    "approval_required": {
        "vi": "Phiên bản {version} của mục #{item_id} chưa được phê duyệt.",
        "en": "Version {version} of item #{item_id} has not been approved.",
    },
    "comment_empty": {
        "vi": "Góp ý không được để trống.",
        "en": "A comment cannot be empty.",
    },
    "comment_span_invalid": {
        "vi": "Đoạn góp ý {start}–{end} không nằm trong văn bản (dài {length} ký tự).",
        "en": "The commented span {start}–{end} is not inside the text ({length} characters).",
    },
    "media_alt_required": {
        "vi": "Tệp “{name}” cần mô tả thay thế (alt) cho người dùng trình đọc màn hình.",
        "en": "The file “{name}” needs alt text for screen-reader users.",
    },
    "media_not_found": {
        "vi": "Không có tệp đa phương tiện mã {sha256} trong kho.",
        "en": "There is no media file {sha256} in the store.",
    },
    "media_corrupt": {
        "vi": "Tệp đa phương tiện {sha256} trong kho đã bị thay đổi hoặc hỏng (mã băm không khớp).",
        "en": "The media file {sha256} in the store was changed or is damaged (hash mismatch).",
    },
    "edit_file_invalid": {
        "vi": "Tệp “{name}” không dùng được để sửa: {detail}. Cần một đối tượng JSON chứa các trường của định dạng (như mục “content” của “studio items show ID --json”).",
        "en": "The file “{name}” cannot be used for an edit: {detail}. It must be a JSON object with the format's fields (like “content” in “studio items show ID --json”).",
    },
}
