"""A damaged build is named in one line with what to do, exit 2, in every command."""

import json
import shutil

import pytest
from click.testing import CliRunner

from graph.cli import cli


def _rewrite(path, text):
    path.write_text(text)


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _manifest(build, change):
    path = build / "manifest.json"
    manifest = json.loads(path.read_text())
    path.write_text(json.dumps(change(manifest)))


def _unrecorded(build):
    """As a kg from before file sizes were recorded wrote it: only the counts can tell."""
    _manifest(build, lambda m: {k: v for k, v in m.items() if k != "files"})


DAMAGE = {
    "empty chunks": (lambda b: _rewrite(b / "chunks.jsonl", ""), "chunks.jsonl"),
    "truncated chunks": (lambda b: _truncate(b / "chunks.jsonl"), "chunks.jsonl"),
    "empty index": (lambda b: _rewrite(b / "index.faiss", ""), "index.faiss"),
    "truncated index": (lambda b: _truncate(b / "index.faiss"), "index.faiss"),
    "garbled graph": (lambda b: _rewrite(b / "graph.json", "{" * 10), "graph.json"),
    "missing graph": (lambda b: (b / "graph.json").unlink(), "graph.json"),
    "manifest a list": (lambda b: _rewrite(b / "manifest.json", "[1, 2]"), "manifest.json"),
    "manifest not json": (lambda b: _rewrite(b / "manifest.json", "{oops"), "manifest.json"),
    "unknown model": (
        lambda b: _manifest(b, lambda m: {**m, "model": {"name": "no-such-model", "dim": 384}}),
        "no-such-model",
    ),
    "old build, empty chunks": (
        lambda b: (_unrecorded(b), _rewrite(b / "chunks.jsonl", "")),
        "chunks.jsonl",
    ),
    "old build, truncated index": (
        lambda b: (_unrecorded(b), _truncate(b / "index.faiss")),
        "index.faiss",
    ),
}


@pytest.fixture()
def damaged(tmp_path, sample_build):
    def _damaged(kind):
        copy = tmp_path / "build"
        shutil.copytree(sample_build, copy)
        DAMAGE[kind][0](copy)
        return copy

    return _damaged


@pytest.mark.parametrize("kind", DAMAGE)
@pytest.mark.parametrize("command", [["search", "visibility timeout"], ["stats"], ["verify"]])
def test_every_damage_is_one_line_naming_the_file(damaged, kind, command):
    build = damaged(kind)
    result = CliRunner().invoke(cli, [*command, "--build", str(build)], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    if command != ["verify"]:
        assert len(lines) == 1, result.output
    assert DAMAGE[kind][1] in lines[0] and "kg ingest" in lines[0]


def test_verify_finds_a_changed_file_that_loading_lets_through(damaged, sample_build):
    build = damaged("empty chunks")
    shutil.copy(sample_build / "chunks.jsonl", build / "chunks.jsonl")
    text = (build / "chunks.jsonl").read_text()
    (build / "chunks.jsonl").write_text(text.replace("queue", "QUEUE", 1))  # same size
    run = CliRunner().invoke
    assert run(cli, ["stats", "--build", str(build)]).exit_code == 0
    result = run(cli, ["verify", "--build", str(build)])
    assert result.exit_code == 2 and "chunks.jsonl was changed" in result.output


def test_verify_passes_a_whole_build(sample_build):
    result = CliRunner().invoke(cli, ["verify", "--build", str(sample_build)])
    assert result.exit_code == 0 and "every file matches" in result.output
