"""An API address no route matches answers JSON 404, like every API answer (schemathesis found an
identifier holding a line break answered with the HTML page)."""

from __future__ import annotations

from tests.conftest import client_for


def test_it_answers_json_for_an_api_address_no_route_matches(commune_a_staff):
    response = client_for(commune_a_staff).post("/api/forces/means/%C2%BE%0A%40/check")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}


def test_it_keeps_the_page_for_other_addresses(commune_a_staff):
    response = client_for(commune_a_staff).get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
