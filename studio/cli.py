"""The `studio` command line: a thin face over the same functions the app calls."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import click

from studio.cli_options import draft_request_options
from studio.config import PROJECT_ROOT, load_settings
from studio.errors import StudioError

_CLI_TEXT = {
    "vi": {
        "ingested": "{added} mới, {updated} cập nhật, {unchanged} không đổi, {failed} lỗi — {chunks} đoạn.",
        "removed": "Đã xóa tài liệu {doc_id} ({chunks} đoạn).",
        "no_docs": "Kho tri thức chưa có tài liệu nào. Dùng: studio ingest THƯ_MỤC",
        "no_results": "Không tìm thấy đoạn nào phù hợp.",
        "sources": "Nguồn:",
        "sample": "Đang nạp kho tri thức mẫu từ {path} …",
        "grounded": "{n} chi tiết chưa có trong nguồn.",
        "verdict": "Kết luận: {verdict} ({n} phát hiện).",
        "vectors_label": "vector ngữ nghĩa",
        "vectors_done": "Đã có vector cho {done}/{total} đoạn ({embedder}).",
    },
    "en": {
        "ingested": "{added} added, {updated} updated, {unchanged} unchanged, {failed} failed — {chunks} chunks.",
        "removed": "Removed document {doc_id} ({chunks} chunks).",
        "no_docs": "The knowledge base has no documents yet. Use: studio ingest FOLDER",
        "no_results": "No matching passage found.",
        "sources": "Sources:",
        "sample": "Loading the sample knowledge base from {path} …",
        "grounded": "{n} claim(s) not supported by the sources.",
        "verdict": "Verdict: {verdict} ({n} findings).",
        "vectors_label": "semantic vectors",
        "vectors_done": "{done}/{total} passages have vectors ({embedder}).",
    },
}


class _Context:
    def __init__(self) -> None:
        self.settings = load_settings()
        self._kb = None
        self._prompts = None
        self._gate = None
        self._door = None

    @property
    def lang(self) -> str:
        return self.settings.lang

    def text(self, key: str, **params) -> str:
        return _CLI_TEXT[self.lang][key].format(**params)

    @property
    def kb(self):
        if self._kb is None:
            from studio.knowledge.base import KnowledgeBase
            from studio.knowledge.embeddings import make_embedder
            from studio.knowledge.translate import make_translator

            self._kb = KnowledgeBase(self.settings, embedder=make_embedder(self.settings, self.door),
                                     translator=make_translator(self.settings, self.door))
        return self._kb

    @property
    def door(self):
        """Every call to an endpoint goes through it (privacy step with this command's safety gate)."""
        if self._door is None:
            from studio.outbound import Door

            self._door = Door(self.settings, gate=lambda: self.gate)  # built only when a text is masked
        return self._door

    @property
    def gate(self):
        if self._gate is None:
            from studio.safety.gate import SafetyGate

            self._gate = SafetyGate(policy_path=self.settings.safety_policy)
        return self._gate

    @property
    def prompts(self):
        if self._prompts is None:
            from studio.drafting.prompts import load_prompts

            self._prompts = load_prompts()
        return self._prompts


def _notices(obj: _Context) -> None:
    """On stderr: an embedder fallback, and vectors still missing (search then leans on words)."""
    kb = obj.kb
    if kb.embedder.notice is not None:
        click.echo(kb.embedder.notice.message(obj.lang), err=True)
    status = kb.vector_status()
    if status.done < status.total:
        click.echo(StudioError("vectors_pending", done=status.done, total=status.total).message(obj.lang), err=True)


class _Group(click.Group):
    """Turns a StudioError anywhere below into its message in the user's language, exit code 2."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except StudioError as err:
            lang = ctx.obj.lang if isinstance(ctx.obj, _Context) else "vi"
            click.echo(err.message(lang), err=True)
            ctx.exit(2)


@click.group(cls=_Group)
@click.version_option(package_name="union-content-studio")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Union Content Studio: knowledge base, drafting and publishing for union communication."""
    ctx.obj = _Context()


def main() -> None:
    cli(prog_name="studio")


# --- search and ask ------------------------------------------------------------------------

@cli.command()
@click.argument("query", required=False)
@click.option("-k", default=5, show_default=True, type=click.IntRange(1, 100), help="Number of passages.")
@click.option("--lang", default=None, help="Only passages in this language (vi, en, de, no).")
@click.option("--doc", "doc_id", default=None, help="Only passages of this document id.")
@click.option("--tag", default=None, help="Only documents with this tag.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of passages.")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read one query per line; print one JSON list per line.")
@click.pass_obj
def search(obj: _Context, query: str | None, k: int, lang: str | None, doc_id: str | None, tag: str | None,
           as_json: bool, from_stdin: bool) -> None:
    """Hybrid, cross-lingual search; every passage comes with its citation."""
    kb = obj.kb
    _notices(obj)
    if from_stdin:
        for line in sys.stdin:
            line = line.strip()
            if not line:
                click.echo("[]")
                continue
            passages = kb.search(line, k=k, lang=lang, doc_id=doc_id, tag=tag)
            click.echo(json.dumps([p.to_dict() for p in passages], ensure_ascii=False))
        return
    passages = kb.search(query or "", k=k, lang=lang, doc_id=doc_id, tag=tag)
    if kb.retriever.degraded is not None:
        click.echo(kb.retriever.degraded.message(obj.lang), err=True)
    if as_json:
        click.echo(json.dumps([p.to_dict() for p in passages], ensure_ascii=False, indent=2))
        return
    if not passages:
        click.echo(obj.text("no_results"))
    for n, p in enumerate(passages, start=1):
        click.echo(f"[{n}] {p.citation()}  ({p.lang}, {p.score:.4f})  {p.id}")
        click.echo("    " + p.text.replace("\n", "\n    "))
        click.echo()


@cli.command()
@click.argument("question")
@click.option("-k", default=5, show_default=True, type=click.IntRange(1, 50))
@click.option("--lang", default=None, help="Only sources in this language.")
@click.option("--json", "as_json", is_flag=True, help="Print {answer, citations}.")
@click.pass_obj
def ask(obj: _Context, question: str, k: int, lang: str | None, as_json: bool) -> None:
    """A short answer composed from the top passages, every sentence cited."""
    _notices(obj)
    answer = obj.kb.ask(question, k=k, lang=lang)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(answer.answer)
    if answer.citations:
        click.echo("\n" + obj.text("sources"))
        for c in answer.citations:
            where = " · ".join(x for x in (c.section, f"p. {c.page}" if c.page else "") if x)
            click.echo(f"[{c.marker}] {c.title}{' · ' + where if where else ''} ({c.doc_id}, {c.start}–{c.end})")


# --- drafting ------------------------------------------------------------------------------

@cli.command()
@draft_request_options
@click.option("--stream/--no-stream", default=False, help="Print the model's text as it arrives (stderr).")
@click.option("--json", "as_json", is_flag=True, help="Print the draft as JSON.")
@click.pass_obj
def draft(obj: _Context, fmt, topic, lang, audience, tone, length, questions, k, variant, stream, as_json) -> None:
    """Retrieve sources and write a draft (a model when configured, else the offline composer).

    Exits 2 with a message when the knowledge base has nothing relevant on the topic."""
    from studio.drafting.llm import make_model
    from studio.drafting.models import make_request
    from studio.drafting.render import render_text
    from studio.drafting.service import draft as write_draft
    from studio.style.store import current_style

    request = make_request(format=fmt, topic=topic, lang=lang, audience=audience, tone=tone, length=length,
                           questions=questions, k=k, variant=variant)
    on_token = (lambda t: click.echo(t, nl=False, err=True)) if stream else None
    result = write_draft(obj.kb, request, obj.prompts, make_model(obj.settings, obj.door), on_token=on_token,
                         message_lang=obj.lang, gate=obj.gate, style=current_style(obj.settings))
    if stream:
        click.echo(err=True)
    if as_json:
        payload = {**result.content, "format": fmt, "lang": lang,
                   "citations": [c.model_dump(exclude={"text"}) for c in result.citations],
                   **result.model_dump(mode="json", include={"composer", "model", "prompt_id", "prompt_version",
                                                             "created_at", "limits", "notices", "safety",
                                                             "privacy_masked", "variant", "style",
                                                             "relevance"}),
                   "further_reading": [c.model_dump(exclude={"text"}) for c in result.further_reading],
                   "grounding": [g.model_dump() for g in result.grounding]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result, obj.lang))


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sources", "doc_ids", multiple=True, help="Document id in the knowledge base (repeatable).")
@click.option("--source-file", "source_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A text file to check against (repeatable).")
@click.option("--lang", default=None, type=click.Choice(["vi", "en"]))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def ground(obj: _Context, file: Path, doc_ids, source_files, lang, as_json) -> None:
    """Check that every number, date, document number and name in FILE is in the sources (exit 1 if not)."""
    from studio.drafting.grounding import check_plain_text

    if not doc_ids and not source_files:
        raise StudioError("bad_request", detail="--sources DOC_ID or --source-file PATH is required")
    texts = [obj.kb.get_document(d)[1] for d in doc_ids]
    texts += [p.read_text(encoding="utf-8") for p in source_files]
    text = file.read_text(encoding="utf-8")
    claims = check_plain_text(text, texts, lang)
    if as_json:
        click.echo(json.dumps([c.model_dump() for c in claims], ensure_ascii=False, indent=2))
    else:
        for c in claims:
            line = text.count("\n", 0, c.start) + 1
            click.echo(f"{file.name}:{line}: {c.kind} “{c.text}” — {c.reason}")
        click.echo(obj.text("grounded", n=len(claims)))
    if claims:
        sys.exit(1)


