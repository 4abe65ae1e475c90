"""The probes of the safety review, run against a checkout: held or broke, one line each.

Usage: python bench/safety_probes.py [--repo DIR]   (DIR: a checkout of this project, e.g. an
older commit in a git worktree; its code runs on this venv's Python through PYTHONPATH).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
NOTES = HERE / "data" / "sample-notes"


def kg(
    repo: Path, *args: str, cwd: Path | None = None, prelude: str = ""
) -> subprocess.CompletedProcess:
    argv = ["kg", *args]
    code = f"{prelude}\nimport sys; from graph.cli import main; sys.argv = {argv!r}; main()"
    env = dict(os.environ, PYTHONPATH=str(repo))
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd or repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def one_line_exit_2(result: subprocess.CompletedProcess) -> bool:
    return result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def probe_out_is_the_notes(repo: Path, tmp: Path) -> bool:
    notes = tmp / "victim" / "notes"
    shutil.copytree(NOTES, notes)
    (notes / "thesis.docx").write_bytes(b"not ours")
    before = sorted(p.name for p in notes.iterdir())
    kg(repo, "ingest", str(notes), "--out", str(notes), "-q")
    return sorted(p.name for p in notes.iterdir()) == before


def probe_out_is_dot(repo: Path, tmp: Path) -> bool:
    work = tmp / "work"
    work.mkdir()
    result = kg(repo, "ingest", str(NOTES), "--out", ".", "-q", cwd=work)
    return one_line_exit_2(result) and not list(work.parent.glob(".*.lock"))


def _build(repo: Path, out: Path) -> None:
    kg(repo, "ingest", str(NOTES / "13-sqs.md"), "--out", str(out), "-q")


def probe_crash_between_renames(repo: Path, tmp: Path) -> bool:
    out = tmp / "build"
    _build(repo, out)
    # The process dies the moment it would rename a finished temporary build into place.
    die = (
        "import os; _r = os.rename\n"
        "def _rename(a, b, *k, **kw):\n"
        "    if '.tmp-' in os.fspath(a): os._exit(9)\n"
        "    return _r(a, b, *k, **kw)\n"
        "os.rename = _rename"
    )
    kg(repo, "ingest", str(NOTES / "14-sns.md"), "--out", str(out), "-q", prelude=die)
    return kg(repo, "stats", "--build", str(out)).returncode == 0


def probe_leftovers_cleaned(repo: Path, tmp: Path) -> bool:
    out = tmp / "build"
    _build(repo, out)
    for name in (".build.tmp-dead", ".build.old-99999"):
        (tmp / name).mkdir()
    _build(repo, out)
    return not [p for p in tmp.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


def _damage(kind: str):
    def probe(repo: Path, tmp: Path) -> bool:
        out = tmp / "build"
        _build(repo, out)
        if kind == "empty chunks.jsonl":
            (out / "chunks.jsonl").write_text("")
        elif kind == "empty index.faiss":
            (out / "index.faiss").write_bytes(b"")
        elif kind == "truncated index.faiss":
            data = (out / "index.faiss").read_bytes()
            (out / "index.faiss").write_bytes(data[: len(data) // 2])
        elif kind == "manifest not an object":
            (out / "manifest.json").write_text("[]")
        elif kind == "unknown model":
            manifest = json.loads((out / "manifest.json").read_text())
            manifest["model"]["name"] = "no-such-model"
            (out / "manifest.json").write_text(json.dumps(manifest))
        result = kg(repo, "search", "dead letter queue", "--build", str(out))
        return one_line_exit_2(result) and "kg ingest" in result.stderr

    return probe


def probe_deep_nesting(repo: Path, tmp: Path) -> bool:
    note = tmp / "deep.md"
    lists = "".join("  " * i + f"- level{i}\n" for i in range(30))
    note.write_text(f"# Deep\n\n{lists}\nThe end of the note.\n")
    out = tmp / "build"
    kg(repo, "ingest", str(note), "--out", str(out), "-q")
    chunks = (out / "chunks.jsonl").read_text()
    return "level29" in chunks and "The end of the note" in chunks


PROBES = {
    "--out given the notes folder keeps the notes": probe_out_is_the_notes,
    "--out . is one line, exit 2, no lock file": probe_out_is_dot,
    "a crash between the swap's renames leaves a build": probe_crash_between_renames,
    "a later ingest removes .tmp-* and .old-* leftovers": probe_leftovers_cleaned,
    **{f"{k}: one line naming what to do, exit 2": _damage(k) for k in (
        "empty chunks.jsonl", "empty index.faiss", "truncated index.faiss",
        "manifest not an object", "unknown model",
    )},
    "a list nested 30 deep is read to its end": probe_deep_nesting,
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=HERE)
    repo = parser.parse_args().repo.resolve()
    for name, probe in PROBES.items():
        with tempfile.TemporaryDirectory() as tmp:
            held = probe(repo, Path(tmp))
        print(f"{'held' if held else 'BROKE':<6} {name}", flush=True)


if __name__ == "__main__":
    main()
