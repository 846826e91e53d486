"""The server's OpenAPI fuzzed with schemathesis against a running server: whatever arrives, no 5xx, only
the statuses the OpenAPI documents, and every answer of the shape it documents.

Half the requests carry a valid token of a province-48 staff account, so the fuzzing reaches past the
login checks into push, pull and verify; the other half carry none, a malformed or a foreign one.
"""

from __future__ import annotations

import zlib
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance, status_code_conformance
from sqlalchemy import create_engine

from sync.server.app import create_app
from tests.sync_fixtures import PASSWORD

FUZZ_EXAMPLES = 60


@pytest.fixture
def staff_token(app_client: httpx.Client) -> str:
    answer = app_client.post(
        "/api/v1/auth/token",
        json={"username": "lan", "password": PASSWORD, "device_id": "fuzz-device-0001", "device_name": "fuzz"},
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


# The description the server publishes (it does not depend on the database): one test per operation.
api = schemathesis.openapi.from_dict(create_app(create_engine("sqlite://")).openapi())


@api.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_request_makes_the_server_fail(
    case: schemathesis.Case[Any], app_client: httpx.Client, staff_token: str
) -> None:
    headers = dict(case.headers or {})
    if "authorization" not in {k.lower() for k in headers} and zlib.crc32(repr(case.body).encode()) % 2 == 0:
        headers["Authorization"] = f"Bearer {staff_token}"
    checks = [not_a_server_error, status_code_conformance, response_schema_conformance]
    case.call_and_validate(base_url=str(app_client.base_url), headers=headers, checks=checks)
