"""Messages: documents, ingest, the knowledge store and its vectors. Each code has its Vietnamese and English text."""

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
}
