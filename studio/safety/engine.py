"""Offline Presidio engine for members' personal data, and `detect_pii` mapping its results to `Finding`s.

Nothing is loaded at import time and nothing is ever downloaded: the default NLP engine runs blank spaCy
pipelines (`spacy.blank("vi")` split into syllables, `spacy.blank("en")`), and the registry holds only
our recognizers (studio.safety.recognizers), none of which needs NER, lemmas or the network.
"""

from __future__ import annotations

import bisect
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from studio.safety.findings import Finding

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngine

LANGUAGES = ["vi", "en"]


def _offline_engine_class():
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class OfflineSpacyNlpEngine(SpacyNlpEngine):
        """A SpacyNlpEngine that never downloads.

        `models` entries are {"lang_code": ..., "model_name": ...}; a model name "blank:<lang>" gives
        `spacy.blank(<lang>)`, any other name must be an installed package or a path on disk (otherwise
        a RuntimeError says so instead of calling `spacy.cli.download`). `pipelines` takes ready
        `spacy.Language` objects by language code. Languages of LANGUAGES left uncovered get a blank pipeline.
        """

        def __init__(self, models=None, pipelines=None, ner_model_configuration=None):
            models = models or [{"lang_code": lang, "model_name": f"blank:{lang}"} for lang in LANGUAGES]
            super().__init__(models=models, ner_model_configuration=ner_model_configuration)
            self.pipelines = dict(pipelines or {})

        def load(self) -> None:
            import spacy

            self.nlp = dict(self.pipelines)
            for model in self.models:
                self._validate_model_params(model)
                lang, name = model["lang_code"], model["model_name"]
                if lang in self.nlp:
                    continue
                if name.startswith("blank:"):
                    self.nlp[lang] = _blank(name.split(":", 1)[1])
                elif spacy.util.is_package(name) or Path(name).exists():
                    self.nlp[lang] = spacy.load(name)
                else:
                    raise RuntimeError(f"spaCy model {name!r} for {lang!r} is not installed and will not be "
                                       f"downloaded (offline machine); install its wheel or use 'blank:{lang}'")
            for lang in LANGUAGES:
                if lang not in self.nlp:
                    self.nlp[lang] = _blank(lang)

    return OfflineSpacyNlpEngine


def _blank(lang: str):
    """A blank pipeline. Vietnamese is split into syllables, not pyvi words: our recognizers read their
    own context windows from the raw text, and pyvi's segmenter cost ~45 % of analysis time and ~1.4 s of
    start-up (measured in bench/safety.py) without changing any finding on the evaluation set."""
    import spacy

    if lang == "vi":
        return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    return spacy.blank(lang)


def offline_nlp_engine(models=None, pipelines=None, ner_model_configuration=None) -> "NlpEngine":
    """The default NLP engine: blank vi (syllables) and en pipelines, or the given models/pipelines, never downloaded."""
    return _offline_engine_class()(models=models, pipelines=pipelines,
                                   ner_model_configuration=ner_model_configuration)


def build_analyzer(nlp_engine: "NlpEngine | None" = None, region: str = "VN") -> "AnalyzerEngine":
    """A Presidio AnalyzerEngine for ["vi", "en"] with only our recognizers (no Presidio predefined ones).

    Without `nlp_engine` it runs blank spaCy pipelines (no NER, no download). A site with a real NER model
    passes its own engine; its PERSON entities then reach the gate through `NlpPersonRecognizer`, next to the
    rule-based recognizers. The engine must cover both "vi" and "en", e.g.::

        # an installed spaCy pipeline for English (Vietnamese stays blank):
        engine = offline_nlp_engine(models=[{"lang_code": "en", "model_name": "en_core_web_lg"}])
        # or a pipeline object built by the site (e.g. spacy.load("/opt/models/vi_ner")):
        engine = offline_nlp_engine(pipelines={"vi": vi_nlp})
        # or any Presidio configuration (models must already be installed: Presidio's SpacyNlpEngine would
        # otherwise try to download them):
        from presidio_analyzer.nlp_engine import NlpEngineProvider
        engine = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy", "models": [
            {"lang_code": "en", "model_name": "en_core_web_lg"},
            {"lang_code": "vi", "model_name": "/opt/models/vi_ner"}]}).create_engine()
        analyzer = build_analyzer(engine)

    `region` is the `phonenumbers` region hint for international numbers dialled with "00" (numbers
    without a country code are read as Vietnamese).
    """
    import logging

    logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)  # it logs every recognizer at INFO
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    from studio.safety.recognizers import build_recognizers

    engine = nlp_engine if nlp_engine is not None else offline_nlp_engine()
    if not engine.is_loaded():
        engine.load()
    missing = set(LANGUAGES) - set(engine.get_supported_languages())
    if missing:
        raise ValueError(f"the NLP engine must cover {LANGUAGES}; missing {sorted(missing)}")
    registry = RecognizerRegistry(recognizers=build_recognizers(tuple(LANGUAGES), region=region),
                                  supported_languages=list(LANGUAGES))
    return AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=list(LANGUAGES))


def _nfc(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """NFC text with, for each of its characters, the start and end offset in `text` (None if already NFC)."""
    if unicodedata.is_normalized("NFC", text):
        return text, None, None
    parts, starts, ends, i = [], [], [], 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = unicodedata.normalize("NFC", text[i:j])
        parts.append(piece)
        starts.extend([i] * len(piece))
        ends.extend([j] * len(piece))
        i = j
    return "".join(parts), starts, ends


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Of overlapping findings keep the higher-scoring one, then the longer one; sorted by position."""
    kept: list[Finding] = []  # non-overlapping, sorted by start (hence by end too)
    starts: list[int] = []
    for f in sorted(findings, key=lambda f: (-f.score, -(f.end - f.start), f.start)):
        i = bisect.bisect_left(starts, f.start)
        if (i == 0 or kept[i - 1].end <= f.start) and (i == len(kept) or f.end <= kept[i].start):
            kept.insert(i, f)
            starts.insert(i, f.start)
    return kept


def detect_pii(analyzer: "AnalyzerEngine", text: str, lang: str = "vi") -> list[Finding]:
    """Personal data in `text` as findings (severity "info"; the policy sets severities).

    `lang` picks the recognizer set ("vi-VN" → "vi"; a language the analyzer lacks falls back to "en", then
    "vi"). Text in decomposed Unicode is analysed in NFC and the spans mapped back to `text`. Vietnamese
    without diacritics goes through the same recognizers (they match on a diacritic-free fold).
    """
    if not text or not text.strip():
        return []
    code = (lang or "vi").replace("_", "-").split("-")[0].lower()
    supported = list(analyzer.supported_languages)
    if code not in supported:
        code = "en" if "en" in supported else supported[0]
    norm, starts, ends = _nfc(text)
    results = analyzer.analyze(text=norm, language=code)
    findings = []
    for r in results:
        start, end = (r.start, r.end) if starts is None else (starts[r.start], ends[r.end - 1])
        meta = r.recognition_metadata or {}
        cue = meta.get("context_word") or ""
        findings.append(Finding(type=r.entity_type, start=start, end=end, text=text[start:end],
                                score=round(float(r.score), 3), recognizer=meta.get("recognizer_name", ""),
                                detail=f"context: {cue}" if cue else ""))
    return resolve_overlaps(findings)
