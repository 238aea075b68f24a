"""Bad input in a page's query string is never a server error (issue 15, finding 10).

Every page a GET reaches is enumerated from the URL resolver (like the scoping test, whose
world builders make one row of each kind, here in commune A). Each page's query parameters are
discovered: the ones it reads while answering a plain GET (recorded), the filters of a register's
FilterSet, and the fields an add page pre-fills from the query string. Each parameter is then
sent each bad value below, as commune staff, province staff or the Ministry's viewer, on SQLite
and on PostgreSQL (which refuses NUL in text and overflows other integers).

No answer may be a 5xx, and no page may echo the script it was sent unescaped.

How the values are sent, to check every page, parameter and value in about a minute and a half:
- a page's values are shared out in turn among the personas who open it (each meets every
  value, on different pages);
- every parameter of a page takes the value at once (as the attack did);
- a register's list that refuses the value in a filter (its FilterSet's errors) filters nothing,
  which would hide what its other filters do with the value: its export takes the value in those
  other filters (the same rows, written to CSV or Excel in turn), after taking it in `format`
  alone;
- a hand-written page may stop at its first bad parameter: each of its parameters takes the
  value alone too;
- a PDF takes the value in all its parameters at once only.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.template.base import Template
from django.test import RequestFactory
from django.urls import URLPattern, get_resolver
from django.utils.datastructures import MultiValueDict

from garrison.accounts.models import ApiToken, User
from garrison.commands.models import (
    Assignment,
    MilitaryCommand,
    PredecessorUnit,
    Reorganisation,
    StaffingQuota,
)
from garrison.core.filtering import filterset_for
from garrison.core.models import ExportJob, ImportJob
from garrison.core.views import ObjectEditView, ObjectExportView, ObjectListView
from garrison.people.models import Person
from garrison.territory.models import Commune, Province
from tests.conftest import client_for
from tests.core import test_scoping as scoping
from tests.factories import AssignmentFactory, CommandFactory

pytestmark = pytest.mark.django_db

SCRIPT = "'\"><script>alert('fuzz')</script>"

#: the bad values, by a short name for the failure messages
BAD_VALUES: dict[str, str | list[str]] = {
    "empty": "",
    "blank": " ",
    "NUL": "\x00",
    "NUL inside": "a\x00b",
    "-1": "-1",
    "0": "0",
    "1e309": "1e309",
    "2**63": "9223372036854775808",
    "20 digits": "99999999999999999999",
    "10000": "10000",
    "-99999": "-99999",
    "NaN": "NaN",
    "inf": "inf",
    "month 13": "2026-13-45",
    "31 February": "31/02/2026",
    "zero date": "0000-00-00",
    "script": SCRIPT,
    "path": "../../etc/passwd",
    "[]": "[]",
    "{}": "{}",
    "Arabic digits": "١٢٣",
    "5,000 characters": "x" * 5000,
    "repeated": ["1", "2"],
}

#: pages left out: signing out ends the session the rest of the run needs
SKIPPED = ("accounts/logout/",)
#: what a page reads that the recorder cannot see (`set(request.GET)`)
UNSEEN_PARAMS = {"cadres:screening": ["profile", "command", "position", "on", "home_rule"]}


@contextlib.contextmanager
def recording():
    """The names of the query parameters read while the block runs."""
    seen: set[str] = set()
    getitem, getlist = MultiValueDict.__getitem__, MultiValueDict._getlist
    contains = MultiValueDict.__contains__

    def record(self, key):
        if isinstance(self, QueryDict) and isinstance(key, str):
            seen.add(key)

    def recorded_getitem(self, key):
        record(self, key)
        return getitem(self, key)

    def recorded_getlist(self, key, *args, **kwargs):
        record(self, key)
        return getlist(self, key, *args, **kwargs)

    def recorded_contains(self, key):
        record(self, key)
        return contains(self, key)

    MultiValueDict.__getitem__ = recorded_getitem  # type: ignore[method-assign]
    MultiValueDict._getlist = recorded_getlist  # type: ignore[method-assign]
    MultiValueDict.__contains__ = recorded_contains  # type: ignore[method-assign]
    try:
        yield seen
    finally:
        MultiValueDict.__getitem__ = getitem  # type: ignore[method-assign]
        MultiValueDict._getlist = getlist  # type: ignore[method-assign]
        del MultiValueDict.__contains__


@pytest.fixture
def world_a(commune_a, province, other_province, person_a, commune_a_staff):
    """One row of each kind in commune A (province-wide rows in its province), keyed like the
    scoping test's world of commune B, so its `object_for` finds a row for each route."""
    command = CommandFactory(commune=commune_a)
    return {
        **scoping._service_world(person_a, commune_a, province, commune_a_staff),
        **scoping._forces_world(person_a, commune_a, province),
        **scoping._reporting_world(commune_a),
        **scoping._report_forms_world(commune_a, province, commune_a_staff),
        **scoping._cadres_world(person_a, commune_a, province),
        **scoping._operations_world(person_a, commune_a, province, commune_a_staff),
        **scoping._oversight_world(commune_a, province),
        Person: person_a,
        Commune: commune_a,
        Province: province,
        MilitaryCommand: command,
        StaffingQuota: command.quotas.first(),
        Assignment: AssignmentFactory(command=command, person=person_a),
        Reorganisation: Reorganisation.objects.create(
            province=province, date=datetime.date(2026, 1, 14), legal_basis="NQ", title="R"
        ),
        PredecessorUnit: PredecessorUnit.objects.create(commune=commune_a, name="Xã Cũ"),
        User: commune_a_staff,
        ImportJob: ImportJob.objects.create(
            config_name="people.person", actor=commune_a_staff, file_name="a.csv", content=b"x"
        ),
        ExportJob: ExportJob.objects.create(
            config_name="people.person", actor=commune_a_staff, file_name="a.xlsx"
        ),
        ApiToken: ApiToken.issue(commune_a_staff, "a's script")[0],
    }


