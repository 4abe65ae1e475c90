"""Study material of our own making for the format benchmarks: a PDF deck, a PowerPoint deck
and an Obsidian vault, all written here in our own words (none of it from the course slides).

    python bench/formats_corpus.py OUT_DIR     # writes deck.pdf, deck.pptx and vault/

The PDF is printed from HTML by Debian's Chromium; the PowerPoint deck is written with
python-pptx. bench/formats_questions.jsonl asks about this material.
"""

from __future__ import annotations

import html
import subprocess
import sys
import tempfile
from pathlib import Path

# A slide: (title, bullets), a bullet nested one level when it starts with "  ".
PDF_DECK: list[tuple[str, list[str]]] = [
    ("Messaging and Events on AWS", ["A study deck on queues, topics, streams and functions"]),
    (
        "Why decouple services",
        [
            "A caller that waits on a slow service slows down with it",
            "A buffer between the two lets each side scale on its own",
            "Failures stay local: the producer keeps accepting work",
        ],
    ),
    (
        "Amazon SQS at a glance",
        [
            "Fully managed queue, no servers or brokers to run",
            "Producers send messages, consumers poll and delete them",
            "Messages are kept for 4 days by default, up to 14 days",
            "Each message can hold up to 256 KB of text",
        ],
    ),
    (
        "SQS Visibility Timeout",
        [
            "A received message is hidden from other consumers for a while",
            "  Default 30 seconds, configurable per queue",
            "If the consumer does not delete it in time, it reappears",
            "  Another consumer may then process it a second time",
            "Call ChangeMessageVisibility when a job needs longer",
        ],
    ),
    (
        "SQS Dead Letter Queues",
        [
            "After MaximumReceives failed attempts a message moves aside",
            "The dead letter queue keeps poison messages out of the way",
            "Inspect them later, fix the bug, then redrive them to the source queue",
        ],
    ),
    (
        "SQS Long Polling",
        [
            "A receive call can wait up to 20 seconds for messages to arrive",
            "Fewer empty responses means fewer API calls and lower cost",
            "Set ReceiveMessageWaitTimeSeconds on the queue or per call",
        ],
    ),
    (
        "SQS FIFO Queues",
        [
            "First-in first-out order within a message group id",
            "Duplicates dropped within a five minute deduplication window",
            "Throughput is limited compared to standard queues",
            "  Batching raises the ceiling",
        ],
    ),
    (
        "Amazon SNS Topics",
        [
            "Publish once, every subscriber gets a copy",
            "Subscribers: SQS queues, Lambda functions, HTTP endpoints, email, SMS",
            "Filter policies let a subscriber receive only matching messages",
        ],
    ),
    (
        "Fan-out with SNS and SQS",
        [
            "One SNS topic delivers to several SQS queues",
            "Each queue feeds its own consumer, at its own pace",
            "Adding a new consumer means adding a queue, not changing the producer",
            "The queue policy must allow the topic to send messages",
        ],
    ),
    (
        "Kinesis Data Streams",
        [
            "An ordered log of records split into shards",
            "Records stay available for replay: 24 hours by default, up to a year",
            "Many consumers can read the same records independently",
        ],
    ),
    (
        "Kinesis Shards and Capacity",
        [
            "Each shard takes 1 MB/s or 1,000 records per second in",
            "Each shard gives 2 MB/s out, shared by standard consumers",
            "Enhanced fan-out gives each consumer its own 2 MB/s per shard",
            "The partition key decides which shard a record lands in",
        ],
    ),
    (
        "Choosing: SQS vs SNS vs Kinesis",
        [
            "SQS: work items consumed once, deleted after processing",
            "SNS: push notifications to many subscribers, no storage",
            "Kinesis: ordered stream kept for replay, read by many",
        ],
    ),
    (
        "AWS Lambda Basics",
        [
            "Run code without managing servers, billed per millisecond",
            "Memory from 128 MB to 10 GB; CPU grows with memory",
            "A single invocation may run for at most 15 minutes",
        ],
    ),
    (
        "Lambda Concurrency",
        [
            "Each concurrent request needs its own execution environment",
            "Reserved concurrency caps a function and guarantees it capacity",
            "Provisioned concurrency keeps environments initialised ahead of time",
            "  Removes cold starts for latency sensitive APIs",
            "When the account limit is reached, synchronous calls are throttled",
        ],
    ),
    (
        "Lambda Cold Starts",
        [
            "A new environment loads your code and runs the init code first",
            "Keep packages small and create SDK clients outside the handler",
            "Later requests reuse the warm environment and skip the init",
        ],
    ),
    (
        "Lambda Event Source Mapping",
        [
            "Lambda polls SQS, Kinesis and DynamoDB Streams for you",
            "Records are handed to the function in batches",
            "For streams, a failing batch blocks its shard until it succeeds or expires",
            "  Use bisect on error and an on-failure destination",
        ],
    ),
    (
        "Asynchronous Invocation and Destinations",
        [
            "S3 and SNS invoke Lambda asynchronously through an internal queue",
            "Lambda retries a failed event twice",
            "Destinations send the result of each event to SQS, SNS, EventBridge or Lambda",
        ],
    ),
    (
        "Amazon EventBridge",
        [
            "A serverless event bus: rules match events and route them to targets",
            "Schedules run targets on a cron or rate expression",
            "Partner and custom buses carry events from SaaS apps and your own code",
        ],
    ),
    (
        "Step Functions",
        [
            "State machines written in Amazon States Language (JSON)",
            "Task, Choice, Wait, Parallel and Map states",
            "Retry and Catch blocks handle errors for each step",
            "Standard workflows run up to a year; Express ones for high volume",
        ],
    ),
    (
        "DynamoDB Tables",
        [
            "Key-value and document database, fully managed",
            "Partition key alone, or partition key plus sort key",
            "Items up to 400 KB each",
        ],
    ),
    (
        "DynamoDB Capacity Modes",
        [
            "Provisioned: set read and write capacity units, with auto scaling",
            "On-demand: pay per request, no planning, costs more per request",
            "One WCU writes one 1 KB item per second",
            "One RCU reads one 4 KB item per second strongly consistent, or two eventually",
        ],
    ),
    (
        "DynamoDB Secondary Indexes",
        [
            "Local secondary index: same partition key, another sort key, made at creation",
            "Global secondary index: any keys, its own capacity, added at any time",
            "A throttled GSI throttles writes to the base table",
        ],
    ),
    (
        "DynamoDB Streams",
        [
            "An ordered log of item changes kept for 24 hours",
            "Trigger a Lambda function on every insert, update or delete",
            "Use it to replicate, to audit, or to update a search index",
        ],
    ),
    (
        "API Gateway",
        [
            "Front door for REST, HTTP and WebSocket APIs",
            "Integrates with Lambda, HTTP backends and AWS services",
            "Stages such as dev and prod, with stage variables",
            "Caching of responses per stage, 0.5 GB to 237 GB",
        ],
    ),
    (
        "API Gateway Throttling and Usage Plans",
        [
            "Account limit of 10,000 requests per second by default",
            "Usage plans with API keys limit and meter each client",
            "Clients over their limit receive 429 Too Many Requests",
        ],
    ),
    (
        "CloudWatch Metrics and Alarms",
        [
            "Services publish metrics; you can publish custom ones",
            "Alarms watch a metric and act: notify SNS, scale, recover an instance",
            "High resolution metrics go down to one second",
        ],
    ),
    (
        "X-Ray Tracing",
        [
            "Follows a request across services as a trace of segments",
            "Service map shows latency and errors between components",
            "Enable active tracing on Lambda; use the daemon on EC2",
        ],
    ),
    (
        "Summary",
        [
            "Queues buffer work, topics broadcast, streams keep order for replay",
            "Lambda runs the glue; Step Functions orchestrate longer flows",
            "Measure everything with CloudWatch and X-Ray",
        ],
    ),
]

