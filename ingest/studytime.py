"""How long a slide takes to study: reading and understanding, by what is on it.

docs/study.md gives the table and what the rates are calibrated against. Plans scale the
result with a pace factor; this module knows nothing of plans.
"""

from __future__ import annotations

import re

from ingest.records import Block, Slide

__all__ = ["is_hands_on", "slide_minutes"]

# Reading to understand (Carver's "learning" rate) and to remember (his "memorizing" rate):
# slides' bullets and table cells are facts kept for an exam.
PROSE_WORDS_PER_MINUTE = 200
FACT_WORDS_PER_MINUTE = 138
# Our estimates, not measured on learners (docs/study.md says so).
CODE_LINES_PER_MINUTE = 10
DIAGRAM_SECONDS = 45
HANDS_ON_MINUTES = 8.0
SLIDE_SECONDS = 10
# A figure flattened to text leaves its labels as short paragraphs ("Amazon ECR", "Users").
LABEL_WORDS = 4
MIN_LABELS = 3

_HANDS_ON = re.compile(r"\bhands[\s-]*on\b|\bdemo\b|\blabs?\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
_LINE_NUMBER = re.compile(r"^\s*\d+\s?")


def _is_label(block: Block) -> bool:
    return (
        block.kind == "paragraph"
        and len(block.text.split()) <= LABEL_WORDS
        and not _SENTENCE_END.search(block.text)
    )


def _code_lines(block: Block) -> int:
    """Lines with code on them (slides number their listings: "3  def save(...)")."""
    return sum(1 for line in block.text.splitlines() if _LINE_NUMBER.sub("", line).strip())


def is_hands_on(slide: Slide) -> bool:
    """True for a slide that is practice (its title says hands-on, demo or lab)."""
    return bool(_HANDS_ON.search(slide.title))


def slide_minutes(slide: Slide) -> float:
    """Minutes to study one slide (see the table in docs/study.md)."""
    if is_hands_on(slide):
        return HANDS_ON_MINUTES
    prose = len(slide.title.split())
    facts = code = labels = 0
    for block in slide.blocks:
        if block.kind == "code":
            code += _code_lines(block)
        elif block.kind in ("bullet", "table"):
            facts += len(block.text.split())
        elif _is_label(block):
            labels += 1
            prose += len(block.text.split())
        else:
            prose += len(block.text.split())
    seconds = SLIDE_SECONDS + 60 * (
        prose / PROSE_WORDS_PER_MINUTE
        + facts / FACT_WORDS_PER_MINUTE
        + code / CODE_LINES_PER_MINUTE
    )
    if labels >= MIN_LABELS:
        seconds += DIAGRAM_SECONDS
    return seconds / 60
