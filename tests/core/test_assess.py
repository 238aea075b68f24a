"""The generic assess interface (garrison/core/assess.py) and `garrison assess DOMAIN FILE.json`."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from pydantic.dataclasses import dataclass

import garrison.conscription.facts  # noqa: F401  (registers the "service" engine)
from garrison.core import assess
from garrison.core.assess import FACTS_CONFIG, FactsError, parse_facts, run

PERSON = {"sex": "M", "dob": "2005-03-02", "ref_date": "2026-02-20", "registered": True}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@dataclass(frozen=True, config=FACTS_CONFIG)
class Ping:
    name: str
    times: int = 1


@pytest.fixture
def ping_engine(monkeypatch):
    """A toy engine, registered only for the test."""
    monkeypatch.setattr(assess, "_ENGINES", dict(assess._ENGINES))
    assess.register_engine(
        "ping",
        parse=lambda data: parse_facts(Ping, data),
        assess=lambda ping: {"outcome": "pong", "echo": [ping.name] * ping.times},
    )
    return "ping"


def write(tmp_path, content: str, name: str = "facts.json") -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def command(*args, **kwargs) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("assess", *args, stdout=out, stderr=err, **kwargs)
    return out.getvalue(), err.getvalue()


def failing(*args, **kwargs) -> tuple[str, str]:
    """The CommandError message and what was printed to stdout meanwhile."""
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("assess", *args, stdout=out, **kwargs)
    return str(caught.value), out.getvalue()


# --- run() ------------------------------------------------------------------------------------


def test_it_runs_one_object_and_a_list_in_order(ping_engine):
    assert run(ping_engine, {"name": "a", "times": 2}) == {"outcome": "pong", "echo": ["a", "a"]}
    answers = run(ping_engine, [{"name": "a"}, {"name": "b"}])
    assert [answer["echo"] for answer in answers] == [["a"], ["b"]]


def test_one_malformed_item_does_not_sink_the_list(ping_engine):
    """LAW.md §10: each item of a list is answered on its own; a malformed one gets
    {"error": {field: [messages]}} in its place."""
    answers = run(ping_engine, [{"name": "a"}, {"name": "b", "times": "two"}, {"x": 1}, {}])
    assert answers[0] == {"outcome": "pong", "echo": ["a"]}
    assert answers[1] == {"error": {"times": ['expected a whole number, got "two"']}}
    assert "x" in answers[2]["error"]
    assert answers[3] == {"error": {"name": ["this field is required"]}}
    assert assess.item_errors(answers) == [1, 2, 3]


def test_it_rejects_a_list_element_that_is_not_an_object(ping_engine):
    with pytest.raises(FactsError) as caught:
        run(ping_engine, [{"name": "a"}, 5])
    assert str(caught.value) == "[1]: expected a JSON object, got 5"


def test_it_rejects_a_payload_that_is_neither_object_nor_list(ping_engine):
    with pytest.raises(FactsError) as caught:
        run(ping_engine, "name")
    assert caught.value.field == ""
    assert "object or a list" in caught.value.message


def test_it_refuses_an_unknown_engine():
    with pytest.raises(LookupError, match="unknown domain"):
        assess.get_engine("weather")


# --- the command ------------------------------------------------------------------------------


def test_it_prints_the_answer_for_one_object(tmp_path):
    out, _err = command("service", write(tmp_path, json.dumps(PERSON)))
    answer = json.loads(out)
    assert answer["outcome"] == "eligible_conditional"
    assert answer["decided_by"] == "Chủ tịch UBND xã"
    assert "Chủ tịch UBND xã" in out  # not escaped
    assert out.startswith('{\n  "outcome"')  # indented


def test_it_prints_a_list_of_answers_in_order(tmp_path):
    student = {**PERSON, "study": {"level": "university", "course_end": "2027-06-30"}}
    out, _err = command("service", write(tmp_path, json.dumps([PERSON, student])))
    answers = json.loads(out)
    assert [a["outcome"] for a in answers] == ["eligible_conditional", "deferred"]
    assert answers[1]["grounds"] == ["NVQS 41.1.g"]
    assert answers[1]["until"] == "2027-06-30"


def test_it_reads_standard_input():
    out, _err = command("service", "-", stdin=io.StringIO(json.dumps(PERSON)))
    assert json.loads(out)["outcome"] == "eligible_conditional"


def test_it_names_an_unknown_field(tmp_path):
    path = write(tmp_path, json.dumps({**PERSON, "family": {"foo": True}}))
    message, out = failing("service", path)
    assert "family.foo" in message
    assert path in message
    assert out == ""


def test_it_names_the_field_of_a_bad_date(tmp_path):
    path = write(tmp_path, json.dumps({**PERSON, "dob": "12/03/2005"}))
    message, out = failing("service", path)
    assert message == f'{path}: dob: expected an ISO date YYYY-MM-DD, got "12/03/2005"'
    assert out == ""


def test_a_list_with_one_malformed_item_answers_every_item(tmp_path):
    """LAW.md §10: the command answers every item, the bad one with an error naming the field,
    and says on standard error which items were bad; it still succeeds."""
    path = write(tmp_path, json.dumps([PERSON, {**PERSON, "sex": "male"}, PERSON]))
    out, err = command("service", path)
    answers = json.loads(out)
    assert answers[0]["outcome"] == answers[2]["outcome"] == "eligible_conditional"
    assert list(answers[1]) == ["error"]
    assert 'expected one of "M", "F", got "male"' in answers[1]["error"]["sex"][0]
    assert "[1]" in err


def test_a_list_of_something_else_than_objects_fails_as_a_whole(tmp_path):
    message, out = failing("service", write(tmp_path, json.dumps([PERSON, 5])))
    assert "[1]: expected a JSON object, got 5" in message
    assert out == ""


def test_it_names_the_file_and_line_of_bad_json(tmp_path):
    path = write(tmp_path, '{\n  "sex": "M",\n  "dob": 2005-03-02\n}')
    message, out = failing("service", path)
    assert path in message
    assert "not valid JSON (line 3" in message
    assert out == ""


def test_it_refuses_an_unknown_domain(tmp_path):
    message, out = failing("weather", write(tmp_path, json.dumps(PERSON)))
    assert 'unknown domain "weather"' in message
    assert "service" in message
    assert out == ""


def test_it_reports_a_missing_file(tmp_path):
    message, _out = failing("service", str(tmp_path / "nope.json"))
    assert "cannot read" in message
