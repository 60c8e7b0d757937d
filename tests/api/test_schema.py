"""The API's OpenAPI schema, tested by Schemathesis (property-based) against the running app, in-process.

Schemathesis reads ``/api/v1/openapi.json`` from the Django WSGI application and, for every operation,
generates requests from the schema (valid and invalid parameters) with a valid token and data in scope. Each
answer must not be a server error and, when its status is documented, must conform to the schema. The number of
examples is bounded so the whole run stays well under a minute.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from campaigns.enums import CampaignState
from tests.api.helpers import award, decision_about, make_token, person
from tests.campaigns.campaign_helpers import CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """The WSGI handler closes the connection after each request; inside the test's transaction it must not
    (Django's test client disconnects the same signals)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_headers(board, unit):
    someone = person(unit, 1)
    award(someone)
    award(unit=unit, code="TTLDTT")
    decision_about(unit)
    CampaignFactory(state=CampaignState.LAUNCHED)
    _, headers = make_token(board, [unit], include_pii=True)
    return headers


# Read when the module is collected: the schema view needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=10, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, api_headers):
    case.call_and_validate(headers=api_headers, checks=[not_a_server_error, response_schema_conformance])
