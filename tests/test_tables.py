"""A table is read cell by cell, each cell under its column header and spoken by the row."""

from tests.test_relations import catalog, relations_of

__all__ = ["catalog"]


def table(title, header, *rows):
    lines = [f"| {' | '.join(header)} |", "|" + "---|" * len(header)]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return f"# {title}\n\n" + "\n".join(lines) + "\n"


def read_table(catalog, title, header, *rows):
    """The relations read from one table of our own words."""
    return relations_of(table(title, header, *rows), catalog)


def test_a_cell_that_says_something_is_a_sentence_its_row_subject_opens(catalog):
    found = read_table(
        catalog, "Scaling", ("Piece", "What it does"),
        ("Auto Scaling group", "adds or removes EC2 instances"),
        ("SAM", "an extension of CloudFormation"),
    )  # fmt: skip
    assert {("ASG", "EC2", "scales"), ("SAM", "CloudFormation", "part_of")} <= set(found), found
    # The evidence is the whole row.
    assert found[("ASG", "EC2", "scales")].evidence[0].text.startswith("Auto Scaling group |")


def test_a_cell_that_only_names_takes_its_relation_from_its_header(catalog):
    found = read_table(catalog, "Flows", ("Source", "Destination"), ("Lambda", "CloudWatch Logs"))
    assert set(found) == {("Lambda", "CloudWatch Logs", "logs_to")}


def test_cells_of_other_columns_and_rows_are_not_read_across(catalog):
    # X-Ray's and CloudTrail's cells say nothing of CloudWatch, the page's most named service.
    found = read_table(
        catalog, "Three tools", ("", "CloudWatch", "X-Ray", "CloudTrail"),
        ("Data", "metrics and alarms", "traces", "API calls"),
        ("Used for", "dashboards", "latency of API Gateway calls", "an audit of Lambda calls"),
    )  # fmt: skip
    assert not any("CloudWatch" in k[:2] for k in found), found
    found = read_table(
        catalog, "Where it runs", ("Option", "Runs on"),
        ("ECS, EC2 launch type", "tasks on instances you manage"),
        ("ECS, Fargate launch type", "ECS tasks run on Fargate"),
    )  # fmt: skip
    assert not any({"EC2", "Fargate"} == set(k[:2]) for k in found), found


def test_a_column_header_naming_a_service_speaks_where_the_row_names_none(catalog):
    found = read_table(
        catalog, "Caches", ("", "DAX", "ElastiCache"),
        ("What it does", "caches DynamoDB item reads", "caches RDS query results"),
        ("Notes", "made for DynamoDB, DynamoDB only", "RDS, or anything"),
    )  # fmt: skip
    assert {("DAX", "DynamoDB", "caches"), ("ElastiCache", "RDS", "caches")} <= set(found), found


def test_a_cell_spoken_by_its_column_is_framed_by_its_row_label(catalog):
    found = read_table(
        catalog, "Serverless stores", ("Feature", "DynamoDB", "Aurora"),
        ("Encryption at rest", "on by default", "KMS"),
    )  # fmt: skip
    assert set(found) == {("KMS", "Aurora", "encrypts")}, found
