"""Property-based requests generated from the OpenAPI schema against the real server: no 500s.

Schemathesis builds the requests (valid and invalid bodies, odd strings, missing fields) for every
operation; each response must be a documented status with the documented shape, and every error
must use the one error shape.
"""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fraudguard.api import create_app
from fraudguard.config import Settings
from tests.api.server import Server


@schemathesis.serializer("message/rfc822")
def _raw_email(ctx, value) -> bytes:  # type: ignore[no-untyped-def]
    """Generated 'binary' bodies go out as they are: arbitrary bytes posing as an email."""
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")


# the schema as the app builds it (nothing is opened: the lifespan does not run)
SPEC = create_app(Settings(database_url="sqlite://")).openapi()
OPERATIONS = [result.ok() for result in schemathesis.openapi.from_dict(SPEC).get_all_operations()]
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_server_serves_this_schema(server: Server) -> None:
    served = httpx.get(server.base + "/openapi.json").json()
    # the description states the server's own limits (the test server's are smaller)
    assert served["paths"] == SPEC["paths"] and served["components"] == SPEC["components"]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_generated_requests_never_fail_the_server(operation, server: Server) -> None:  # type: ignore[no-untyped-def]
    headers = server.auth("admin")

    @given(case=operation.as_strategy())
    @settings(
        max_examples=40,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call(base_url=server.base, headers=headers)
        case.validate_response(response, checks=CHECKS)
        if response.status_code >= 400:
            error = response.json()["error"]
            assert error["code"] and error["message"]

    run()
