"""Return pages beyond the generic ones: the commune's fill page for one form and period, its
"Reports to make" (the current and previous period of each form it returns, and the home
to-do items), and the province's "Reports to approve" with bulk approval.

Every row is read through the scoped querysets; the fill page reads its form through the
report-form configuration (404 outside the user's scope) and fills the user's own commune's
return only, so no other commune's return is ever reachable from it."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from garrison.core.filtering import query_id, query_ids, query_text
from garrison.core.home import TodoItem, register_todo
from garrison.core.scoping import get_for, scope_of
from garrison.core.services import StaleEditError
from garrison.reporting.permissions import can_decide, can_fill, sees_one_commune
from garrison.reporting.returns import periods, rules, services
from garrison.reporting.returns.forms import SubmissionMetaForm, SubmissionValuesForm, shown_value
from garrison.reporting.returns.models import FormVersion, ReportForm, Submission
from garrison.reporting.returns.services import rule_message
from garrison.territory.models import Commune

from .registers import (
    ReportFormConfig,
    SubmissionConfig,
    by_section,
    fill_url,
    timeliness,
    value_rows,
)

#: the page size of "Reports to approve"
REVIEW_PAGE_SIZE = 100


def _detail_url(submission: Submission) -> str:
    return reverse("reporting:submission_detail", kwargs={"pk": submission.pk})


def _warnings_by_field(submission: Submission, specs: list[dict]) -> dict[str, list[str]]:
    """The warning rules the saved values break, beside the field each rule is about."""
    labels = {s["key"]: s["label"] for s in specs}
    found: dict[str, list[str]] = {}
    for outcome in rules.broken_rules(submission.values, submission.form_version.rule_specs()):
        if not outcome.blocking:
            found.setdefault(outcome.rule["left"], []).append(rule_message(outcome, labels))
    return found


class FillView(LoginRequiredMixin, View):
    """The commune's return for one form and period: GET shows it (or offers to start it),
    POST starts it, saves it as a draft, or saves and submits it. Refused input comes back as
    typed, each error beside its field; a stale page is refused, never silently overwritten."""

    config = ReportFormConfig
    template_name = "reporting/submission_fill.html"

    @classmethod
    def for_config(cls, config):
        return cls.as_view(config=config)

    # --- what the page is about ----------------------------------------------------------------
    def resolve(self) -> tuple[ReportForm, periods.Period, Commune, Submission | None]:
        user = self.request.user
        form = get_for(user, self.config.base_queryset(), pk=self.kwargs["pk"])
        if not can_fill(user):
            raise Http404  # only a commune's own command fills its returns
        try:
            period = form.period_for_key(self.kwargs["period_key"])
        except ValueError:
            raise Http404(_("This is not a period of the form.")) from None
        commune = get_for(user, Commune, pk=scope_of(user).commune_id)
        submission = (
            Submission.objects.visible_to(user)
            .filter(form=form, commune=commune, period_key=period.key)
            .select_related("form", "commune", "form_version")
            .first()
        )
        return form, period, commune, submission

    def page_context(self, form: ReportForm, period: periods.Period) -> dict[str, Any]:
        return {
            "report_form": form,
            "period": period,
            "due_on": period.due_on(form.due_days),
            "form_url": ReportFormConfig.url("detail", form),
            "todo_url": reverse("reporting:submission_todo"),
            "list_url": SubmissionConfig.url("list"),
        }

    # --- rendering ------------------------------------------------------------------------------
    def render_start(self, form, period, errors=(), status=200) -> HttpResponse:
        context = {
            **self.page_context(form, period),
            "started": False,
            "start_errors": list(errors),
            "version": form.current_version(),
        }
        return render(self.request, self.template_name, context, status=status)

    def render_fill(
        self,
        submission: Submission,
        values_form: SubmissionValuesForm,
        meta_form: SubmissionMetaForm,
        *,
        errors: dict[str, list[str]] | None = None,
        problems: dict[str, list[str]] | None = None,
        conflict: str = "",
        status: int = 200,
    ) -> HttpResponse:
        specs = values_form.all_specs
        page_errors: list[str] = list(meta_form.non_field_errors())
        row_errors: dict[str, list[str]] = {}
        computed = {s["key"] for s in specs if s["indicator"]}
        for key, messages_ in (errors or {}).items():
            if key in values_form.fields:
                for message in messages_:
                    values_form.add_error(key, message)
            elif key in computed:
                row_errors.setdefault(key, []).extend(messages_)
            else:
                page_errors.extend(messages_)
        warnings = _warnings_by_field(submission, specs)
        rows = value_rows(specs, submission.values, submission.sources)
        for row in rows:
            key = row["key"]
            row["field"] = None if row["computed"] else values_form[key]
            row["errors"] = row_errors.get(key, [])
            row["problems"] = (problems or {}).get(key, [])
            row["warnings"] = warnings.get(key, [])
        page_problems = [
            m
            for k, ms in (problems or {}).items()
            if k not in values_form.fields and k not in computed
            for m in ms
        ]
        context = {
            **self.page_context(submission.form, self.period_of(submission)),
            "started": True,
            "submission": submission,
            "sections": by_section(rows),
            "meta_form": meta_form,
            "values_form": values_form,
            "page_errors": page_errors,
            "page_problems": page_problems,
            "conflict": conflict,
            "timeliness": timeliness(submission),
            "detail_url": _detail_url(submission),
            "has_warnings": bool(warnings),
        }
        return render(self.request, self.template_name, context, status=status)

    @staticmethod
    def period_of(submission: Submission) -> periods.Period:
        return periods.Period(
            submission.form.period_type,
            submission.period_key,
            submission.period_start,
            submission.period_end,
        )

    def forms_for(self, submission: Submission, data=None):
        specs = submission.form_version.field_specs()
        values_form = SubmissionValuesForm(
            specs, data, values=None if data is not None else submission.values
        )
        if data is None:
            meta_form = SubmissionMetaForm(
                initial={"version": submission.version, "note": submission.note}
            )
        else:
            meta_form = SubmissionMetaForm(data)
        return values_form, meta_form

    def closed(self, submission: Submission) -> HttpResponse:
        messages.info(
            self.request,
            _("This report is %(state)s: it can no longer be changed here.")
            % {"state": submission.get_state_display()},
        )
        return HttpResponseRedirect(_detail_url(submission))

    # --- handlers -------------------------------------------------------------------------------
    def get(self, request: HttpRequest, pk: int, period_key: str) -> HttpResponse:
        form, period, _commune, submission = self.resolve()
        if submission is None:
            return self.render_start(form, period)
        if not submission.editable_by_commune:
            return self.closed(submission)
        values_form, meta_form = self.forms_for(submission)
        # once the commune has saved, what still stops submission is shown beside its field
        problems = services.submission_problems(submission) if submission.version > 1 else None
        return self.render_fill(submission, values_form, meta_form, problems=problems)

    def post(self, request: HttpRequest, pk: int, period_key: str) -> HttpResponse:
        form, period, commune, submission = self.resolve()
        action = request.POST.get("action", "save")
        if submission is None or action == "start":
            try:
                submission = services.do_start_submission(
                    actor=request.user, form=form, commune=commune, period=period
                )
            except ValidationError as exc:
                return self.render_start(form, period, errors=exc.messages, status=400)
            except PermissionDenied as exc:
                return self.render_start(form, period, errors=[str(exc)], status=403)
            if action == "start":
                return HttpResponseRedirect(request.path)
        if not submission.editable_by_commune:
            return self.closed(submission)
        return self.save(submission, submit=action == "submit")

    def save(self, submission: Submission, *, submit: bool) -> HttpResponse:
        request = self.request
        values_form, meta_form = self.forms_for(submission, request.POST)
        if not meta_form.is_valid() or meta_form.cleaned_data.get("version") is None:
            meta_form.add_error(
                None,
                _("This page is missing its version stamp; reload the page and fill it again."),
            )
            return self.render_fill(submission, values_form, meta_form, status=400)
        note = meta_form.cleaned_data.get("note") or ""
        try:
            saved = services.do_save_submission(
                actor=request.user,
                submission=submission,
                raw_values=values_form.raw_values(),
                note=note if note.strip() != submission.note else None,
                expected_version=meta_form.cleaned_data["version"],
            )
        except StaleEditError as exc:
            current = exc.current or submission
            return self.render_fill(
                current,
                values_form,
                self.rearmed(meta_form, current.version),
                conflict=self.conflict_message(exc, current, values_form),
                status=409,
            )
        except ValidationError as exc:
            return self.render_fill(
                submission, values_form, meta_form, errors=_by_key(exc), status=400
            )
        except PermissionDenied as exc:
            meta_form.add_error(None, str(exc))
            return self.render_fill(submission, values_form, meta_form, status=403)
        if not submit:
            messages.success(request, _("Draft saved. Submit it when it is complete."))
            return HttpResponseRedirect(request.path)
        try:
            saved = services.do_submit(
                actor=request.user, submission=saved, expected_version=saved.version
            )
        except (ValidationError, StaleEditError) as exc:
            errors = _by_key(exc) if isinstance(exc, ValidationError) else {"__all__": [str(exc)]}
            messages.warning(
                request,
                _(
                    "Your figures are saved as a draft, but the report was not submitted: "
                    "correct what is marked, then submit again."
                ),
            )
            return self.render_fill(
                saved,
                values_form,
                self.rearmed(meta_form, saved.version),
                errors=errors,
                status=400,
            )
        if saved.on_time:
            messages.success(request, _("Report submitted on time. The province is told."))
        else:
            messages.success(
                request,
                ngettext(
                    "Report submitted, %(n)d day after the due date. The province is told.",
                    "Report submitted, %(n)d days after the due date. The province is told.",
                    saved.days_late,
                )
                % {"n": saved.days_late},
            )
        return HttpResponseRedirect(_detail_url(saved))

    def rearmed(self, meta_form: SubmissionMetaForm, version: int) -> SubmissionMetaForm:
        """The page's inputs as posted, with the return's version as it now stands (so that a
        second, deliberate save goes through)."""
        data = meta_form.data.copy()
        data["version"] = version
        rearmed = SubmissionMetaForm(data)
        rearmed.is_valid()
        return rearmed

    @staticmethod
    def conflict_message(exc: StaleEditError, current: Submission, values_form) -> str:
        typed = values_form.raw_values()
        differing = [
            spec["label"]
            for spec in values_form.specs
            if not _same_value(spec, current.values.get(spec["key"]), typed.get(spec["key"]))
        ]
        message = str(exc)
        if differing:
            message += " " + _("The report now differs from your input in: %(fields)s.") % {
                "fields": ", ".join(differing)
            }
        return message


def _same_value(spec: dict, stored: Any, typed: str | None) -> bool:
    """Whether what the user typed is the value stored ("1.200" is 1200)."""
    if shown_value(spec, stored).strip() == (typed or "").strip():
        return True
    try:
        return rules.parse_value({**spec, "required": False}, typed) == stored
    except rules.ValueProblem:
        return False


def _by_key(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            key: [str(m) for m in ValidationError(errs).messages]
            for key, errs in exc.error_dict.items()
        }
    return {"__all__": [str(m) for m in exc.messages]}


# --- what a commune has to report -----------------------------------------------------------------
def reports_to_make(user: Any, today: datetime.date) -> list[dict[str, Any]]:
    """For each active form the commune returns (with a published version): the current and
    the previous period (an event form: its event, once begun), with the return's state and
    due date — not-made ones first, the most urgent on top. Three queries."""
    if not sees_one_commune(user):
        return []
    scope = scope_of(user)
    established = (
        Commune.objects.visible_to(user)
        .filter(pk=scope.commune_id)
        .values_list("command__established_on", flat=True)
        .first()
    )
    published = FormVersion.objects.visible_to(user).filter(
        form=OuterRef("pk"), published_at__isnull=False
    )
    forms = list(
        ReportForm.objects.visible_to(user)
        .filter(active=True)
        .filter(Exists(published))
        .order_by("code")
    )
    wanted: list[tuple[ReportForm, periods.Period]] = []
    for form in forms:
        try:
            current = form.period_of(today)
        except ValueError:  # an event form without its days
            continue
        for period in (current, periods.previous(current)):
            if period is None or period.start > today:
                continue
            if periods.is_expected(established, period):
                wanted.append((form, period))
    existing = {
        (s.form_id, s.period_key): s
        for s in Submission.objects.visible_to(user).filter(
            form__in=[f.pk for f in forms],
            period_key__in={p.key for _f, p in wanted},
            commune_id=scope.commune_id,
        )
    }
    rows = []
    for form, period in wanted:
        submission = existing.get((form.pk, period.key))
        made = submission is not None and submission.is_made
        due_on = submission.due_on if submission else period.due_on(form.due_days)
        rows.append(
            {
                "form": form,
                "period": period,
                "submission": submission,
                "state": submission.get_state_display() if submission else _("not started"),
                "due_on": due_on,
                "made": made,
                "overdue": not made and due_on < today,
                "returned": submission is not None
                and submission.state == Submission.State.RETURNED,
                "fill_url": fill_url(form.pk, period.key),
                "detail_url": _detail_url(submission) if submission else None,
                "timeliness": timeliness(submission) if submission else "",
            }
        )
    rows.sort(key=lambda r: (r["made"], r["due_on"], r["form"].code))
    return rows


class TodoView(LoginRequiredMixin, View):
    """The commune's "Reports to make"."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not can_fill(request.user):
            raise Http404
        today = timezone.localdate()
        return render(
            request,
            "reporting/submission_todo.html",
            {
                "rows": reports_to_make(request.user, today),
                "today": today,
                "list_url": SubmissionConfig.url("list"),
            },
        )


