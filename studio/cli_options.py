"""Click options shared by the commands that draft (`studio draft`, `studio items create`)."""

from __future__ import annotations

import click

from studio.drafting.formats import AUDIENCES, LENGTHS, TONES
from studio.drafting.registry import NAMES


def draft_request_options(command):
    """--format, --topic, --lang, --audience, --tone, --length, --questions, -k and --variant: a `DraftRequest`."""
    options = [
        click.option("--format", "fmt", required=True, type=click.Choice(NAMES),
                     help="What to write."),
        click.option("--topic", required=True, help="Topic or resolution, used to retrieve the sources."),
        click.option("--lang", "lang", default="vi", show_default=True, type=click.Choice(["vi", "en"])),
        click.option("--audience", default="members", show_default=True, type=click.Choice(list(AUDIENCES))),
        click.option("--tone", default="formal", show_default=True, type=click.Choice(list(TONES))),
        click.option("--length", default="standard", show_default=True, type=click.Choice(list(LENGTHS))),
        click.option("--questions", default=5, show_default=True, type=click.IntRange(1, 20), help="Quiz only."),
        click.option("-k", default=8, show_default=True, type=click.IntRange(1, 20), help="Passages to retrieve."),
        click.option("--variant", default=0, show_default=True, type=click.IntRange(0, 99),
                     help="0 = first draft; 1, 2, … = other passages, order and wording (as “Soạn lại”)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command
