"""Safety page (issue 8, part B): grows in the following commits."""

from __future__ import annotations

import streamlit as st

from studio.ui.resources import t


def render() -> None:
    st.title(t("nav_safety"))
