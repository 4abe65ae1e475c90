"""Schemathesis drives generated requests against the API's own OpenAPI schema:
no 500s, and every response matches the schema."""

import schemathesis
from hypothesis import HealthCheck, given, settings

from graph.api import create_app


def test_api_honours_its_schema(sample_build):
    # Schemathesis calls the app as Starlette's test client does, with Host: testserver.
    app = create_app(sample_build, allowed_hosts=["testserver"])
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate()

        check()
