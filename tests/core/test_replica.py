"""The read-replica router and middleware (core.replica) without a replica: which database each
read would go to, and when a user is kept on the primary. The real streaming replica is
exercised by tests/replica (scripts/test starts one)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.test import RequestFactory
from django.views import View

from garrison.core import replica
from garrison.core.models import ExportJob
from garrison.core.replica import (
    STICKY_COOKIE,
    ReplicaMiddleware,
    ReplicaReadsMixin,
    ReplicaRouter,
    replica_reads,
)
from garrison.people.models import Person
from garrison.territory.models import Province

router = ReplicaRouter()


@pytest.fixture
def configured(monkeypatch, settings):
    """As if DATABASE_REPLICA_URL were set (no query is run on the replica here)."""
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    settings.GARRISON_REPLICA_STICKY_SECONDS = 10


def test_it_reads_from_the_primary_unless_a_block_allows_the_replica(configured):
    assert router.db_for_read(Person) == "default"
    with replica_reads():
        assert router.db_for_read(Person) == "replica"
        assert router.db_for_write(Person) == "default"
    assert router.db_for_read(Person) == "default"


def test_it_works_as_a_decorator(configured):
    @replica_reads()
    def dashboard():
        return router.db_for_read(Province)

    assert dashboard() == "replica"
    assert dashboard() == "replica"  # reusable
    assert router.db_for_read(Province) == "default"


def test_it_reads_sign_in_sessions_accounts_and_jobs_from_the_primary(configured):
    with replica_reads():
        assert router.db_for_read(get_user_model()) == "default"
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(ExportJob) == "default"


def test_it_changes_nothing_without_a_replica(settings):
    assert "replica" not in settings.DATABASES
    with replica_reads():
        assert router.db_for_read(Person) == "default"


def test_it_migrates_the_primary_only():
    assert router.allow_migrate("default", "people")
    assert not router.allow_migrate("replica", "people")
    assert router.allow_relation(object(), object())


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('INSERT INTO "people_person" ("full_name") VALUES (%s)', True),
        ('  update "people_person" SET "full_name" = %s', True),
        ('DELETE FROM "people_person" WHERE "id" = %s', True),
        ('SELECT "id" FROM "people_person" WHERE "id" = %s FOR UPDATE', True),
        ('SELECT "id" FROM "people_person" WHERE "full_name" = %s', False),
        ('SELECT COUNT(*) FROM "reporting_submission" WHERE "updated" IS NULL', False),
    ],
)
def test_it_tells_writes_from_reads(sql, writes):
    assert replica.is_write(sql) is writes


def test_a_task_that_writes_reads_from_the_primary_afterwards(configured, db):
    # pytest-django's transaction makes every read here a primary read; the state still shows
    # the write was seen
    with replica_reads():
        state = replica.current_state()
        assert state is not None and not state.wrote
        Province.objects.create(code=90, name="Tỉnh Thử", codename="tinh_thu")
        assert state.wrote
        assert router.db_for_read(Person) == "default"


def test_it_reads_from_the_primary_inside_a_transaction(configured, db):
    assert connection.in_atomic_block  # the test's own transaction
    with replica_reads():
        assert router.db_for_read(Person) == "default"


# --- the middleware ---------------------------------------------------------------------------
def run(request, view):
    seen = {}

    def get_response(req):
        with replica_reads():
            seen["before"] = router.db_for_read(Person)
            response = view(req)
            seen["after"] = router.db_for_read(Person)
        return response

    response = ReplicaMiddleware(get_response)(request)
    return response, seen


def test_a_page_that_only_reads_uses_the_replica_and_sets_no_cookie(configured):
    response, seen = run(RequestFactory().get("/"), lambda r: HttpResponse("ok"))
    assert seen == {"before": "replica", "after": "replica"}
    assert STICKY_COOKIE not in response.cookies


def test_a_post_reads_from_the_primary_and_keeps_the_user_there(configured):
    response, seen = run(RequestFactory().post("/"), lambda r: HttpResponse("ok"))
    assert seen == {"before": "default", "after": "default"}
    cookie = response.cookies[STICKY_COOKIE]
    assert cookie["max-age"] == 10
    assert cookie["httponly"]


def test_the_sticky_cookie_keeps_the_next_page_on_the_primary(configured):
    request = RequestFactory().get("/")
    request.COOKIES[STICKY_COOKIE] = "1"
    response, seen = run(request, lambda r: HttpResponse("ok"))
    assert seen == {"before": "default", "after": "default"}
    assert STICKY_COOKIE not in response.cookies  # it runs out; not renewed by a read


@pytest.mark.django_db(transaction=True)
def test_a_get_that_writes_reads_from_the_primary_afterwards(configured):
    def view(request):
        Province.objects.create(code=91, name="Tỉnh Ghi", codename="tinh_ghi")
        return HttpResponse("ok")

    response, seen = run(RequestFactory().get("/"), view)
    assert seen == {"before": "replica", "after": "default"}
    assert STICKY_COOKIE in response.cookies


def test_no_cookie_when_sticky_seconds_is_zero(configured, settings):
    settings.GARRISON_REPLICA_STICKY_SECONDS = 0
    response, _seen = run(RequestFactory().post("/"), lambda r: HttpResponse("ok"))
    assert STICKY_COOKIE not in response.cookies


class Rollup(ReplicaReadsMixin, View):
    def get(self, request):
        # a template response renders after the view returns: the mixin renders it inside
        return TemplateResponse(request, engines["django"].from_string("{{ db }}"), {"db": Lazy()})

    def post(self, request):
        return HttpResponse(router.db_for_read(Person))


class Lazy:
    def __str__(self):
        return router.db_for_read(Person)


def test_the_mixin_reads_a_get_and_its_template_from_the_replica(configured):
    response = ReplicaMiddleware(Rollup.as_view())(RequestFactory().get("/"))
    assert response.content == b"replica"
    response = ReplicaMiddleware(Rollup.as_view())(RequestFactory().post("/"))
    assert response.content == b"default"


def test_settings_install_the_router_and_middleware_only_with_a_replica_url(tmp_path):
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(settings.DATABASE_ROUTERS, sorted(settings.DATABASES), "
        "'garrison.core.replica.ReplicaMiddleware' in settings.MIDDLEWARE)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "garrison.settings",
        "GARRISON_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_REPLICA_URL", None)
    plain = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert plain.stdout.split("] ")[0] == "["
    assert plain.stdout.strip().endswith("False")
    env["DATABASE_REPLICA_URL"] = "postgres://reader@127.0.0.1:5435/garrison"
    with_replica = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "garrison.core.replica.ReplicaRouter" in with_replica.stdout
    assert "'replica'" in with_replica.stdout
    assert with_replica.stdout.strip().endswith("True")
