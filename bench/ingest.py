"""Ingest speed: the notes themselves, and hostile notes built to be slow to read.

    python bench/ingest.py [--notes PATH]

Embeddings come from the build cache (data/cache), so a second run times parsing, concepts,
relations, the keyword index and the write, not the model. Figures go to stdout as one
JSON object per measurement; nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.build import build  # noqa: E402
from ingest.catalog import load_catalog  # noqa: E402
from ingest.concepts import build_concepts  # noqa: E402
from ingest.relations import extract_relations  # noqa: E402
from ingest.sections import assign_sections  # noqa: E402
from ingest.slides import parse_markdown  # noqa: E402

DEFAULT_NOTES = ROOT.parent / "shared" / "corpus" / "aws-dva-slides.md"
NAMES = ("SQS", "SNS", "Lambda", "S3", "EC2", "DynamoDB", "Kinesis", "CloudFront")


def report(name: str, **figures) -> None:
    print(json.dumps({"bench": name, **figures}), flush=True)


def hostile_notes() -> dict[str, str]:
    """Statements no one writes but a build must survive in reasonable time."""
    many_names = " ".join(f"{NAMES[i % len(NAMES)]} with" for i in range(1500))
    return {
        "one_bullet_naming_1500_services": f"# Intro\n\nwords\n\n# Everything\n\n- {many_names}\n",
        "20000_open_brackets": "# Intro\n\nwords\n\n# Brackets\n\n- S3 " + "(" * 20000 + "\n",
        "a_title_of_1500_names_vs_each_other": "# Intro\n\nwords\n\n# "
        + " vs ".join(NAMES[i % len(NAMES)] for i in range(1500))
        + "\n\n- compared\n",
        "2000_bullets_of_one_list": "# Intro\n\nwords\n\n# Lists\n\n- Some services send to SNS\n"
        + "".join(f"- {NAMES[i % len(NAMES)]} ({i})\n" for i in range(2000)),
    }


def relations_time(text: str) -> tuple[float, int]:
    catalog = load_catalog()
    parsed, _ = parse_markdown(text, "notes.md", "notes")
    sections = assign_sections(parsed, 0, catalog)
    concepts = build_concepts(parsed.slides, catalog, 0, sections)
    started = time.perf_counter()
    relations = extract_relations(concepts, catalog)
    return time.perf_counter() - started, len(relations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=Path, default=DEFAULT_NOTES)
    args = parser.parse_args()
    if args.notes.exists():
        with tempfile.TemporaryDirectory() as tmp:
            build([args.notes], Path(tmp) / "warm")  # fills the embedding cache once
            started = time.perf_counter()
            summary = build([args.notes], Path(tmp) / "b")
            report("ingest_cached_s", notes=str(args.notes), seconds=round(
                time.perf_counter() - started, 2), chunks=summary.chunks)  # fmt: skip
    for name, text in hostile_notes().items():
        seconds, found = relations_time(text)
        report("relations_hostile_s", case=name, chars=len(text), seconds=round(seconds, 2),
               relations=found)  # fmt: skip


if __name__ == "__main__":
    main()
