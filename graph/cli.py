"""The `kg` command line: ingest notes, search them, look at services and concepts."""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graph.api.limits import CONCURRENCY, REQUEST_TIMEOUT
from graph.limits import MAP_SERVICES, MAX_K, MAX_MAP_SERVICES, MIN_CONFIDENCE, MODES
from ingest.vocabulary import RELATION_TYPES

if TYPE_CHECKING:
    from graph.store import Build

# The engine's modules are imported inside the commands: `kg app` and `kg --help` start
# without numpy, networkx or faiss.

REPO = Path(__file__).resolve().parent.parent
DEFAULT_BUILD = Path(os.environ.get("KG_BUILD", REPO / "data" / "build"))
DEFAULT_NOTES = REPO / "data" / "sample-notes"
# `kg stats` lists this many links to missing notes; --json lists them all.
STATS_LINKS = 20


class UserError(click.ClickException):
    """A one-line error for the user; exit code 2 like click's usage errors."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


# -- shared options ------------------------------------------------------------------
def build_option(fn):
    return click.option(
        "--build",
        "build_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_BUILD,
        show_default="data/build, or $KG_BUILD",
        help="Build directory written by `kg ingest`.",
    )(fn)


def out_option(purpose: str):
    """--out: the build directory a command writes."""
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_BUILD,
        show_default="data/build, or $KG_BUILD",
        help=purpose,
    )


def model_option(fn):
    return click.option(
        "--model", default="all-MiniLM-L6-v2", show_default=True, help="Embedding model."
    )(fn)


def json_option(fn):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(fn)


def progress_option(fn):
    return click.option(
        "--progress",
        "progress_file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        show_default="$KG_PROGRESS, else ~/.local/share/studykg/progress.sqlite",
        help="Progress file: what you have learned.",
    )(fn)


def _progress(progress_file: Path | None):
    from graph.progress import ProgressStore

    return ProgressStore(progress_file)


def _open(build_dir: Path, lazy: bool = False) -> Build:
    from graph.store import BuildError, load_build

    try:
        return load_build(build_dir, lazy=lazy)
    except BuildError as exc:
        raise UserError(str(exc)) from None


def _note_outdated_keyword_index(searcher) -> None:
    """Say once when the build's stored BM25 index is not used (it is rebuilt at each start)."""
    if searcher.keyword_index_outdated():
        path = searcher.build.path
        click.echo(
            f"note: {path} was built by an older kg (or its keyword index is damaged), so the "
            f"index is rebuilt at every start; `kg ingest ... --out {path}` stores a current one",
            err=True,
        )


