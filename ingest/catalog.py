"""The service catalog (data/services.toml) and service-mention detection in text."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DEFAULT_CATALOG", "KINDS", "Catalog", "Mention", "Service", "load_catalog"]

DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "data" / "services.toml"

# Word boundaries that also treat '@' and '-' joined names ("Lambda@Edge", "SSE-KMS") as one word.
_LEFT = r"(?<![A-Za-z0-9_@\-])"
_RIGHT = r"(?![A-Za-z0-9_@]|-[A-Za-z0-9])"
_JOINER = re.compile(r"[\s\-]+")
# Abbreviations that are also everyday words; in questions only their upper-case form counts.
_WORDLIKE_ABBR = frozenset({"cup", "eb", "dx", "cip"})
# What a catalog entry is: a service, a feature of one (with `part_of`), or a developer's tool.
KINDS = ("service", "feature", "tool")
# A name written in the plural ("API Gateways", "ALBs") names the same service.
_PLURAL = "s?"


def _norm(name: str) -> str:
    return _JOINER.sub(" ", name.strip())


@dataclass(frozen=True, slots=True)
class Service:
    """A catalog entry: canonical name plus the ways text and students refer to it."""

    name: str
    full: str
    category: str
    kind: str = "service"
    aliases: tuple[str, ...] = ()
    abbr: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    acts: tuple[str, ...] = ()
    receives: tuple[str, ...] = ()
    job: str = ""  # what a student picks it for ("messaging"); alternatives share one
    part_of: tuple[str, ...] = ()  # a feature's service(s)
    # The prefix of the resource types its templates declare ("AWS::Serverless::" of SAM):
    # a name spelled with it ("AWS::Serverless::Api") is a resource its template creates.
    declares: str = ""

    @property
    def is_tool(self) -> bool:
        return self.kind == "tool"

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "full": self.full,
            "category": self.category,
            "service_kind": self.kind,
            "aliases": list(self.aliases),
            "abbr": list(self.abbr),
            "words": list(self.words),
            "acts": list(self.acts),
            "receives": list(self.receives),
            "job": self.job,
            "part_of": list(self.part_of),
            "declares": self.declares,
        }

    @classmethod
    def from_dict(cls, d: dict) -> Service:
        return cls(
            name=d["name"],
            full=d.get("full", d["name"]),
            category=d.get("category", "Other"),
            kind=d.get("service_kind", d.get("kind", "service")),
            aliases=tuple(d.get("aliases", ())),
            abbr=tuple(d.get("abbr", ())),
            words=tuple(d.get("words", ())),
            acts=tuple(d.get("acts", ())),
            receives=tuple(d.get("receives", ())),
            job=d.get("job", ""),
            part_of=tuple(d.get("part_of", ())),
            declares=d.get("declares", ""),
        )


@dataclass(frozen=True, slots=True)
class Mention:
    """One service named in a text, at character offsets [start, end)."""

    service: str
    start: int
    end: int
    surface: str


@dataclass
class Catalog:
    """All services, with compiled matchers for names (mentions) and everyday words (queries)."""

    services: dict[str, Service]
    source: str = ""  # the file it was read from, as evidence of what it says
    entry_lines: dict[str, int] = field(default_factory=dict)  # each entry's line in it
    _names: re.Pattern | None = field(init=False, repr=False)
    _abbrs: re.Pattern | None = field(init=False, repr=False)
    _abbrs_query: re.Pattern | None = field(init=False, repr=False)
    _lookup: dict[str, str] = field(init=False, repr=False)
    _abbr_lookup: dict[str, str] = field(init=False, repr=False)
    _words: re.Pattern | None = field(init=False, repr=False)
    _word_lookup: dict[str, tuple[str, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._lookup, self._abbr_lookup = {}, {}
        owners: dict[str, list[str]] = {}
        for svc in self.services.values():
            for word in svc.words:
                owners.setdefault(_norm(word).lower(), []).append(svc.name)
        self._word_lookup = {w: tuple(dict.fromkeys(n)) for w, n in owners.items()}
        self._words = _alternation(self._word_lookup, re.IGNORECASE, "") if owners else None
        for svc in self.services.values():
            for alias in (svc.name, svc.full, *svc.aliases):
                self._lookup.setdefault(_norm(alias).lower(), svc.name)
            for ab in svc.abbr:
                self._abbr_lookup[_norm(ab)] = svc.name
        # An abbreviation-like canonical name ("SQS", "IAM") is matched case-sensitively.
        for name in list(self._lookup):
            svc_name = self._lookup[name]
            if name == svc_name.lower() and svc_name.isupper() and len(svc_name) <= 5:
                del self._lookup[name]
                self._abbr_lookup[svc_name] = svc_name
        self._names = _alternation(self._lookup, re.IGNORECASE) if self._lookup else None
        self._abbrs = _alternation(self._abbr_lookup, 0) if self._abbr_lookup else None
        loose = {a: n for a, n in self._abbr_lookup.items() if a.lower() not in _WORDLIKE_ABBR}
        self._abbrs_query = _alternation(loose, re.IGNORECASE) if loose else None

    def __len__(self) -> int:
        return len(self.services)

    def __contains__(self, name: str) -> bool:
        return name in self.services

    def mentions(self, text: str, query: bool = False) -> list[Mention]:
        """Services named in text: word-bounded, longest name first, no overlaps.

        With query=True abbreviations also match in lower case ("s3", "sqs"), as students type.
        """
        found: list[Mention] = []
        for m in self._names.finditer(text) if self._names else ():
            name = self._lookup[_norm(m.group("name")).lower()]
            found.append(Mention(name, m.start(), m.end(), m.group(0)))
        abbrs = self._abbrs_query if query else self._abbrs
        upper = {k.upper(): v for k, v in self._abbr_lookup.items()} if query else None
        if abbrs is not None:
            for m in abbrs.finditer(text):
                key = _norm(m.group("name"))
                name = self._abbr_lookup.get(key) or (upper or {}).get(key.upper())
                if name:
                    found.append(Mention(name, m.start(), m.end(), m.group(0)))
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        kept: list[Mention] = []
        for m in found:
            if kept and m.start < kept[-1].end:
                if m.end - m.start > kept[-1].end - kept[-1].start:
                    kept[-1] = m
                continue
            kept.append(m)
        return kept

    def implied(self, text: str) -> dict[str, float]:
        """Services a question points at through everyday words ("queue", "cdn"), with a
        strength: 1 for a word only one service owns, shared equally otherwise."""
        found: dict[str, float] = {}
        for m in self._words.finditer(text) if self._words else ():
            owners = self._word_lookup[_norm(m.group(0)).lower()]
            for name in owners:
                found[name] = max(found.get(name, 0.0), 1.0 / len(owners))
        return found

    def count(self, text: str, query: bool = False) -> Counter:
        """How often each service is named in text."""
        return Counter(m.service for m in self.mentions(text, query))

    def resolve(self, name: str) -> str | None:
        """The canonical name for a name, alias or abbreviation (any case), or None."""
        key = _norm(name)
        if key in self._abbr_lookup:
            return self._abbr_lookup[key]
        low = key.lower()
        for svc in self.services.values():
            if low in (svc.name.lower(), *(a.lower() for a in svc.abbr)):
                return svc.name
        return self._lookup.get(low)

    def to_list(self) -> list[dict]:
        return [s.to_dict() for s in self.services.values()]

    @classmethod
    def from_list(cls, items: list[dict]) -> Catalog:
        return cls({d["name"]: Service.from_dict(d) for d in items})


def _alternation(names: dict[str, str], flags: int, plural: str = _PLURAL) -> re.Pattern:
    alts = sorted(names, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"[\s\-]+") for a in alts)
    return re.compile(f"{_LEFT}(?P<name>{body}){plural}{_RIGHT}", flags)


def load_catalog(path: Path | str = DEFAULT_CATALOG) -> Catalog:
    """Read a services TOML file into a Catalog; raises ValueError with a one-line reason."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
        data = tomllib.loads(raw)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"cannot read service catalog {path}: {exc}") from exc
    services: dict[str, Service] = {}
    for entry in data.get("service", []):
        if "name" not in entry:
            raise ValueError(f"service catalog {path}: an entry has no name")
        svc = Service.from_dict(entry)
        services[svc.name] = svc
    if not services:
        raise ValueError(f"service catalog {path} lists no services")
    for svc in services.values():
        problem = _problem(svc, services)
        if problem:
            raise ValueError(f"service catalog {path}: {svc.name}: {problem}")
    return Catalog(services, _shown(path), _entry_lines(raw))


def _shown(path: Path) -> str:
    """The catalog's path as evidence shows it: from the project root when it lies inside."""
    try:
        return str(path.resolve().relative_to(DEFAULT_CATALOG.parent.parent))
    except ValueError:
        return str(path)


_ENTRY_NAME = re.compile(r'^name\s*=\s*"([^"]+)"', re.MULTILINE)


def _entry_lines(raw: str) -> dict[str, int]:
    """The 1-based line of each entry's name in the catalog file."""
    return {m.group(1): raw.count("\n", 0, m.start()) + 1 for m in _ENTRY_NAME.finditer(raw)}


def _problem(svc: Service, services: dict[str, Service]) -> str:
    """What is wrong with an entry's kind, job or parent, in a few words (else "")."""
    if svc.kind not in KINDS:
        return f"kind {svc.kind!r} is none of {', '.join(KINDS)}"
    if not svc.job:
        return "no job"
    unknown = [p for p in svc.part_of if p not in services or p == svc.name]
    if unknown:
        return f"part_of names no other entry: {', '.join(unknown)}"
    if svc.kind == "feature" and not svc.part_of:
        return "a feature needs part_of"
    return ""
