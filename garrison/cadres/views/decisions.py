"""Cadre decisions: issued from a form (saving applies them), printed, revoked."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.cadres import services
from garrison.cadres.filters import CadreDecisionFilterSet
from garrison.cadres.forms import CadreDecisionForm, RevokeDecisionForm
from garrison.cadres.models import CadreDecision, CadreProfile
from garrison.cadres.schemas import DecisionOut
from garrison.cadres.services.decisions import pdf_context
from garrison.core import audit
from garrison.core.filtering import query_id
from garrison.core.pdf import render_pdf
from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.core.views import ConfiguredView

PDF_TEMPLATE = "cadres/decision_pdf.html"


def _revoke(request, decision, data) -> str:
    services.do_revoke_decision(
        actor=request.user,
        decision=decision,
        revoked_on=data["revoked_on"],
        reason=data["reason"],
    )
    return gettext("Decision %(number)s revoked; what it changed is undone.") % {
        "number": decision.number
    }


@register
class CadreDecisionConfig(ModelConfig):
    audit_reads = True  # personal data: reads and list pages are written to the audit log
    model = CadreDecision
    name = "decision"
    namespace = "cadres"
    can_delete = False  # a decision is revoked, never deleted
    select_related = ["profile__person", "command"]
    list_columns = [
        Column("number", order_by="number", link=True),
        Column("signed_on", order_by="signed_on"),
        Column("kind", order_by="kind"),
        Column("profile", order_by="profile__person__name_sort_key"),
        Column("command", order_by="command__name"),
        Column("position"),
        Column("new_rank"),
        Column("status", order_by="status"),
    ]
    default_ordering = ["-signed_on", "-pk"]
    search_fields = ["number__icontains", "profile__person__search_name__words"]
    filterset_class = CadreDecisionFilterSet
    api = ApiSpec(
        path="/cadres/decisions",
        id_param="decision_id",
        out=DecisionOut,
        exclude=frozenset({"patch"}),  # a decision is never edited: it is revoked
        summaries={"list": "List cadre decisions (appointments, transfers, promotions)"},
        descriptions={
            "list": "A commune sees the decisions posting to it. `profile` a profile id; `run` "
            "a placement proposal id; `commune` a commune code; `kind` appointment, transfer "
            "or promotion; `status` in_force or revoked.",
        },
    )
    form_class = CadreDecisionForm
    detail_template = "cadres/decision_detail.html"
    detail_fields = [
        "kind",
        "number",
        "status",
        "profile",
        "signed_on",
        "effective_on",
        "signer_name",
        "signer_title",
        "command",
        "position",
        "new_rank",
        "reason",
        "revoked_on",
        "revocation_reason",
        "placement_run",
    ]
    actions = [
        ObjectAction(
            "revoke",
            _("Revoke"),
            RevokeDecisionForm,
            _revoke,
            icon="x-octagon",
            available=lambda d, user: d.in_force,
            help_text=_(
                "Revoking undoes what the decision changed (the posting or the rank); the "
                "decision stays in the record, marked revoked."
            ),
            style="outline-danger",
        )
    ]

    @classmethod
    def new_instance(cls, request):
        instance = CadreDecision()
        pk = query_id(request.GET, "profile")
        if pk is not None:
            profile = CadreProfile.objects.editable_by(request.user).filter(pk=pk).first()
            if profile is not None:
                instance.profile = profile
        return instance

    @classmethod
    def create(cls, actor, form):
        data = form.cleaned_data
        return services.do_issue_decision(
            actor=actor,
            profile=data["profile"],
            kind=data["kind"],
            number=data["number"],
            signed_on=data["signed_on"],
            effective_on=data["effective_on"],
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
            command=data.get("command"),
            position=data.get("position") or "",
            new_rank=data.get("new_rank") or "",
            reason=data.get("reason") or "",
        )

    @classmethod
    def change_refusal(cls, obj):
        return str(
            _(
                "An issued decision is not edited: revoke it and issue a new one. Its record "
                "stays as it was signed."
            )
        )

    @classmethod
    def detail_context(cls, request, obj):
        return {"pdf_url": reverse("cadres:decision_pdf", kwargs={"pk": obj.pk})}


class DecisionPdfView(ConfiguredView):
    """The decision as a PDF in Vietnamese (Decree 30/2020/NĐ-CP layout)."""

    config = CadreDecisionConfig

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = self.get_object()
        pdf = render_pdf(PDF_TEMPLATE, pdf_context(decision))
        audit.log_export(
            actor=request.user,
            model=CadreDecision,
            count=1,
            fmt="pdf",
            filters={"decision": decision.number},
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        slug = decision.number.replace("/", "-")
        response["Content-Disposition"] = f'inline; filename="quyet-dinh-{slug}.pdf"'
        return response