# --- safety --------------------------------------------------------------------------------

def _read_input(file: str) -> str:
    try:
        if file == "-":
            return sys.stdin.read()
        path = Path(file)
        if not path.is_file():
            raise StudioError("not_found", name=file)
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise StudioError("bad_encoding", name=file) from None
    except OSError as exc:
        raise StudioError("unreadable_file", name=file, detail=exc.strerror or type(exc).__name__) from None


@cli.command()
@click.argument("file", default="-")
@click.option("--lang", default="vi", show_default=True, type=click.Choice(["vi", "en"]))
@click.option("--publishing", is_flag=True, help="Also require the AI-assistance label (as before publishing).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--jsonl", is_flag=True, help='Read JSON lines {"text": …}; write one report per line.')
@click.pass_obj
def check(obj: _Context, file: str, lang: str, publishing: bool, as_json: bool, jsonl: bool) -> None:
    """Safety check of a text (FILE, or - for stdin).

    \b
    Exit status: 0 when the verdict is pass, 1 when it is warn or block (with --jsonl: for any line),
    2 on an error (unreadable file, bad arguments or input, a failure inside the check), never 1.
    """
    try:
        verdicts = _check_texts(obj, file, lang, publishing, as_json, jsonl)
    except StudioError:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a crash must not exit 1, which reads as "blocked"
        raise StudioError("check_failed", detail=f"{type(exc).__name__}: {exc}"[:300]) from exc
    sys.exit(1 if verdicts & {"warn", "block"} else 0)


