"""Objects shared by every session of the app process, created once (st.cache_resource)."""

from __future__ import annotations

import streamlit as st

from studio.config import load_settings


@st.cache_resource(show_spinner=False)
def get_settings():
    return load_settings()


@st.cache_resource(show_spinner=False)
def get_door():
    """Every call to a model endpoint goes through it (its privacy step uses the app's safety gate)."""
    from studio.outbound import Door

    return Door(get_settings(), gate=get_gate)  # the gate is built when a first text is masked


@st.cache_resource(show_spinner=False)
def get_knowledge_base():
    from studio.knowledge.base import KnowledgeBase
    from studio.knowledge.embeddings import make_embedder
    from studio.knowledge.translate import make_translator

    settings = get_settings()
    kb = KnowledgeBase(settings, embedder=make_embedder(settings, get_door()),
                       translator=make_translator(settings, get_door()))
    kb.repair_store()  # leftovers of an ingest killed half-way (hidden already)
    kb.ensure_sample(vectors="later")
    kb.background.start()  # vectors of the sample, of a run killed half-way or of a new embedder
    kb.retriever.warm()
    return kb


@st.cache_resource(show_spinner=False)
def get_prompts():
    from studio.drafting.prompts import load_prompts

    return load_prompts()


@st.cache_resource(show_spinner=False)
def get_chat_model():
    from studio.drafting.llm import make_model

    return make_model(get_settings(), get_door())


@st.cache_resource(show_spinner=False)
def get_gate():
    from studio.safety.gate import SafetyGate

    return SafetyGate(policy_path=get_settings().safety_policy)


def ui_lang() -> str:
    return st.session_state.get("lang") or get_settings().lang


def t(key: str, /, **params) -> str:
    from studio.ui.i18n import translate

    return translate(ui_lang(), key, **params)


@st.cache_resource(show_spinner=False)
def get_database():
    """The workflow database (SQLite under the data dir, or STUDIO_DATABASE_URL), migrated once per process."""
    from studio.workflow.db import open_database

    return open_database(get_settings())


@st.cache_resource(show_spinner=False)
def get_media_store():
    from studio.workflow.media import MediaStore

    return MediaStore(get_settings().media_dir)


@st.cache_resource(show_spinner=False)
def bootstrap_admin() -> bool:
    """First start: create the `admin` account once per process. A generated one-time password goes to the
    server's terminal (stderr), never to a page. True when the account was created now."""
    import sys

    from studio.ui.i18n import translate
    from studio.workflow.accounts import ensure_admin

    settings = get_settings()
    boot = ensure_admin(settings, get_database())
    if boot.created:
        key = "server_admin_created_env" if boot.from_environment else "server_admin_created"
        print(translate(settings.lang, key, name=boot.name, password=boot.one_time_password or ""),
              file=sys.stderr, flush=True)
    return boot.created


def reload_settings() -> None:
    """After an admin saved settings: rebuild what depends on them (settings, knowledge base with its
    embedder and translator, chat model, safety gate, the door to the endpoints) at their next use.
    The database stays open."""
    for resource in (get_settings, get_knowledge_base, get_chat_model, get_gate, get_door):
        resource.clear()