@dataclass
class Page:
    url: str
    name: str
    kind: str  # "list", "export", "add", "other"
    params: list[str]
    config: Any = None
    slow: bool = False  # a PDF

    @property
    def key(self) -> str:
        """Pages that share a rotation: a register's list and export share one."""
        return self.config.__name__ if self.kind in ("list", "export") else self.url


@dataclass
class Fuzz:
    """The run: a client per persona, what was checked, what failed."""

    clients: dict[str, Any]
    users: dict[str, Any]
    checked: dict[str, set[tuple[str, str, str]]] = field(default_factory=dict)
    requests: int = 0
    failures: list[str] = field(default_factory=list)
    #: per register and value, the filters its list refused (the same for every persona)
    refused: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def send(self, persona: str, page: Page, label: str, data: dict[str, Any]) -> Any:
        """GET the page with `data` as `persona`; note a 5xx or an echoed script. A database
        error is rolled back to a savepoint, so PostgreSQL goes on answering."""
        self.requests += 1
        where = f"{persona} {page.url} {_names(data)}={label}"
        response = None
        try:
            with transaction.atomic():
                response = self.clients[persona].get(page.url, data)
                if response.streaming:  # a download fails while it is written
                    b"".join(response.streaming_content)
                if response.status_code >= 500:
                    raise _ServerError
        except _ServerError:
            error = response.exc_info[1] if response.exc_info else ""
            self.failures.append(f"{where}: {response.status_code} {type(error).__name__} {error}")
            return None
        except Exception as exc:  # any crash is what the test looks for
            self.failures.append(f"{where}: {type(exc).__name__} {exc}")
            return None
        html = "text/html" in response.get("Content-Type", "")
        if html and "<script>alert('fuzz')" in response.content.decode("utf-8", "replace"):
            self.failures.append(f"{where}: the script is echoed unescaped")
        checked = self.checked.setdefault(persona, set())
        checked.update((page.name, name, label) for name in data)
        return response

    def refusals(self, persona: str, page: Page, label: str, data: dict[str, Any]) -> set[str]:
        """The filters of the page's register that refuse the value (its FilterSet's errors,
        as the list and the export compute them)."""
        key = (page.key, label)
        if key not in self.refused:
            request = RequestFactory().get(page.url, data)
            request.user = self.users[persona]
            if page.config.filterset_class is None:
                self.refused[key] = set()
            else:
                rows = page.config.model._default_manager.none()
                self.refused[key] = set(filterset_for(page.config, request, rows).errors)
        return self.refused[key]