# A slide: (title, bullets, table rows, speaker notes).
PPTX_DECK: list[tuple[str, list[str], list[list[str]], str]] = [
    ("Shipping Code to AWS", ["From commit to production, safely"], [], ""),
    (
        "The Release Pipeline",
        [
            "Source: a commit to the repository starts everything",
            "Build: compile, run unit tests, package an artifact",
            "Deploy: roll the artifact out to test, then production",
        ],
        [],
        "Ask the room who has broken production on a Friday.",
    ),
    (
        "CodeCommit",
        [
            "Private Git repositories hosted by AWS",
            "Access with IAM users, SSH keys or HTTPS credentials",
            "Triggers notify SNS or Lambda on pushes",
        ],
        [],
        "Many teams use GitHub instead; the pipeline works with both.",
    ),
    (
        "CodeBuild",
        [
            "Runs builds in fresh containers, pay by the minute",
            "Instructions live in buildspec.yml at the root of the repository",
            "  phases: install, pre_build, build, post_build",
            "Caches dependencies in S3 to speed up later builds",
        ],
        [],
        "If a build hangs, check the logs CodeBuild streams to CloudWatch Logs.",
    ),
    (
        "CodeDeploy",
        [
            "Deploys to EC2 instances, on-premises servers, Lambda and ECS",
            "appspec.yml lists the files and the lifecycle hooks",
            "An agent must run on each EC2 instance",
        ],
        [],
        "The agent is the most forgotten step in the exam scenarios.",
    ),
    (
        "Deployment Strategies",
        [],
        [
            ["Strategy", "How it works", "Downtime"],
            ["All at once", "Every instance updated together", "Yes"],
            ["Rolling", "A batch at a time", "Reduced capacity"],
            ["Blue/green", "A second fleet, then switch traffic", "None"],
            ["Canary", "A small share of traffic first", "None"],
        ],
        "Blue/green costs double capacity for a short while.",
    ),
    (
        "CodePipeline",
        [
            "Chains source, build, test and deploy stages",
            "Artifacts pass between stages through an S3 bucket",
            "Manual approval actions pause before production",
        ],
        [],
        "Approval steps can send an SNS email to the release manager.",
    ),
    (
        "Elastic Beanstalk",
        [
            "Upload code, Beanstalk provisions EC2, load balancer and scaling",
            "Environments: web server tier or worker tier",
            "Configuration files in the .ebextensions folder",
        ],
        [],
        "Worker tier environments read their jobs from an SQS queue.",
    ),
    (
        "Beanstalk Deployment Policies",
        [
            "All at once: fastest, with downtime",
            "Rolling with additional batch: keeps full capacity",
            "Immutable: new instances in a new Auto Scaling group",
            "Traffic splitting: canary testing with a share of users",
        ],
        [],
        "Immutable is the safest rollback: just terminate the new group.",
    ),
    (
        "CloudFormation Templates",
        [
            "Infrastructure as code in YAML or JSON",
            "Sections: Parameters, Mappings, Conditions, Resources, Outputs",
            "Only Resources is mandatory",
        ],
        [],
        "Templates must be uploaded to S3 before a stack can use them.",
    ),
    (
        "CloudFormation Stacks",
        [
            "A stack creates, updates and deletes its resources together",
            "Change sets preview what an update will do",
            "A failed update rolls back to the last working state",
            "Outputs can be exported and imported by other stacks",
        ],
        [],
        "Drift detection tells you what someone changed by hand.",
    ),
    (
        "Intrinsic Functions",
        [
            "Ref returns a parameter value or a resource id",
            "Fn::GetAtt reads an attribute such as an ARN",
            "Fn::Sub substitutes variables into a string",
            "Fn::ImportValue reads an export from another stack",
        ],
        [],
        "",
    ),
    (
        "AWS SAM",
        [
            "Shorthand for serverless resources on top of CloudFormation",
            "Transform: AWS::Serverless-2016-10-31 marks a SAM template",
            "sam build, sam deploy, and sam local to test functions on a laptop",
        ],
        [],
        "SAM policy templates save writing IAM statements by hand.",
    ),
    (
        "AWS CDK",
        [
            "Define infrastructure in TypeScript, Python or Java",
            "cdk synth turns the code into a CloudFormation template",
            "Constructs bundle sensible defaults for common patterns",
        ],
        [],
        "",
    ),
    (
        "Containers on ECS",
        [
            "Task definitions describe images, CPU, memory and ports",
            "Services keep a number of tasks running behind a load balancer",
            "Launch type EC2 (you manage hosts) or Fargate (no hosts)",
        ],
        [],
        "Images usually come from ECR, the private registry.",
    ),
    (
        "ECS Task Roles",
        [
            "Each task gets its own IAM role for calling AWS APIs",
            "Never bake access keys into container images",
            "The instance profile is for the ECS agent, not the app",
        ],
        [],
        "A common exam trap: the answer is the task role, not the instance role.",
    ),
    (
        "IAM Policies",
        [
            "JSON documents with Effect, Action, Resource and Condition",
            "An explicit deny always wins over any allow",
            "Grant least privilege: only what the job needs",
        ],
        [],
        "",
    ),
    (
        "IAM Roles for Applications",
        [
            "EC2 instances get credentials from an instance profile",
            "Lambda functions run with an execution role",
            "Temporary credentials rotate automatically through STS",
        ],
        [],
        "Roles replace long-lived access keys on servers.",
    ),
    (
        "Cognito User Pools",
        [
            "A user directory: sign-up, sign-in, password reset, MFA",
            "Issues JSON Web Tokens after login",
            "API Gateway can check those tokens with a Cognito authorizer",
        ],
        [],
        "Hosted UI gives a login page without writing one.",
    ),
    (
        "Cognito Identity Pools",
        [
            "Swap a login (or a guest) for temporary AWS credentials",
            "Lets a mobile app write directly to S3 or DynamoDB",
            "Policies can scope access to the user's own data",
        ],
        [],
        "User pools answer who you are; identity pools answer what you may do in AWS.",
    ),
    (
        "KMS Encryption",
        [
            "Managed keys that never leave the service unencrypted",
            "Encrypt API takes at most 4 KB of data",
            "Envelope encryption: a data key encrypts the file, KMS encrypts the data key",
            "  GenerateDataKey returns both forms of the key",
        ],
        [],
        "Every KMS call is logged in CloudTrail.",
    ),
    (
        "Secrets Manager vs Parameter Store",
        [],
        [
            ["Feature", "Secrets Manager", "Parameter Store"],
            ["Automatic rotation", "Built in, with Lambda", "Not built in"],
            ["Price", "Per secret per month", "Standard tier free"],
            ["Hierarchies", "No", "Paths such as /app/prod/db"],
        ],
        "Pick Secrets Manager when database passwords must rotate.",
    ),
    (
        "Wrap-up",
        [
            "Automate the path from commit to production",
            "Describe infrastructure as code and review it like code",
            "Give every component its own narrow role",
        ],
        [],
        "",
    ),
]

