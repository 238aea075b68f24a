"""The cadres API (garrison/cadres/api.py): profiles scoped and their reads audited; screening
with every reason; placement proposals made, adjusted by pins and forbidden pairs, approved
into decisions and assignments, discarded; communes never reach a proposal.

The province (Điện Biên, 11) has two commune commands with their Commander's and Deputy
Commander's posts vacant: Na Son (commune A) and Xã Biên Giới (border, so strategic). The
candidates come from Mường Thanh (commune B), except Vàng Văn Hải, who comes from Na Son and is
not a Party member."""

from __future__ import annotations

import datetime
import json

import pytest
from auditlog.models import LogEntry

from garrison.cadres.models import CadreDecision, PlacementPin, PlacementRun
from garrison.commands.models import Assignment
from tests.cadres.conftest import cadre
from tests.conftest import client_for
from tests.factories import AssignmentFactory, PostStandardFactory, UserFactory

pytestmark = pytest.mark.django_db

EFFECTIVE = "2026-07-01"
HORIZON = "2026-12-31"
APPROVAL = {
    "first_number": 101,
    "symbol": "QĐ-BCH",
    "signed_on": "2026-06-20",
    "signer_name": "Đại tá Nguyễn Văn Tỉnh",
    "signer_title": "Chỉ huy trưởng",
}


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def serving(profile, commune):
    """Mark `profile` as serving in `commune` (what the decisions service keeps)."""
    profile.commune = commune
    profile.save(update_fields=["commune"])
    return profile


# --- profiles ------------------------------------------------------------------------------------


@pytest.fixture
def contingent(commune_a, commune_b, commune_c, command_a):
    """A cadre serving in A (Commander of Na Son, on the Party committee), one serving in B, one
    without a post, and one of another province."""
    from garrison.cadres.models import BodyMembership, CareerEntry

    in_a = serving(
        cadre(commune_b, person__full_name="Lò Văn Chỉ", political_theory="advanced"), commune_a
    )
    AssignmentFactory(command=command_a, person=in_a.person, start_date=datetime.date(2025, 1, 6))
    BodyMembership.objects.create(
        profile=in_a,
        body="party_executive",
        commune=commune_a,
        term="2025–2030",
        started_on=datetime.date(2025, 7, 1),
    )
    CareerEntry.objects.create(
        profile=in_a,
        title="Chỉ huy trưởng",
        organisation=command_a.name,
        command=command_a,
        position="commander",
        started_on=datetime.date(2025, 1, 6),
    )
    return {
        "in_a": in_a,
        "in_b": serving(cadre(commune_b, person__full_name="Quàng Văn Bình"), commune_b),
        "free": cadre(commune_b, person__full_name="Tòng Văn Dũng", rank="major"),
        "other": cadre(commune_c, person__full_name="Lý Văn Khác"),
    }


def names(response) -> set[str]:
    return {p["full_name"] for p in response.json()["items"]}


def test_it_lists_the_cadres_of_the_province(province_staff, contingent):
    response = client_for(province_staff).get("/api/cadres/profiles")

    assert response.status_code == 200
    assert set(response.json()) == {"count", "capped", "items"}
    assert names(response) == {"Lò Văn Chỉ", "Quàng Văn Bình", "Tòng Văn Dũng"}


def test_it_lists_only_the_cadres_serving_in_a_commune_to_its_staff(
    commune_a_staff, contingent, commune_b
):
    client = client_for(commune_a_staff)

    assert names(client.get("/api/cadres/profiles")) == {"Lò Văn Chỉ"}
    # a commune outside the scope reads like an unknown one: the filter refuses it (422)
    refused = client.get(f"/api/cadres/profiles?commune={commune_b.code}")
    assert refused.status_code == 422
    assert "Lò Văn" not in refused.content.decode()


