"""The workflow on the command line: `studio users …`, `studio items …`, `studio review …`, `studio audit …`,
`studio export` and `studio verify-bundle`. Thin: each command parses, calls one core function in one
transaction, and prints. `--as NAME` names the acting user; every rule of the core applies to that user.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from studio.cli_options import draft_request_options
from studio.cli_workflow_text import TEXT as _TEXT
from studio.errors import StudioError

ROLE_CHOICE = click.Choice(["officer", "reviewer", "trainer", "librarian", "admin"])


def _t(obj, key: str, **params) -> str:
    return _TEXT.get(obj.lang, _TEXT["en"])[key].format(**params)


def _state(obj, state: str) -> str:
    from studio.workflow.states import STATE_NAMES

    return STATE_NAMES.get(obj.lang, STATE_NAMES["en"])[state]


def _db(obj):
    """The workflow database of the settings, migrated; on first start the admin account is created."""
    if getattr(obj, "_workflow_db", None) is None:
        from studio.workflow.accounts import ensure_admin
        from studio.workflow.db import open_database

        obj._workflow_db = open_database(obj.settings)
        click.get_current_context().call_on_close(obj._workflow_db.dispose)  # no pooled connection outlives a command
        boot = ensure_admin(obj.settings, obj._workflow_db)
        if boot.created:  # set apart by rules, so it stands out of whatever the terminal prints around it
            key = "admin_created_env" if boot.from_environment else "admin_created"
            rule = "═" * 72
            click.echo(f"\n{rule}\n{_t(obj, key, name=boot.name, password=boot.one_time_password)}\n{rule}\n",
                       err=True)
    return obj._workflow_db


def _run(obj, fn, *args, **kwargs):
    """One core function in one write transaction."""
    with _db(obj).transaction() as session:
        return fn(session, *args, **kwargs)


def _read(obj, fn, *args, **kwargs):
    with _db(obj).session() as session:
        return fn(session, *args, **kwargs)


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _as_option(default: str | None = None):
    help_text = "Acting user (must exist, be enabled and hold the role)."
    if default:
        return click.option("--as", "actor", default=default, show_default=True, help=help_text)
    return click.option("--as", "actor", required=True, help=help_text)


def _moved(obj, detail) -> None:
    click.echo(_t(obj, "moved", id=detail.id, version=detail.current_version, state=_state(obj, detail.state)))


# --- users ---------------------------------------------------------------------------------------------------

@click.group()
def users() -> None:
    """Accounts and roles (officer, reviewer, trainer, admin); acts as `admin` unless --as says otherwise."""


def _password_from_stdin() -> str:
    return sys.stdin.readline().rstrip("\r\n")


@users.command("add")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, type=ROLE_CHOICE, help="Repeatable.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@_as_option("admin")
@click.pass_obj
def users_add(obj, name, roles, password_stdin, actor) -> None:
    """Add an account; without --password-stdin a one-time password is printed (must be changed at login)."""
    from studio.workflow.accounts import add_user

    password = _password_from_stdin() if password_stdin else None
    account = _run(obj, add_user, actor, name, roles, password)
    click.echo(_t(obj, "user_added", name=name, roles=", ".join(account.user.roles)))
    if account.one_time_password:
        click.echo(_t(obj, "one_time", name=name, password=account.one_time_password))


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def users_list(obj, as_json) -> None:
    """Accounts with their roles and status."""
    from studio.workflow.accounts import list_users

    rows = _read(obj, list_users)
    if as_json:
        _echo_json([u.to_dict() for u in rows])
        return
    for u in rows:
        flags = [f for f, on in (("disabled", not u.enabled), ("must-change-password", u.must_change_password),
                                 (f"locked until {u.locked_until}", u.locked_until)) if on]
        click.echo(f"{u.name:20s} {', '.join(u.roles):30s} {' '.join(flags)}".rstrip())
    if not rows:
        click.echo(_t(obj, "no_users"))


@users.command("disable")
@click.argument("name")
@_as_option("admin")
@click.pass_obj
def users_disable(obj, name, actor) -> None:
    """Disable an account: it can neither log in nor act."""
    from studio.workflow.accounts import disable_user

    _run(obj, disable_user, actor, name)
    click.echo(_t(obj, "user_disabled", name=name))


@users.command("enable")
@click.argument("name")
@_as_option("admin")
@click.pass_obj
def users_enable(obj, name, actor) -> None:
    """Enable a disabled account again (also lifts a login lock)."""
    from studio.workflow.accounts import enable_user

    _run(obj, enable_user, actor, name)
    click.echo(_t(obj, "user_enabled", name=name))


@users.command("unlock")
@click.argument("name")
@_as_option("admin")
@click.pass_obj
def users_unlock(obj, name, actor) -> None:
    """Lift a login lock (after too many wrong passwords) before it runs out."""
    from studio.workflow.accounts import unlock_user

    info = _run(obj, unlock_user, actor, name)
    click.echo(_t(obj, "user_unlocked", name=info.name))


@users.command("set-roles")
@click.argument("name")
@click.option("--role", "roles", multiple=True, required=True, type=ROLE_CHOICE, help="Repeatable.")
@_as_option("admin")
@click.pass_obj
def users_set_roles(obj, name, roles, actor) -> None:
    """Replace an account's roles."""
    from studio.workflow.accounts import set_roles

    info = _run(obj, set_roles, actor, name, roles)
    click.echo(_t(obj, "roles_set", name=name, roles=", ".join(info.roles)))


