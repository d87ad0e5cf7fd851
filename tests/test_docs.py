"""Docs that can't drift: every setting and every CLI command is in the README."""

from __future__ import annotations

import re

import click

from studio.cli import cli
from studio.config import PROJECT_ROOT, Settings

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented():
    missing = [f"STUDIO_{name.upper()}" for name in Settings.model_fields if f"`STUDIO_{name.upper()}`" not in README]
    assert missing == []


def test_every_cli_command_is_documented():
    names = []
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            names += [f"studio {name} {sub}" for sub in command.commands]
        else:
            names.append(f"studio {name}")
    assert [n for n in names if n not in README] == []


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_the_test_one():
    block = re.search(r"```bash\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]
    assert commands == ["make run", "make test"]
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()
