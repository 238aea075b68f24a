"""Directive pages, declared on core's generic views: the directive (list with each one's
progress, detail with the communes' table, draft edit, send, attach, amend, remind) and the
commune's receipt (acknowledge, report completion). Importing this module registers both.

Beyond the generic ones: the directive printed as PDF (Decree 30/2020/NĐ-CP) and the download of
attached files — each read through the scoped lookup, so a file is served only to whoever may see
its directive or receipt."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from garrison.core import audit, inbox
from garrison.core.filtering import query_text
from garrison.core.pdf import render_pdf
from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.core.scoping import get_for, scope_of
from garrison.core.views import ConfiguredView
from garrison.reporting.permissions import can_answer, can_issue, sees_one_commune

from . import services
from .filters import STATE_CHOICES, DirectiveFilterSet, ReceiptFilterSet
from .forms import (
    AcknowledgeForm,
    AmendForm,
    AttachForm,
    CompleteForm,
    DirectiveForm,
    IssueForm,
    NewDirectiveForm,
    RemindForm,
    RemoveAttachmentsForm,
)
from .models import (
    STATE_LABELS,
    Directive,
    DirectiveAttachment,
    DirectiveReceipt,
    ReceiptAttachment,
)
from .schemas import DirectiveDetailOut, DirectiveOut, ReceiptDetailOut, ReceiptOut


def _of(done: str):
    return lambda d: f"{getattr(d, done)}/{d.recipients_count}" if d.recipients_count else "—"


# --- directive actions ----------------------------------------------------------------------------
def _issue(request, directive, data) -> str:
    n = services.do_issue_directive(actor=request.user, directive=directive)
    return ngettext("Sent to %(n)d commune.", "Sent to %(n)d communes.", n) % {"n": n}


def _attach(request, directive, data) -> str:
    n = services.do_add_directive_attachments(
        actor=request.user, directive=directive, attachments=data["attachments"]
    )
    return ngettext("%(n)d file attached.", "%(n)d files attached.", n) % {"n": n}


def _remove(request, directive, data) -> str:
    n = services.do_remove_directive_attachments(
        actor=request.user, directive=directive, attachments=data["attachments"]
    )
    return ngettext("%(n)d file removed.", "%(n)d files removed.", n) % {"n": n}


def _amend(request, directive, data) -> str:
    services.do_amend_directive(actor=request.user, directive=directive, note=data["note"])
    return gettext("Amendment note added.")


def _remind(request, directive, data) -> str:
    n = services.do_remind_laggards(actor=request.user, directive=directive)
    return ngettext("Reminder sent to %(n)d commune.", "Reminder sent to %(n)d communes.", n) % {
        "n": n
    }


def _draft(obj, user) -> bool:
    return obj.is_draft and can_issue(user, obj)


def _sent(obj, user) -> bool:
    return not obj.is_draft and can_issue(user, obj)


@register
class DirectiveConfig(ModelConfig):
    model = Directive
    name = "directive"
    namespace = "reporting"
    select_related = ["province"]
    list_columns = [
        Column("number", order_by="number", link=True),
        Column("title", order_by="title"),
        Column("issued_on", order_by="issued_on"),
        Column("due_on", order_by="due_on"),
        Column("status", order_by="status"),
        Column(
            "acknowledged",
            label=_("acknowledged"),
            accessor=_of("acknowledged_count"),
            order_by="acknowledged_count",
        ),
        Column(
            "completed",
            label=_("completed"),
            accessor=_of("completed_count"),
            order_by="completed_count",
        ),
        Column("late_count", label=_("completed late"), order_by="late_count"),
        Column("overdue_count", label=_("overdue"), order_by="overdue_count"),
    ]
    default_ordering = ["-issued_on", "-pk"]
    search_fields = ["number__icontains", "title__icontains"]
    filterset_class = DirectiveFilterSet
    form_class = DirectiveForm
    add_form_class = NewDirectiveForm
    api = ApiSpec(
        path="/reporting/directives",
        id_param="directive_id",
        out=DirectiveOut,
        detail_out=DirectiveDetailOut,
        exclude=frozenset({"create"}),  # written with its communes (and sent) by api.py
        summaries={
            "list": "List directives with each one's progress",
            "get": "Get a directive: text, amendments, addressed communes, files, progress",
        },
        descriptions={
            "list": "A province sees its directives (drafts included) with the counts over all "
            "addressed communes; a commune sees the directives sent to it, the counts over its "
            "own receipt. `status` draft or issued; `progress` overdue, open or done; `year` "
            "the issue year.",
        },
    )
    detail_template = "reporting/directive_detail.html"
    detail_fields = ["issued_on", "due_on", "status", "issued_at", "province"]
    nav_label = _("Directives")
    nav_order = 60
    nav_group = "reporting"
    actions = [
        ObjectAction(
            "issue",
            _("Send"),
            IssueForm,
            _issue,
            icon="send",
            available=_draft,
            style="primary",
            help_text=_(
                "Each addressed commune receives it at once, with the due date, and must "
                "acknowledge receipt and report completion."
            ),
        ),
        ObjectAction(
            "attach", _("Attach files"), AttachForm, _attach, icon="paperclip", available=_draft
        ),
        ObjectAction(
            "remove_attachments",
            _("Remove files"),
            RemoveAttachmentsForm,
            _remove,
            icon="x-circle",
            available=lambda d, user: _draft(d, user) and d.attachments.exists(),
            form_kwargs=lambda request, d: {"directive": d},
            style="outline-danger",
        ),
        ObjectAction(
            "amend",
            _("Add an amendment note"),
            AmendForm,
            _amend,
            icon="pencil-square",
            available=_sent,
        ),
        ObjectAction(
            "remind",
            _("Remind the laggards"),
            RemindForm,
            _remind,
            icon="bell",
            available=_sent,
            help_text=_(
                "Every commune that has not reported completion gets the reminder in its to-do "
                "list; each reminder is recorded on its receipt."
            ),
        ),
    ]

    @classmethod
    def queryset(cls, request, action="view"):
        return super().queryset(request, action).with_progress(request.user, timezone.localdate())

    @classmethod
    def change_refusal(cls, obj):
        if obj.is_draft:
            return None
        return gettext(
            "Directive %(number)s has been sent and can no longer be changed or deleted; add an "
            "amendment note instead."
        ) % {"number": obj.number}

    @classmethod
    def new_instance(cls, request):
        scope = scope_of(request.user)
        today = timezone.localdate()
        return Directive(
            province_id=scope.province_id if scope else None,
            issued_on=today,
            due_on=today + datetime.timedelta(days=14),
        )

    @classmethod
    def create(cls, actor, form):
        directive = form.save(commit=False)
        return services.do_create_directive(
            actor=actor,
            directive=directive,
            recipients=form.cleaned_data.get("recipients") or [],
            attachments=form.cleaned_data.get("attachments") or [],
        )

    @classmethod
    def detail_context(cls, request, obj):
        today = timezone.localdate()
        receipts = DirectiveReceipt.objects.visible_to(request.user).filter(directive=obj)
        context = {
            "attachments": obj.attachments.all(),
            "pdf_url": reverse("reporting:directive_pdf", kwargs={"pk": obj.pk}),
            "counts": receipts.counts(today),
            "state_choices": STATE_CHOICES,
        }
        if sees_one_commune(request.user):
            own = receipts.select_related("commune").first()
            context["own_receipt"] = own
            if own is not None:
                context["own_actions"] = [
                    {"action": a, "url": DirectiveReceiptConfig.action_url(a, own)}
                    for a in DirectiveReceiptConfig.actions
                    if a.available(own, request.user) and can_answer(request.user, own)
                ]
            return context
        state = query_text(request.GET, "state", max_length=30)
        rows = receipts.with_state(today).select_related("commune").order_by("commune__name")
        if state:
            rows = rows.filter_state(state, today)
        term = query_text(request.GET, "q", max_length=100)
        if term:
            rows = rows.filter(Q(commune__name__icontains=term))
        context.update({"receipts": rows, "state": state, "q": term, "today": today})
        return context


# --- receipt actions --------------------------------------------------------------------------
def _acknowledge(request, receipt, data) -> str:
    services.do_acknowledge_receipt(actor=request.user, receipt=receipt)
    return gettext("Receipt acknowledged.")


def _complete(request, receipt, data) -> str:
    receipt = services.do_complete_receipt(
        actor=request.user,
        receipt=receipt,
        account=data["account"],
        attachments=data.get("attachments") or [],
    )
    if receipt.is_late:
        return ngettext(
            "Completion reported, %(n)d day after the due date.",
            "Completion reported, %(n)d days after the due date.",
            receipt.days_late,
        ) % {"n": receipt.days_late}
    return gettext("Completion reported on time.")


@register
class DirectiveReceiptConfig(ModelConfig):
    model = DirectiveReceipt
    name = "receipt"
    namespace = "reporting"
    select_related = ["directive", "commune"]
    list_columns = [
        Column("directive__number", label=_("number"), order_by="directive__number", link=True),
        Column("directive__title", label=_("title"), order_by="directive__title"),
        Column("commune", order_by="commune__name"),
        Column("due_on", order_by="due_on"),
        Column("acknowledged_at", order_by="acknowledged_at"),
        Column("completed_at", order_by="completed_at"),
        Column(
            "receipt_state",
            label=_("state"),
            accessor=lambda r: STATE_LABELS[r.receipt_state],
            order_by="receipt_state",
        ),
        Column("days_late", label=_("days late"), accessor=lambda r: r.days_late or ""),
        Column("reminders_sent", order_by="reminders_sent"),
    ]
    default_ordering = ["-due_on", "commune__name"]
    search_fields = ["directive__number__icontains", "directive__title__icontains"]
    filterset_class = ReceiptFilterSet
    can_add = False
    can_delete = False
    api = ApiSpec(
        path="/reporting/receipts",
        id_param="receipt_id",
        out=ReceiptOut,
        detail_out=ReceiptDetailOut,
        exclude=frozenset({"patch"}),  # acknowledged and completed by actions
        summaries={
            "list": "List directive receipts (a commune: its own)",
            "get": "Get a receipt with the account of completion and its files",
        },
        descriptions={"list": "`directive` a directive id; `commune` a commune code."},
    )
    detail_template = "reporting/receipt_detail.html"
    detail_fields = [
        "directive",
        "commune",
        "due_on",
        "acknowledged_at",
        "acknowledged_by",
        "completed_at",
        "completed_by",
        "reminders_sent",
        "last_reminded_at",
    ]
    actions = [
        ObjectAction(
            "acknowledge",
            _("Acknowledge receipt"),
            AcknowledgeForm,
            _acknowledge,
            icon="check2",
            available=lambda r, user: r.acknowledged_at is None and can_answer(user, r),
            style="primary",
            template="reporting/receipt_action.html",
        ),
        ObjectAction(
            "complete",
            _("Report completion"),
            CompleteForm,
            _complete,
            icon="flag",
            available=lambda r, user: r.completed_at is None and can_answer(user, r),
            style="success",
            help_text=_("Reporting completion also acknowledges receipt if not done yet."),
            template="reporting/receipt_action.html",
        ),
    ]

    @classmethod
    def queryset(cls, request, action="view"):
        return super().queryset(request, action).with_state(timezone.localdate())

    @classmethod
    def detail_context(cls, request, obj):
        return {
            "attachments": obj.attachments.all(),
            "directive_attachments": obj.directive.attachments.all(),
            "directive_url": DirectiveConfig.url("detail", obj.directive),
        }


# --- the directive as PDF, and the attached files -----------------------------------------------
PDF_TEMPLATE = "reporting/directive_pdf.html"


class DirectivePdfView(ConfiguredView):
    """One directive as a PDF in Vietnamese (an official document)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        directive = self.get_object()
        pdf = render_pdf(PDF_TEMPLATE, services.directive_pdf_context(directive))
        audit.log_export(
            actor=request.user,
            model=type(directive),
            count=1,
            fmt="pdf",
            filters={"directive": directive.number},
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        slug = "".join(ch if ch.isalnum() else "-" for ch in directive.number).strip("-")
        response["Content-Disposition"] = f'inline; filename="chi-thi-{slug or directive.pk}.pdf"'
        return response


class AttachmentView(LoginRequiredMixin, View):
    model: Any = None

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = get_for(request.user, self.model, pk=pk)
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404("The file is missing from the server's storage.") from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )


