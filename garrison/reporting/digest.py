"""The daily digest of each province (run by `garrison digest` from cron): one notification to
every active province-level account of a province that has something to say —

- the returns submitted since yesterday that wait for the province's approval (and how many wait
  in all);
- the returns overdue: for each active form, the communes that have not made their return for
  the latest period past its due date;
- the directives with communes overdue (not completed by the due date).

The facts of all provinces are gathered at once (`collect`): one aggregate query for the
returns awaiting approval, two per active form for the overdue returns (`rates.rate_table`,
grouped by province), one for the directives — never a loop over provinces or rows. The digest
is a system job with no acting user: each province's figures go to that province's own
accounts only (`notify.notify_provinces`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from garrison.core.models import Notification
from garrison.core.notify import notify_provinces
from garrison.territory.models import Commune, Province

from .directives.querysets import overdue_q
from .models import DirectiveReceipt, FormVersion, ReportForm, Submission
from .rates import querysets as rates
from .returns import periods

KIND = "digest"
#: at most this many directives are named one by one
MAX_DIRECTIVES = 10


@dataclass
class OverdueForm:
    code: str
    name: str
    period: periods.Period
    missing: int
    expected: int


@dataclass
class OverdueDirective:
    number: str
    title: str
    due_on: datetime.date
    overdue: int


@dataclass
class ProvinceDigest:
    province: Province
    new_awaiting: int = 0
    awaiting: int = 0
    overdue: list[OverdueForm] = field(default_factory=list)
    directives: list[OverdueDirective] = field(default_factory=list)

    @property
    def has_news(self) -> bool:
        return bool(self.awaiting or self.overdue or self.directives)


def _active_forms(province_ids: list[int]):
    published = FormVersion.objects.filter(form=OuterRef("pk"), published_at__isnull=False)
    return (
        ReportForm.objects.filter(active=True)
        .filter(Exists(published))
        .filter(Q(province__isnull=True) | Q(province_id__in=province_ids))
        .order_by("code", "pk")
    )


def collect(provinces: Iterable[Province], today: datetime.date) -> dict[int, ProvinceDigest]:
    """{province id: ProvinceDigest} for `provinces` on `today`."""
    from .rates.views import latest_due_period

    digests = {p.pk: ProvinceDigest(p) for p in provinces}
    ids = list(digests)
    if not ids:
        return digests
    yesterday = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time.min)
    )
    awaiting = (
        Submission.objects.filter(province_id__in=ids, state=Submission.State.SUBMITTED)
        .order_by()
        .values("province_id")
        .annotate(
            total=Count("pk"),
            new=Count("pk", filter=Q(submitted_at__gte=yesterday)),
        )
    )
    for row in awaiting:
        digest = digests[row["province_id"]]
        digest.awaiting, digest.new_awaiting = row["total"], row["new"]

    for form in _active_forms(ids):
        period = latest_due_period(form, today)
        if period is None or period.due_on(form.due_days) >= today:
            continue  # an event not yet past its due date
        communes = Commune.objects.filter(province_id__in=ids)
        if form.province_id:
            communes = communes.filter(province_id=form.province_id)
        table = rates.rate_table(communes, form, [period], "province", today)
        for (province_id, _key), row in table.items():
            if row.missing and province_id in digests:
                digests[province_id].overdue.append(
                    OverdueForm(form.code, form.name, period, row.missing, row.expected)
                )

    directives = (
        DirectiveReceipt.objects.filter(overdue_q(today))
        .filter(directive__status="issued", directive__province_id__in=ids)
        .order_by()
        .values(
            "directive_id",
            "directive__province_id",
            "directive__number",
            "directive__title",
            "directive__due_on",
        )
        .annotate(n=Count("pk"))
        .order_by("directive__due_on", "directive_id")
    )
    for row in directives:
        digests[row["directive__province_id"]].directives.append(
            OverdueDirective(
                row["directive__number"],
                row["directive__title"],
                row["directive__due_on"],
                row["n"],
            )
        )
    return digests


def render(digest: ProvinceDigest, today: datetime.date) -> str:
    """The digest's text in the active language ("" when there is nothing to say)."""
    if not digest.has_news:
        return ""
    lines = [
        _("Daily summary of %(province)s, %(day)s:")
        % {"province": digest.province.name, "day": today.strftime("%d/%m/%Y")}
    ]
    if digest.awaiting:
        if digest.new_awaiting:
            lines.append(
                "• "
                + ngettext(
                    "%(new)d report submitted since yesterday waits for your approval "
                    "(%(total)d waiting in all).",
                    "%(new)d reports submitted since yesterday wait for your approval "
                    "(%(total)d waiting in all).",
                    digest.new_awaiting,
                )
                % {"new": digest.new_awaiting, "total": digest.awaiting}
            )
        else:
            lines.append(
                "• "
                + ngettext(
                    "%(total)d report waits for your approval.",
                    "%(total)d reports wait for your approval.",
                    digest.awaiting,
                )
                % {"total": digest.awaiting}
            )
    for item in digest.overdue:
        lines.append(
            "• "
            + ngettext(
                "Report %(code)s for %(period)s: %(n)d of %(expected)d communes has not "
                "reported past the due date.",
                "Report %(code)s for %(period)s: %(n)d of %(expected)d communes have not "
                "reported past the due date.",
                item.missing,
            )
            % {
                "code": item.code,
                "period": item.period.label,
                "n": item.missing,
                "expected": item.expected,
            }
        )
    for item in digest.directives[:MAX_DIRECTIVES]:
        lines.append(
            "• "
            + ngettext(
                "Directive %(number)s (%(title)s): %(n)d commune overdue since %(due)s.",
                "Directive %(number)s (%(title)s): %(n)d communes overdue since %(due)s.",
                item.overdue,
            )
            % {
                "number": item.number,
                "title": item.title,
                "n": item.overdue,
                "due": item.due_on.strftime("%d/%m/%Y"),
            }
        )
    if len(digest.directives) > MAX_DIRECTIVES:
        more = len(digest.directives) - MAX_DIRECTIVES
        lines.append(
            "• "
            + ngettext(
                "%(n)d more directive has communes overdue.",
                "%(n)d more directives have communes overdue.",
                more,
            )
            % {"n": more}
        )
    return "\n".join(lines)


def build_digest(province: Province, today: datetime.date) -> str:
    """The text of `province`'s digest for `today` ("" when there is nothing to say)."""
    return render(collect([province], today)[province.pk], today)


def already_sent(today: datetime.date) -> set[int]:
    """The provinces whose accounts already received a digest today (so a second run of the
    same day sends nothing twice)."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    return set(
        Notification.objects.filter(
            kind=KIND,
            created_at__gte=start,
            created_at__lt=end,
            user__commune__isnull=True,
            user__province__isnull=False,
        )
        .values_list("user__province_id", flat=True)
        .distinct()
    )


def send_digests(today: datetime.date, *, force: bool = False) -> int:
    """Write one "digest" notification to every active province-level account of each province
    with something to say; returns how many were written. A province already sent its digest
    today is skipped unless `force`."""
    skipped = set() if force else already_sent(timezone.localdate())
    provinces = Province.objects.exclude(pk__in=skipped).order_by("code")
    url = reverse("core:home")
    sent = 0
    for province_id, digest in collect(provinces, today).items():
        if not digest.has_news:
            continue
        sent += notify_provinces(
            [province_id], KIND, lambda digest=digest: render(digest, today), url=url
        )
    return sent
