"""Reviews as the province records them: what a review must name and when it may be held, and the
figures it quotes from the registers — each equal to the sum over the province's communes of the
rows the registers held on the review date, kept as it was when the registers change, replaced
when quoted again. Today is 20/07/2026; the review of the first year of the two-tier model is
held on 15/07/2026."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from garrison.core import indicators
from garrison.oversight.models import Review, ReviewFigure
from garrison.oversight.reviews import rules, services
from tests.clock import move_clock
from tests.factories import (
    CommuneFactory,
    MassProgrammeFactory,
    MilitiaMemberFactory,
    MilitiaUnitFactory,
    ProgrammeAidFactory,
    ReadinessEventFactory,
)
from tests.factories.oversight import ReviewFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 7, 20)
HELD = datetime.date(2026, 7, 15)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return move_clock(monkeypatch, TODAY)


def _review(**values):
    data = {
        "kind": "interim",
        "title": "Sơ kết 01 năm thực hiện mô hình chính quyền địa phương hai cấp",
        "subject": "period",
        "period_start": datetime.date(2025, 7, 1),
        "period_end": datetime.date(2026, 6, 30),
        "held_on": HELD,
    }
    data.update(values)
    return Review(**data)


def _members(commune, n, started_on=datetime.date(2025, 4, 1)):
    unit = MilitiaUnitFactory(commune=commune)
    return [MilitiaMemberFactory(unit=unit, started_on=started_on) for _ in range(n)]


# --- recording a review --------------------------------------------------------------------------
def test_it_records_a_review_of_the_actors_province(province_staff, province):
    review = services.do_create_review(actor=province_staff, review=_review())
    assert review.province == province and review.version == 1


def test_it_lets_the_inspector_record_a_review_and_nobody_else(
    province_inspector, commune_a_commander, ministry_viewer
):
    assert services.do_create_review(actor=province_inspector, review=_review()).pk
    for user in (commune_a_commander, ministry_viewer):
        with pytest.raises(PermissionDenied):
            services.do_create_review(actor=user, review=_review())


def test_it_asks_a_programme_review_for_its_programme_and_no_event(province_staff, province):
    with pytest.raises(ValidationError) as refused:
        services.do_create_review(actor=province_staff, review=_review(subject="programme"))
    assert "programme" in refused.value.message_dict
    event = ReadinessEventFactory(province=province)
    programme = MassProgrammeFactory(province=province)
    with pytest.raises(ValidationError) as refused:
        services.do_create_review(
            actor=province_staff,
            review=_review(subject="programme", programme=programme, event=event),
        )
    assert list(refused.value.message_dict) == ["event"]
    review = services.do_create_review(
        actor=province_staff, review=_review(subject="programme", programme=programme)
    )
    assert review.programme == programme


def test_it_asks_an_event_review_for_its_event_of_the_province_or_the_ministry(
    province_staff, province, other_province
):
    with pytest.raises(ValidationError) as refused:
        services.do_create_review(actor=province_staff, review=_review(subject="event"))
    assert "event" in refused.value.message_dict
    elsewhere = ReadinessEventFactory(province=other_province)
    with pytest.raises(ValidationError) as refused:
        services.do_create_review(
            actor=province_staff, review=_review(subject="event", event=elsewhere)
        )
    assert "event" in refused.value.message_dict
    national = ReadinessEventFactory(province=None)
    assert services.do_create_review(
        actor=province_staff, review=_review(subject="event", event=national)
    ).pk


def test_a_period_review_names_no_programme(province_staff, province):
    programme = MassProgrammeFactory(province=province)
    with pytest.raises(ValidationError) as refused:
        services.do_create_review(actor=province_staff, review=_review(programme=programme))
    assert "programme" in refused.value.message_dict


def test_it_refuses_a_period_ending_before_it_starts_and_a_review_held_before_it(
    province_staff,
):
    with pytest.raises(ValidationError) as refused:
        services.do_create_review(
            actor=province_staff,
            review=_review(
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2025, 12, 31),
                held_on=datetime.date(2025, 12, 1),
            ),
        )
    assert set(refused.value.message_dict) == {"period_end", "held_on"}
    assert "31/12/2025" in refused.value.message_dict["period_end"][0]
    # an interim review may be held before the period ends
    review = _review(period_end=datetime.date(2026, 7, 19), held_on=HELD)
    assert services.do_create_review(actor=province_staff, review=review).pk


def test_it_refuses_a_review_held_in_the_future(province_staff):
    with pytest.raises(ValidationError) as refused:
        services.do_create_review(
            actor=province_staff, review=_review(held_on=datetime.date(2026, 8, 1))
        )
    assert "held_on" in refused.value.message_dict


# --- quoting figures -----------------------------------------------------------------------------
@pytest.fixture
def registers(province, commune_a, commune_b, other_province):
    """Members serving on the review date: 3 in Na Son, 2 in Mường Thanh, 1 in another province;
    one more in Na Son from 18/07/2026 (after the review). Help given in 2026: 500.000 and
    1.200.000 in Na Son, 300.000 in Mường Thanh, 9.000.000 in another province."""
    _members(commune_a, 3)
    _members(commune_b, 2)
    _members(CommuneFactory(province=other_province), 1)
    _members(commune_a, 1, started_on=datetime.date(2026, 7, 18))
    programme = MassProgrammeFactory(province=province)
    for commune, value in ((commune_a, 500_000), (commune_a, 1_200_000), (commune_b, 300_000)):
        ProgrammeAidFactory(programme=programme, person__residence_commune=commune, value_vnd=value)
    ProgrammeAidFactory(
        person__residence_commune=CommuneFactory(province=other_province), value_vnd=9_000_000
    )


def test_it_quotes_the_sum_over_the_provinces_communes_on_the_review_date(
    registers, province, province_staff, commune_a, commune_b
):
    review = ReviewFactory(province=province, held_on=HELD)
    figures = services.do_quote_review_figures(
        actor=province_staff, review=review, codes=["militia.strength", "operations.value_given"]
    )
    quoted = {f.indicator: f for f in figures}
    communes = [commune_a.pk, commune_b.pk]
    for code, expected in (("militia.strength", 5), ("operations.value_given", 2_000_000)):
        indicator = indicators.get_indicator(code)
        assert sum(indicator.values(communes, HELD).values()) == expected
        assert quoted[code].value == Decimal(expected)
        assert quoted[code].as_of == HELD
    assert quoted["militia.strength"].label == "quân số dân quân tự vệ"
    assert quoted["militia.strength"].unit == "công dân"


def test_the_quoted_figures_stay_as_they_were_when_the_registers_change(
    registers, province, province_staff, commune_a
):
    review = ReviewFactory(province=province, held_on=HELD)
    services.do_quote_review_figures(
        actor=province_staff, review=review, codes=["militia.strength"]
    )
    _members(commune_a, 4, started_on=datetime.date(2026, 1, 1))
    assert review.figures.get().value == 5
    # quoting again reads the registers as they now stood on the review date, and replaces
    services.do_quote_review_figures(
        actor=province_staff, review=review, codes=["operations.value_given"]
    )
    assert list(review.figures.values_list("indicator", "value")) == [
        ("operations.value_given", Decimal(2_000_000))
    ]
    services.do_quote_review_figures(
        actor=province_staff, review=review, codes=["militia.strength"]
    )
    assert review.figures.get().value == 9


def test_a_rate_is_the_mean_of_the_communes(
    monkeypatch, province, province_staff, commune_a, commune_b
):
    rate = indicators.Indicator(
        "test.rate",
        "tỷ lệ thử",
        "test",
        lambda ids, on: {commune_a.pk: 80, commune_b.pk: 65},
        unit="per cent",
    )
    monkeypatch.setitem(indicators._INDICATORS, rate.code, rate)
    review = ReviewFactory(province=province, held_on=HELD)
    (figure,) = services.do_quote_review_figures(
        actor=province_staff, review=review, codes=["test.rate"]
    )
    assert figure.value == Decimal("72.50")
    assert figure.label == "tỷ lệ thử (bình quân các xã)"


def test_it_refuses_no_figure_and_an_unknown_one(province, province_staff):
    review = ReviewFactory(province=province, held_on=HELD)
    for codes in ([], ["no.such"]):
        with pytest.raises(ValidationError) as refused:
            services.do_quote_review_figures(actor=province_staff, review=review, codes=codes)
        assert "codes" in refused.value.message_dict
    assert not ReviewFigure.objects.exists()


def test_only_the_provinces_writers_quote_figures(
    province, other_province, province_inspector, commune_a_staff, ministry_viewer
):
    own = ReviewFactory(province=province, held_on=HELD)
    assert services.do_quote_review_figures(
        actor=province_inspector, review=own, codes=["militia.strength"]
    )
    elsewhere = ReviewFactory(province=other_province, held_on=HELD)
    for user, review in (
        (province_inspector, elsewhere),
        (commune_a_staff, own),
        (ministry_viewer, own),
    ):
        with pytest.raises(PermissionDenied):
            services.do_quote_review_figures(actor=user, review=review, codes=["militia.strength"])


def test_the_figure_rules_round_to_the_hundredth():
    assert rules.province_figure([1, 2.005], rate=False) == Decimal("3.01")
    assert rules.province_figure([], rate=True) == Decimal("0.00")
    assert rules.is_rate(" Per cent ") and not rules.is_rate("people")