def _check_texts(obj: _Context, file: str, lang: str, publishing: bool, as_json: bool, jsonl: bool) -> set[str]:
    """`check`'s work: the gate over the input, each report printed; the verdicts seen."""
    gate = obj.gate
    if jsonl:
        verdicts = set()
        for line in _read_input(file).splitlines():
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError
            except (json.JSONDecodeError, KeyError, TypeError):
                raise StudioError("bad_request", detail=f'each line must be a JSON object with "text": {line[:60]}')
            report = gate.check(text, item.get("lang", lang), publishing=publishing)
            verdicts.add(report.verdict)
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        return verdicts
    report = gate.check(_read_input(file), lang, publishing=publishing)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for f in report.findings:
            click.echo(f"{f.severity:5s} {f.type:20s} {f.start}–{f.end} “{f.text}” ({f.score:.2f})")
        click.echo(obj.text("verdict", verdict=report.verdict, n=len(report.findings)))
    return {report.verdict}


@cli.command()
@click.argument("file", default="-")
@click.option("--mode", default="pseudonym", show_default=True, type=click.Choice(["redact", "partial", "pseudonym"]))
@click.option("--lang", default="vi", show_default=True, type=click.Choice(["vi", "en"]))
@click.pass_obj
def mask(obj: _Context, file: str, mode: str, lang: str) -> None:
    """Print the text with personal data masked (redact, partial 0983 *** 421, or pseudonyms [NGƯỜI 1])."""
    from studio.safety.mask import mask_text

    text = _read_input(file)
    findings = obj.gate.personal_data(text, lang)
    click.echo(mask_text(text, findings, mode, lang), nl=False)


# --- media ---------------------------------------------------------------------------------

@cli.command()
@click.argument("spec_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--template", type=click.Choice(["key_figures", "timeline", "key_points", "quote", "quiz_card", "cover"]))
@click.option("--size", default="portrait", show_default=True, help="square|portrait|story|landscape|a4 or WxH")
@click.option("--brand", "brand_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output .png or .pdf")
@click.pass_obj
def infographic(obj: _Context, spec_file: Path, template, size, brand_file, out: Path) -> None:
    """Render a JSON spec (or `studio draft --format infographic_brief --json` output) to PNG or PDF."""
    from studio.media.infographic import render_infographic, save

    try:
        spec = json.loads(spec_file.read_text(encoding="utf-8"))
        image = render_infographic(spec, template, size, _brand(obj, brand_file, spec.get("lang")))
    except (ValueError, UnicodeDecodeError) as exc:  # bad JSON, bad spec or bad brand kit
        raise StudioError("infographic_invalid", name=spec_file.name, detail=str(exc)[:200]) from None
    save(image, out)
    click.echo(str(out))
    click.echo(image.info["alt_text"])


def _brand(obj: _Context, brand_file: Path | None, lang: str | None):
    """--brand FILE as given, else the site's kit wearing the house style's organisation name in `lang`."""
    from studio.media.brand import load_brand
    from studio.media.brand_store import current_brand

    return load_brand(brand_file) if brand_file else current_brand(obj.settings, lang if lang in ("vi", "en") else None)