def test_it_filters_the_profiles(province_staff, contingent, commune_a):
    client = client_for(province_staff)

    assert names(client.get("/api/cadres/profiles?unplaced=true")) == {"Tòng Văn Dũng"}
    assert names(client.get("/api/cadres/profiles?rank=major")) == {"Tòng Văn Dũng"}
    assert names(client.get("/api/cadres/profiles?political_theory=advanced")) == {"Lò Văn Chỉ"}
    assert names(client.get(f"/api/cadres/profiles?commune={commune_a.code}")) == {"Lò Văn Chỉ"}
    assert names(client.get("/api/cadres/profiles?q=bình")) == {"Quàng Văn Bình"}
    wrong = client.get("/api/cadres/profiles?rank=general")
    assert wrong.status_code == 422
    assert "rank" in wrong.json()["errors"]


def test_it_shows_a_profile_with_posts_memberships_and_career_and_audits_the_read(
    commune_a_staff, contingent, command_a, commune_a
):
    profile = contingent["in_a"]

    response = client_for(commune_a_staff).get(f"/api/cadres/profiles/{profile.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["full_name"] == "Lò Văn Chỉ"
    assert body["citizen_id"] == profile.person.citizen_id
    assert body["date_of_birth"] == profile.person.date_of_birth.isoformat()
    assert body["commune_code"] == commune_a.code
    assert [(p["command_id"], p["position"]) for p in body["posts"]] == [
        (command_a.pk, "commander")
    ]
    assert body["memberships"][0]["body"] == "party_executive"
    assert body["memberships"][0]["commune_code"] == commune_a.code
    assert body["career"][0]["command_id"] == command_a.pk
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS,
        object_pk=str(profile.pk),
        actor=commune_a_staff,
        content_type__model="cadreprofile",
    ).exists()


def test_it_answers_404_for_a_profile_out_of_scope(commune_a_staff, province_staff, contingent):
    assert (
        client_for(commune_a_staff).get(f"/api/cadres/profiles/{contingent['in_b'].pk}")
    ).status_code == 404
    assert (
        client_for(commune_a_staff).get(f"/api/cadres/profiles/{contingent['free'].pk}")
    ).status_code == 404
    assert (
        client_for(province_staff).get(f"/api/cadres/profiles/{contingent['other'].pk}")
    ).status_code == 404


# --- screening -----------------------------------------------------------------------------------


def screen(client, **body):
    return post(client, "/api/cadres/screening", {"on": "2026-07-01", **body})


