"""Numbers in a monthly report as Vietnamese staff type them (issue 16, section 1): "1.200" in a
count field was saved as 1,2 người and "2,5" sessions was accepted. A count field (`whole`, the
default) reads "1.200", "1,200" and "1 200" as 1200 and refuses decimals; a field with decimals
reads "0,5" and "0.5" and refuses "1.250" (1250 or 1,25?); the value shown is the value stored."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from garrison.reporting.models import FormField, Submission
from garrison.reporting.returns import periods, services
from tests.conftest import client_for
from tests.factories import CommandFactory, monthly_form

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 10, 15)
SEPTEMBER = periods.period_containing("month", datetime.date(2026, 9, 1))


@pytest.fixture
def fixed_day(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return TODAY if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)


@pytest.fixture
def report_form(province, fixed_day):
    """The monthly form BC-01 (counts: trained, patrols) with a figure that has decimals:
    the hours of defence education (`whole` unticked)."""
    form = monthly_form(province, publish=False, rules=False)
    version = form.versions.get()
    FormField.objects.create(
        form_version=version, order=9, key="hours", label="Số giờ giáo dục", whole=False
    )
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    return form


@pytest.fixture
def report(report_form, commune_a, commune_a_staff):
    CommandFactory(commune=commune_a, established_on=datetime.date(2025, 7, 1))
    return services.do_start_submission(
        actor=commune_a_staff, form=report_form, commune=commune_a, period=SEPTEMBER
    )


def save(user, report, **values):
    return services.do_save_submission(actor=user, submission=report, raw_values=values)


@pytest.mark.parametrize("typed", ["1.200", "1,200", "1 200", "1200", "1\u00a0200"])
def test_a_count_reads_thousands_whichever_way_they_are_written(report, commune_a_staff, typed):
    saved = save(commune_a_staff, report, trained=typed, patrols="4", hours="0,5")
    assert saved.values["trained"] == 1200 and isinstance(saved.values["trained"], int)


@pytest.mark.parametrize("typed", ["2,5", "2.5", "1,20", "0,5"])
def test_a_count_refuses_decimals_and_nothing_is_saved(report, commune_a_staff, typed):
    with pytest.raises(ValidationError) as refused:
        save(commune_a_staff, report, trained="3", patrols=typed)
    message = refused.value.message_dict["patrols"][0]
    assert message.startswith("Số lần tuần tra: ")
    assert f"“{typed}” is not a whole number" in message
    assert Submission.objects.get(pk=report.pk).values.get("patrols") is None


@pytest.mark.parametrize(("typed", "stored"), [("0,5", 0.5), ("0.5", 0.5), ("1.200,5", 1200.5)])
def test_a_figure_with_decimals_reads_both_decimal_marks(report, commune_a_staff, typed, stored):
    saved = save(commune_a_staff, report, trained="3", patrols="4", hours=typed)
    assert saved.values["hours"] == stored


def test_a_figure_with_decimals_refuses_a_lone_mark_before_three_digits(report, commune_a_staff):
    with pytest.raises(ValidationError) as refused:
        save(commune_a_staff, report, trained="3", patrols="4", hours="1.250")
    assert "could be 1250 or 1.25" in refused.value.message_dict["hours"][0]


def test_the_api_reads_numbers_and_text_alike(report, commune_a_staff):
    saved = save(commune_a_staff, report, trained=1200, patrols="1.200", hours=0.5)
    assert (saved.values["trained"], saved.values["patrols"], saved.values["hours"]) == (
        1200,
        1200,
        0.5,
    )
    with pytest.raises(ValidationError) as refused:
        save(commune_a_staff, report, trained=2.5, patrols=4)
    assert "“2.5” is not a whole number" in refused.value.message_dict["trained"][0]


def test_the_fill_page_in_vietnamese_reads_what_was_typed_and_shows_what_is_stored(
    report, report_form, commune_a_staff
):
    client = client_for(commune_a_staff, language="vi")
    url = f"/reporting/reports/fill/{report_form.pk}/{SEPTEMBER.key}/"
    page = client.get(url).content.decode()
    trained = re.search(r'<input[^>]*name="value-trained"[^>]*>', page).group(0)
    hours = re.search(r'<input[^>]*name="value-hours"[^>]*>', page).group(0)
    assert 'type="text"' in trained and 'inputmode="numeric"' in trained
    assert 'type="text"' in hours and 'inputmode="decimal"' in hours

    response = client.post(
        url,
        {
            "action": "save",
            "version": report.version,
            "value-trained": "1.200",
            "value-patrols": "2,5",
            "value-hours": "0,5",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="2,5"' in page  # kept as typed beside its error
    error = re.search(r'data-testid="error-patrols">(.*?)</div>', page, re.S).group(1)
    assert "“2,5” không phải số nguyên" in error  # in the user's language
    report.refresh_from_db()
    assert "trained" not in report.values  # nothing saved

    response = client.post(
        url,
        {
            "action": "save",
            "version": report.version,
            "value-trained": "1.200",
            "value-patrols": "4",
            "value-hours": "0,5",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.values["trained"], report.values["patrols"], report.values["hours"]) == (
        1200,
        4,
        0.5,
    )
    page = client.get(url).content.decode()
    assert re.search(
        r'name="value-trained"[^>]*value="1200"|value="1200"[^>]*name="value-trained"', page
    )
    assert re.search(r'name="value-hours"[^>]*value="0,5"|value="0,5"[^>]*name="value-hours"', page)
    detail = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    shown = dict(re.findall(r'data-key="(\w+)">\s*([^<\s]+)', detail))
    assert shown["trained"] == "1.200"  # read the Vietnamese way: twelve hundred
    assert shown["hours"] == "0,5"