@cli.command()
@click.argument("script_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--size", default="1080x1920", show_default=True, help="story|square|landscape or WxH (even sides)")
@click.option("--brand", "brand_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True)
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Output .mp4; OUT.srt and OUT.vtt are written beside it")
@click.option("--narrate", is_flag=True, help="Speak each scene (speech endpoint, else espeak-ng, else captions only)")
@click.option("--music", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Background music file (mp3, wav, ogg, m4a…), ducked under the narration")
@click.pass_obj
def video(obj: _Context, script_file: Path, size, brand_file, lang, out: Path, narrate: bool, music) -> None:
    """Render a video script (`studio draft --format video_script --json` output) to MP4 + SRT + VTT."""
    from studio.media.narration import pick_narrator
    from studio.media.video import VideoError, render_video

    narrator = pick_narrator(obj.settings, obj.door) if narrate else None
    if narrator is not None and narrator.kind == "none":
        click.echo(StudioError("narration_unavailable").message(obj.lang), err=True)

    show = sys.stderr.isatty()
    with click.progressbar(length=100, label="video", file=sys.stderr, hidden=not show) as bar:
        done = [0]

        def progress(fraction: float) -> None:
            step = int(fraction * 100) - done[0]
            if step > 0:
                bar.update(step)
                done[0] += step

        try:
            script = json.loads(script_file.read_text(encoding="utf-8"))
            result = render_video(script, out, size=size, brand=_brand(obj, brand_file, lang), lang=lang, progress=progress,
                                  narrator=narrator, music=music, message_lang=obj.lang)
        except (ValueError, UnicodeDecodeError, VideoError) as exc:
            raise StudioError("video_invalid", name=script_file.name, detail=str(exc)[:200]) from None
    for notice in result.notices:
        click.echo(notice, err=True)
    for path in (result.path, result.srt_path, result.vtt_path):
        click.echo(str(path))


@cli.group()
def prompts() -> None:
    """The prompt files in prompts/."""


@prompts.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def prompts_list(obj: _Context, as_json: bool) -> None:
    """List prompt files with id, version, format, language and variables."""
    rows = obj.prompts.to_list()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['id']:28s} v{r['version']}  {', '.join(r['variables'])}")


# --- running the app -----------------------------------------------------------------------

@cli.command("sample")
@click.pass_obj
def sample(obj: _Context) -> None:
    """Ingest the shipped sample knowledge base if the store is still empty."""
    click.echo(obj.text("sample", path=obj.settings.sample_dir), err=True)
    results = obj.kb.ensure_sample()
    for r in results:
        click.echo(f"{'✗' if r.error else '✓'} {r.source} {r.error or r.doc_id}")


@cli.command()
@click.option("--port", default=8501, show_default=True, type=int)
@click.option("--headless/--no-headless", default=True, show_default=True)
@click.pass_obj
def serve(obj: _Context, port: int, headless: bool) -> None:
    """Load the sample knowledge base when empty, create the first admin (printing its one-time password
    here, before the app starts), then run the Streamlit app."""
    from studio.cli_workflow import _db

    obj.kb.ensure_sample(vectors="later")  # the app computes the vectors in the background
    _db(obj).dispose()  # migrates the database; on first start creates `admin` and prints its password
    app = PROJECT_ROOT / "app.py"
    command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
               "--server.headless", "true" if headless else "false", "--browser.gatherUsageStats", "false",
               "--server.maxUploadSize", str(max(1, math.ceil(obj.settings.max_upload_mb)))]
    raise SystemExit(run_forwarding_signals(command))


def run_forwarding_signals(command: list[str]) -> int:
    """Run `command` and pass SIGTERM, SIGINT and SIGHUP on to it, so stopping `studio serve` (`kill PID`, a
    service manager, Ctrl-C) stops Streamlit too and no server is left holding the port; its exit code."""
    import signal

    child = subprocess.Popen(command, env=os.environ.copy())
    forwarded = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    previous = {s: signal.signal(s, lambda signum, _frame: child.send_signal(signum)) for s in forwarded}
    try:
        return child.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def info(obj: _Context, as_json: bool) -> None:
    """Where the data lives, which store and embedder are used, and what the composer is."""
    from studio.status import studio_status

    status = studio_status(obj.settings, obj.kb)
    if as_json:
        click.echo(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        for key, value in status.items():
            click.echo(f"{key:>14}: {value}")


from studio.cli_knowledge import register as register_knowledge; register_knowledge(cli)  # noqa: E402,E702
from studio.cli_workflow import register; register(cli)  # noqa: E402,E702 - workflow commands (issue 7)
from studio.cli_workshop import register as register_workshop; register_workshop(cli)  # noqa: E402,E702 - issue 9


if __name__ == "__main__":
    main()
