"""The docs say what the code does: the command reference against every command's --help,
and the README's links and length."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "cli.md"


def _sections(text: str) -> dict[str, str]:
    """`## kg NAME` sections of the reference, by command name."""
    parts = re.split(r"^## kg (\S+)\s*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _options(command: click.Command, path: tuple[str, ...] = ()) -> list[str]:
    """Every option a command's --help lists (a group's: its subcommands' too, and their
    names as `kg group sub`), but --help itself."""
    path = (*path, command.name)
    help_text = CliRunner().invoke(cli, [*path, "--help"]).output
    names = [
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in (*param.opts, *param.secondary_opts)
    ]
    assert all(name in help_text for name in names)
    for sub in getattr(command, "commands", {}).values():
        names += [f"kg {' '.join((*path, sub.name))}", *_options(sub, path)]
    return list(dict.fromkeys(names))


def test_every_command_has_a_section_in_the_reference():
    sections = _sections(REFERENCE.read_text())
    assert sorted(sections) == sorted(cli.commands), (
        f"docs/cli.md and the commands differ: {sorted(set(cli.commands) ^ set(sections))}"
    )


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_option_of_a_command_is_named_in_its_section(name):
    text = REFERENCE.read_text()
    # Options most commands share (--build, --json) are described once, above the sections.
    shared = text.split("\n## kg ", 1)[0]
    section = _sections(text).get(name, "")
    missing = [opt for opt in _options(cli.commands[name]) if f"`{opt}" not in section + shared]
    assert not missing, f"docs/cli.md, kg {name}: {missing} not described"


def test_the_readme_is_a_short_guide_whose_links_lead_somewhere():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) <= 200
    for target in re.findall(r"\]\(((?!https?:|#)[^)]+)\)", readme):
        assert (ROOT / target.split("#")[0]).exists(), target