# A note: file name (without .md) → text. Front matter, [[wikilinks]], #tags and callouts
# as people write them in Obsidian.
VAULT: dict[str, str] = {
    "Home": """---
tags: [index]
aliases: [Start here]
---
# Home

My notes for the developer exam. Start with [[Networking basics]], then [[S3]] and
[[DynamoDB|the NoSQL database]]. Open questions live in [[Questions to review]].
""",
    "Networking basics": """---
tags: [networking]
---
# Networking basics

## VPC

A VPC is my own private network inside a region. It is split into subnets, one per
availability zone. #networking

## Public and private subnets

A public subnet has a route to an internet gateway. Instances in a private subnet reach
the internet through a NAT gateway, which lives in a public subnet.

## Security groups and NACLs

Security groups are stateful firewalls attached to instances: return traffic is allowed
automatically. Network ACLs sit on the subnet and are stateless, so rules are needed both
ways. See also [[EC2]].
""",
    "EC2": """---
tags: [compute]
aliases: [virtual machines, instances]
---
# EC2

Rent virtual machines by the second. Pick an instance type for CPU and memory, an AMI for
the operating system, and a security group for the firewall. Networking is in
[[Networking basics#Security groups and NACLs]].

## Paying for EC2

- On-Demand: no commitment, highest price per hour
- Reserved and Savings Plans: commit for one or three years, large discount
- Spot: spare capacity at a deep discount, can be taken back with a two minute warning

> [!tip] Exam hint
> Batch jobs that can be interrupted belong on Spot instances.
""",
    "S3": """---
tags: [storage]
aliases: [Simple Storage Service, buckets]
---
# S3

Object storage: files live in buckets under keys, up to 5 TB per object. Uploads over
100 MB should use multipart upload.

## Storage classes

Standard for hot data, Standard-IA for data read less than once a month, Glacier tiers
for archives that can wait minutes to hours. Lifecycle rules move objects between classes
as they age. #cost

## Presigned URLs

A presigned URL lets someone without AWS credentials download or upload one object for a
limited time. The URL carries the permissions of whoever signed it.

## Events

S3 can notify [[Lambda]], SQS or SNS when an object is created or deleted.
![[s3-events-diagram.png]]
""",
    "S3 encryption": """---
tags: [storage, security]
---
# S3 encryption

> [!note] Four ways to encrypt
> SSE-S3 uses keys that S3 manages. SSE-KMS uses a key in KMS and leaves an audit trail.
> SSE-C means I send my own key with every request. Client-side means I encrypt before
> uploading.

A bucket policy can refuse uploads that do not ask for encryption. Related: [[KMS]].
""",
    "DynamoDB": """---
tags: [database]
aliases: [Dynamo]
---
# DynamoDB

A serverless NoSQL table. Every item needs the partition key; a sort key lets one
partition hold many items in order.

## Reading cheaply

Query reads items with one partition key and is cheap. Scan reads the whole table and is
expensive, so avoid it on big tables. #cost

## Optimistic locking

A conditional write with a version number stops two clients from overwriting each other's
changes. If the condition fails, read the item again and retry.

## DAX

DAX is an in-memory cache in front of DynamoDB that answers reads in microseconds. It
speaks the same API, so the code barely changes. Compare with [[ElastiCache]].
""",
    "ElastiCache": """---
tags: [database, caching]
---
# ElastiCache

Managed Redis or Memcached. The application has to change to use a cache.

## Caching strategies

Lazy loading fills the cache on a miss, so only requested data is cached but the first
read is slow. Write-through updates the cache on every write, so data is never stale but
the cache holds data nobody reads. A TTL limits how stale lazy loaded data can get.

## Sessions

Storing user sessions in Redis lets any web server answer any user, which makes the web
tier stateless. Compare with [[DynamoDB#DAX]].
""",
    "Lambda": """---
tags: [serverless, compute]
aliases: [functions]
---
# Lambda

Functions that run on events. I pay only while the code runs.

## Limits to remember

Timeout 15 minutes. Memory up to 10 GB. Deployment package 50 MB zipped, 250 MB unzipped.
Environment variables up to 4 KB. Use /tmp for up to 10 GB of scratch space.

## Versions and aliases

A version is a frozen copy of code and configuration. An alias such as prod points at a
version, and can split traffic between two versions for a canary release.

## Layers

Layers hold shared libraries so every function does not package them again. #serverless

Related: [[S3]], [[API Gateway]], [[Step Functions]].
""",
    "API Gateway": """---
tags: [serverless]
---
# API Gateway

Creates REST and WebSocket APIs in front of [[Lambda]] or any HTTP backend.

## Authorizers

A Lambda authorizer runs my own code to check a token. A Cognito authorizer checks a user
pool token without code. IAM authorization signs requests with SigV4.

## CORS

A browser calling an API on another domain first sends an OPTIONS request. The API must
answer with the Access-Control-Allow-Origin header or the browser blocks the call.
""",
    "Step Functions": """---
tags: [serverless]
---
# Step Functions

Orchestrates a workflow as a state machine. Each state can retry with backoff and catch
errors, which is cleaner than chaining [[Lambda]] functions by hand.

> [!warning] Payload size
> A state passes at most 256 KB of data to the next state. Store bigger data in
> [[S3]] and pass the key.
""",
    "KMS": """---
tags: [security]
aliases: [Key Management Service]
---
# KMS

Manages encryption keys. A customer managed key has a key policy that decides who can use
it. Data bigger than 4 KB is encrypted with a data key: envelope encryption.

Back to [[S3 encryption]].
""",
    "CloudWatch": """---
tags: [monitoring]
---
# CloudWatch

## Logs

Log groups hold log streams. Metric filters turn log lines into metrics, for example a
count of ERROR lines. Retention can be set per log group.

## Alarms

An alarm has three states: OK, ALARM and INSUFFICIENT_DATA. It can notify an SNS topic or
trigger an Auto Scaling action.
""",
    "Questions to review": """---
tags: [index
---
# Questions to review

- Why does a Scan cost more than a Query? See [[DynamoDB]].
- When should I use [[Kinesis]] instead of SQS?
- What happens to a Spot instance when AWS needs it back?
""",
    "Daily/2024-05-02": """# 2024-05-02

Studied [[Lambda]] today. The cold start is the time to start a new execution
environment and run the init code. Provisioned concurrency keeps environments warm.
#serverless #journal
""",
}