def _print_json(data) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def friendly_errors(fn):
    """Turn expected failures into one line on stderr; no tracebacks for users."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from graph.lookup import NotFound
        from graph.progress import ProgressError
        from graph.search import SearchError
        from graph.store import BuildError

        try:
            return fn(*args, **kwargs)
        except (BuildError, SearchError, NotFound, ProgressError) as exc:
            raise UserError(str(exc)) from None
        except KeyboardInterrupt:
            raise UserError("interrupted") from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="studykg")
def cli() -> None:
    """Knowledge graph and semantic search over study notes.

    \b
    Example:
        kg ingest ../shared/corpus/aws-dva-slides.md
        kg search "how does my function read from a queue?"
    """


# -- ingest --------------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@out_option("Build directory to write (replaced atomically).")
@model_option
@click.option(
    "--index",
    "index_kind",
    type=click.Choice(["auto", "flat", "hnsw"]),
    default="auto",
    show_default=True,
    help="Vector index: exact (flat), approximate (hnsw), or chosen by size.",
)
@click.option("--no-cache", is_flag=True, help="Embed everything again, ignoring the cache.")
@click.option(
    "--update",
    is_flag=True,
    help="Read only the files changed since the build at --out was made (no PATHS: its own).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or warnings, only errors.")
def ingest(paths, out, model, index_kind, no_cache, update, quiet) -> None:
    """Read notes and decks (markdown, Obsidian vaults, PDF, PowerPoint) into a build.

    With no PATHS, reads the sample notes in data/sample-notes (with --update, the paths
    the build was made from).

    \b
    Example:
        kg ingest ../shared/corpus/aws-dva-slides.md --out data/build
        kg ingest ~/notes/aws/ slides.pdf --out data/builds/mine
        kg ingest --update --out data/builds/mine
    """
    from ingest.build import build

    paths = list(paths) or ([] if update else [DEFAULT_NOTES])
    progress = not quiet and sys.stderr.isatty()
    summary = _run_build(
        build, paths, out, model=model, index_kind=index_kind, no_cache=no_cache,
        progress=progress, update=update,
    )  # fmt: skip
    _report(summary, quiet)


def _run_build(build, paths, out, *, no_cache: bool, **options):
    from ingest.embed import DEFAULT_CACHE_DIR
    from ingest.errors import IngestError

    try:
        return build(paths, out, cache_dir=None if no_cache else DEFAULT_CACHE_DIR, **options)
    except IngestError as exc:
        raise UserError(str(exc)) from None


def _report(summary, quiet: bool) -> None:
    if not quiet:
        for warning in summary.warnings:
            click.echo(str(warning), err=True)
        if summary.note:
            click.echo(f"note: {summary.note}", err=True)
    click.echo(summary.line())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@out_option("Build directory to keep up to date.")
@model_option
@click.option("-q", "--quiet", is_flag=True, help="Only errors and one line per rebuild.")
def watch(paths, out, model, quiet) -> None:
    """Rebuild when notes change: updates the build a moment after you save (Ctrl-C stops).

    With no PATHS, watches the paths the build at --out was made from. Only changed files
    are read again; an app or `kg serve` over the build picks each update up.

    \b
    Example:
        kg watch ~/vault --out data/builds/vault
        kg watch --out data/builds/vault
    """
    from ingest.build import build
    from ingest.previous import previous_build
    from ingest.watch import watch as watch_files

    paths = [Path(p) for p in paths]
    if not paths:
        paths = previous_build(Path(os.path.abspath(out)), model).roots
        if not paths:
            raise UserError(f"no build at {out} to watch; give the PATHS of your notes")

    def rebuild(settled) -> None:
        try:
            summary = _run_build(
                build, paths, out, model=model, no_cache=False, update=True, settle=settled
            )
        except UserError as exc:  # a locked build, no notes left: say so and keep watching
            click.echo(f"error: {exc.message}", err=True)
            return
        if not summary.up_to_date:
            _report(summary, quiet)

    _report(_run_build(build, paths, out, model=model, no_cache=False, update=True), quiet)
    from ingest.embed import get_embedder

    get_embedder(model).encode(["warm up"])  # load the model now, not on the first save
    click.echo(f"watching {', '.join(map(str, paths))} (Ctrl-C stops)", err=True)
    try:
        watch_files(paths, rebuild)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


# -- search --------------------------------------------------------------------------
def _cited(build: Build, record) -> str:
    """Where a hit, a step or a statement comes from, as a reader names it (a dict or an
    object with source and line_start)."""
    from graph.citation import cite

    get = record.get if isinstance(record, dict) else lambda k: getattr(record, k)
    return cite(build, get("source"), get("line_start"), get("line_end")).label


def _merged(build: Build, slides: list[dict]) -> list[str]:
    """Slides as a reader names them, a run of one title told once ("slides 11–13")."""
    from graph.citation import cite, merged_labels

    cited = [cite(build, s["source"], s["line_start"], s["line_end"]) for s in slides]
    return merged_labels(cited)


def _hit_text(build: Build, hit) -> str:
    head = f"{hit.rank:>2}. {_cited(build, hit)}"
    lines = [head]
    if hit.section:
        lines.append(f"    section: {hit.section}")
    if hit.services:
        lines.append(f"    services: {', '.join(hit.services[:6])}")
    if hit.tags:
        lines.append("    tags: " + " ".join(f"#{t}" for t in hit.tags))
    if hit.snippet:
        lines.append(f"    {hit.snippet}")
    return "\n".join(lines)


@cli.command()
@click.argument("query", required=False)
@click.option("-k", "k", type=int, default=10, show_default=True, help=f"Hits (1–{MAX_K}).")
@click.option("--mode", type=click.Choice(MODES), default="hybrid", show_default=True)
@click.option("--service", help="Only hits on this service (name or alias).")
@click.option("--section", help="Only hits in sections whose title contains this.")
@click.option(
    "--tag",
    "tags",
    multiple=True,
    help="Only notes tagged so (#tag or tag; repeat for all of several; #a covers #a/b).",
)
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8", errors="replace"),
    help="Read one query per line; print one JSON array per line.",
)
@click.option("--all-chunks", is_flag=True, help="Do not group several hits of one concept.")
@build_option
@json_option
@friendly_errors
def search(query, k, mode, service, section, tags, batch, all_chunks, build_dir, as_json) -> None:
    """Search the notes by meaning and by keyword.

    \b
    Example:
        kg search "how does my function read from a queue?" -k 5
        kg search "stage variables" --service "API Gateway" --json
        kg search "cold starts" --tag serverless
        kg search --batch questions.txt
    """
    from graph.search import Searcher, SearchError

    if not 1 <= k <= MAX_K:
        click.echo(f"warning: -k {k} is outside 1–{MAX_K}; using {max(1, min(k, MAX_K))}", err=True)
    # A search reads the graph, and a chunk's text, only if it needs it (100,000 sections).
    searcher = Searcher(_open(build_dir, lazy=True))
    options = dict(
        k=k, mode=mode, service=service, section=section, group=not all_chunks, tags=tags
    )
    if batch is not None:
        for line in batch:
            text = line.strip()
            if not text:
                continue
            try:
                hits = [h.to_dict() for h in searcher.search(text, **options)]
            except SearchError as exc:
                hits = {"error": str(exc)}
            click.echo(json.dumps(hits, ensure_ascii=False))
        if mode != "dense":
            _note_outdated_keyword_index(searcher)
        return
    if query is None:
        raise UserError("give a QUERY or --batch FILE (see `kg search --help`)")
    hits = searcher.search(query, **options)
    fixes = searcher.correct(query).fixes
    if fixes:
        taken = ", ".join(f"{typed} → {fix}" for typed, fix in fixes)
        click.echo(f"note: typos corrected: {taken}", err=True)
    if mode != "dense":
        _note_outdated_keyword_index(searcher)
    if as_json:
        _print_json([h.to_dict() for h in hits])
    elif not hits:
        click.echo("no results")
    else:
        click.echo("\n\n".join(_hit_text(searcher.build, h) for h in hits))


# -- show / stats / similar ----------------------------------------------------------
def _concept_lines(build: Build, data: dict) -> list[str]:
    section = build.graph.nodes[data["section"]]["title"] if data.get("section") else ""
    lines = [
        f"{data['title']}  (concept, section: {section})",
        f"  about: {data.get('about') or '-'}; reading time ~{data.get('minutes')} min",
    ]
    if data.get("services"):
        top = ", ".join(f"{n} ×{c}" for n, c in list(data["services"].items())[:8])
        lines.append(f"  services: {top}")
    lines.append("  slides:")
    for label in _merged(build, data.get("slides", [])):
        lines.append(f"    {label}")
    for side, said in (("out", "links to"), ("in", "linked from")):
        for link in data.get("links", {}).get(side, []):
            lines.append(f"  {said}: {_cited(build, link)}")
    return lines


def _service_lines(build: Build, data: dict, concepts: list[dict]) -> list[str]:
    from ingest.vocabulary import describe

    kind = data.get("service_kind", "service")
    what = f"; a {kind}" if kind != "service" else ""
    lines = [
        f"{data['name']}  ({data['full']}; {data['category']}{what})",
        f"  named {data['mentions']} times; {len(concepts)} concepts are about it",
    ]
    for c in concepts[:25]:
        lines.append(f"    {_cited(build, c)}")
    if len(concepts) > 25:
        lines.append(f"    … and {len(concepts) - 25} more (use --json)")
    name = data["name"]
    for rel, edges in sorted(data["relations"]["out"].items()):
        lines.append("  " + describe(name, rel, ", ".join(e["target"] for e in edges)))
    for rel, edges in sorted(data["relations"]["in"].items()):
        lines.append("  " + describe(", ".join(e["source"] for e in edges), rel, name, False))
    return lines


def _relation_lines(build: Build, edge: dict, evidence: int = 3) -> list[str]:
    from graph.relations import statement

    n = len(edge["evidence"])
    lines = [
        f"{edge['text']}  (confidence {edge['confidence']:.2f}, {n} statement{'s' * (n != 1)})"
    ]
    for ev in edge["evidence"][:evidence]:
        lines.append(f"    {statement(ev)}  [{_cited(build, ev)}]")
    return lines


@cli.command()
@click.argument("name")
@build_option
@json_option
@friendly_errors
def show(name, build_dir, as_json) -> None:
    """Show a service or a concept: where it is taught and what it connects to.

    \b
    Example:
        kg show sqs
        kg show "Application Load Balancer (v2)" --json
    """
    from graph.lookup import describe, resolve

    build = _open(build_dir)
    node = resolve(build, name)
    data = describe(build, node)
    if data["kind"] == "service":
        if as_json:
            _print_json(data)
        else:
            click.echo("\n".join(_service_lines(build, data, data["concepts"])))
        return
    if as_json:
        _print_json(data)
    else:
        click.echo("\n".join(_concept_lines(build, data)))


@cli.command()
@click.argument("service", required=False)
@click.option(
    "--type", "rel_type", type=click.Choice(RELATION_TYPES), help="Only relations of this type."
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=MIN_CONFIDENCE,
    show_default=True,
    help="Hide weaker edges (the default keeps precision at 95% or more: docs/relations.md).",
)
@click.option("--sample", type=click.IntRange(1), help="Print this many random edges to judge.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of --sample.")
@click.option("--conflicts", is_flag=True, help="Only pairs of services with several edges.")
@build_option
@json_option
@friendly_errors
def relations(
    service, rel_type, min_confidence, sample, seed, conflicts, build_dir, as_json
) -> None:
    """List typed relations between services, in words, each with the statements that
    support it.

    \b
    Example:
        kg relations lambda
        kg relations --type event_source_mapping --json
        kg relations --sample 60 --seed 7        # a random sample to review
        kg relations --conflicts                 # pairs holding more than one edge
    """
    from graph.lookup import resolve
    from graph.relations import conflicts as pairs_with_several
    from graph.relations import relation_edges, sample_edges

    build = _open(build_dir)
    name = None
    if service:
        node = resolve(build, service)
        if build.graph.nodes[node]["kind"] != "service":
            raise UserError(f"{service!r} is a concept, not a service; try `kg show`")
        name = build.graph.nodes[node]["name"]
    edges = relation_edges(build, name, rel_type, min_confidence)
    if conflicts:
        groups = pairs_with_several(edges)
        if as_json:
            _print_json(groups)
        else:
            click.echo(f"{len(groups)} pairs of services hold more than one edge")
            for group in groups:
                pair = " and ".join(sorted({group[0]["source"], group[0]["target"]}))
                click.echo(f"\n{pair}:")
                click.echo("\n".join(f"  {ln}" for e in group for ln in _relation_lines(build, e)))
        return
    if sample:
        total, edges = len(edges), sample_edges(edges, sample, seed)
        if not as_json:
            click.echo(f"{len(edges)} random relations of {total} (seed {seed}):")
            for n, e in enumerate(edges, 1):
                first, *rest = _relation_lines(build, e)
                click.echo("\n".join([f"{n:>3}. {first}", *rest]))
            return
    if as_json:
        _print_json(edges)
    elif not edges:
        click.echo("no relations")
    else:
        click.echo("\n".join(line for e in edges for line in _relation_lines(build, e)))


@cli.command(name="map")
@click.option(
    "--services",
    type=click.IntRange(1, MAX_MAP_SERVICES, clamp=True),
    default=MAP_SERVICES,
    show_default=True,
    help="How many of the most related services to show.",
)
@click.option("--tools", is_flag=True, help="Also show tools (the CLI, the SDKs, the Console).")
@build_option
@json_option
@friendly_errors
def course_map(services, tools, build_dir, as_json) -> None:
    """The course at a glance: the services with the most relations, and those relations.

    \b
    Example:
        kg map --services 10
        kg map --json
    """
    from graph.neighbours import service_map

    build = _open(build_dir)
    shown = service_map(build, services, tools)
    if as_json:
        _print_json(shown.to_dict())
        return
    if not shown.nodes:
        click.echo("no relations")
        return
    more = f"; {shown.left_out} more related services not shown" if shown.left_out else ""
    count = f"{len(shown.nodes)} service{'s' * (len(shown.nodes) != 1)}"
    click.echo(f"{count}, {len(shown.edges)} relations among them{more}")
    for n in shown.nodes:
        click.echo(f"  {n['label']:<24} {n['relations']} relations")
    for e in shown.edges:
        click.echo(e["text"])


@cli.command()
@build_option
@json_option
@friendly_errors
def stats(build_dir, as_json) -> None:
    """Summarise a build: counts, sources, sections, most-taught services.

    \b
    Example:
        kg stats --build data/build
    """
    from graph.search import Searcher

    build = _open(build_dir)
    outdated = Searcher(build).keyword_index_outdated()
    services = sorted(
        ((d["name"], d["mentions"]) for _, d in build.nodes_of("service")), key=lambda x: -x[1]
    )
    sections = [d["title"] for _, d in build.nodes_of("section")]
    m = build.manifest
    tags = _tag_counts(build)
    unresolved = build.graph.graph.get("unresolved_links", [])
    data = {
        "build": str(build.path),
        "created": m.get("created"),
        "model": m["model"],
        "index": m.get("index"),
        "counts": m.get("counts"),
        "sources": m.get("sources"),
        "keyword_index": "outdated" if outdated else "stored",
        "ingest": "outdated" if build.ingest_outdated() else "current",
        "sections": sections,
        "services": [{"name": n, "mentions": c} for n, c in services],
        "tags": [{"tag": t, "notes": n} for t, n in tags],
        "unresolved_links": unresolved,
    }
    if as_json:
        _print_json(data)
        return
    counts = ", ".join(f"{v} {k}" for k, v in m.get("counts", {}).items())
    click.echo(f"{build.path}: {counts}")
    click.echo(f"model {m['model']['name']} ({m['model']['dim']}d), index {m['index']['kind']}")
    if outdated:
        click.echo(
            "keyword index: made by an older kg or damaged, rebuilt at every start "
            f"(`kg ingest ... --out {build.path}` stores a current one)"
        )
    if m.get("relations") == "carried":
        click.echo(
            "relations: carried over from the last build while changed notes are read again "
            f"(`kg ingest --update --out {build.path}` finishes it)"
        )
    if data["ingest"] == "outdated":
        click.echo(
            "concepts and relations: made by other ingest code or another catalog "
            f"(`kg ingest ... --out {build.path}` makes current ones)"
        )
    for src in m.get("sources", []):
        click.echo(f"  source {src['path']}  sha256 {src['sha256'][:12]}")
    click.echo("sections: " + "; ".join(sections))
    click.echo("services: " + ", ".join(f"{n} ({c})" for n, c in services))
    if tags:
        click.echo("tags: " + ", ".join(f"#{t} ({n})" for t, n in tags))
    if unresolved:
        click.echo(f"links to notes that do not exist: {len(unresolved)}")
        for link in unresolved[:STATS_LINKS]:
            click.echo(f"  {link['source']}:{link['line']}  [[{link['target']}]]")
        if len(unresolved) > STATS_LINKS:
            click.echo(f"  … and {len(unresolved) - STATS_LINKS} more (use --json)")


def _tag_counts(build: Build) -> list[tuple[str, int]]:
    """Each tag with how many notes carry it, most used first."""
    notes: dict[str, set[str]] = {}
    for chunk in build.chunks:
        for tag in chunk.tags:
            notes.setdefault(tag, set()).add(chunk.source)
    return sorted(((t, len(n)) for t, n in notes.items()), key=lambda x: (-x[1], x[0]))


@cli.command()
@build_option
@friendly_errors
def verify(build_dir) -> None:
    """Check every file of a build against the sizes and sha256 its manifest records.

    Exits 2, naming each damaged file, when anything differs.

    \b
    Example:
        kg verify --build data/build
    """
    from graph.store import verify_build

    problems = verify_build(build_dir)
    if problems:
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        raise SystemExit(2)
    click.echo(f"{build_dir}: every file matches its manifest")


@cli.command()
@click.argument("name")
@click.option("-k", "k", type=int, default=10, show_default=True, help="How many concepts.")
@build_option
@json_option
@friendly_errors
def similar(name, k, build_dir, as_json) -> None:
    """List the concepts nearest a concept (or the main concept of a service).

    \b
    Example:
        kg similar "DynamoDB Streams"
        kg similar "Lambda – Event Source Mapping" -k 5 --json
    """
    from graph.lookup import resolve, teaching_concepts
    from graph.search import Searcher

    build = _open(build_dir)
    node = resolve(build, name)
    if build.graph.nodes[node]["kind"] == "service":
        # The concept that teaches the service (its title names it) stands for it.
        concepts = teaching_concepts(build, build.graph.nodes[node]["name"], min_words=15)
        if not concepts:
            raise UserError(f"no concept is about {name!r}; try `kg search`")
        node = concepts[0]["id"]
    rows = Searcher(build).similar(node, k)
    if as_json:
        _print_json(rows)
        return
    click.echo(f"nearest to {build.graph.nodes[node]['title']}:")
    for r in rows:
        click.echo(f"  {r['score']:.3f}  {_cited(build, r)}")


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@click.option("--known", default="", help="Services you already know, comma-separated.")
@click.option("--max-minutes", type=float, help="Time budget; the least necessary steps go.")
@click.option(
    "--pace",
    type=click.FloatRange(min=0.1, max=10),
    default=1.0,
    show_default=True,
    help="Scale every step's minutes (1.5: half as long again).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "md"]),
    default="text",
    show_default=True,
    help="Plain text, JSON, or a markdown checklist with the slides' text.",
)
@progress_option
@click.option("--ignore-progress", is_flag=True, help="Keep learned steps, marked done.")
@build_option
@json_option
@friendly_errors
def study(
    targets, known, max_minutes, pace, fmt, progress_file, ignore_progress, build_dir, as_json
) -> None:
    """Plan what to learn, prerequisites first, with the reason for each step.

    A TARGET is a service, a concept title, or a question. What you have learned
    (`kg progress`) is skipped.

    \b
    Example:
        kg study SAM
        kg study "Elastic Beanstalk" CodeDeploy --known EC2 --max-minutes 30
        kg study "how do I cache API responses" --format md --pace 1.5
    """
    from graph.search import Searcher
    from graph.study import StudyError, plan_study

    build = _open(build_dir)
    known_list = [k.strip() for k in known.split(",") if k.strip()]
    try:
        plan = plan_study(
            build, list(targets), known_list, max_minutes, lambda: Searcher(build),
            progress=_progress(progress_file), ignore_progress=ignore_progress, pace=pace,
        )  # fmt: skip
    except StudyError as exc:
        raise UserError(str(exc)) from None
    if as_json or fmt == "json":
        _print_json(plan.to_dict())
    elif fmt == "md":
        click.echo(plan.markdown(), nl=False)
    else:
        click.echo("\n".join(_plan_lines(build, plan)))


# Related services shown in text; --json and --format md list them all.
RELATED_LINES = 12


def _plan_lines(build: Build, plan) -> list[str]:
    from graph.evidence import quote

    done = f", {plan.minutes_done:g} min done" if plan.minutes_done else ""
    lines = [
        f"Plan for {', '.join(plan.targets)}: {len(plan.steps)} steps, ~{plan.minutes:g} min{done}"
    ]
    previous = None
    for n, step in enumerate(plan.steps, 1):
        service = f" [{step.service}]" if step.service else ""
        tick = " (done)" if step.done else ""
        lines.append(f"{n:>2}. {step.title}{service}  ~{step.minutes:g} min{tick}")
        if step.reason == previous:
            lines.append("    why: the same reason")
        else:
            lines.append(f"    why: {step.reason}")
            lines += [
                f"    also: {quote(ev['text'], 100)}  [{_cited(build, ev)}]"
                for ev in step.evidence[1:2]
            ]
        previous = step.reason
        for label in _merged(build, step.slides)[:4]:
            lines.append(f"    read {label}")
    if plan.related:
        lines.append("related, not needed first:")
        lines += [f"    {r['words']}" for r in plan.related[:RELATED_LINES]]
        if len(plan.related) > RELATED_LINES:
            lines.append(f"    … and {len(plan.related) - RELATED_LINES} more (--json)")
    for s in plan.skipped:
        lines.append(f"skipped {s['name']}: {s['reason']}")
    if plan.cut:
        cut = ", ".join(c["title"] for c in plan.cut)
        lines.append(f"cut to fit the time budget: {cut}")
    if not plan.steps:
        lines.append("nothing left to study: every target is known or learned")
    return lines


@cli.command()
@click.argument("start")
@click.argument("end")
@click.option("--tools", is_flag=True, help="Let the path go through tools (the CLI, the SDKs).")
@progress_option
@build_option
@json_option
@friendly_errors
def path(start, end, tools, progress_file, build_dir, as_json) -> None:
    """Explain how two services (or concepts) connect, hop by hop, in words, with evidence.

    Services you have learned (`kg progress`) are marked.

    \b
    Example:
        kg path S3 CloudFront
        kg path "Elastic Beanstalk" "CloudWatch Logs" --json
    """
    from graph.lookup import resolve
    from graph.paths import PathError, explain_path
    from graph.relations import statement

    build = _open(build_dir)
    try:
        hops = explain_path(build, resolve(build, start), resolve(build, end), tools)
    except PathError as exc:
        raise UserError(str(exc)) from None
    if as_json:
        _print_json(hops)
        return
    if not hops:
        click.echo("they are the same service")
    learned = _progress(progress_file).learned()
    for hop in hops:
        click.echo(hop["text"] + _learned_mark(hop, learned))
        for ev in hop["evidence"][:2]:
            click.echo(f"    {statement(ev, 120)}  [{_cited(build, ev)}]")


def _learned_mark(hop: dict, learned: set[str]) -> str:
    """ "  (learned: S3)" for the services of a hop the student has learned."""
    names = [n for n in (hop["source"], hop["target"]) if f"service:{n}" in learned]
    return f"  (learned: {', '.join(names)})" if names else ""


# -- progress ------------------------------------------------------------------------
@cli.group()
def progress() -> None:
    """Record what you have learned; `kg study` skips it.

    NAME is a service or a concept title. The progress file outlives rebuilds of the
    same notes.

    \b
    Example:
        kg progress add IAM "Lambda – Event Source Mapping SQS & SQS FIFO"
        kg progress list --json
    """


def _names_command(name: str):
    """A `kg progress` subcommand taking NAME… of a build, and a progress file."""

    def wrap(fn):
        for decorate in (friendly_errors, build_option, progress_option,
                         click.argument("names", nargs=-1, required=True),
                         progress.command(name)):  # fmt: skip
            fn = decorate(fn)
        return fn

    return wrap


@_names_command("add")
def progress_add(names, progress_file, build_dir) -> None:
    """Mark services or concepts learned.

    \b
    Example:
        kg progress add IAM EC2 "EC2 User Data"
        kg progress add SQS --progress ~/aws-progress.sqlite
    """
    from graph.progress import keys_for, label_of

    keys = keys_for(_open(build_dir), names)
    store = _progress(progress_file)
    new = store.add(keys)
    click.echo(f"learned {', '.join(label_of(k) for k in keys)} ({new} new) in {store.path}")


@_names_command("remove")
def progress_remove(names, progress_file, build_dir) -> None:
    """Forget services or concepts (by name, or by key as `list` shows it).

    \b
    Example:
        kg progress remove EC2
        kg progress remove "concept:aws-dva-slides.md › EC2 User Data"
    """
    from graph.progress import keys_for

    store = _progress(progress_file)
    stored = store.learned()
    verbatim = [n for n in names if n in stored]
    others = [n for n in names if n not in stored]
    keys = verbatim + (keys_for(_open(build_dir), others) if others else [])
    gone = store.remove(keys)
    click.echo(f"forgot {gone} of {len(keys)} in {store.path}")


@progress.command("list")
@progress_option
@json_option
@friendly_errors
def progress_list(progress_file, as_json) -> None:
    """List what you have learned, oldest first.

    \b
    Example:
        kg progress list
        kg progress list --json --progress ~/aws-progress.sqlite
    """
    store = _progress(progress_file)
    entries = store.entries()
    if as_json:
        _print_json(entries)
        return
    if not entries:
        click.echo(f"nothing learned yet ({store.path})")
    for e in entries:
        click.echo(f"{e['added']}  {e['key']}")


@progress.command("reset")
@progress_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@friendly_errors
def progress_reset(progress_file, yes) -> None:
    """Forget everything you have learned.

    \b
    Example:
        kg progress reset --yes
    """
    store = _progress(progress_file)
    if not yes:
        click.confirm(f"forget everything recorded in {store.path}?", abort=True)
    click.echo(f"forgot {store.reset()} in {store.path}")


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "cypher"]), required=True
)
@click.option(
    "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), help="File to write."
)
@build_option
@friendly_errors
def export(fmt, out_file, build_dir) -> None:
    """Export the whole graph for Gephi (gexf), networkx (json, graphml) or Neo4j (cypher).

    \b
    Example:
        kg export --format gexf --out aws.gexf
        kg export --format cypher > import.cypher
    """
    from graph.export import export_graph

    text = export_graph(_open(build_dir), fmt)
    if out_file is None:
        click.echo(text, nl=False)
        return
    try:
        out_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {out_file}: {exc.strerror or exc}") from None
    click.echo(f"wrote {out_file} ({len(text.encode()) // 1024} KB, {fmt})")


@cli.command("eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--mode",
    type=click.Choice([*MODES, "all"]),
    default="all",
    show_default=True,
    help="Search mode to measure, or all of them.",
)
@click.option("--details", is_flag=True, help="Also list each question's first correct rank.")
@build_option
@json_option
@friendly_errors
def eval_(questions, mode, details, build_dir, as_json) -> None:
    """Measure search quality on a JSONL file of questions with gold heading lines.

    A hit counts when its line span contains a gold line.

    \b
    Example:
        kg eval ../shared/eval/dev_queries.jsonl --mode all
    """
    from graph.evaluate import evaluate, load_questions
    from graph.search import Searcher

    try:
        items = load_questions(questions)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    searcher = Searcher(_open(build_dir))
    modes = list(MODES) if mode == "all" else [mode]
    results = [evaluate(searcher, items, m) for m in modes]
    if mode != "dense":
        _note_outdated_keyword_index(searcher)
    if as_json:
        _print_json(results if details else [_drop_details(r) for r in results])
        return
    metrics = ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"]
    click.echo(
        f"{'mode':<8} " + " ".join(f"{m:>9}" for m in metrics) + f"   ({len(items)} questions)"
    )
    for r in results:
        click.echo(f"{r['mode']:<8} " + " ".join(f"{r[m]:>9.3f}" for m in metrics))
    if details:
        for r in results:
            for q in r["per_question"]:
                click.echo(
                    f"{r['mode']:<8} {q['id']:<6} {q['first_correct_rank'] or '-':>3}  {q['query']}"
                )


def _drop_details(result: dict) -> dict:
    return {k: v for k, v in result.items() if k != "per_question"}


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 16),
    default=1,
    show_default=True,
    help="Server processes, each with the engine loaded once (one per core serves most).",
)
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests whose Host header is NAME (repeatable; *.example.com "
    "allows subdomains). Always allowed: localhost, 127.0.0.1, [::1].",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, 1000),
    default=CONCURRENCY,
    show_default=True,
    help="Requests in progress at once per process; one more waits up to 0.25 s for a "
    "slot, then answers 503 with Retry-After.",
)
@click.option(
    "--request-timeout",
    type=click.FloatRange(0.1, 3600),
    default=REQUEST_TIMEOUT,
    show_default=True,
    help="Seconds a client has to send a whole request; a slower one gets 408.",
)
@build_option
@friendly_errors
def serve(host, port, workers, allow_hosts, concurrency, request_timeout, build_dir) -> None:
    """Serve the JSON HTTP API (OpenAPI docs at /docs) over a build.

    A new build written to the same directory is picked up between requests.
    docs/api.md describes the endpoints, limits and errors.

    \b
    Example:
        kg serve --build data/build --port 8000 --workers 2
        curl 'http://127.0.0.1:8000/search?q=dead+letter+queue&k=3'
        kg serve --host 0.0.0.0 --allow-host studybox.local
    """
    from graph.api.guards import HostNameError, allowed_hosts, is_loopback
    from graph.api.server import ServeOptions, open_app, run

    try:
        hosts = allowed_hosts(host, allow_hosts)
    except HostNameError as exc:
        raise UserError(f"--allow-host {exc}") from None
    if not is_loopback(host):
        click.echo(
            f"warning: {host} is not a loopback address: other machines can reach this API "
            f"(Host headers answered: {', '.join(hosts)})",
            err=True,
        )
    # Many queries at once: one inference thread each beats two threads fighting (measured).
    os.environ.setdefault("KG_ORT_THREADS", "1")
    options = ServeOptions(
        build=str(build_dir),
        host=host,
        port=port,
        workers=workers,
        allowed_hosts=hosts,
        concurrency=concurrency,
        request_timeout=request_timeout,
    )
    app = open_app(options)  # a damaged build stops here, in one line, before listening
    click.echo(f"serving {build_dir} on http://{host}:{port} (docs at /docs)", err=True)
    run(options, app)


def streamlit_command(build_dir: Path, host: str, port: int) -> list[str]:
    """The `streamlit run` command line `kg app` becomes."""
    from graph.limits import MAX_UPLOAD_MB

    return [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "true",
            # Uploads: Streamlit refuses what our own check would (one limit everywhere).
            "--server.maxUploadSize", str(MAX_UPLOAD_MB),
            # A student's app: no Deploy button or developer menu, no tracebacks.
            "--client.toolbarMode", "minimal",
            "--client.showErrorDetails", "none",
            # Watching the source tree (and its .venv) for edits costs seconds at start.
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false"]  # fmt: skip


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port(host: str, port: int) -> None:
    """Fail in one line when the port is taken, before Streamlit starts and says more."""
    import socket

    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family) as s:
            # As the server will: a closed connection's TIME_WAIT does not make it busy.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as exc:
        if exc.errno in (98, 48, 10048):  # address in use (Linux, macOS, Windows)
            raise UserError(
                f"port {port} is in use; choose another with --port (`make run PORT=8502`)"
            ) from None
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback lets others on the network in.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True)
@build_option
def app(host, port, build_dir) -> None:
    """Start the Streamlit app over a build, on this computer only unless --host says.

    \b
    Example:
        kg app --build data/build --port 8501
        kg app --host 0.0.0.0 --port 8080   # reachable from the network
    """
    if not _loopback(host):
        click.echo(
            f"warning: listening on {host}: anyone who can reach this machine can search "
            "these notes and upload files to it",
            err=True,
        )
    _check_port(host, port)
    env = dict(os.environ, KG_BUILD=str(build_dir))
    shown = "localhost" if host in ("0.0.0.0", "::") else host
    click.echo(f"the app is starting on http://{shown}:{port}", err=True)
    # Become the Streamlit server, so a signal to `kg app` stops the server itself
    # (a child process would outlive a terminated parent).
    os.execve(sys.executable, streamlit_command(build_dir, host, port), env)


def main() -> None:
    """Entry point of the `kg` console script."""
    try:
        cli(standalone_mode=True)
    except Exception as exc:  # last resort: one line, never a traceback
        if os.environ.get("KG_DEBUG"):
            raise
        click.echo(f"error: {type(exc).__name__}: {exc} (set KG_DEBUG=1 for details)", err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
