"""Publish: the export bundle (DOCX, HTML, Markdown, media, provenance manifest) and its verification."""