@users.command("reset-password")
@click.argument("name")
@_as_option("admin")
@click.pass_obj
def users_reset_password(obj, name, actor) -> None:
    """Print a new one-time password for an account (must be changed at next login; lifts a lock)."""
    from studio.workflow.accounts import reset_password

    account = _run(obj, reset_password, actor, name)
    click.echo(_t(obj, "one_time", name=name, password=account.one_time_password))


@users.command("change-password")
@click.argument("name")
@click.pass_obj
def users_change_password(obj, name) -> None:
    """Change your own password: the old one, then the new one, one per line on stdin (or prompted)."""
    from studio.workflow.accounts import change_password

    if sys.stdin.isatty():
        old = click.prompt("Old password", hide_input=True)
        new = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    else:
        old, new = _password_from_stdin(), _password_from_stdin()
    _run(obj, change_password, name, old, new)
    click.echo(_t(obj, "password_changed", name=name))


# --- items ---------------------------------------------------------------------------------------------------

@click.group("items")
def items_group() -> None:
    """Content items: create from a draft, edit, check, submit, publish, list, show, comment."""


@items_group.command("create")
@_as_option()
@draft_request_options
@click.option("--json", "as_json", is_flag=True, help="Print the new item (with its `id`) as JSON.")
@click.pass_obj
def items_create(obj, actor, fmt, topic, lang, audience, tone, length, questions, k, variant, as_json) -> None:
    """Draft a text (like `studio draft`) and store it as version 1 of a new item, authored by --as."""
    from studio.drafting.llm import make_model
    from studio.drafting.models import make_request
    from studio.drafting.service import draft as write_draft
    from studio.style.store import current_style
    from studio.workflow.accounts import require_user
    from studio.workflow.items import create_item

    _read(obj, require_user, actor, "officer")  # fail fast, before the drafting work
    request = make_request(format=fmt, topic=topic, lang=lang, audience=audience, tone=tone, length=length,
                           questions=questions, k=k, variant=variant)
    result = write_draft(obj.kb, request, obj.prompts, make_model(obj.settings, obj.door), message_lang=obj.lang,
                         gate=obj.gate, style=current_style(obj.settings))
    detail = _run(obj, create_item, actor, result)
    if as_json:
        _echo_json({**detail.to_dict(), "notices": result.notices})
        return
    for notice in result.notices:
        click.echo(f"ℹ {notice}", err=True)
    click.echo(_t(obj, "created", id=detail.id, format=fmt, version=detail.current_version,
                  state=_state(obj, detail.state), composer=result.composer))


