"""Schemathesis over every operation of the API (issue 15, findings 10 and 11): requests built
from the published OpenAPI schema — valid ones and ones that break it — are sent in-process
with the API token of each role, and every answer must be what the schema promises: no server
error, a documented status, a documented content type, a body that validates against the
schema of its status, and a request that breaks the schema refused (4xx).

The rows are one of each kind in commune B of province 11 (the scoping test's world), so a
path naming a row names a real one. Each case — schemathesis's coverage cases (each field
missing, of the wrong type, at its bounds …, some forty per operation) and a few random ones —
goes out with one role, the roles taking turns, so every role reaches every operation. The run
is derandomised (the same every time) and bounded: some three minutes on two cores."""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from garrison.accounts.models import ApiToken
from garrison.accounts.rules import Role
from garrison.api import api
from garrison.cadres.models import PlacementPin
from garrison.core.api_routes import GENERATED, api_path, id_param
from garrison.core.api_schemas import spec_of
from garrison.reporting.returns.models import ReportForm, Submission
from tests.core.test_scoping import (
    _cadres_world,
    _forces_world,
    _report_forms_world,
    _reporting_world,
    _service_world,
)
from tests.factories import (
    AssignmentFactory,
    CommandFactory,
    CommuneFactory,
    PersonFactory,
    ProvinceFactory,
    UserFactory,
)

#: random examples per operation (valid and invalid), besides the coverage cases
EXAMPLES = 5

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
    max_examples=EXAMPLES,
    deterministic=True,
    with_security_parameters=False,  # the token is sent by the test, per role
)


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    """The rows and an API token per role, built once for the module inside a transaction
    rolled back at its end; each operation's test runs in a savepoint of its own, so each
    starts from the same rows. The roles that only read come first, so that a writer's
    delete comes last. The WSGI handler closes the database connection after a request (as
    in production); the transaction lives on it, so it stays open, as Django's test client
    keeps it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock(), transaction.atomic():
        yield _world()
        transaction.set_rollback(True)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _world() -> list[str]:
    province = ProvinceFactory(code=11, name="Điện Biên", codename="dien_bien")
    other_province = ProvinceFactory(code=12, name="Lai Châu", codename="lai_chau")
    commune_b = CommuneFactory(code=3151, name="Phường Mường Thanh", province=province)
    person_b = PersonFactory(residence_commune=commune_b, sex="female")
    users = [
        UserFactory(username=role, role=role, province=where, commune=commune)
        for role, where, commune in (
            (Role.MINISTRY_VIEWER, None, None),
            (Role.PROVINCE_INSPECTOR, province, None),
            (Role.COMMUNE_STAFF, province, commune_b),
            (Role.COMMUNE_COMMANDER, province, commune_b),
            (Role.PROVINCE_STAFF, province, None),
        )
    ]
    AssignmentFactory(command=CommandFactory(commune=commune_b), person=person_b)
    _service_world(person_b, commune_b, other_province, users[2])
    _forces_world(person_b, commune_b, other_province)
    _reporting_world(commune_b)
    _report_forms_world(commune_b, other_province, users[2])
    _cadres_world(person_b, commune_b, other_province)
    return [ApiToken.issue(user, "schemathesis")[1] for user in users]


def real_value(path: str, param: str):
    """A value of `param` naming a row that exists, for the operation at `path`, or None."""
    if param == "form_id":
        return ReportForm.objects.order_by("pk").values_list("pk", flat=True).first()
    if param == "period_key":
        return Submission.objects.order_by("pk").values_list("period_key", flat=True).first()
    if param == "pin_id":
        return PlacementPin.objects.order_by("pk").values_list("pk", flat=True).first()
    for config in GENERATED.values():
        if id_param(config) == param and path.startswith(f"/api{api_path(config)}/{{{param}}}"):
            rows = config.model._default_manager.order_by("pk")
            return rows.values_list(spec_of(config).lookup, flat=True).first()
    return None


@pytest.fixture
def turns(db):
    """Whose turn it is to send a coverage case: each role in turn, the same every run."""
    return itertools.count()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_promises(case, tokens, turns):
    if case.path_parameters and not case.meta.is_negative_at(ParameterLocation.PATH):
        for param in case.path_parameters:
            value = real_value(case.operation.path, param)
            if value is not None:
                case.path_parameters[param] = value
    headers = {"Authorization": f"Bearer {tokens[next(turns) % len(tokens)]}"}
    # a savepoint per request: a request that breaks the transaction fails here
    with transaction.atomic():
        response = case.call(headers=headers)
    case.validate_response(response, checks=CHECKS, headers=headers)