class _ServerError(Exception):
    """A 5xx: roll the request's writes back like a crash's."""


def _names(data: dict[str, Any]) -> str:
    names = sorted(data)
    return names[0] if len(names) == 1 else "{" + ",".join(names) + "}"


def _declared(pattern: URLPattern, route: str) -> tuple[str, list[str], Any]:
    """The page's kind and the parameters its declaration names."""
    view_class = getattr(pattern.callback, "view_class", None)
    config = getattr(pattern.callback, "view_initkwargs", {}).get("config")
    if config is not None and view_class is not None:
        filters = list(config.filterset_class.base_filters) if config.filterset_class else []
        if issubclass(view_class, ObjectListView):
            return "list", [*filters, "q", "page", "per_page", "sort"], config
        if issubclass(view_class, ObjectExportView):
            return "export", [*filters, "q", "sort", "format"], config
        if issubclass(view_class, ObjectEditView) and "<int:pk>" not in route:
            form_class = config.add_form_class or config.form_class
            return "add", list(form_class.base_fields) if form_class else [], config
    return "other", UNSEEN_PARAMS.get(_route_name(pattern, route), []), config


def _route_name(pattern: URLPattern, route: str) -> str:
    namespace = route.split("/", 1)[0]
    return f"{namespace}:{pattern.name}" if pattern.name else route


def routes(world: dict) -> list[tuple[str, str, URLPattern]]:
    """(url, route, pattern) of every page, a parametrised one naming commune A's row."""
    found = []
    for route, pattern in scoping.walk(get_resolver().url_patterns):
        if route.startswith(scoping.SKIPPED_PREFIXES) or route in SKIPPED:
            continue
        url = "/" + route
        if "<" in route and "<str:key>" not in route:
            obj = scoping.object_for(pattern, world)
            assert obj is not None, f"add {route} to the scoping test's world"
            url = url.replace("<int:pk>", str(obj.pk)).replace("<str:period_key>", "2026-10")
        url = url.replace("<str:key>", "people.person")  # the pickers' search of people
        found.append((url, route, pattern))
    return found


def opened(client: Any, url: str, route: str, pattern: URLPattern) -> Page | None:
    """The page at `url` with the parameters it reads, or None if the client's user does not
    open it with a plain GET (404 outside their rights, 405 for a form posted to, a redirect
    other than to a queued export's page)."""
    with recording() as seen:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code < 500, url
    # an export's workbook is queued for a worker: the answer leads to the job's page
    queued = response.status_code == 302 and response.url.startswith("/exports/")
    if response.status_code != 200 and not queued:
        return None
    kind, declared, config = _declared(pattern, route)
    slow = response.get("Content-Type", "").startswith("application/pdf")
    return Page(url, _route_name(pattern, route), kind, sorted(set(declared) | seen), config, slow)


