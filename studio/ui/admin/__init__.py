"""Panels of the Admin page (`studio/ui/pages/admin.py`), one module per concern."""
