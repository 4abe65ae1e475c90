"""`kg app` and `make run`: where the app listens, and the settings it starts Streamlit with."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import cli as cli_module
from graph.cli import cli, streamlit_command
from graph.limits import MAX_UPLOAD_MB

ROOT = Path(__file__).resolve().parent.parent


def _option(cmd: list[str], name: str) -> str:
    return cmd[cmd.index(name) + 1]


def test_the_app_starts_for_this_computer_only_with_a_students_settings():
    cmd = streamlit_command(Path("data/build"), "127.0.0.1", 8501)
    assert _option(cmd, "--server.address") == "127.0.0.1"
    assert _option(cmd, "--server.port") == "8501"
    # One upload limit: Streamlit refuses what our own check would.
    assert _option(cmd, "--server.maxUploadSize") == str(MAX_UPLOAD_MB)
    # No Deploy button or developer menu, and no traceback in the page.
    assert _option(cmd, "--client.toolbarMode") == "minimal"
    assert _option(cmd, "--client.showErrorDetails") == "none"


@pytest.fixture()
def started(monkeypatch):
    """kg app up to the moment it would become Streamlit: the command it would run."""
    seen: list[list[str]] = []
    monkeypatch.setattr(cli_module.os, "execve", lambda _exe, cmd, _env: seen.append(cmd))
    return seen


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_kg_app_binds_loopback_by_default_and_warns_for_another_address(started):
    port = _free_port()
    result = CliRunner().invoke(cli, ["app", "--port", str(port)])
    assert result.exit_code == 0 and "warning" not in result.output
    assert _option(started[-1], "--server.address") == "127.0.0.1"
    result = CliRunner().invoke(cli, ["app", "--host", "0.0.0.0", "--port", str(port)])
    assert result.exit_code == 0
    assert "warning: listening on 0.0.0.0: anyone who can reach this machine" in result.output
    assert _option(started[-1], "--server.address") == "0.0.0.0"


def test_a_busy_port_is_one_line_naming_another(started):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["app", "--port", str(port)])
    assert result.exit_code == 2 and not started
    assert result.output.strip() == (
        f"error: port {port} is in use; choose another with --port (`make run PORT=8502`)"
    )


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_run_passes_port_and_host():
    out = subprocess.run(
        ["make", "-n", "-W", "pyproject.toml", "run", "PORT=8765", "HOST=0.0.0.0"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "kg app --build data/build --host 0.0.0.0 --port 8765" in out
    default = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True)
    assert "--host 127.0.0.1 --port 8501" in default.stdout