def test_screening_passes_a_fit_cadre_with_the_points(
    province_staff, standards, border_command, commune_b
):
    fit = cadre(commune_b, local_military_years=4, mass_mobilisation=True)

    response = screen(
        client_for(province_staff),
        citizen_id=fit.person.citizen_id,
        command_id=border_command.pk,
        position="commander",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["passed"] is True
    assert body["reasons"] == []
    assert body["standards_applied"] and "Commander" in body["standards_applied"][0]
    assert body["points"] == 12 + 8 + 4 + 10
    assert {p["points"] for p in body["parts"]} == {12, 8, 4, 10}
    assert body["full_name"] == fit.person.full_name


def test_screening_fails_with_every_reason(province_staff, province, standards, border_command):
    PostStandardFactory(
        province=province,
        position="commander",
        min_age=None,
        max_age=None,
        min_rank="",
        max_rank="",
        min_political_theory="",
        party_required=False,
        max_health_class=None,
        min_local_military_years=5,
        min_grassroots_years=3,
        categories=["regular_officer"],
    )
    unfit = cadre(
        border_command.commune,
        person__date_of_birth=datetime.date(1960, 1, 1),
        service_category="civil_servant",
        rank="",
        rank_date=None,
        political_theory="none",
        party_member=False,
        health_class=4,
        local_military_years=0,
        grassroots_years=0,
    )
    client = client_for(province_staff)

    response = screen(
        client, profile_id=unfit.pk, commune_code=border_command.commune.code, position="commander"
    )
    no_standard = screen(
        client,
        profile_id=unfit.pk,
        command_id=border_command.pk,
        position="assistant",
        home_rule=False,
    )

    assert response.status_code == 200
    body = response.json()
    assert body["passed"] is False
    assert {r["code"] for r in body["reasons"]} == {
        "age",
        "category",
        "rank",
        "political_theory",
        "party",
        "health",
        "local_experience",
        "grassroots",
        "home_commune",
    }
    assert all(r["message"] for r in body["reasons"])
    assert len(body["standards_applied"]) == 2
    assert no_standard.json()["passed"] is False
    assert [r["code"] for r in no_standard.json()["reasons"]] == ["no_standard"]
    # without the home-commune rule, that reason goes
    relaxed = screen(
        client,
        profile_id=unfit.pk,
        command_id=border_command.pk,
        position="commander",
        home_rule=False,
    )
    assert "home_commune" not in {r["code"] for r in relaxed.json()["reasons"]}


def test_screening_refuses_the_political_commissar(province_staff, standards, border_command):
    someone = cadre(border_command.commune)

    response = screen(
        client_for(province_staff),
        profile_id=someone.pk,
        command_id=border_command.pk,
        position="political_commissar",
    )

    assert response.status_code == 400
    assert "Party Secretary" in response.json()["errors"]["position"][0]


def test_screening_names_what_it_cannot_find(
    commune_a_staff, province_staff, contingent, command_a, command_b, standards
):
    client = client_for(commune_a_staff)
    in_a, in_b = contingent["in_a"], contingent["in_b"]

    other_cadre = screen(client, profile_id=in_b.pk, command_id=command_a.pk, position="commander")
    other_command = screen(
        client, profile_id=in_a.pk, command_id=command_b.pk, position="commander"
    )
    nobody = screen(
        client, citizen_id="000000000000", command_id=command_a.pk, position="commander"
    )
    nothing = screen(client, command_id=command_a.pk, position="commander")
    other_province = screen(
        client_for(province_staff),
        profile_id=in_a.pk,
        commune_code=contingent["other"].person.residence_commune.code,
        position="commander",
    )

    assert other_cadre.status_code == 400 and "profile_id" in other_cadre.json()["errors"]
    assert other_command.status_code == 400 and "command_id" in other_command.json()["errors"]
    assert nobody.status_code == 400 and "citizen_id" in nobody.json()["errors"]
    assert nothing.status_code == 400 and "profile_id" in nothing.json()["errors"]
    assert other_province.status_code == 400
    assert "commune_code" in other_province.json()["errors"]
    # a commune screens its own cadres for its own command
    own = screen(client, profile_id=in_a.pk, command_id=command_a.pk, position="deputy_commander")
    assert own.status_code == 200


# --- placement proposals -------------------------------------------------------------------------


@pytest.fixture
def pool(standards, command_a, border_command, commune_b, commune_a):
    """Four vacant posts, two of them strategic; three candidates fit for any of them, and
    Hải, a Second Lieutenant of elementary theory from Na Son: a Deputy Commander, not there."""
    return {
        "an": cadre(commune_b, person__full_name="Lò Văn An", local_military_years=6),
        "binh": cadre(commune_b, person__full_name="Quàng Văn Bình", mass_mobilisation=True),
        "cuong": cadre(commune_b, person__full_name="Cà Văn Cường"),
        "hai": cadre(
            commune_a,
            person__full_name="Vàng Văn Hải",
            rank="second_lieutenant",
            political_theory="elementary",
        ),
    }


def create(client, **body):
    return post(
        client,
        "/api/cadres/placements",
        {"title": "Bố trí 2026", "effective_on": EFFECTIVE, "horizon": HORIZON, **body},
    )


def filled(body) -> dict[tuple[int, str], str | None]:
    return {(m["command_id"], m["position"]): m["full_name"] for m in body["matches"]}


def test_it_makes_and_solves_a_proposal(province_staff, pool, command_a, border_command):
    response = create(client_for(province_staff))

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "draft"
    assert body["province_code"] == 11
    assert body["positions"] == ["commander", "deputy_commander"]
    summary = body["summary"]
    assert (summary["posts"], summary["strategic_posts"], summary["candidates"]) == (4, 2, 4)
    assert summary["filled"] == 4 and summary["strategic_filled"] == 2
    assert summary["greedy_filled"] <= summary["filled"]
    assert {"greedy_points", "greedy_strategic_filled", "solve_ms"} <= set(summary)
    matches = body["matches"]
    assert [m["strategic"] for m in matches] == [True, True, False, False]
    first = matches[0]
    assert first["command_id"] == border_command.pk
    assert first["commune_code"] == border_command.commune.code
    assert first["vacancy"] == [{"on": None, "why": "vacant", "label": "vacant"}]
    assert first["explanation"]["kind"] == "match"
    assert first["points"] == sum(p["points"] for p in first["explanation"]["parts"])
    # Hải may not be a Commander, nor serve in Na Son, his home commune
    assert filled(body)[(border_command.pk, "deputy_commander")] == "Vàng Văn Hải"
    listed = client_for(province_staff).get("/api/cadres/placements").json()
    assert [r["id"] for r in listed["items"]] == [body["id"]]


def test_it_refuses_a_proposal_for_the_political_commissar(province_staff, pool):
    response = create(client_for(province_staff), positions=["commander", "political_commissar"])

    assert response.status_code == 400
    assert "positions" in response.json()["errors"]
    assert not PlacementRun.objects.exists()


def test_it_explains_an_empty_post(province_staff, standards, command_a, commune_a):
    cadre(commune_a, person__full_name="Vàng Văn Hải", party_member=False)

    body = create(client_for(province_staff), positions=["commander"]).json()

    (match,) = body["matches"]
    assert match["profile_id"] is None
    assert match["explanation"]["kind"] == "none_eligible"
    assert {r["code"] for r in match["explanation"]["reasons"]} == {"party", "home_commune"}
    assert all(r["label"] and r["count"] == 1 for r in match["explanation"]["reasons"])


def test_it_explains_a_post_left_empty_because_its_candidate_fills_a_strategic_one(
    province_staff, standards, command_a, border_command, commune_b
):
    cadre(commune_b, person__full_name="Lò Văn An")

    body = create(client_for(province_staff), positions=["commander"]).json()

    border, na_son = body["matches"]
    assert (border["command_id"], border["full_name"]) == (border_command.pk, "Lò Văn An")
    assert na_son["profile_id"] is None
    explanation = na_son["explanation"]
    assert (explanation["kind"], explanation["count"]) == ("taken", 1)
    assert explanation["others"] == [
        {"name": "Lò Văn An", "post": f"Commander — {border_command.name}"}
    ]


def test_the_ministry_names_the_province_and_a_province_only_its_own(
    province_staff, pool, other_province
):
    root = UserFactory(username="root", is_superuser=True, full_name="root")

    unnamed = create(client_for(root))
    named = create(client_for(root), province_code=11)
    elsewhere = create(client_for(province_staff), province_code=other_province.code)

    assert unnamed.status_code == 400 and "province_code" in unnamed.json()["errors"]
    assert named.status_code == 201 and named.json()["province_code"] == 11
    assert elsewhere.status_code == 400 and "province_code" in elsewhere.json()["errors"]


def test_a_pin_that_fails_screening_is_refused_with_the_reasons(province_staff, pool, command_a):
    client = client_for(province_staff)
    run = create(client).json()

    response = post(
        client,
        f"/api/cadres/placements/{run['id']}/pins",
        {
            "kind": "pin",
            "command_id": command_a.pk,
            "position": "commander",
            "profile_id": (pool["hai"].pk),
        },
    )

    assert response.status_code == 400
    messages = response.json()["errors"]["__all__"]
    assert len(messages) == 3
    assert all(m.startswith("Vàng Văn Hải cannot be pinned to this post") for m in messages)
    assert any("Rank Second Lieutenant" in m for m in messages)
    assert any("home commune" in m for m in messages)
    assert not PlacementPin.objects.exists()


def test_a_pin_and_a_forbidden_pair_steer_the_solve_and_can_be_removed(
    province_staff, pool, command_a, border_command
):
    client = client_for(province_staff)
    run = create(client).json()
    url = f"/api/cadres/placements/{run['id']}"
    holder = filled(run)[(border_command.pk, "commander")]
    holder_id = next(p.pk for p in pool.values() if p.person.full_name == holder)

    forbid = post(
        client,
        f"{url}/pins",
        {
            "kind": "forbid",
            "command_id": border_command.pk,
            "position": "commander",
            "profile_id": holder_id,
        },
    )

    assert forbid.status_code == 200
    body = forbid.json()
    assert [(p["kind"], p["profile_id"]) for p in body["pins"]] == [("forbid", holder_id)]
    assert filled(body)[(border_command.pk, "commander")] not in (None, holder)

    pin = post(
        client,
        f"{url}/pins",
        {
            "kind": "pin",
            "command_id": command_a.pk,
            "position": "commander",
            "profile_id": pool["binh"].pk,
        },
    )
    assert pin.status_code == 200
    match = next(
        m
        for m in pin.json()["matches"]
        if (m["command_id"], m["position"]) == (command_a.pk, "commander")
    )
    assert (match["profile_id"], match["pinned"]) == (pool["binh"].pk, True)

    pin_id = next(p["id"] for p in pin.json()["pins"] if p["kind"] == "forbid")
    removed = client.delete(f"{url}/pins/{pin_id}")
    assert removed.status_code == 200
    assert [p["kind"] for p in removed.json()["pins"]] == ["pin"]
    assert client.delete(f"{url}/pins/{pin_id}").status_code == 404


def test_approval_issues_the_decisions_and_creates_the_assignments(
    province_staff, pool, command_a, border_command, commune_a_staff
):
    client = client_for(province_staff)
    run = create(client).json()
    url = f"/api/cadres/placements/{run['id']}"

    response = post(client, f"{url}/approve", APPROVAL)

    assert response.status_code == 200
    decisions = response.json()
    assert [d["number"] for d in decisions] == [
        "101/QĐ-BCH",
        "102/QĐ-BCH",
        "103/QĐ-BCH",
        "104/QĐ-BCH",
    ]
    assert {d["kind"] for d in decisions} == {"appointment"}
    assert {d["effective_on"] for d in decisions} == {EFFECTIVE}
    assert {d["placement_run_id"] for d in decisions} == {run["id"]}
    issued = {(d["command_id"], d["position"], d["profile_id"]) for d in decisions}
    proposed = {(m["command_id"], m["position"], m["profile_id"]) for m in run["matches"]}
    assert issued == proposed
    for command_id, position, profile_id in issued:
        profile = next(p for p in pool.values() if p.pk == profile_id)
        assignment = Assignment.objects.get(
            command_id=command_id, position=position, person=profile.person
        )
        assert assignment.start_date == datetime.date(2026, 7, 1)
        assert CadreDecision.objects.get(assignment=assignment).number in {
            d["number"] for d in decisions
        }
    assert client.get(url).json()["status"] == "approved"
    again = post(client, f"{url}/approve", APPROVAL)
    assert again.status_code == 400
    assert post(client, f"{url}/discard").status_code == 400
    # the decisions list: the province sees the four, commune A the two posting to it
    listed = client.get(f"/api/cadres/decisions?run={run['id']}").json()
    assert listed["count"] == 4
    mine = client_for(commune_a_staff).get("/api/cadres/decisions").json()
    assert {d["command_id"] for d in mine["items"]} == {command_a.pk}
    assert mine["count"] == 2


def test_approval_refuses_decision_numbers_already_taken(province_staff, pool):
    client = client_for(province_staff)
    run = create(client, positions=["deputy_commander"]).json()
    assert post(client, f"/api/cadres/placements/{run['id']}/approve", APPROVAL).status_code == 200
    other = create(client, positions=["commander"]).json()

    response = post(client, f"/api/cadres/placements/{other['id']}/approve", APPROVAL)

    assert response.status_code == 400
    assert "first_number" in response.json()["errors"]


def test_a_draft_is_solved_again_and_discarded(province_staff, pool, commune_b):
    client = client_for(province_staff)
    run = create(client).json()
    url = f"/api/cadres/placements/{run['id']}"
    cadre(commune_b, person__full_name="Mùa A Mới")

    solved = post(client, f"{url}/solve")
    discarded = post(client, f"{url}/discard")

    assert solved.status_code == 200
    assert solved.json()["summary"]["candidates"] == 5
    assert discarded.status_code == 200 and discarded.json()["status"] == "discarded"
    assert post(client, f"{url}/solve").status_code == 400
    assert client.get("/api/cadres/placements?status=discarded").json()["count"] == 1
    assert client.get("/api/cadres/placements?status=draft").json()["count"] == 0


def test_communes_never_reach_a_proposal(province_staff, commune_a_staff, pool, command_a):
    run = create(client_for(province_staff)).json()
    client = client_for(commune_a_staff)
    url = f"/api/cadres/placements/{run['id']}"
    pin = {"kind": "forbid", "command_id": command_a.pk, "position": "commander"}

    assert client.get("/api/cadres/placements").json() == {
        "count": 0,
        "capped": False,
        "items": [],
    }
    assert client.get(url).status_code == 404
    assert post(client, f"{url}/solve").status_code == 404
    assert post(client, f"{url}/pins", {**pin, "profile_id": pool["an"].pk}).status_code == 404
    assert post(client, f"{url}/approve", APPROVAL).status_code == 404
    assert post(client, f"{url}/discard").status_code == 404
    assert create(client).status_code == 403
    assert PlacementRun.objects.get().status == "draft"


def test_read_only_roles_read_proposals_but_cannot_change_them(
    province_staff, province_inspector, ministry_viewer, pool
):
    run = create(client_for(province_staff)).json()
    url = f"/api/cadres/placements/{run['id']}"

    for user in (province_inspector, ministry_viewer):
        client = client_for(user)
        assert client.get(url).status_code == 200
        assert post(client, f"{url}/solve").status_code == 403
        assert post(client, f"{url}/discard").status_code == 403
        assert create(client, province_code=11).status_code == 403


def test_a_pin_needs_a_command_and_a_cadre_of_the_province(
    province_staff, pool, contingent, command_a
):
    client = client_for(province_staff)
    run = create(client).json()
    url = f"/api/cadres/placements/{run['id']}/pins"

    stranger = post(
        client,
        url,
        {
            "kind": "pin",
            "command_id": command_a.pk,
            "position": "commander",
            "profile_id": contingent["other"].pk,
        },
    )
    commissar = post(
        client,
        url,
        {
            "kind": "pin",
            "command_id": command_a.pk,
            "position": "political_commissar",
            "profile_id": pool["an"].pk,
        },
    )

    assert stranger.status_code == 400 and "profile_id" in stranger.json()["errors"]
    assert commissar.status_code == 400 and "position" in commissar.json()["errors"]


def test_lists_and_details_read_in_a_fixed_number_of_queries(
    province_staff, pool, commune_b, django_assert_max_num_queries
):
    client = client_for(province_staff)
    run = create(client).json()
    for n in range(5):
        cadre(commune_b, person__full_name=f"Thêm Văn {n}")

    with django_assert_max_num_queries(6):
        assert client.get("/api/cadres/profiles").json()["count"] == 9
    with django_assert_max_num_queries(8):
        assert len(client.get(f"/api/cadres/placements/{run['id']}").json()["matches"]) == 4
    with django_assert_max_num_queries(6):
        assert client.get("/api/cadres/placements").json()["count"] == 1