def fuzz(run: Fuzz, persona: str, page: Page, label: str, value: str | list[str]) -> None:
    """Send `value` to the page's parameters (see the module's docstring for how)."""
    everything = dict.fromkeys(page.params, value)
    if page.kind == "list":
        run.send(persona, page, label, everything)
        # a refused filter leaves the list empty: the filters that took the value go again
        # alone, unless the register's export (the same rows) sends them below
        refused = run.refusals(persona, page, label, everything)
        if refused and page.config.url("export") is None:
            taken = {k: v for k, v in everything.items() if k not in refused}
            run.send(persona, page, label, taken)
    elif page.kind == "export":
        run.send(persona, page, label, {"format": value})
        refused = run.refusals(persona, page, label, everything)
        taken = {k: v for k, v in everything.items() if k not in refused and k != "format"}
        fmt = ("csv", "xlsx")[list(BAD_VALUES).index(label) % 2]
        run.send(persona, page, label, {**taken, "format": fmt})
    elif page.kind == "other" and not page.slow and len(page.params) > 1:
        if page.name in UNSEEN_PARAMS:  # it reads them only all together
            run.send(persona, page, label, everything)
        for name in page.params:
            run.send(persona, page, label, {name: value})
    else:  # an add page pre-filling its form, a page of one parameter, a slow page
        run.send(persona, page, label, everything)


def test_no_bad_value_in_a_query_string_is_a_server_error(
    world_a, commune_a_staff, province_staff, ministry_viewer, caplog, monkeypatch
):
    """Each page's values are shared out among the personas who open it, in turn (province
    staff the first value, commune staff the second …, starting one further on the next
    page): every page, parameter and value is checked, each persona meets every value."""
    caplog.set_level(logging.CRITICAL, logger="django.request")  # the failures below say it
    started, cpu = time.perf_counter(), time.process_time()
    # the test client copies every template's context for `response.context` (each widget's
    # too): much of the time here, where no context is read
    monkeypatch.setattr(Template, "_render", lambda self, context: self.nodelist.render(context))
    clients = {}
    users = (province_staff, commune_a_staff, ministry_viewer)
    for user in users:
        clients[user.username] = client_for(user)
        clients[user.username].raise_request_exception = False
    run = Fuzz(clients, {user.username: user for user in users})
    # the pages each persona opens with the parameters they read; the others skip a page
    # province staff open reading none (a detail page, a PDF …)
    openers: dict[str, list[tuple[str, Page]]] = {}
    first, *others = clients
    for url, route, pattern in routes(world_a):
        found = {first: opened(clients[first], url, route, pattern)}
        if found[first] is None or found[first].params:
            found |= {persona: opened(clients[persona], url, route, pattern) for persona in others}
        if entries := [(p, page) for p, page in found.items() if page and page.params]:
            openers[url] = entries
    turns = {key: n for n, key in enumerate(dict.fromkeys(e[0][1].key for e in openers.values()))}
    for entries in openers.values():
        for j, (label, value) in enumerate(BAD_VALUES.items()):
            persona, page = entries[(turns[entries[0][1].key] + j) % len(entries)]
            fuzz(run, persona, page, label, value)

    checked = set().union(*run.checked.values())
    params = {(page, name) for page, name, _label in checked}
    print(
        f"\n{connection.vendor}: {len(openers)} pages, {len(params)} page parameters, "
        f"{len(BAD_VALUES)} values: {len(checked)} combinations checked in {run.requests} "
        f"requests ({', '.join(f'{p} {len(c)}' for p, c in run.checked.items())}), "
        f"{time.perf_counter() - started:.0f} s ({time.process_time() - cpu:.0f} s of CPU)"
    )
    assert not run.failures, "\n".join(run.failures)
    assert len(checked) > 15_000
    assert all(len(c) > 3_000 for c in run.checked.values()), "a persona checked too little"


# --- what a user sees -------------------------------------------------------------------------
def _listed(response) -> str:
    """The row count a list page shows ("1 record", "0 records")."""
    page = response.content.decode()
    start = page.index('data-testid="row-count">') + len('data-testid="row-count">')
    return page[start : page.index("</span>", start)].strip()