@register_todo
def report_todos(request, scope) -> list[TodoItem]:
    """The commune's returns to make: those whose period has ended and are not made yet, and
    those the province returned for correction."""
    if not can_fill(request.user):
        return []
    today = timezone.localdate()
    items = []
    for row in reports_to_make(request.user, today):
        if row["made"] or not (row["returned"] or row["period"].end < today):
            continue
        values = {"code": row["form"].code, "period": row["period"].label}
        if row["returned"]:
            label = _("Correct report %(code)s for %(period)s: the province returned it") % values
        else:
            label = _("Make report %(code)s for %(period)s") % values
        items.append(TodoItem(label, url=row["fill_url"], due=row["due_on"]))
    return items


# --- what a province has to decide -------------------------------------------------------------
class ReviewView(LoginRequiredMixin, View):
    """The province's submitted returns, to approve several at once (or open one to return
    it). Each is approved on its own: the message says how many were, and which were not, why."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_decide(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        queryset = (
            Submission.objects.editable_by(request.user)
            .awaiting_decision()
            .select_related("form", "commune")
            .order_by("due_on", "form__code", "commune__name", "pk")
        )
        forms = ReportForm.objects.visible_to(request.user).order_by("code")
        form_id = query_id(request.GET, "form")
        if form_id is not None:
            queryset = queryset.filter(form_id=form_id)
        waiting = queryset.order_by().values_list(
            "form__period_type", "period_key", "period_start", "period_end"
        )
        period_choices = sorted(
            {
                (start, key, periods.Period(kind, key, start, end).label)
                for kind, key, start, end in waiting.distinct()
            },
            reverse=True,
        )
        period_key = query_text(request.GET, "period_key", max_length=20)
        if period_key:
            queryset = queryset.filter(period_key__iexact=period_key)
        page = Paginator(queryset, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "reporting/submission_review.html",
            {
                "page": page,
                "rows": [
                    {"submission": s, "url": _detail_url(s), "timeliness": timeliness(s)}
                    for s in page.object_list
                ],
                "forms": forms,
                "form_id": str(form_id or ""),
                "period_key": period_key,
                "period_choices": [(key, label) for _start, key, label in period_choices],
                "query": query.urlencode(),
                "list_url": SubmissionConfig.url("list"),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        back = HttpResponseRedirect(request.get_full_path())
        ids = query_ids(request.POST.getlist("selected"))
        chosen = list(
            Submission.objects.editable_by(request.user)
            .filter(pk__in=ids)
            .select_related("form", "commune")
            .order_by("form__code", "commune__name", "pk")
        )
        if not chosen:
            messages.warning(request, _("Tick the reports to approve, then press the button."))
            return back
        result = services.do_bulk_approve(actor=request.user, submissions=chosen)
        if result.approved:
            n = len(result.approved)
            messages.success(
                request,
                ngettext("%(n)d report approved.", "%(n)d reports approved.", n) % {"n": n},
            )
        for submission, why in result.failed:
            messages.error(
                request,
                _("%(report)s was not approved: %(why)s") % {"report": submission, "why": why},
            )
        return back