VAULT_EXTRAS = {
    ".obsidian/workspace.json": '{"main": {"type": "split"}}\n',
    ".obsidian/app.json": "{}\n",
    ".trash/Old note.md": "# Old note\n\nSomething I deleted about Lightsail.\n",
}


def _page(title: str, bullets: list[str]) -> str:
    items = []
    nested: list[str] = []
    for bullet in [*bullets, ""]:
        if bullet.startswith("  "):
            nested.append(f"<li>{html.escape(bullet.strip())}</li>")
            continue
        if nested:
            items[-1] = items[-1].replace("</li>", f"<ul>{''.join(nested)}</ul></li>")
            nested = []
        if bullet:
            items.append(f"<li>{html.escape(bullet)}</li>")
    return (
        f"<section><h1>{html.escape(title)}</h1><ul>{''.join(items)}</ul>"
        f"<footer>Messaging and Events · study deck</footer></section>"
    )


_CSS = """
@page { size: 254mm 142.9mm; margin: 0 }
body { margin: 0; font-family: sans-serif }
section { height: 142.9mm; padding: 12mm 16mm; box-sizing: border-box; position: relative;
          page-break-after: always }
h1 { font-size: 30pt; margin: 0 0 8mm }
li { font-size: 17pt; margin: 2mm 0 }
footer { position: absolute; bottom: 6mm; left: 16mm; font-size: 9pt; color: #777 }
"""


