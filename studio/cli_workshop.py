"""The workshop on the command line: `studio workshop create|list|open|close|reveal|results|qr|certificates`.

Thin, like the workflow commands: parse, call one core function of `studio.workshop` in one transaction, print.
`--as NAME` names the acting user (create: a trainer; the others: the session's trainer or an admin, `admin` by
default like the account commands).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

_TEXT = {
    "vi": {
        "created": "Đã tạo buổi thực hành “{title}” ({n} bài tập, {minutes} phút, tài liệu: {source}).\nMã tham gia: {code}\nĐường dẫn: {url}",
        "state": "Buổi {code} “{title}”: {state}{revealed}.",
        "open": "đang mở", "closed": "đã đóng", "revealed": ", đã công bố đáp án",
        "no_sessions": "Chưa có buổi thực hành nào.",
        "no_participants": "Chưa có học viên nào tham gia.",
        "qr_written": "Đã ghi mã QR của {url} vào {path}.",
        "certs_written": "Đã ghi {n} giấy chứng nhận vào {path}.",
        "xlsx_written": "Đã ghi bảng kết quả XLSX vào {path}.",
        "missed": "Rủi ro bị bỏ sót nhiều nhất:",
    },
    "en": {
        "created": "Created the workshop session “{title}” ({n} exercises, {minutes} minutes, material: {source}).\nJoin code: {code}\nLink: {url}",
        "state": "Session {code} “{title}”: {state}{revealed}.",
        "open": "open", "closed": "closed", "revealed": ", answers revealed",
        "no_sessions": "There are no workshop sessions yet.",
        "no_participants": "Nobody has joined yet.",
        "qr_written": "Wrote the QR code of {url} to {path}.",
        "certs_written": "Wrote {n} certificates to {path}.",
        "xlsx_written": "Wrote the XLSX results to {path}.",
        "missed": "Most-missed risks:",
    },
}
EXERCISES_HELP = "Comma-separated: write-with-ai, spot-the-risk, check-the-facts, quiz (a kind may repeat)."


def _t(obj, key: str, **params) -> str:
    return _TEXT.get(obj.lang, _TEXT["en"])[key].format(**params)


def _db(obj):
    from studio.cli_workflow import _db as workflow_db

    return workflow_db(obj)


def _echo_json(data) -> None:
    from studio.cli_workflow import _echo_json as echo

    echo(data)


def _manager_option():
    return click.option("--as", "actor", default="admin", show_default=True,
                        help="Acting user: the session's trainer or an admin.")


def _state_line(obj, info) -> str:
    return _t(obj, "state", code=info.code, title=info.title, state=_t(obj, info.state),
              revealed=_t(obj, "revealed") if info.revealed else "")


@click.group("workshop")
def workshop_group() -> None:
    """Practice AI workshops: sessions with join codes, scored exercises, results and certificates."""


@workshop_group.command("create")
@click.option("--as", "actor", required=True, help="Acting trainer (must hold the trainer role).")
@click.option("--title", required=True)
@click.option("--exercises", required=True, help=EXERCISES_HELP)
@click.option("--lang", default=None, type=click.Choice(["vi", "en"]), help="Language of the material (default: STUDIO_LANG).")
@click.option("--minutes", default=45, show_default=True, type=click.IntRange(1, 600), help="Time limit.")
@click.option("--material", "source", default="bank", show_default=True, type=click.Choice(["bank", "knowledge"]),
              help="The shipped exercise bank, or material generated from the knowledge base.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 2), default=None, help="Seed of the material (default: random).")
@click.option("--base-url", default=None, help="Address of the app, for the join link (default http://localhost:8501).")
@click.option("--json", "as_json", is_flag=True, help="Print the session (with its `code`) as JSON.")
@click.pass_obj
def workshop_create(obj, actor, title, exercises, lang, minutes, source, seed, base_url, as_json) -> None:
    """Create a session (open at once) and print its join code."""
    from studio.workflow.accounts import require_user
    from studio.workshop import material, sessions
    from studio.workshop.qr import join_url

    db = _db(obj)
    db.read(require_user, actor, "trainer")  # fail fast, before building the material
    kinds = material.parse_kinds(exercises)
    lang = lang or obj.lang
    seed = sessions.new_seed() if seed is None else seed
    specs = material.build_exercises(kinds, lang, seed, source, gate=obj.gate,
                                     kb=obj.kb if source == "knowledge" else None,
                                     prompts=obj.prompts if source == "knowledge" else None)
    info = db.run(sessions.create_session, actor, title, specs, lang=lang, minutes=minutes, seed=seed, source=source)
    url = join_url(info.code, base_url)
    if as_json:
        _echo_json({**info.to_dict(), "join_url": url})
        return
    click.echo(_t(obj, "created", title=info.title, n=len(specs), minutes=minutes, source=source, code=info.code,
                  url=url))


@workshop_group.command("list")
@_manager_option()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def workshop_list(obj, actor, as_json) -> None:
    """The sessions the user may manage, newest first."""
    from studio.workshop.sessions import list_sessions

    found = _db(obj).read(list_sessions, actor)
    if as_json:
        _echo_json([s.to_dict() for s in found])
    elif not found:
        click.echo(_t(obj, "no_sessions"))
    for s in [] if as_json else found:
        click.echo(f"{s.code}  {s.created_at[:16]}  {s.state:6s}{' ✓' if s.revealed else '  '}  "
                   f"{','.join(s.exercises)}  {s.title}")


def _transition(name: str, doc: str):
    @workshop_group.command(name, help=doc)
    @click.argument("code")
    @_manager_option()
    @click.pass_obj
    def command(obj, code, actor) -> None:
        from studio.workshop import sessions

        fn = {"open": sessions.open_session, "close": sessions.close_session, "reveal": sessions.reveal_answers}[name]
        click.echo(_state_line(obj, _db(obj).run(fn, actor, code)))

    return command


_transition("open", "Open a closed session again (its time limit starts anew); not after the reveal.")
_transition("close", "Close a session: nobody joins or submits any more.")
_transition("reveal", "Reveal the answers to every participant (closes the session).")


@workshop_group.command("results")
@click.argument("code")
@_manager_option()
@click.option("--json", "as_json", is_flag=True, help="The whole dashboard as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="The results table as CSV.")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the results as an XLSX workbook.")
@click.pass_obj
def workshop_results(obj, code, actor, as_json, as_csv, xlsx_path) -> None:
    """Participants, scores per exercise, totals and the most-missed risks."""
    from studio.workshop import results
    from studio.workshop.scoring import RISK_NAMES

    board = _db(obj).read(results.dashboard, actor, code)
    if xlsx_path:
        xlsx_path.write_bytes(results.results_xlsx(board, obj.lang))
        click.echo(_t(obj, "xlsx_written", path=xlsx_path), err=True)
    if as_json:
        _echo_json(board.to_dict())
        return
    if as_csv:
        sys.stdout.write(results.results_csv(board, obj.lang))
        return
    click.echo(_state_line(obj, board.session))
    header, rows = results.results_table(board, obj.lang)
    if not rows:
        click.echo(_t(obj, "no_participants"))
    else:
        click.echo(" | ".join(header))
        for row in rows:
            click.echo(" | ".join("—" if v is None else str(v) for v in row))
    if board.most_missed:
        click.echo(_t(obj, "missed"))
        names = RISK_NAMES.get(obj.lang, RISK_NAMES["en"])
        for m in board.most_missed:
            click.echo(f"  {m.missed}/{m.submissions}  {names.get(m.type, m.type)}: “{m.text}”")


@workshop_group.command("qr")
@click.argument("code")
@click.option("-o", "--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--base-url", default=None, help="Address of the app (default http://localhost:8501).")
@click.pass_obj
def workshop_qr(obj, code, out, base_url) -> None:
    """A PNG QR code of the join link, for the projector."""
    from studio.workshop.qr import join_url, qr_png
    from studio.workshop.sessions import session_summary

    info = _db(obj).read(session_summary, code)
    url = join_url(info.code, base_url)
    out.write_bytes(qr_png(url))
    click.echo(_t(obj, "qr_written", url=url, path=out))


@workshop_group.command("certificates")
@click.argument("code")
@click.option("-o", "--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@_manager_option()
@click.pass_obj
def workshop_certificates(obj, code, out, actor) -> None:
    """One certificate PNG per participant (name, session, date, score) in the brand kit."""
    from studio.workshop import results
    from studio.workshop.certificate import brand_for, session_certificates

    board = _db(obj).read(results.dashboard, actor, code)
    files = session_certificates(board, brand_for(obj.settings, board.session.lang))
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (out / name).write_bytes(data)
    click.echo(_t(obj, "certs_written", n=len(files), path=out))


def register(cli: click.Group) -> None:
    """Add `studio workshop …` to the `studio` group."""
    cli.add_command(workshop_group)
