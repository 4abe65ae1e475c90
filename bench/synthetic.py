"""Large vaults of our own making for the scale benchmarks: N notes, each with front matter,
a few sections, #tags and [[links]] to other notes, in sentences composed here.

    python bench/synthetic.py OUT_DIR --notes 1000 [--sections 3]

The text is varied enough that notes differ (so embeddings and keyword statistics look like
a real vault's), and reproducible (a fixed seed).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SERVICES = [
    "S3", "DynamoDB", "Lambda", "SQS", "SNS", "Kinesis", "EC2", "ECS", "API Gateway",
    "CloudFront", "CloudWatch", "X-Ray", "IAM", "Cognito", "KMS", "Step Functions",
    "ElastiCache", "RDS", "Aurora", "CloudFormation", "CodeBuild", "CodeDeploy", "EventBridge",
]  # fmt: skip
ASPECTS = [
    "limits", "pricing", "security", "monitoring", "scaling", "retries", "encryption",
    "permissions", "caching", "deployment", "quotas", "errors", "latency", "backups",
]  # fmt: skip
SUBJECTS = ["The service", "A consumer", "My function", "The client", "Each request",
            "The team", "A new version", "The cache", "Every table", "The pipeline"]  # fmt: skip
VERBS = ["keeps", "drops", "retries", "encrypts", "logs", "throttles", "stores", "sends",
         "reads", "rotates", "scales", "replicates", "checks", "limits"]  # fmt: skip
OBJECTS = ["the message", "old records", "each key", "the response", "failed calls",
           "the secret", "a second copy", "the metrics", "every write", "the session",
           "the access token", "the deployment package", "traffic spikes"]  # fmt: skip
TAILS = ["after a timeout", "within one region", "for a few days", "across zones",
         "when the queue is full", "once per minute", "before the deploy", "on every read",
         "without extra code", "at no extra cost", "behind a load balancer"]  # fmt: skip
TAGS = ["exam", "todo", "storage", "compute", "database", "security", "serverless",
        "networking", "monitoring", "deploy/ci", "deploy/iac"]  # fmt: skip


def _sentence(rng: random.Random, service: str) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"{rng.choice(TAILS)} in {service}."
    )


def note_name(i: int, rng_seed: int = 0) -> str:
    rng = random.Random(i * 7919 + rng_seed)
    return f"{rng.choice(SERVICES)} {rng.choice(ASPECTS)} {i:05d}"


def note_text(i: int, total: int, sections: int, seed: int = 0, edit: int = 0) -> str:
    """Note i of total (edit > 0 gives another version of the same note)."""
    rng = random.Random(i * 104729 + seed + edit * 31)
    service = rng.choice(SERVICES)
    lines = ["---", f"tags: [{rng.choice(TAGS)}, {rng.choice(TAGS)}]", "---",
             f"# {note_name(i, seed)}", ""]  # fmt: skip
    for s in range(sections):
        lines += [f"## {rng.choice(ASPECTS).capitalize()} {s + 1}", ""]
        body = " ".join(_sentence(rng, service) for _ in range(rng.randint(3, 6)))
        if rng.random() < 0.5:
            body += f" See [[{note_name(rng.randrange(total), seed)}]]."
        if rng.random() < 0.2:
            body += f" #{rng.choice(TAGS)}"
        lines += [body, ""]
    if edit:
        lines += [f"Edited {edit}: {_sentence(rng, service)}", ""]
    return "\n".join(lines)


def write_vault(folder: Path, notes: int, sections: int = 3, seed: int = 0) -> list[Path]:
    """Write notes into folder (ten sub-folders), returning their paths."""
    paths = []
    for i in range(notes):
        path = folder / f"area-{i % 10}" / f"{note_name(i, seed)}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note_text(i, notes, sections, seed), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--notes", type=int, default=1000)
    ap.add_argument("--sections", type=int, default=3)
    args = ap.parse_args()
    print(len(write_vault(args.out, args.notes, args.sections)), "notes written to", args.out)
