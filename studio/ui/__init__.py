"""Streamlit faces of the studio; the only package that imports streamlit."""
