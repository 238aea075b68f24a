"""The directives on each scope's to-do list: a commune's directives to acknowledge and to
complete (with the province's reminders), a province's directives with communes overdue. The
core sorts overdue items first.

The home page shows the to-do list to communes only (commands.home); a province gets its
directive items in a section of its own here, with a link to the list.

Reports up: a province's dashboard (returns awaiting approval and overdue, the rate of each
active form's latest period past due with its trend) and the nation's (the national rate of the
main Ministry form, per province). A commune's returns to make are its to-do items
(returns/views/fill.py, report_todos)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from garrison.core.home import TodoItem, register_section, register_todo
from garrison.territory.models import Commune, Province

from .models import Directive, DirectiveReceipt, Submission
from .permissions import can_decide, sees_one_commune, sees_one_province, sees_the_nation
from .rates import querysets as rates
from .rates import views as rate_pages

#: at most this many directives are listed one by one; the rest are summed up in one line
MAX_ITEMS = 10


def _commune_items(request) -> list[TodoItem]:
    receipts = (
        DirectiveReceipt.objects.visible_to(request.user)
        .open()
        .select_related("directive")
        .order_by("due_on", "pk")
    )
    total = receipts.count()
    items = []
    for receipt in receipts[:MAX_ITEMS]:
        values = {"number": receipt.directive.number, "title": receipt.directive.title}
        if receipt.acknowledged_at is None:
            label = _("Acknowledge receipt of directive %(number)s: %(title)s") % values
        else:
            label = _("Report completion of directive %(number)s: %(title)s") % values
        if receipt.reminders_sent:
            label += " " + _("(the province has sent a reminder)")
        items.append(
            TodoItem(
                label,
                url=reverse("reporting:receipt_detail", kwargs={"pk": receipt.pk}),
                due=receipt.due_on,
            )
        )
    if total > MAX_ITEMS:
        items.append(
            TodoItem(
                ngettext(
                    "%(count)d more directive to acknowledge or complete",
                    "%(count)d more directives to acknowledge or complete",
                    total - MAX_ITEMS,
                )
                % {"count": total - MAX_ITEMS},
                url=reverse("reporting:receipt_list") + "?state=not_completed",
                count=total - MAX_ITEMS,
            )
        )
    return items


def _province_items(request) -> list[TodoItem]:
    today = timezone.localdate()
    directives = (
        Directive.objects.visible_to(request.user)
        .issued()
        .with_progress(request.user, today)
        .filter(overdue_count__gt=0)
        .order_by("due_on", "pk")
    )
    items = []
    for directive in directives[:MAX_ITEMS]:
        items.append(
            TodoItem(
                _("Directive %(number)s: %(count)d of %(total)d communes overdue")
                % {
                    "number": directive.number,
                    "count": directive.overdue_count,
                    "total": directive.recipients_count,
                },
                url=reverse("reporting:directive_detail", kwargs={"pk": directive.pk})
                + "?state=overdue",
                due=directive.due_on,
                count=directive.overdue_count,
            )
        )
    return items


@register_todo
def directive_todos(request, scope):
    if sees_one_commune(request.user):
        return _commune_items(request)
    if sees_one_province(request.user):
        return _province_items(request)
    return []


@register_section(6)
def province_directives(request, scope):
    """The province's directives with communes overdue, overdue first (a province has no to-do
    box on its home page)."""
    if not sees_one_province(request.user):
        return None
    items = _province_items(request)
    drafts = Directive.objects.visible_to(request.user).filter(status="draft").count()
    return {
        "template": "reporting/_home_province.html",
        "items": items,
        "drafts": drafts,
        "list_url": reverse("reporting:directive_list"),
    }


# --- reports up: the province's and the nation's dashboards ---------------------------------------
#: at most this many forms get a rate card on a province's home page
MAX_RATE_FORMS = 6
#: periods in the small chart of each rate card
HOME_PERIODS = 6


def _rate_card(form, communes, today, **place) -> dict | None:
    """The rate of `form`'s latest period past due and the last periods' trend (two queries).
    `place` (province=pk) makes the links drill into one province."""
    last = rate_pages.latest_due_period(form, today)
    if last is None:
        return None
    recent = rate_pages.periods_ending(form, last, HOME_PERIODS)
    table = rates.rate_table(communes, form, recent, "province", today)
    series = [(p, rates.totals(table, p.key)) for p in recent]
    total = series[-1][1]
    return {
        "form": form,
        "period": last,
        "total": total,
        "url": rate_pages.rates_url(form, last, **place),
        "missing_url": rate_pages.rates_url(form, last, status="missing", **place),
        "late_url": rate_pages.rates_url(form, last, status="late", **place),
        "chart": rate_pages.chart_spec(series) if len(series) > 1 else None,
        "chart_id": f"home-rate-{form.pk}",
    }


@register_section(7)
def province_reports(request, scope):
    """Returns awaiting approval and overdue (each linking to the list behind it), and the rate
    of the latest period past due of each active form with its trend."""
    if not sees_one_province(request.user):
        return None
    user = request.user
    today = timezone.localdate()
    counts = Submission.objects.visible_to(user).aggregate(
        awaiting=Count("pk", filter=Q(state=Submission.State.SUBMITTED)),
        overdue=Count("pk", filter=~Q(state__in=Submission.MADE) & Q(due_on__lt=today)),
    )
    forms = list(rate_pages.report_forms(user).filter(active=True)[:MAX_RATE_FORMS])
    communes = Commune.objects.visible_to(user).filter(province_id=scope.province_id)
    cards = []
    for form in forms:
        card = _rate_card(form, communes, today)
        if card is not None:
            cards.append(card)
    if not cards and not counts["awaiting"] and not counts["overdue"]:
        return None
    submissions = reverse("reporting:submission_list")
    # the reports awaiting a decision, where they are approved (or opened to be returned); the
    # inspector, who decides nothing, reads them in the list
    review_url = reverse("reporting:submission_review") if can_decide(user) else None
    return {
        "template": "reporting/_home_reports_province.html",
        "awaiting": counts["awaiting"] or 0,
        "overdue": counts["overdue"] or 0,
        "awaiting_url": review_url or f"{submissions}?state={Submission.State.SUBMITTED}",
        "overdue_url": f"{submissions}?timeliness=overdue",
        "review_url": review_url,
        "rates_url": reverse("reporting:rates"),
        "cards": cards,
    }


def main_form(user):
    """The nation's main form: the first active Ministry form (by code) with a published
    version."""
    return rate_pages.report_forms(user).filter(active=True, province__isnull=True).first()


def province_form_cards(user, today) -> dict | None:
    """Without a Ministry form, the nation sees the provinces' own active forms: each one's rate
    card over its own province's communes (two queries per form, at most MAX_RATE_FORMS)."""
    forms = rate_pages.report_forms(user).filter(active=True, province__isnull=False)
    cards = []
    for form in forms.order_by("province__code", "code")[:MAX_RATE_FORMS]:
        communes = Commune.objects.visible_to(user).filter(province_id=form.province_id)
        card = _rate_card(form, communes, today, province=form.province_id)
        if card is not None:
            cards.append(card)
    if not cards:
        return None
    return {
        "template": "reporting/_home_reports_nation.html",
        "cards": cards,
        "rates_url": reverse("reporting:rates"),
    }


