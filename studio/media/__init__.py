"""Branded media: fonts, brand kits, text layout and rendered infographics (PNG / PDF)."""
