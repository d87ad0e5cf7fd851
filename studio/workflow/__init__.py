"""Workflow: accounts and roles, content items with immutable versions, four-eyes review, audit trail.

Core functions take a SQLAlchemy session (one transaction per operation, see `db.Database`) and return
plain dataclasses; the command line and the app are thin faces over them.
"""
