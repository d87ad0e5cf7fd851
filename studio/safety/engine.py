"""Offline Presidio engine for members' personal data, and `detect_pii` mapping its results to `Finding`s.

Nothing is loaded at import time and nothing is ever downloaded: the default NLP engine runs blank spaCy
pipelines (`spacy.blank("vi")` split into syllables, `spacy.blank("en")`), and the registry holds only
our recognizers (studio.safety.recognizers), none of which needs NER, lemmas or the network.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import TYPE_CHECKING

from studio.safety.findings import PII_TYPES, Finding
from studio.safety.normalize import normalize

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


PIECE_CHARS = 100_000  # spaCy refuses texts over 1,000,000 characters; pieces also bound memory


def pieces(text: str, size: int = PIECE_CHARS) -> list[tuple[int, int]]:
    """Spans of at most `size` characters covering `text`, cut at a line break (else a space) where possible."""
    out, start = [], 0
    while len(text) - start > size:
        cut = text.rfind("\n", start + size // 2, start + size)
        if cut < 0:
            cut = text.rfind(" ", start + size // 2, start + size)
        end = cut + 1 if cut >= 0 else start + size
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def detect_pii(analyzer: "AnalyzerEngine", text: str, lang: str = "vi") -> list[Finding]:
    """Personal data in `text` as findings (severity "info"; the policy sets severities).

    `lang` picks the recognizer set ("vi-VN" → "vi"; a language the analyzer lacks falls back to "en", then
    "vi"). The recognizers read the text normalised (studio.safety.normalize: NFC/NFKC, zero-width characters
    removed, split digits joined, obfuscated e-mails and spelled numbers rewritten, CSV fields separated) and
    every span is mapped back to `text`. Long texts are analysed in pieces of PIECE_CHARS.
    """
    if not text or not text.strip():
        return []
    code = (lang or "vi").replace("_", "-").split("-")[0].lower()
    supported = list(analyzer.supported_languages)
    if code not in supported:
        code = "en" if "en" in supported else supported[0]
    findings = []
    for lo, hi in pieces(text):
        norm = normalize(text[lo:hi])
        found = []
        for r in analyzer.analyze(text=norm.text, language=code):
            meta = r.recognition_metadata or {}
            cue = meta.get("context_word") or ""
            detail = f"public: {meta['public']}" if meta.get("public") else (f"context: {cue}" if cue else "")
            found.append(Finding(type=r.entity_type, start=r.start, end=r.end, text=norm.text[r.start:r.end],
                                 score=round(float(r.score), 3), recognizer=meta.get("recognizer_name", ""),
                                 detail=detail))
        records = [f for f in found if f.type not in PII_TYPES]  # a table row's record spans its cells' data
        for f in mark_public(norm.text, resolve_overlaps([f for f in found if f.type in PII_TYPES])) + records:
            start, end = norm.span(f.start, f.end)
            f.start, f.end = start + lo, end + lo
            f.text = text[f.start:f.end]
            findings.append(f)
    return findings


def mark_public(text: str, findings: list[Finding]) -> list[Finding]:
    """Mark (detail "public: …") persons named with a public office and the contacts of public bodies and venues.

    `text` is the normalised text the findings point into."""
    from studio.safety.public import public_contact, public_person
    from studio.safety.folding import mfold

    if not findings:
        return findings
    folded = mfold(text)
    for f in findings:
        if f.detail.startswith("public:"):
            continue
        if f.type == "PERSON":
            why = "office" if public_person(folded, f.start, f.end) else ""
        elif f.type in ("PHONE_NUMBER", "EMAIL_ADDRESS", "STREET_ADDRESS"):
            why = public_contact(f.type, f.text, folded, f.start)
        else:
            why = ""
        if why:
            f.detail = f"public: {why}" + (f"; {f.detail}" if f.detail else "")
    return findings
