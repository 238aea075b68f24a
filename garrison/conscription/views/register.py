"""The register's pages: records (with hand-over and decisions), hand-overs, declared
relationships, and the panel on a person's page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from garrison.conscription import permissions, services
from garrison.conscription.filters import (
    ServiceRecordFilterSet,
    TransferFilterSet,
)
from garrison.conscription.forms import (
    ConfirmForm,
    DecisionForm,
    DeclaredRelationshipForm,
    HandOverForm,
    NewServiceRecordForm,
    ReceiveForm,
    ServiceRecordForm,
)
from garrison.conscription.models import (
    DeclaredRelationship,
    RecordTransfer,
    ServiceRecord,
)
from garrison.conscription.schemas import RecordDetailOut, RecordIn, RecordOut, TransferOut
from garrison.core.api import ApiFieldError
from garrison.core.registry import (
    ApiSpec,
    Column,
    ModelConfig,
    ObjectAction,
    register,
    register_detail_panel,
)
from garrison.core.scoping import COMMUNE, PROVINCE
from garrison.people.querysets import with_residence_commune
from garrison.people.rules import MALE

from .common import decide_on_record, grounds_display, outcome_label, person_columns


# --- the register --------------------------------------------------------------------------------
def _hand_over(request, record, data) -> str:
    transfer = services.do_hand_over_record(
        actor=request.user,
        record=record,
        to_commune=data["to_commune"],
        reason=data["reason"],
        on=data["on"],
    )
    return gettext("Handed over to %(c)s: it waits there to be received.") % {
        "c": transfer.to_commune
    }


@register
class ServiceRecordConfig(ModelConfig):
    model = ServiceRecord
    name = "record"
    namespace = "conscription"
    nav_label = _("Military service")
    nav_order = 50
    nav_group = "citizens"
    nav_levels = frozenset({PROVINCE, COMMUNE})
    select_related = ["person", "commune"]
    list_columns = [
        Column(
            "person__full_name", label=_("full name"), order_by="person__name_sort_key", link=True
        ),
        Column("person__citizen_id", label=_("citizen ID (CCCD)"), order_by="person__citizen_id"),
        Column("person__date_of_birth", label=_("date of birth"), order_by="person__date_of_birth"),
        Column("commune", order_by="commune__name"),
        Column("status", order_by="status"),
        Column("registered_on", order_by="registered_on"),
    ]
    export_columns = [
        *person_columns("person"),
        Column("person__sex", label=_("sex")),
        Column("commune__code", label=_("commune code")),
        Column("commune__name", label=_("commune")),
        Column("status"),
        Column("registered_on"),
        Column("certificate_number"),
        Column("education_grade"),
        Column("study_level"),
        Column("course_end"),
    ]
    default_ordering = ["person__name_sort_key"]
    search_fields = ["person__citizen_id__startswith", "person__search_name__words"]
    filterset_class = ServiceRecordFilterSet
    form_class = ServiceRecordForm
    add_form_class = NewServiceRecordForm
    can_delete = False  # a record is removed from the register (status), never deleted
    audit_reads = True
    api = ApiSpec(
        path="/conscription/records",
        id_param="record_id",
        out=RecordOut,
        detail_out=RecordDetailOut,
        create_in=RecordIn,
        summaries={
            "list": "List military service registrations",
            "get": "Get a registration with its outcome under the law today",
            "create": "Register a citizen (first registration)",
        },
    )

    @classmethod
    def api_input(cls, request, payload):
        """A citizen registers at the commune where he resides (NVQS 15.1)."""
        person, payload = with_residence_commune(request.user, payload)
        if person is not None and hasattr(person, "service_record"):
            raise ApiFieldError(
                {"citizen_id": [gettext("%(name)s is already registered.") % {"name": person}]},
                detail=gettext("%(name)s is already registered.") % {"name": person},
            )
        return payload

    detail_template = "conscription/record_detail.html"
    detail_fields = [
        "person__citizen_id",
        "person__date_of_birth",
        "commune",
        "status",
        "registered_on",
        "certificate_number",
        "education_grade",
        "study_level",
        "study_status",
        "course_end",
        "notes",
    ]
    actions = [
        ObjectAction(
            "hand_over",
            _("Hand over to another commune"),
            HandOverForm,
            _hand_over,
            icon="box-arrow-right",
            available=lambda r, user: r.status == ServiceRecord.Status.REGISTERED,
            help_text=_(
                "When a citizen moves: the record goes to the new commune, which receives it "
                "(NVQS 17.2: he registers there within 5 working days)."
            ),
        ),
        ObjectAction(
            "decide",
            _("Record a deferral or exemption"),
            DecisionForm,
            lambda request, record, data: decide_on_record(request, record, data),
            icon="file-earmark-check",
            available=lambda r, user: r.status == ServiceRecord.Status.REGISTERED,
        ),
    ]

    @classmethod
    def after_save(cls, actor, obj, created):
        services.record_saved(actor=actor, record=obj, created=created)

    @classmethod
    def detail_context(cls, request, obj):
        answer = services.current_outcome(obj, timezone.localdate())
        return {
            "answer": answer,
            "outcome_label": outcome_label(answer["outcome"]),
            "grounds": grounds_display(answer.get("grounds", [])),
            "events": obj.events.visible_to(request.user).select_related("actor", "commune")[:50],
            "transfers": obj.transfers.visible_to(request.user).select_related(
                "from_commune", "to_commune"
            ),
            "decisions": obj.decisions.visible_to(request.user),
            "candidacies": obj.candidacies.visible_to(request.user).select_related("campaign"),
        }


def person_service_panel(request, person) -> str:
    """The person's page shows his military-service standing and its legal grounds."""
    record = (
        ServiceRecord.objects.visible_to(request.user)
        .select_related("person", "commune")
        .filter(person=person)
        .first()
    )
    today = timezone.localdate()
    if record is not None:
        answer = services.current_outcome(record, today)
    else:
        from garrison.conscription.screening import assess_unregistered

        answer = assess_unregistered(person, today).as_dict()
    return render_to_string(
        "conscription/_person_panel.html",
        {
            "record": record,
            "answer": answer,
            "outcome_label": outcome_label(answer["outcome"]),
            "grounds": grounds_display(answer.get("grounds", [])),
            "record_url": ServiceRecordConfig.url("detail", record) if record else None,
            "can_register": record is None
            and ServiceRecordConfig.user_can_add(request.user)
            and person.sex == MALE,
            "add_url": ServiceRecordConfig.url("add"),
            "person": person,
        },
        request=request,
    )