@register_section(7)
def nation_reports(request, scope):
    """The national reporting rate of the main form, per province (four queries); without a
    Ministry form, the rate of the provinces' own forms."""
    if not sees_the_nation(request.user):
        return None
    user = request.user
    today = timezone.localdate()
    form = main_form(user)
    if form is None:
        return province_form_cards(user, today)
    period = rate_pages.latest_due_period(form, today)
    if period is None:
        return None
    table = rates.rate_table(Commune.objects.visible_to(user), form, [period], "province", today)
    rows = []
    for province in Province.objects.visible_to(user).order_by("code"):
        row = table.get((province.pk, period.key))
        if row is None:
            continue
        row.name = province.name
        row.extra["url"] = rate_pages.rates_url(form, period, province=province.pk)
        rows.append(row)
    rows.sort(key=lambda r: (r.rate is None, r.rate if r.rate is not None else 0, r.name))
    chart = {
        "labels": [r.name for r in rows],
        "datasets": [
            {"label": _("reported (per cent)"), "data": [r.rate for r in rows]},
            {"label": _("on time (per cent)"), "data": [r.on_time_rate for r in rows]},
        ],
        "percent": True,
    }
    return {
        "template": "reporting/_home_reports_nation.html",
        "form": form,
        "period": period,
        "rows": rows,
        "total": rates.totals(table, period.key),
        "chart": chart if len(rows) > 1 else None,
        "url": rate_pages.rates_url(form, period),
    }
