"""Allowed hosts: the API answers loopback Host headers only, plus the names --allow-host adds,
so a page on another site cannot read it through DNS rebinding."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from graph.api import create_app
from graph.api.guards import HostNameError, allowed_hosts, host_name, is_loopback
from graph.api.limits import LOOPBACK_HOSTS
from graph.cli import cli

PATHS = ["/health", "/search?q=queue", "/nodes/SQS", "/docs", "/openapi.json"]


@pytest.fixture(scope="module")
def app(sample_build):
    return create_app(sample_build, warm=False, allowed_hosts=[*LOOPBACK_HOSTS, "studybox.local"])


@pytest.mark.parametrize(
    "base", ["http://rebind.attacker.example", "http://evil.studybox.local", "http://10.0.0.5"]
)
def test_a_foreign_host_header_is_refused_on_every_path(app, base):
    with TestClient(app, base_url=base) as client:
        for path in PATHS:
            r = client.get(path)
            assert r.status_code == 400, path
            assert "studykg" not in r.text and "SQS" not in r.text


@pytest.mark.parametrize(
    "base",
    ["http://localhost:8000", "http://127.0.0.1", "http://[::1]:8000", "http://StudyBox.local"],
)
def test_loopback_names_and_allowed_names_are_answered_on_any_port(app, base):
    with TestClient(app, base_url=base) as client:
        assert client.get("/health").status_code == 200


def test_only_loopback_names_are_allowed_by_default(sample_build):
    with TestClient(create_app(sample_build, warm=False), base_url="http://studybox.local") as c:
        assert c.get("/health").status_code == 400


@pytest.mark.parametrize(
    ("given", "taken"),
    [("StudyBox.Local", "studybox.local"), ("::1", "[::1]"), ("[::1]", "[::1]"),
     ("10.0.0.5", "10.0.0.5"), ("*.example.com", "*.example.com"), ("*", "*")],
)  # fmt: skip
def test_allowed_names_are_written_as_host_headers_carry_them(given, taken):
    assert host_name(given) == taken


@pytest.mark.parametrize("bad", ["studybox.local:8000", "http://x", "", "a b", "a*b", "*x.com"])
def test_names_no_host_header_could_carry_are_refused(bad):
    with pytest.raises(HostNameError):
        host_name(bad)


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ["127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost"])
    assert not any(is_loopback(h) for h in ["0.0.0.0", "::", "192.168.1.4", "studybox.local"])


def test_a_bad_allow_host_is_one_line_and_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--allow-host", "x:80", "--build", tmp_path])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "--allow-host" in result.stderr


def test_binding_beyond_loopback_prints_a_one_line_warning(tmp_path):
    # No build there: serve stops after the warning, before it binds anything.
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--build", tmp_path / "none"])
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("warning: 0.0.0.0 is not a loopback address")
    assert lines[1].startswith("error: no build at") and result.exit_code == 2
    quiet = CliRunner().invoke(cli, ["serve", "--build", tmp_path / "none"])
    assert "warning" not in quiet.stderr


def test_a_specific_bound_address_is_answered_a_wildcard_is_not():
    assert allowed_hosts("192.168.1.4", ["StudyBox.local"]) == (
        *LOOPBACK_HOSTS,
        "studybox.local",
        "192.168.1.4",
    )
    assert allowed_hosts("0.0.0.0") == allowed_hosts("::") == LOOPBACK_HOSTS
    assert allowed_hosts("127.0.0.1") == LOOPBACK_HOSTS