@pytest.mark.parametrize("value", ["0", "31/02/2026", "2026-13-45", "0000-00-00", "١٢٣"])
def test_a_date_filter_refuses_what_is_not_a_date_beside_the_filter(
    province_staff, person_a, value
):
    """`?born_from=0` is not the first of January 1970 nor "no filter": the page says, beside
    the filter, that it is not a date, and lists nobody rather than filter by a wrong day."""
    page = client_for(province_staff).get("/people/", {"born_from": value})
    assert page.status_code == 200
    text = page.content.decode()
    start = text.index('id="object-filter"')
    form = text[start : text.index("</form>", start)]
    assert "born from" in form and "Enter a valid date." in form
    assert _listed(page) == "0 records"


def test_an_export_with_a_refused_filter_goes_back_to_the_list_saying_which(
    province_staff, person_a
):
    """Not an empty file without a word: the list, its refused filter marked."""
    client = client_for(province_staff)
    response = client.get("/people/export/", {"born_from": "0", "format": "csv"})
    assert response.status_code == 302
    assert response["Location"] == "/people/?born_from=0"
    page = client.get(response["Location"])
    assert "Nothing exported: correct the filters born from first." in page.content.decode()


def test_a_date_filter_takes_the_day_as_written_in_vietnamese_or_iso(province_staff, person_a):
    born = person_a.date_of_birth
    client = client_for(province_staff)
    for value in (born.strftime("%d/%m/%Y"), born.isoformat()):
        assert _listed(client.get("/people/", {"born_from": value})) == "1 record", value
    after = born + datetime.timedelta(days=1)
    assert _listed(client.get("/people/", {"born_from": after.strftime("%d/%m/%Y")})) == (
        "0 records"
    )


def test_a_yes_no_filter_takes_true_or_false_and_refuses_any_other_word(
    province_staff, commune_a, commune_b
):
    """`?is_border=0` was read as "any" without a word (and `?is_border=3` as "no"): only
    true and false mean yes and no, empty means either; anything else is refused beside the
    filter, and the API answers 422 naming it."""
    commune_a.is_border = True
    commune_a.save()
    client = client_for(province_staff)
    assert _listed(client.get("/territory/communes/?is_border=true")) == "1 record"
    assert _listed(client.get("/territory/communes/?is_border=FALSE")) == "1 record"
    assert _listed(client.get("/territory/communes/?is_border=")) == "2 records"
    assert _listed(client.get("/territory/communes/?is_border=unknown")) == "2 records"
    for word in ("0", "1", "3", "no", "junk"):
        page = client.get("/territory/communes/", {"is_border": word})
        assert page.status_code == 200
        assert f"“{word}” is neither yes nor no" in page.content.decode(), word
        assert _listed(page) == "0 records", word
        answer = client.get("/api/communes", {"is_border": word})
        assert answer.status_code == 422 and "is_border" in answer.content.decode(), word


@pytest.mark.parametrize("number", ["99999999999999999999", "-1", "0", "abc"])
def test_a_page_number_out_of_range_shows_a_page_of_the_list(province_staff, person_a, number):
    page = client_for(province_staff).get("/people/", {"page": number})
    assert page.status_code == 200 and _listed(page) == "1 record"


@pytest.mark.parametrize(
    "url",
    [
        "/people/?lists=x",  # the rows-per-page form read request.GET.lists in its template
        "/reporting/reports/review/?form=99999999999999999999",  # an id SQLite cannot hold
        "/reporting/forms/rules/add/?form_version=99999999999999999999",
        "/reporting/reports/review/?period_key=a%00b",  # PostgreSQL refuses NUL in text
        "/reporting/reports/rates/?q=a%00b",
        "/reporting/reports/rates/xlsx/?q=a%00b",
        "/reporting/directives/{directive}/?q=a%00b",
    ],
)
def test_the_values_that_answered_500_are_read_now(province_staff, world_a, url):
    from garrison.reporting.models import Directive

    url = url.format(directive=world_a[Directive].pk)
    assert client_for(province_staff).get(url).status_code == 200
