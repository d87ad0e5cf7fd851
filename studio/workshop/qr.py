"""The join QR code for the projector: a PNG of the join URL (segno, pure Python, nothing downloaded)."""

from __future__ import annotations

import io
from urllib.parse import quote

DEFAULT_BASE_URL = "http://localhost:8501"
JOIN_PATH = "workshop_join"  # the url_path the app shell gives the participants' page


def join_url(code: str, base_url: str | None = None) -> str:
    """The page participants open, with the code filled in: `http://host:8501/workshop_join?code=ABC234`."""
    base = (base_url or DEFAULT_BASE_URL).rstrip("/")
    return f"{base}/{JOIN_PATH}?code={quote(code)}"


def qr_png(url: str, scale: int = 12) -> bytes:
    """A QR code of `url` as PNG (error correction level M, quiet zone of 4 modules), about 500 px wide."""
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4, dark="#000000",
                                                 light="#FFFFFF")
    return buffer.getvalue()
