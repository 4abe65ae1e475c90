"""Features in their service: the catalog's part_of, as edges of the notes that name them.

A feature (MFA, SSE-KMS, Fargate) is part of the service the catalog names as soon as the
notes name the feature. Its evidence is every statement that names the two together; where
none does, the catalog entry itself, so that the edge still says where it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.catalog import Catalog
from ingest.statements import SlideReading

__all__ = ["Sighting", "feature_sightings"]


@dataclass(slots=True)
class Sighting:
    """Where the notes name a feature: the statements naming it with its service, by key
    (source, line_start, line_end) → (text, context)."""

    feature: str
    service: str
    together: dict[tuple[str, int, int], tuple[str, str]] = field(default_factory=dict)


def feature_sightings(readings: Iterable[SlideReading], catalog: Catalog) -> list[Sighting]:
    """One sighting per (feature, service) the catalog pairs and the notes name the
    feature of, in the order the notes first name each feature. A statement names the two
    together when it names both, or names the feature under a title or a row naming the
    service ("SSE-C: keys you send" on "S3 Encryption")."""
    found: dict[tuple[str, str], Sighting] = {}
    for reading in readings:
        slide = reading.slide
        titled = {m.service for m in reading.title_mentions}
        said = [(slide.title, slide.line_start, slide.line_start, "", titled, set())]
        said += [
            (st.shown or st.text, st.line_start, st.line_end, slide.title,
             {m.service for m in st.mentions}, titled | ({st.subject} - {""}))
            for st in reading.statements
        ]  # fmt: skip
        for text, start, end, context, names, above in said:
            for name in names:
                for service in catalog.services[name].part_of:
                    seen = found.setdefault((name, service), Sighting(name, service))
                    if service in names | above:
                        seen.together[(slide.source, start, end)] = (text, context)
    return list(found.values())
