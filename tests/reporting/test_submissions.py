"""Report forms and returns: computed fields and their source, validation rules (blocking and
warning), the states draft → submitted → returned → submitted → approved, bulk approval with
its failures, versions that never break earlier returns, the inbox, and the reporting rate with
on-time, late, missing and not-yet-expected communes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from garrison.core.models import Notification
from garrison.reporting.models import FormField, Submission
from garrison.reporting.rates import querysets as rates
from garrison.reporting.returns import periods, services
from garrison.territory.models import Commune
from tests.factories import (
    CommandFactory,
    CommuneFactory,
)

pytestmark = pytest.mark.django_db


def start(user, form, commune, period):
    return services.do_start_submission(actor=user, form=form, commune=commune, period=period)


def test_a_computed_field_fills_itself_and_says_where_the_figure_came_from(
    form, squad, commune_a, commune_a_staff, last_month
):
    report = start(commune_a_staff, form, commune_a, last_month)
    assert report.values["strength"] == 3
    source = report.sources["strength"]
    assert source["indicator"] == "militia.strength"
    assert source["as_of"] == last_month.end.isoformat()
    assert "Militia register" in source["source"]
    assert source["url"].endswith(f"?commune={commune_a.code}")  # lists name communes by code
    assert report.due_on == last_month.end + datetime.timedelta(days=5)
    # a computed field cannot be typed over: the registers win on every save
    report = services.do_save_submission(
        actor=commune_a_staff, submission=report, raw_values={"trained": "2", "patrols": "5"}
    )
    assert report.values["strength"] == 3 and report.values["trained"] == 2


def test_a_value_that_does_not_fit_is_refused_naming_the_field_and_nothing_is_saved(
    form, squad, commune_a, commune_a_staff, last_month
):
    report = start(commune_a_staff, form, commune_a, last_month)
    with pytest.raises(ValidationError) as error:
        services.do_save_submission(
            actor=commune_a_staff,
            submission=report,
            raw_values={"trained": "mười", "patrols": "3", "shoe_size": "42"},
        )
    assert "“mười” is not a number" in error.value.message_dict["trained"][0]
    assert "shoe_size" in error.value.message_dict["__all__"][0]
    report.refresh_from_db()
    assert "trained" not in report.values and report.version == 1


def test_a_blocking_rule_stops_submission_and_a_warning_rule_only_warns(
    form, squad, commune_a, commune_a_staff, last_month
):
    report = start(commune_a_staff, form, commune_a, last_month)
    report = services.do_save_submission(
        actor=commune_a_staff, submission=report, raw_values={"trained": "5", "patrols": "2"}
    )
    assert report.warnings and "Tuần tra ít hơn 4 lần" in report.warnings[0]
    with pytest.raises(ValidationError) as error:
        services.do_submit(actor=commune_a_staff, submission=report)
    message = error.value.message_dict["trained"][0]
    assert "không thể vượt quân số" in message and "(5)" in message and "(3)" in message
    report = services.do_save_submission(
        actor=commune_a_staff, submission=report, raw_values={"trained": "3", "patrols": "2"}
    )
    report = services.do_submit(actor=commune_a_staff, submission=report)
    assert report.state == "submitted"  # the warning did not block


def test_required_fields_are_enforced_on_submission_not_on_saving(
    form, squad, commune_a, commune_a_staff, last_month
):
    report = start(commune_a_staff, form, commune_a, last_month)
    report = services.do_save_submission(
        actor=commune_a_staff, submission=report, raw_values={"trained": "1"}
    )
    with pytest.raises(ValidationError) as error:
        services.do_submit(actor=commune_a_staff, submission=report)
    assert set(error.value.message_dict) == {"patrols"}


def fill_and_submit(user, form, commune, period, trained="2", patrols="5"):
    report = start(user, form, commune, period)
    report = services.do_save_submission(
        actor=user, submission=report, raw_values={"trained": trained, "patrols": patrols}
    )
    return services.do_submit(actor=user, submission=report)


def test_submitted_returned_corrected_and_approved_with_every_step_in_the_history(
    form, squad, commune_a, commune_a_staff, province_staff, last_month
):
    report = fill_and_submit(commune_a_staff, form, commune_a, last_month)
    first = report.first_submitted_at
    with pytest.raises(ValidationError):
        services.do_save_submission(
            actor=commune_a_staff, submission=report, raw_values={"trained": "1"}
        )
    with pytest.raises(PermissionDenied):
        services.do_approve(actor=commune_a_staff, submission=report)
    with pytest.raises(ValidationError) as error:
        services.do_return(actor=province_staff, submission=report, reason=" ")
    assert "reason" in error.value.message_dict

    report = services.do_return(
        actor=province_staff, submission=report, reason="Số tuần tra chưa khớp sổ trực."
    )
    assert report.state == "returned" and report.return_reason.startswith("Số tuần tra")
    report = services.do_save_submission(
        actor=commune_a_staff, submission=report, raw_values={"trained": "2", "patrols": "6"}
    )
    report = services.do_submit(actor=commune_a_staff, submission=report)
    assert report.first_submitted_at == first  # timeliness stays that of the first submission
    report = services.do_approve(actor=province_staff, submission=report)
    assert report.state == "approved"
    actions = list(report.events.values_list("action", flat=True))
    assert actions == [
        "created",
        "saved",
        "submitted",
        "returned",
        "saved",
        "submitted",
        "approved",
    ]
    saved = report.events.filter(action="saved").last()
    assert saved.changes == {"patrols": [5, 6]}


def test_bulk_approval_approves_what_it_can_and_says_why_the_others_failed(
    form,
    squad,
    commune_a,
    commune_b,
    command_b,
    commune_a_staff,
    commune_b_staff,
    province_staff,
    last_month,
):
    done = fill_and_submit(commune_a_staff, form, commune_a, last_month, trained="1")
    draft = start(commune_b_staff, form, commune_b, last_month)
    result = services.do_bulk_approve(actor=province_staff, submissions=[done, draft])
    assert [s.pk for s in result.approved] == [done.pk]
    assert [(s.pk, "not submitted" in why) for s, why in result.failed] == [(draft.pk, True)]
    assert Submission.objects.get(pk=done.pk).state == "approved"


def test_a_new_version_never_changes_the_returns_made_on_the_old_one(
    form, squad, commune_a, commune_a_staff, province_staff, last_month, today
):
    report = fill_and_submit(commune_a_staff, form, commune_a, last_month)
    old = form.current_version()
    field = old.fields.get(key="patrols")
    field.label = "Đổi tên"
    with pytest.raises(ValidationError):
        field.full_clean()  # a published version is frozen
    new = services.do_new_version(actor=province_staff, form=form, note="thêm dòng")
    assert new.number == 2 and new.fields.count() == old.fields.count()
    assert new.rules.count() == old.rules.count()
    FormField.objects.create(form_version=new, key="incidents", label="Sự việc", order=9)
    with pytest.raises(ValidationError):
        services.do_new_version(actor=province_staff, form=form)  # v2 is still a draft
    services.do_publish_version(actor=province_staff, version=new)
    assert form.current_version() == new
    report.refresh_from_db()
    assert report.form_version_id == old.pk
    assert [s["key"] for s in report.form_version.field_specs()] == [
        "strength",
        "trained",
        "patrols",
        "situation",
    ]
    this_month = periods.period_containing("month", today)
    assert start(commune_a_staff, form, commune_a, this_month).form_version == new


def test_submission_and_decisions_reach_the_other_sides_inbox(
    form, squad, commune_a, commune_a_staff, province_staff, last_month
):
    report = fill_and_submit(commune_a_staff, form, commune_a, last_month)
    note = Notification.objects.get(user=province_staff)
    assert "Xã Na Son" in note.text and note.url.endswith(f"/{report.pk}/")
    services.do_approve(actor=province_staff, submission=report)
    assert Notification.objects.filter(user=commune_a_staff, kind="report").count() == 1


def test_a_commune_cannot_report_for_a_period_before_its_command_existed(
    form, commune_a, command_a, commune_a_staff, last_month
):
    command_a.established_on = last_month.end + datetime.timedelta(days=1)
    command_a.save()
    with pytest.raises(ValidationError) as error:
        start(commune_a_staff, form, commune_a, last_month)
    assert "established" in error.value.messages[0]


def test_a_future_period_cannot_be_started(form, commune_a, command_a, commune_a_staff, today):
    future = periods.period_containing("month", today + datetime.timedelta(days=40))
    with pytest.raises(ValidationError):
        start(commune_a_staff, form, commune_a, future)


def _submitted_on(report, day: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    Submission.objects.filter(pk=report.pk).update(first_submitted_at=moment)


def test_the_reporting_rate_counts_on_time_late_and_missing_and_never_the_unexpected(
    form,
    squad,
    province,
    commune_a,
    commune_b,
    command_b,
    commune_a_staff,
    commune_b_staff,
    last_month,
    today,
):
    missing = CommuneFactory(code=3320, name="Xã Thiếu", province=province)
    CommandFactory(commune=missing, established_on=datetime.date(2025, 7, 1))
    newcomer = CommuneFactory(code=3321, name="Xã Mới", province=province)
    CommandFactory(commune=newcomer, established_on=last_month.end + datetime.timedelta(days=1))
    on_time = fill_and_submit(commune_a_staff, form, commune_a, last_month)
    _submitted_on(on_time, last_month.due_on(form.due_days))  # the due date is still on time
    late = fill_and_submit(commune_b_staff, form, commune_b, last_month, trained="0")
    _submitted_on(late, last_month.due_on(form.due_days) + datetime.timedelta(days=2))

    communes = Commune.objects.filter(province=province)
    later = last_month.due_on(form.due_days) + datetime.timedelta(days=3)
    table = rates.rate_table(communes, form, [last_month], "province", later)
    row = table[(province.pk, last_month.key)]
    assert (row.expected, row.on_time, row.late, row.missing) == (3, 1, 1, 1)
    assert row.rate == pytest.approx(66.7) and row.on_time_rate == pytest.approx(33.3)

    states = {c.name: c.status for c in rates.commune_states(communes, form, last_month, later)}
    assert states == {
        "Xã Na Son": "on_time",
        "Phường Mường Thanh": "late",
        "Xã Thiếu": "missing",
        "Xã Mới": "not_expected",
    }
    # before the due date has passed, what is not made is "not yet due", not missing
    early = rates.rate_table(communes, form, [last_month], "province", last_month.end)
    assert early[(province.pk, last_month.key)].missing == 0
    assert early[(province.pk, last_month.key)].not_yet_due == 1


def test_the_rate_rises_when_a_missing_commune_reports(
    form, squad, province, commune_a, commune_a_staff, last_month
):
    communes = Commune.objects.filter(province=province)
    later = last_month.due_on(form.due_days) + datetime.timedelta(days=1)
    before = rates.totals(rates.rate_table(communes, form, [last_month], "province", later))
    fill_and_submit(commune_a_staff, form, commune_a, last_month)
    after = rates.totals(rates.rate_table(communes, form, [last_month], "province", later))
    assert (before.made, after.made) == (0, 1) and after.rate > (before.rate or 0)


def _former_commune_states(communes, form, period):
    """commune_states' rows as they were read before issue 20: three correlated subqueries per
    commune (the return's pk, state, first submission); the reference for the join."""
    from django.db.models import F, OuterRef, Subquery

    returns = Submission.objects.filter(
        form=form, period_key=period.key, commune=OuterRef("pk")
    ).order_by()
    return {
        c.pk: (c.established, c.command_level, c.return_pk, c.return_state, c.first_submitted)
        for c in communes.annotate(
            established=F("command__established_on"),
            command_level=F("command__level"),
            return_pk=Subquery(returns.values("pk")[:1]),
            return_state=Subquery(returns.values("state")[:1]),
            first_submitted=Subquery(returns.values("first_submitted_at")[:1]),
        )
    }


def test_the_drill_down_reads_each_commune_s_return_as_the_correlated_subqueries_did(
    form,
    squad,
    province,
    commune_a,
    commune_b,
    command_b,
    commune_a_staff,
    commune_b_staff,
    last_month,
    today,
):
    """Issue 20: the return is joined once instead of read by three subqueries per commune;
    the rows, their order and every state stay those of the subqueries (a return of another
    period or a draft must not leak into the month's row)."""
    CommuneFactory(code=3320, name="Xã Không Ban Chỉ Huy", province=province)  # no command
    newcomer = CommuneFactory(code=3321, name="Xã Mới", province=province)
    CommandFactory(commune=newcomer, established_on=last_month.end + datetime.timedelta(days=1))
    fill_and_submit(commune_a_staff, form, commune_a, last_month)
    earlier = periods.previous(last_month)
    fill_and_submit(commune_b_staff, form, commune_b, earlier, trained="0")
    start(commune_b_staff, form, commune_b, last_month)  # a draft this month
    communes = Commune.objects.filter(province=province)
    for period in (last_month, earlier):
        for day in (period.end, period.due_on(form.due_days) + datetime.timedelta(days=3)):
            rows = rates.commune_states(communes, form, period, day)
            assert [c.pk for c in rows] == list(
                communes.order_by("name").values_list("pk", flat=True)
            )
            new = {
                c.pk: (
                    c.established,
                    c.command_level,
                    c.return_pk,
                    c.return_state,
                    c.first_submitted,
                )
                for c in rows
            }
            assert new == _former_commune_states(communes, form, period)
    assert {c.name: c.status for c in rows}["Xã Không Ban Chỉ Huy"] == "not_expected"