directive_attachment = AttachmentView.as_view(model=DirectiveAttachment)
receipt_attachment = AttachmentView.as_view(model=ReceiptAttachment)


# --- one click from the inbox: acknowledge receipt ------------------------------------------------
def _directive_of(note) -> int | None:
    """The directive a notification links to (its url is the directive's page), if any."""
    try:
        match = resolve(note.url or "")
    except Resolver404:
        return None
    if match.view_name != "reporting:directive_detail":
        return None
    return match.kwargs.get("pk")


def _unacknowledged(user, directive_ids) -> dict[int, DirectiveReceipt]:
    """The user's commune's receipts of these directives not yet acknowledged (one query)."""
    if not directive_ids or not can_answer(user):
        return {}
    rows = DirectiveReceipt.objects.editable_by(user).filter(
        directive_id__in=set(directive_ids), acknowledged_at__isnull=True
    )
    return {r.directive_id: r for r in rows if can_answer(user, r)}


def _inbox_pending(user, notes) -> set[int]:
    directive_of = {n.pk: _directive_of(n) for n in notes}
    open_ = _unacknowledged(user, [d for d in directive_of.values() if d])
    return {pk for pk, d in directive_of.items() if d in open_}


def _inbox_acknowledge(request, note) -> tuple[str, str]:
    receipt = _unacknowledged(request.user, [_directive_of(note)]).get(_directive_of(note))
    if receipt is None:
        raise ValidationError(gettext("Receipt of this directive was already acknowledged."))
    services.do_acknowledge_receipt(actor=request.user, receipt=receipt)
    return (
        gettext("Receipt of directive %(number)s acknowledged.")
        % {"number": receipt.directive.number},
        DirectiveReceiptConfig.url("detail", receipt),
    )


inbox.register_action(
    ["directive", "reminder"],
    inbox.InboxAction(
        label=_("Acknowledge receipt"), pending=_inbox_pending, perform=_inbox_acknowledge
    ),
)
