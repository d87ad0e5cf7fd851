"""Errors the user can act on, with their message in Vietnamese and English.

Core functions raise `StudioError(code, **params)`; the faces render `err.message(lang)`.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "unsupported_type": {
        "vi": "Không hỗ trợ loại tệp “{ext}” ({name}). Các loại được hỗ trợ: {supported}.",
        "en": "Unsupported file type “{ext}” ({name}). Supported types: {supported}.",
    },
    "empty_file": {
        "vi": "Tệp “{name}” trống hoặc không có văn bản để đưa vào kho tri thức.",
        "en": "File “{name}” is empty or holds no text to add to the knowledge base.",
    },
    "too_large": {
        "vi": "Tệp “{name}” nặng {size_mb:.1f} MB, vượt giới hạn {limit_mb:.0f} MB.",
        "en": "File “{name}” is {size_mb:.1f} MB, over the {limit_mb:.0f} MB limit.",
    },
    "corrupt_file": {
        "vi": "Không đọc được tệp “{name}”: tệp bị hỏng hoặc không đúng định dạng {kind} ({detail}).",
        "en": "Cannot read “{name}”: the file is damaged or not a valid {kind} ({detail}).",
    },
    "encrypted_pdf": {
        "vi": "Tệp PDF “{name}” được đặt mật khẩu. Hãy gỡ mật khẩu rồi tải lên lại.",
        "en": "The PDF “{name}” is password-protected. Remove the password and upload it again.",
    },
    "no_text_pdf": {
        "vi": "Tệp PDF “{name}” không có lớp văn bản (có thể là bản quét). Hãy dùng bản có chữ hoặc nhận dạng chữ (OCR) trước.",
        "en": "The PDF “{name}” has no text layer (probably a scan). Use a text PDF or run OCR first.",
    },
    "bad_encoding": {
        "vi": "Tệp “{name}” không phải văn bản UTF-8 hợp lệ.",
        "en": "File “{name}” is not valid UTF-8 text.",
    },
    "archive_too_big": {
        "vi": "Tệp nén “{name}” giải nén ra quá lớn ({detail}); không xử lý để bảo vệ máy chủ.",
        "en": "The archive “{name}” expands too far ({detail}); refused to protect the server.",
    },
    # --- ingest limits and identity (issue 15, parts 3–4) ---
    "inflated_file": {
        "vi": "Tệp {kind} “{name}” giải nén ra quá lớn ({detail}); không xử lý để bảo vệ máy chủ.",
        "en": "The {kind} file “{name}” expands too far when opened ({detail}); refused to protect the server.",
    },
    "too_many_parts": {
        "vi": "Tệp “{name}” có {count} đoạn/phần tử, vượt giới hạn {limit}; không xử lý để bảo vệ máy chủ.",
        "en": "File “{name}” has {count} paragraphs/elements, over the limit of {limit}; refused to protect the server.",
    },
    "too_deep": {
        "vi": "Tệp HTML “{name}” lồng nhau quá sâu (hơn {limit} cấp); không xử lý để bảo vệ máy chủ.",
        "en": "The HTML file “{name}” is nested too deeply (over {limit} levels); refused to protect the server.",
    },
    "front_matter_refused": {
        "vi": "Phần đầu YAML (front matter) của “{name}” không được chấp nhận ({detail}). Hãy bỏ phần đó hoặc viết giá trị trực tiếp.",
        "en": "The YAML front matter of “{name}” was refused ({detail}). Remove it or write the values out plainly.",
    },
    "parse_timeout": {
        "vi": "Đọc tệp “{name}” mất quá {seconds:.0f} giây nên đã dừng; tệp có thể quá phức tạp hoặc bị làm hỏng cố ý.",
        "en": "Reading “{name}” took over {seconds:.0f} seconds and was stopped; the file may be too complex or crafted.",
    },
    "parse_memory": {
        "vi": "Đọc tệp “{name}” cần hơn {limit_mb} MB bộ nhớ nên đã dừng; tệp có thể quá phức tạp hoặc bị làm hỏng cố ý.",
        "en": "Reading “{name}” needed over {limit_mb} MB of memory and was stopped; the file may be too complex or crafted.",
    },
    "zip_member_encrypted": {
        "vi": "Tệp “{name}” trong tệp nén được đặt mật khẩu nên không đọc được; các tệp khác vẫn được xử lý.",
        "en": "“{name}” inside the archive is password-protected and cannot be read; the other files go on.",
    },
    "zip_member_bad_crc": {
        "vi": "Tệp “{name}” trong tệp nén bị hỏng (sai mã kiểm tra CRC); các tệp khác vẫn được xử lý.",
        "en": "“{name}” inside the archive is damaged (bad CRC checksum); the other files go on.",
    },
    "zip_member_method": {
        "vi": "Tệp “{name}” trong tệp nén dùng kiểu nén không hỗ trợ ({method}); hãy nén lại bằng Deflate.",
        "en": "“{name}” inside the archive uses an unsupported compression method ({method}); re-compress it with Deflate.",
    },
    "zip_nested": {
        "vi": "“{name}” là tệp nén nằm trong tệp nén; không giải nén lồng nhau, hãy tải nó lên riêng.",
        "en": "“{name}” is an archive inside the archive; nested archives are not opened, upload it on its own.",
    },
    "zip_unsafe_path": {
        "vi": "Đường dẫn “{name}” trong tệp nén trỏ ra ngoài thư mục (tuyệt đối hoặc có “..”); đã bỏ qua.",
        "en": "The path “{name}” inside the archive points outside its folder (absolute or with “..”); skipped.",
    },
    "duplicate_path": {
        "vi": "“{name}” trùng đường dẫn với “{other}” trong cùng lần tải lên (kể cả khác cách viết dấu Unicode); chỉ tệp đầu tiên được nhận.",
        "en": "“{name}” has the same path as “{other}” in this upload (even if spelled with different Unicode forms); only the first is taken.",
    },
    "not_found": {
        "vi": "Không tìm thấy “{name}”.",
        "en": "“{name}” was not found.",
    },
    "doc_not_found": {
        "vi": "Không có tài liệu mã “{doc_id}” trong kho tri thức.",
        "en": "There is no document with id “{doc_id}” in the knowledge base.",
    },
    "empty_query": {
        "vi": "Hãy nhập nội dung cần tìm.",
        "en": "Please type something to search for.",
    },
    "store_unreachable": {
        "vi": "Không kết nối được kho vector tại {url} ({detail}).",
        "en": "Cannot reach the vector store at {url} ({detail}).",
    },
    "embeddings_unreachable": {
        "vi": "Không gọi được dịch vụ embeddings tại {url} ({detail}).",
        "en": "Cannot reach the embeddings endpoint at {url} ({detail}).",
    },
    "embedder_fallback": {
        "vi": "Mô hình tìm kiếm đa ngôn ngữ (e5) không chạy được trên máy này ({detail}); đang dùng mô hình tĩnh dự phòng: tìm bằng từ khóa vẫn tốt, tìm xuyên ngôn ngữ kém hơn.",
        "en": "The multilingual search model (e5) cannot run on this machine ({detail}); using the static fallback model: keyword search is unaffected, cross-language search is weaker.",
    },
    "vectors_pending": {
        "vi": "Đang tính vector ngữ nghĩa: {done}/{total} đoạn. Tìm kiếm theo từ đã dùng được; kết quả sẽ tốt hơn khi xong.",
        "en": "Computing semantic vectors: {done}/{total} passages. Word search already works; results improve when this finishes.",
    },
    # --- crash-safe store and `studio doctor` (issue 15, part 5) ---
    "store_lost": {
        "vi": "Kho tri thức bị mất hoặc trống: {cited} đoạn nguồn được các bài trong cơ sở dữ liệu trích dẫn nhưng không còn trong kho ({where}, {documents} tài liệu). Câu trả lời và trích dẫn sẽ không có căn cứ: hãy khôi phục thư mục kho từ bản sao lưu hoặc nạp lại tài liệu (studio ingest), rồi chạy studio doctor.",
        "en": "The knowledge store is missing or empty: {cited} passages cited by items in the database are not in it ({where}, {documents} documents). Answers and citations would have no source: restore the store folder from a backup or ingest the documents again (studio ingest), then run studio doctor.",
    },
    "store_citations_missing": {
        "vi": "{missing} trong {cited} đoạn nguồn được trích dẫn không còn trong kho tri thức (tài liệu đã bị xóa hoặc thay đổi).",
        "en": "{missing} of {cited} cited passages are no longer in the knowledge store (their documents were removed or changed).",
    },
    "store_orphans": {
        "vi": "Kho còn dữ liệu dở dang của một lần nạp bị ngắt: {documents} tài liệu chưa hoàn tất, {passages} đoạn mồ côi (đã bị ẩn khỏi tìm kiếm). Chạy studio doctor --repair để dọn, hoặc nạp lại các tệp đó.",
        "en": "The store holds leftovers of an interrupted ingest: {documents} unfinished documents, {passages} orphan passages (already hidden from search). Run studio doctor --repair to remove them, or ingest those files again.",
    },
    "store_healthy": {
        "vi": "Kho tri thức ổn: {documents} tài liệu, {passages} đoạn, {vectors} vector; {cited} đoạn được trích dẫn đều có trong kho.",
        "en": "The knowledge store is healthy: {documents} documents, {passages} passages, {vectors} vectors; all {cited} cited passages are in it.",
    },
    "store_repaired": {
        "vi": "Đã dọn {documents} tài liệu dở dang và {passages} đoạn mồ côi.",
        "en": "Removed {documents} unfinished documents and {passages} orphan passages.",
    },
    "vectors_failed": {
        "vi": "Tài liệu đã được lưu và tìm được theo từ, nhưng chưa tính được vector ngữ nghĩa: {detail}. Chạy lại “studio embed” khi dịch vụ hoạt động.",
        "en": "The documents are stored and searchable by words, but their semantic vectors could not be computed: {detail}. Run “studio embed” again when the service works.",
    },
    "cancelled": {
        "vi": "Đã hủy. Các tài liệu đã xong vẫn được giữ; tài liệu đang xử lý không bị ghi dở.",
        "en": "Cancelled. Finished documents are kept; the one in progress was not half-written.",
    },
    "ingest_failed": {
        "vi": "Không thể đưa “{name}” vào kho: {detail}. Kho tri thức không thay đổi.",
        "en": "Could not add “{name}” to the store: {detail}. The knowledge base is unchanged.",
    },
    "prompt_malformed": {
        "vi": "Tệp mẫu lệnh “{path}” sai định dạng: {detail}.",
        "en": "Prompt file “{path}” is malformed: {detail}.",
    },
    "prompt_unknown_variable": {
        "vi": "Tệp mẫu lệnh “{path}” dùng biến không có: {names}. Biến hợp lệ: {known}.",
        "en": "Prompt file “{path}” uses unknown variable(s): {names}. Known variables: {known}.",
    },
    "prompt_missing": {
        "vi": "Thiếu tệp mẫu lệnh cho định dạng “{format}”, ngôn ngữ “{lang}” trong {directory}.",
        "en": "No prompt file for format “{format}” in language “{lang}” in {directory}.",
    },
    "llm_auth": {
        "vi": "Mô hình AI tại {url} từ chối khóa truy cập (401). Kiểm tra STUDIO_LLM_API_KEY.",
        "en": "The AI model at {url} rejected the API key (401). Check STUDIO_LLM_API_KEY.",
    },
    "llm_not_found": {
        "vi": "Không tìm thấy mô hình “{model}” tại {url} (404). Kiểm tra STUDIO_LLM_MODEL và STUDIO_LLM_BASE_URL.",
        "en": "Model “{model}” was not found at {url} (404). Check STUDIO_LLM_MODEL and STUDIO_LLM_BASE_URL.",
    },
    "llm_rate_limited": {
        "vi": "Mô hình AI tại {url} đang quá tải (429) sau {attempts} lần thử.",
        "en": "The AI model at {url} is rate-limiting (429) after {attempts} attempts.",
    },
    "llm_unavailable": {
        "vi": "Mô hình AI tại {url} không phản hồi ({detail}).",
        "en": "The AI model at {url} is unavailable ({detail}).",
    },
    "llm_bad_output": {
        "vi": "Mô hình AI trả về nội dung không đúng cấu trúc “{format}” sau {attempts} lần sửa ({detail}).",
        "en": "The AI model returned no valid “{format}” after {attempts} repair attempts ({detail}).",
    },
    "privacy_unrestored": {
        "vi": "Mô hình AI trả về {n} nhãn ẩn danh không khớp với dữ liệu đã che ({placeholders}); các nhãn này vẫn "
              "nằm trong bản nháp. Hãy thay bằng thông tin đúng hoặc xóa đi trước khi gửi duyệt.",
        "en": "The AI model returned {n} placeholder(s) that match no masked value ({placeholders}); they are still "
              "in the draft. Replace them with the right details or remove them before submitting for review.",
    },
    "privacy_mask_failed": {
        "vi": "Không kiểm tra được dữ liệu cá nhân trước khi gửi ra ngoài ({detail}), nên văn bản không được gửi.",
        "en": "Personal data could not be checked before sending ({detail}), so the text was not sent.",
    },
    "privacy_speech_withheld": {
        "vi": "Máy chủ giọng nói {url} nằm ngoài đơn vị, nên dữ liệu cá nhân trong {n} cảnh không được gửi đi: giọng "
              "đọc nói “đã ẩn” thay cho tên, số, địa chỉ; phụ đề vẫn giữ nguyên. Muốn đọc đầy đủ, hãy đánh dấu máy "
              "chủ là nội bộ (STUDIO_TTS_TRUST=internal) hoặc bỏ máy chủ để đọc bằng espeak-ng trên máy này.",
        "en": "The speech server {url} is external, so the personal data in {n} scene(s) was not sent: the voice says "
              "“withheld” in place of names, numbers and addresses; the captions keep them. To hear them spoken, mark "
              "the server internal (STUDIO_TTS_TRUST=internal) or remove it to narrate with espeak-ng on this machine.",
    },
    "bad_request": {
        "vi": "Yêu cầu không hợp lệ: {detail}.",
        "en": "Invalid request: {detail}.",
    },
    "policy_invalid": {
        "vi": "Tệp chính sách an toàn “{path}” không hợp lệ: {detail}.",
        "en": "Safety policy file “{path}” is invalid: {detail}.",
    },
    "warning_not_acceptable": {
        "vi": "Phát hiện mức “chặn” không thể bỏ qua; hãy sửa hoặc che thông tin ({type}).",
        "en": "A blocking finding cannot be accepted; fix or mask it ({type}).",
    },
    "reason_required": {
        "vi": "Hãy ghi lý do chấp nhận cảnh báo.",
        "en": "Please give a reason for accepting the warning.",
    },
    "infographic_invalid": {
        "vi": "Không vẽ được infographic từ “{name}”: {detail}.",
        "en": "Cannot render an infographic from “{name}”: {detail}.",
    },
    "video_invalid": {
        "vi": "Không dựng được video từ “{name}”: {detail}.",
        "en": "Cannot render a video from “{name}”: {detail}.",
    },
    "tts_failed": {
        "vi": "Không tạo được giọng đọc ({detail}); video dùng phương án dự phòng.",
        "en": "Narration could not be synthesised ({detail}); the video uses the fallback.",
    },
    "audio_invalid": {
        "vi": "Không đọc được tệp âm thanh “{name}”: tệp hỏng hoặc không phải âm thanh ({detail}).",
        "en": "Cannot read the audio file “{name}”: it is damaged or not audio ({detail}).",
    },
    "narration_cut": {
        "vi": "Lời dẫn cảnh {scene} quá dài so với giới hạn 30 giây của một cảnh nên bị cắt bớt; hãy rút gọn lời dẫn.",
        "en": "The narration of scene {scene} is too long for the 30-second scene limit and was cut; shorten it.",
    },
    "narration_unavailable": {
        "vi": "Không có giọng đọc: chưa cấu hình máy chủ giọng nói và máy này chưa cài espeak-ng. Video chỉ có phụ đề.",
        "en": "No narration available: no speech endpoint is configured and espeak-ng is not installed. The video has captions only.",
    },
    "brand_invalid": {
        "vi": "Bộ nhận diện “{name}” không hợp lệ: {detail}. Bộ nhận diện đang dùng không thay đổi.",
        "en": "The brand kit “{name}” is invalid: {detail}. The brand kit in use is unchanged.",
    },
    "brand_bad_colour": {
        "vi": "Màu “{role}” = “{value}” không đúng dạng #RRGGBB (ví dụ #0B3D91). Bộ nhận diện đang dùng không thay đổi.",
        "en": "Colour “{role}” = “{value}” is not #RRGGBB (e.g. #0B3D91). The brand kit in use is unchanged.",
    },
    "brand_low_contrast": {
        "vi": "Màu chữ và màu nền không đủ tương phản (WCAG AA cần ít nhất 4,5:1): {pairs}. Bộ nhận diện đang dùng không thay đổi.",
        "en": "Text and background colours lack contrast (WCAG AA needs at least 4.5:1): {pairs}. The brand kit in use is unchanged.",
    },
    "brand_bad_logo": {
        "vi": "Logo “{name}” không phải ảnh PNG hoặc JPEG đọc được. Bộ nhận diện đang dùng không thay đổi.",
        "en": "The logo “{name}” is not a readable PNG or JPEG image. The brand kit in use is unchanged.",
    },
    "brand_logo_pixels": {
        "vi": "Logo “{name}” quá lớn ({width}×{height} px; tối đa {limit} px mỗi cạnh).",
        "en": "The logo “{name}” is too large ({width}×{height} px; at most {limit} px per side).",
    },
    "brand_logo_missing": {
        "vi": "Bộ nhận diện ghi logo “{name}” nhưng chưa có tệp logo tải lên kèm theo.",
        "en": "The brand kit names the logo “{name}” but no logo file was uploaded with it.",
    },
    "brand_fonts_fixed": {
        "vi": "Bộ nhận diện tải lên dùng phông Roboto có sẵn; hãy bỏ mục fonts ({fonts}). Phông riêng được cấu hình bằng STUDIO_BRAND_KIT.",
        "en": "Uploaded brand kits use the built-in Roboto fonts; remove the fonts entry ({fonts}). Custom fonts are set with STUDIO_BRAND_KIT.",
    },
    "spec_bad_json": {
        "vi": "“{name}” không phải JSON hợp lệ (dòng {line}, cột {col}): hãy kiểm tra dấu phẩy, dấu ngoặc và dấu nháy kép.",
        "en": "“{name}” is not valid JSON (line {line}, column {col}): check commas, brackets and double quotes.",
    },
    "spec_not_object": {
        "vi": "“{name}” phải là một đối tượng JSON {{…}} có ít nhất trường “title”.",
        "en": "“{name}” must be a JSON object {{…}} with at least a “title” field.",
    },
    "render_cancelled": {
        "vi": "Đã hủy dựng video; không để lại tệp dở dang nào.",
        "en": "Video render cancelled; no partial file was left behind.",
    },
    "export_invalid": {
        "vi": "Không tạo được gói xuất bản: {detail}. Không có tệp nào được ghi.",
        "en": "Cannot build the export bundle: {detail}. Nothing was written.",
    },
    "export_unsafe_name": {
        "vi": "Tên tệp “{name}” không an toàn trong gói xuất bản ({reason_vi}). Không có tệp nào được ghi.",
        "en": "The file name “{name}” is not safe inside an export bundle ({reason_en}). Nothing was written.",
    },
    "export_media_invalid": {
        "vi": "Tệp đa phương tiện “{name}” không dùng được: {reason_vi}. Không có tệp nào được ghi.",
        "en": "The media file “{name}” cannot be used: {reason_en}. Nothing was written.",
    },
    "citation_unresolved": {
        "vi": "Văn bản trích dẫn [{marker}] nhưng không có nguồn nào mang mã này.",
        "en": "The text cites [{marker}] but no source has that marker.",
    },
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
    "draft_source_confidential": {
        "vi": "Nguồn [{marker}] trích từ tài liệu “{title}” có dấu mật/nội bộ ({marking}); bản nháp không được "
              "phát hành dù đã che dữ liệu cá nhân.",
        "en": "Source [{marker}] quotes the document “{title}”, which is marked confidential/internal ({marking}); "
              "the draft can't be published even with personal data masked.",
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
        "vi": "Sai tên đăng nhập hoặc mật khẩu.",
        "en": "Wrong user name or password.",
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
    # content-flow pages (studio/workflow/views.py)
    "finding_not_maskable": {
        "vi": "Phát hiện số {index} ({type}) không che được; hãy sửa câu đó trong trang Soạn nội dung.",
        "en": "Finding {index} ({type}) cannot be masked; rewrite that sentence on the Compose page.",
    },
    "mask_not_found": {
        "vi": "Không tìm thấy thông tin cần che trong các trường nội dung của mục #{item_id}; không tạo phiên bản mới.",
        "en": "The data to mask was not found in the content fields of item #{item_id}; no new version was made.",
    },
    "quote_not_found": {
        "vi": "Không tìm thấy đoạn trích “{quote}” trong phiên bản hiện tại; hãy sao chép đúng vài chữ từ văn bản.",
        "en": "The quoted passage “{quote}” is not in the current version; copy a few words exactly from the text.",
    },
    # model endpoints (studio/endpoints.py) and saved settings (Admin page)
    "endpoint_ok_chat": {
        "vi": "Kết nối được: mô hình {model} tại {url} trả lời sau {ms} ms.",
        "en": "Connected: model {model} at {url} answered in {ms} ms.",
    },
    "endpoint_ok_embeddings": {
        "vi": "Kết nối được: mô hình {model} tại {url} trả về vector {dim} chiều sau {ms} ms.",
        "en": "Connected: model {model} at {url} returned a {dim}-dimensional vector in {ms} ms.",
    },
    "endpoint_ok_tts": {
        "vi": "Kết nối được: giọng đọc {model} tại {url} trả về {kb} KB âm thanh sau {ms} ms.",
        "en": "Connected: speech model {model} at {url} returned {kb} KB of audio in {ms} ms.",
    },
    "endpoint_unreachable": {
        "vi": "Không kết nối được tới {url}: máy chủ không trả lời hoặc địa chỉ sai.",
        "en": "Cannot connect to {url}: the server does not answer or the address is wrong.",
    },
    "endpoint_timeout": {
        "vi": "{url} không trả lời trong {seconds} giây.",
        "en": "{url} did not answer within {seconds} seconds.",
    },
    "endpoint_auth": {
        "vi": "{url} từ chối khóa API (HTTP {status}); hãy kiểm tra lại khóa.",
        "en": "{url} refused the API key (HTTP {status}); check the key.",
    },
    "endpoint_not_found": {
        "vi": "{url} không có mô hình “{model}” hoặc không phải địa chỉ API tương thích OpenAI (HTTP 404).",
        "en": "{url} has no model “{model}” or is not an OpenAI-compatible API address (HTTP 404).",
    },
    "endpoint_http": {
        "vi": "{url} trả lỗi HTTP {status}.",
        "en": "{url} answered with HTTP error {status}.",
    },
    "endpoint_bad_answer": {
        "vi": "{url} có trả lời nhưng không theo định dạng API của OpenAI ({detail}).",
        "en": "{url} answered, but not in the OpenAI API format ({detail}).",
    },
    "endpoint_url_invalid": {
        "vi": "Địa chỉ “{url}” không hợp lệ: cần dạng http(s)://máy-chủ[:cổng]/v1.",
        "en": "The address “{url}” is not valid: use http(s)://host[:port]/v1.",
    },
    "endpoint_key_invalid": {
        "vi": "Khóa API chỉ gồm các ký tự ASCII in được (không dấu, không khoảng trắng ở giữa).",
        "en": "An API key holds printable ASCII characters only (no accents, no line breaks).",
    },
    "endpoint_model_missing": {
        "vi": "Hãy nhập tên mô hình.",
        "en": "Please enter the model name.",
    },
    "policy_missing_types": {
        "vi": "Chính sách thiếu quy tắc cho: {types} (tệp “{path}”). Mọi loại phát hiện phải có quy tắc; đặt action: info để tắt một loại.",
        "en": "The policy has no rule for: {types} (file “{path}”). Every finding type needs a rule; set action: info to switch one off.",
    },
    "policy_unknown_types": {
        "vi": "Tệp chính sách an toàn “{path}” có loại phát hiện không tồn tại: {types}. Các loại hợp lệ: {known}.",
        "en": "Safety policy file “{path}” names unknown finding types: {types}. Valid types: {known}.",
    },
    "finding_type_unknown": {
        "vi": "Bộ kiểm tra “{recognizer}” trả về loại phát hiện chưa đăng ký “{type}”; hãy thêm loại này vào studio/safety/finding_types.py và chính sách an toàn.",
        "en": "Detector “{recognizer}” returned the unregistered finding type “{type}”; add it to studio/safety/finding_types.py and the safety policy.",
    },
    "check_failed": {
        "vi": "Không kiểm tra được văn bản do lỗi bên trong ({detail}). Văn bản CHƯA được kiểm tra; hãy báo cho quản trị viên kèm thông báo này.",
        "en": "The text could not be checked because of an internal error ({detail}). The text has NOT been checked; report this message to your administrator.",
    },
    "unreadable_file": {
        "vi": "Không đọc được tệp “{name}” ({detail}).",
        "en": "Cannot read the file “{name}” ({detail}).",
    },
    "policy_weakened": {
        "vi": "Chính sách không được hạ mức các loại luôn phải chặn ({types}): chúng phải là action: block với min_score không cao hơn mặc định.",
        "en": "The policy may not weaken the types that always block ({types}): they must stay action: block with a min_score no higher than the default.",
    },
    # workshop (issue 9)
    "workshop_code_unknown": {
        "vi": "Không có buổi thực hành nào với mã “{join_code}”. Hãy kiểm tra lại mã trên màn chiếu (mã gồm 6 ký tự, không có số 0, số 1, chữ O, chữ I).",
        "en": "There is no workshop session with the code “{join_code}”. Check the code on the screen (6 characters, no 0, 1, O or I).",
    },
    "workshop_closed": {
        "vi": "Buổi thực hành “{title}” đã đóng: không thể tham gia hay nộp bài nữa.",
        "en": "The workshop session “{title}” is closed: you can no longer join or submit.",
    },
    "workshop_time_up": {
        "vi": "Đã hết thời gian làm bài của buổi “{title}” ({minutes} phút); bài không được nộp.",
        "en": "Time is up for the session “{title}” ({minutes} minutes); the answer was not submitted.",
    },
    "workshop_revealed": {
        "vi": "Đáp án của buổi “{title}” đã được công bố nên không nhận thêm bài nộp.",
        "en": "The answers of the session “{title}” have been revealed, so no more answers are taken.",
    },
    "workshop_reopen_revealed": {
        "vi": "Không thể mở lại buổi “{title}” vì đáp án đã được công bố.",
        "en": "The session “{title}” can't be opened again because its answers have been revealed.",
    },
    "workshop_name_invalid": {
        "vi": "Hãy nhập tên hiển thị (tối đa {max} ký tự).",
        "en": "Please enter a display name (at most {max} characters).",
    },
    "workshop_name_taken": {
        "vi": "Tên “{name}” đã có người dùng trong buổi này; hãy chọn tên khác (ví dụ thêm tên đơn vị).",
        "en": "Someone in this session already uses the name “{name}”; choose another (e.g. add your unit).",
    },
    "workshop_token_invalid": {
        "vi": "Phiên tham gia không hợp lệ; hãy tham gia lại bằng mã của buổi thực hành.",
        "en": "This participation is not valid; join again with the session's code.",
    },
    "workshop_exercise_unknown": {
        "vi": "Buổi thực hành không có bài tập số {position}.",
        "en": "The session has no exercise number {position}.",
    },
    "workshop_exercises_invalid": {
        "vi": "Danh sách bài tập không hợp lệ ({names}); chọn từ 1 đến {max} bài trong: {known}.",
        "en": "Invalid list of exercises ({names}); choose 1 to {max} of: {known}.",
    },
    "workshop_too_long": {
        "vi": "{field_vi} dài {length} ký tự, vượt giới hạn {limit} ký tự; hãy rút gọn rồi gửi lại.",
        "en": "{field_en} has {length} characters, over the limit of {limit}; shorten it and send it again.",
    },
    "workshop_too_many": {
        "vi": "Bài làm có {count} mục, vượt giới hạn {limit} mục.",
        "en": "The answer has {count} entries, over the limit of {limit}.",
    },
    "workshop_answer_invalid": {
        "vi": "Bài làm không đúng dạng: {detail}.",
        "en": "The answer is not in the expected form: {detail}.",
    },
    "workshop_topic_missing": {
        "vi": "Hãy nhập chủ đề hoặc yêu cầu cho AI (ít nhất 2 ký tự).",
        "en": "Please enter a topic or instruction for the AI (at least 2 characters).",
    },
    "workshop_not_trainer": {
        "vi": "“{name}” không phụ trách buổi “{title}”: chỉ giảng viên tạo buổi hoặc quản trị viên mới điều hành được.",
        "en": "“{name}” does not run the session “{title}”: only the trainer who created it or an administrator can.",
    },
    "workshop_title_invalid": {
        "vi": "Tên buổi thực hành phải có từ 1 đến {max} ký tự.",
        "en": "The session title must have 1 to {max} characters.",
    },
    "workshop_minutes_invalid": {
        "vi": "Thời gian làm bài phải từ {min} đến {max} phút.",
        "en": "The time limit must be {min} to {max} minutes.",
    },
    "workshop_material_unavailable": {
        "vi": "Không tạo được bài tập “{kind}” từ kho tri thức ({detail}); hãy dùng ngân hàng bài tập có sẵn.",
        "en": "Could not make the “{kind}” exercise from the knowledge base ({detail}); use the shipped exercise bank.",
    },
}


class StudioError(Exception):
    """A failure the user can understand and fix; carries a message code and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        if code not in MESSAGES:
            raise KeyError(f"unknown message code {code!r}")
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        table = MESSAGES[self.code]
        return table.get(lang, table["en"]).format(**self.params)
