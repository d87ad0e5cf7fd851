"""Union Content Studio — Streamlit entry point: language, status, navigation over studio/ui pages."""

import streamlit as st

from studio.ui.app import run

st.set_page_config(page_title="Union Content Studio", page_icon="📰", layout="wide")
run()
