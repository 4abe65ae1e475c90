"""A study plan as records: its steps, what was skipped, cut and related, as JSON or markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.evidence import quote
from ingest.records import locator

__all__ = ["Plan", "Step"]


@dataclass(slots=True)
class Step:
    """One concept to read, with why it is in the plan, where to read it and its text."""

    concept: str
    title: str
    service: str | None
    reason: str
    minutes: float
    slides: list[dict]
    role: str  # "prerequisite" | "target"
    key: str = ""  # its progress key
    evidence: list[dict] = field(default_factory=list)
    text: str = ""
    done: bool = False
    necessity: float = field(default=1.0, repr=False)
    asked: bool = field(default=False, repr=False)  # a concept or question asked for

    def to_dict(self) -> dict:
        return {
            "concept": self.concept,
            "key": self.key,
            "title": self.title,
            "service": self.service,
            "role": self.role,
            "reason": self.reason,
            "minutes": self.minutes,
            "done": self.done,
            "slides": self.slides,
            "evidence": self.evidence,
            "text": self.text,
        }


@dataclass(slots=True)
class Plan:
    """An ordered plan with what was skipped, cut for time, and related to its targets."""

    targets: list[str]
    steps: list[Step]
    skipped: list[dict] = field(default_factory=list)
    cut: list[dict] = field(default_factory=list)
    related: list[dict] = field(default_factory=list)
    minutes_done: float = 0.0
    pace: float = 1.0

    @property
    def minutes(self) -> float:
        return round(sum(s.minutes for s in self.steps), 1)

    @property
    def minutes_left(self) -> float:
        return round(sum(s.minutes for s in self.steps if not s.done), 1)

    def to_dict(self) -> dict:
        return {
            "targets": self.targets,
            "skipped": self.skipped,
            "steps": [s.to_dict() for s in self.steps],
            "cut": self.cut,
            "related": self.related,
            "minutes": self.minutes,
            "minutes_done": round(self.minutes_done, 1),
            "minutes_left": self.minutes_left,
            "pace": self.pace,
        }

    def markdown(self) -> str:
        """A checklist to study from: each step with its reason, evidence and slides' text."""
        lines = [
            f"# Study plan: {', '.join(self.targets)}",
            "",
            f"{len(self.steps)} steps, ~{self.minutes:g} min"
            + (f" ({self.minutes_done:g} min done)" if self.minutes_done else "")
            + ".",
            "",
        ]
        previous = None
        for step in self.steps:
            service = f" ({step.service})" if step.service else ""
            tick = "x" if step.done else " "
            # The second step of one prerequisite has the first one's reason and evidence.
            why = "the same reason" if step.reason == previous else step.reason
            lines.append(f"- [{tick}] **{step.title}**{service}, {step.minutes:g} min: {why}")
            for ev in step.evidence if step.reason != previous else ():
                lines.append(f"  - {quote(ev['text'])} ({_where(ev)})")
            previous = step.reason
            lines.append("  - read " + ", ".join(_where(s) for s in step.slides))
            if step.text:
                lines.append("")
                lines += [f"  > {line}" if line else "  >" for line in step.text.split("\n")]
                lines.append("")
        if self.related:
            lines += ["", "## Related, not needed first", ""]
            lines += [f"- {r['words']}" for r in self.related]
        if self.skipped:
            lines += [
                "",
                "Skipped: " + ", ".join(f"{s['name']} ({s['reason']})" for s in self.skipped),
            ]
        if self.cut:
            lines += ["", "Cut for time: " + ", ".join(c["title"] for c in self.cut)]
        return "\n".join(lines) + "\n"


def _where(ref: dict) -> str:
    at = locator(ref)  # a deck's page or slide is what its reader turns to
    if at:
        unit, number = next(iter(at.items()))
        return f"{ref['source']} {unit} {number}"
    return f"{ref['source']}:{ref['line_start']}-{ref['line_end']}"