def _content_from_file(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise StudioError("bad_encoding", name=path.name) from None
    except json.JSONDecodeError as exc:
        raise StudioError("edit_file_invalid", name=path.name, detail=f"JSON line {exc.lineno}: {exc.msg}") from None
    if isinstance(data, dict) and isinstance(data.get("version"), dict) and "content" in data["version"]:
        data = data["version"]["content"]  # the whole `items show --json` output
    if not isinstance(data, dict):
        raise StudioError("edit_file_invalid", name=path.name, detail="not a JSON object")
    return data


@items_group.command("edit")
@click.argument("item_id", type=int)
@_as_option()
@click.option("--file", "file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="JSON object with the format's fields (the `version.content` of `items show --json`).")
@click.option("--expected-version", required=True, type=int, help="The version your edit started from.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def items_edit(obj, item_id, actor, file, expected_version, as_json) -> None:
    """Save a new version (author only); refused when someone saved a newer version since --expected-version."""
    from studio.workflow.items import edit_item

    detail = _run(obj, edit_item, actor, item_id, _content_from_file(file), expected_version)
    if as_json:
        _echo_json(detail.to_dict())
    else:
        click.echo(_t(obj, "saved", id=detail.id, version=detail.current_version, state=_state(obj, detail.state)))


@items_group.command("attach")
@click.argument("item_id", type=int)
@_as_option()
@click.option("--file", "files", multiple=True, required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), help="PNG, MP4, SRT, VTT or PDF.")
@click.option("--alt", "alts", multiple=True, help="Alt text of each --file, in order (needed for PNG/MP4/PDF).")
@click.option("--expected-version", required=True, type=int)
@click.pass_obj
def items_attach(obj, item_id, actor, files, alts, expected_version) -> None:
    """Store media files by hash and save a new version that refers to them."""
    from studio.workflow.items import attach_media
    from studio.workflow.media import MediaStore

    store = MediaStore(obj.settings.media_dir)
    refs = [store.add(path, alts[i] if i < len(alts) else "") for i, path in enumerate(files)]
    detail = _run(obj, attach_media, actor, item_id, refs, expected_version)
    click.echo(_t(obj, "saved", id=detail.id, version=detail.current_version, state=_state(obj, detail.state)))


@items_group.command("check")
@click.argument("item_id", type=int)
@click.option("--as", "actor", default=None, help="Who runs the check (recorded in the audit trail).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def items_check(obj, item_id, actor, as_json) -> None:
    """Safety gate on the current version's exact text (as before publishing); exit 1 when something blocks."""
    from studio.workflow.items import check_item, get_item

    report = _run(obj, check_item, item_id, obj.gate, actor)
    if as_json:
        _echo_json(report)
    else:
        accepted = {a["index"] for a in report["accepted"]}
        for i, f in enumerate(report["findings"]):
            mark = " ✓" if i in accepted else ""
            click.echo(f"[{i}] {f['severity']:5s} {f['type']:20s} “{f['text']}”{mark}")
        version = _read(obj, get_item, item_id).current_version
        click.echo(_t(obj, "verdict", id=item_id, version=version, verdict=report["verdict"],
                      n=len(report["findings"])))
    sys.exit(1 if report["verdict"] == "block" else 0)


@items_group.command("accept-warning")
@click.argument("item_id", type=int)
@click.argument("index", type=int)
@_as_option()
@click.option("--reason", required=True, help="Why publishing with this warning is right.")
@click.pass_obj
def items_accept_warning(obj, item_id, index, actor, reason) -> None:
    """Accept warning INDEX (see `items check`) of the current version with a reason; blocks can't be accepted."""
    from studio.workflow.items import accept_safety_warning

    report = _run(obj, accept_safety_warning, actor, item_id, index, reason)
    click.echo(_t(obj, "accepted", index=index, verdict=report["verdict"]))


@items_group.command("submit")
@click.argument("item_id", type=int)
@_as_option()
@click.pass_obj
def items_submit(obj, item_id, actor) -> None:
    """Send the current version to review (author only; needs a passing check of this exact text)."""
    from studio.workflow.review import submit_item

    _moved(obj, _run(obj, submit_item, actor, item_id))


@items_group.command("publish")
@click.argument("item_id", type=int)
@_as_option()
@click.pass_obj
def items_publish(obj, item_id, actor) -> None:
    """Publish the approved current version."""
    from studio.workflow.review import publish_item

    _moved(obj, _run(obj, publish_item, actor, item_id))


@items_group.command("withdraw")
@click.argument("item_id", type=int)
@_as_option()
@click.option("--reason", default=None)
@click.pass_obj
def items_withdraw(obj, item_id, actor, reason) -> None:
    """Withdraw an item for good (its author, a reviewer or an admin)."""
    from studio.workflow.review import withdraw_item

    _moved(obj, _run(obj, withdraw_item, actor, item_id, reason))


@items_group.command("list")
@click.option("--state", type=click.Choice(["draft", "in_review", "changes_requested", "approved", "published",
                                            "withdrawn"]))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def items_list(obj, state, as_json) -> None:
    """Items with their state, current version and author."""
    from dataclasses import asdict

    from studio.workflow.items import list_items

    rows = _read(obj, list_items, state)
    if as_json:
        _echo_json([asdict(r) for r in rows])
        return
    for r in rows:
        click.echo(f"#{r.id:<4} {r.state:18s} v{r.current_version:<3} {r.format:17s} {r.author:12s} {r.title}")
    if not rows:
        click.echo(_t(obj, "no_items"))


@items_group.command("show")
@click.argument("item_id", type=int)
@click.option("--version", type=int, default=None, help="An older version (default: the current one).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def items_show(obj, item_id, version, as_json) -> None:
    """An item: its text, state, versions, review decisions and comments."""
    from studio.workflow.items import get_item

    d = _read(obj, get_item, item_id, version)
    if as_json:
        _echo_json(d.to_dict())
        return
    v = d.version
    click.echo(f"#{d.id} {d.title}\n{d.format} · {d.lang} · {d.author} · {_state(obj, d.state)} · "
               f"v{v.number}/{d.current_version} · {v.composer} · {v.model} · {v.prompt_id} v{v.prompt_version} · "
               f"safety: {v.verdict or '—'}\n")
    click.echo(v.text)
    for h in d.history:
        click.echo(f"  v{h['number']} {h['created_at']} {h['created_by']} {h['text_hash'][:12]} {h['verdict'] or '—'}")
    if d.reviews:
        click.echo(_t(obj, "reviews"))
        for r in d.reviews:
            click.echo(f"  v{r.version} {r.created_at} {r.reviewer}: {r.decision}{' — ' + r.comment if r.comment else ''}")
    if d.comments:
        click.echo(_t(obj, "comments"))
        for c in d.comments:
            where = ""
            if c.quote:
                where = f" “{c.quote}”" + ("" if c.current_start is not None else f" ({_t(obj, 'gone')})")
            click.echo(f"  #{c.id} v{c.version} {c.author}{where}: {c.body}")


@items_group.command("comment")
@click.argument("item_id", type=int)
@_as_option()
@click.option("--text", "body", required=True, help="The comment.")
@click.option("--version", type=int, default=None, help="Default: the current version.")
@click.option("--start", type=int, default=None, help="Start of the commented span in the version's text.")
@click.option("--end", type=int, default=None, help="End of the span (exclusive).")
@click.pass_obj
def items_comment(obj, item_id, actor, body, version, start, end) -> None:
    """Comment on a version, optionally on a span of its text; comments stay with the item across versions."""
    from studio.workflow.review import add_comment

    c = _run(obj, add_comment, actor, item_id, body, version, start, end)
    click.echo(_t(obj, "commented", id=c.id, version=c.version, item=item_id))


# --- review --------------------------------------------------------------------------------------------------

@click.group("review")
def review_group() -> None:
    """Decisions of a second person (four eyes): approve or request changes."""


@review_group.command("approve")
@click.argument("item_id", type=int)
@_as_option()
@click.option("--comment", default=None)
@click.pass_obj
def review_approve(obj, item_id, actor, comment) -> None:
    """Approve the current version (a reviewer who wrote no version of the item)."""
    from studio.workflow.review import approve_item

    _moved(obj, _run(obj, approve_item, actor, item_id, comment))


@review_group.command("request-changes")
@click.argument("item_id", type=int)
@_as_option()
@click.option("--comment", default=None)
@click.pass_obj
def review_request_changes(obj, item_id, actor, comment) -> None:
    """Send the item back to its author, with a comment."""
    from studio.workflow.review import request_changes

    _moved(obj, _run(obj, request_changes, actor, item_id, comment))


# --- audit ---------------------------------------------------------------------------------------------------

@click.group("audit")
def audit_group() -> None:
    """The hash-chained audit trail."""


@audit_group.command("verify")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def audit_verify(obj, as_json) -> None:
    """Recompute the chain: OK, or the first broken link (exit 1)."""
    from studio.workflow.audit import verify

    result = _read(obj, verify)
    if as_json:
        _echo_json(result.to_dict())
    else:
        click.echo(result.message(obj.lang))
    sys.exit(0 if result.ok else 1)


@audit_group.command("list")
@click.option("--item", "item_id", type=int, default=None, help="Only this item's events.")
@click.option("--limit", type=int, default=None, help="Only the newest N events.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def audit_list(obj, item_id, limit, as_json) -> None:
    """Events, oldest first: time, actor, action, item and version, details."""
    from studio.workflow.audit import list_events

    events = _read(obj, list_events, item_id, limit)
    if as_json:
        _echo_json([e.to_dict() for e in events])
        return
    for e in events:
        item = f"#{e.item_id} v{e.version}" if e.item_id is not None else ""
        details = json.dumps(e.data, ensure_ascii=False, separators=(",", ":"))
        click.echo(f"{e.seq:>5} {e.at[:19]} {e.actor or '—':12s} {e.action:20s} {item:10s} {details}")
    if not events:
        click.echo(_t(obj, "no_events"))


# --- export --------------------------------------------------------------------------------------------------

def _build_bundle(source, out_path: Path):
    """Hand the workflow's export data to the publish package (which the workflow itself may not import)."""
    from studio.publish.from_workflow import build_item_bundle

    return build_item_bundle(source, out_path)


@click.command("export")
@click.argument("item_id", type=int)
@click.option("-o", "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The bundle .zip to write.")
@_as_option("admin")
@click.pass_obj
def export(obj, item_id, out, actor) -> None:
    """Write the approved version of an item as a bundle (DOCX, HTML, Markdown, media, provenance.json)."""
    from studio.workflow.export import export_item
    from studio.workflow.media import MediaStore

    result = export_item(_db(obj), actor, item_id, out, MediaStore(obj.settings.media_dir), _build_bundle)
    item = result.provenance["item"]
    click.echo(_t(obj, "exported", id=item["id"], version=item["version"], path=out, n=len(result.files)))


@click.command("verify-bundle")
@click.argument("bundle", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def verify_bundle_command(obj, bundle, as_json) -> None:
    """Check every file's SHA-256 against provenance.json and the AI label; exit 1 when something is wrong."""
    from studio.publish.bundle import verify_bundle

    report = verify_bundle(bundle)
    if as_json:
        _echo_json({"ok": report.ok, "problems": report.problems, "codes": report.codes,
                    "provenance": report.provenance})
    elif report.ok:
        p = report.provenance
        click.echo(_t(obj, "bundle_ok", n=len(p["files"]), id=p["item"]["id"], version=p["item"]["version"],
                      reviewer=p["reviewer"]))
    else:
        click.echo(_t(obj, "bundle_bad", n=len(report.problems)))
        for problem in report.problems:
            click.echo(f"  ✗ {problem}")
    sys.exit(0 if report.ok else 1)


def register(cli: click.Group) -> None:
    """Add the workflow commands to the `studio` group."""
    for command in (users, items_group, review_group, audit_group, export, verify_bundle_command):
        cli.add_command(command)