def write_pdf(slides: list[tuple[str, list[str]]], path: Path) -> None:
    """Print the slides to a PDF, one page each, with Debian's Chromium."""
    pages = "".join(_page(t, b) for t, b in slides)
    doc = f"<!doctype html><html><head><meta charset=utf-8><style>{_CSS}</style></head>"
    doc += f"<body>{pages}</body></html>"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "deck.html"
        src.write_text(doc, encoding="utf-8")
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--print-to-pdf={path}", src.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


def write_pptx(slides, path: Path) -> None:
    """Write the deck with python-pptx: title and content layout, tables, speaker notes."""
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    for title, bullets, table, notes in slides:
        slide = prs.slides.add_slide(prs.slide_layouts[1 if bullets or not table else 5])
        slide.shapes.title.text = title
        if bullets:
            frame = slide.placeholders[1].text_frame
            for n, bullet in enumerate(bullets):
                para = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
                para.text = bullet.strip()
                para.level = 1 if bullet.startswith("  ") else 0
        if table:
            shape = slide.shapes.add_table(
                len(table), len(table[0]), Inches(0.5), Inches(1.6), Inches(9), Inches(3)
            )
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    shape.table.cell(r, c).text = cell
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    prs.save(str(path))


def write_vault(folder: Path) -> None:
    """Write the vault's notes, with an .obsidian folder and a .trash folder to ignore."""
    for name, text in VAULT.items():
        path = folder / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, text in VAULT_EXTRAS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_all(out: Path) -> dict[str, Path]:
    """Write deck.pdf, deck.pptx and vault/ into out; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {"pdf": out / "deck.pdf", "pptx": out / "deck.pptx", "vault": out / "vault"}
    write_pdf(PDF_DECK, paths["pdf"])
    write_pptx(PPTX_DECK, paths["pptx"])
    write_vault(paths["vault"])
    return paths


if __name__ == "__main__":
    print(write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/formats")))