register_detail_panel("people.person", person_service_panel)


def _receive(request, transfer, data) -> str:
    record = services.do_receive_record(actor=request.user, transfer=transfer, on=data["on"])
    return gettext("Received: %(p)s is now registered in %(c)s.") % {
        "p": record.person,
        "c": record.commune,
    }


def _cancel(request, transfer, data) -> str:
    services.do_cancel_hand_over(actor=request.user, transfer=transfer)
    return gettext("Hand-over cancelled: the record is back in your register.")


def _pending(transfer) -> bool:
    return transfer.status == RecordTransfer.Status.PENDING


@register
class TransferConfig(ModelConfig):
    model = RecordTransfer
    name = "transfer"
    namespace = "conscription"
    audit_reads = True  # personal data: reads and list pages are written to the audit log
    select_related = ["record__person", "from_commune", "to_commune"]
    list_columns = [
        Column("record", label=_("citizen"), order_by="record__person__name_sort_key", link=True),
        Column("from_commune", order_by="from_commune__name"),
        Column("to_commune", order_by="to_commune__name"),
        Column("status", order_by="status"),
        Column("handed_over_on", order_by="handed_over_on"),
        Column("received_on", order_by="received_on"),
    ]
    default_ordering = ["-handed_over_on"]
    search_fields = ["record__person__search_name__words", "record__person__citizen_id"]
    filterset_class = TransferFilterSet
    can_add = False
    can_delete = False
    api = ApiSpec(
        path="/conscription/transfers",
        id_param="transfer_id",
        out=TransferOut,
        summaries={"list": "List record hand-overs (both directions)"},
    )
    detail_fields = [
        "record",
        "from_commune",
        "to_commune",
        "reason",
        "status",
        "handed_over_on",
        "received_on",
    ]
    actions = [
        ObjectAction(
            "receive",
            _("Receive the record"),
            ReceiveForm,
            _receive,
            icon="box-arrow-in-left",
            style="primary",
            available=lambda t, user: _pending(t) and permissions.can_receive_record(user, t),
        ),
        ObjectAction(
            "cancel",
            _("Cancel the hand-over"),
            ConfirmForm,
            _cancel,
            icon="x-circle",
            style="outline-danger",
            available=lambda t, user: _pending(t) and permissions.can_cancel_hand_over(user, t),
        ),
    ]


@register
class DeclaredRelationshipConfig(ModelConfig):
    model = DeclaredRelationship
    name = "relationship"
    namespace = "conscription"
    audit_reads = True  # personal data: reads and list pages are written to the audit log
    select_related = ["person", "relative"]
    list_columns = [
        Column("person", order_by="person__name_sort_key", link=True),
        Column("relative", order_by="relative__name_sort_key"),
        Column("kind"),
    ]
    default_ordering = ["person__name_sort_key"]
    search_fields = ["person__search_name__words", "relative__search_name__words"]
    form_class = DeclaredRelationshipForm
