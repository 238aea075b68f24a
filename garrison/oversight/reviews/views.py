"""Pages of the reviews register, declared on core's generic views: the province's interim and
overall reviews (list with filters; the review's page with its scope, conclusions, the figures it
quotes from the registers as of its date, and the lessons it drew, with "Quote figures from the
registers" and "Record a lesson from this review"; Excel export), and the review's report as PDF
(Decree 30/2020/NĐ-CP layout, in Vietnamese). Importing this module registers the register."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from garrison.core import audit
from garrison.core.indicators import get_indicator
from garrison.core.pdf import render_pdf
from garrison.core.registry import ApiSpec, Column, ModelConfig, ObjectAction, register
from garrison.core.views import ConfiguredView
from garrison.oversight.lessons.permissions import can_write_lesson

from . import exports, permissions, services
from .filters import ReviewFilterSet
from .forms import QuoteFiguresForm, ReviewForm
from .models import Review, ReviewKind
from .schemas import ReviewDetailOut, ReviewOut


def _period(review: Any) -> str:
    return f"{review.period_start:%d/%m/%Y} – {review.period_end:%d/%m/%Y}"


def _reviewed(review: Any) -> str:
    """What the review is of: the programme or the event it names, else its period."""
    named = review.programme if review.programme_id else review.event if review.event_id else None
    return str(named) if named is not None else review.get_subject_display()


def _quote(request: HttpRequest, review: Any, data: dict[str, Any]) -> str:
    figures = services.do_quote_review_figures(
        actor=request.user, review=review, codes=data["codes"]
    )
    return ngettext(
        "%(n)d figure quoted from the registers as of %(day)s.",
        "%(n)d figures quoted from the registers as of %(day)s.",
        len(figures),
    ) % {"n": len(figures), "day": f"{review.held_on:%d/%m/%Y}"}


class ProvinceRegisterConfig(ModelConfig):
    """The pages of a register the province's staff and its inspector write (grant "lessons"):
    the add page is offered to whom `may_add(user)` answers yes, and a page's rows are saved by
    the register's services, `create_service(actor=, <row_argument>=)` and
    `update_service(actor=, <row_argument>=, expected_version=)`."""

    may_add: ClassVar[Callable[[Any], bool]]
    row_argument: ClassVar[str]
    create_service: ClassVar[Callable[..., Any]]
    update_service: ClassVar[Callable[..., Any]]

    @classmethod
    def user_can_add(cls, user):
        return cls.can_add and cls.form_class is not None and cls.may_add(user)

    @classmethod
    def create(cls, actor, form):
        return cls.create_service(actor=actor, **{cls.row_argument: form.save(commit=False)})

    @classmethod
    def update(cls, actor, form, expected_version):
        row = form.save(commit=False)
        return cls.update_service(
            actor=actor, expected_version=expected_version, **{cls.row_argument: row}
        )


@register
class ReviewConfig(ProvinceRegisterConfig):
    model = Review
    name = "review"
    namespace = "oversight"
    select_related = ["province", "programme", "event"]
    list_columns = [
        Column("held_on", order_by="held_on", link=True),
        Column("title", order_by="title"),
        Column("kind", order_by="kind"),
        Column("subject", label=_("what is reviewed"), accessor=_reviewed),
        Column("period", label=_("period reviewed"), accessor=_period, order_by="period_start"),
        Column("province", order_by="province__code"),
    ]
    export_columns = [
        Column("id", label=_("number")),
        Column("province__name", label=_("province")),
        Column("kind"),
        Column("title"),
        Column("subject"),
        Column("programme__name", label=_("programme")),
        Column("event__name", label=_("readiness event")),
        Column("period_start"),
        Column("period_end"),
        Column("held_on"),
        Column("scope_text"),
        Column("conclusions"),
    ]
    default_ordering = ["-held_on", "-pk"]
    search_fields = ["title__icontains", "conclusions__icontains"]
    filterset_class = ReviewFilterSet
    form_class = ReviewForm
    can_delete = False  # a review is the province's record; a mistaken one is edited
    nav_label = _("Interim and overall reviews")
    nav_group = "oversight"
    nav_order = 30
    api = ApiSpec(
        path="/oversight/reviews",
        id_param="review_id",
        out=ReviewOut,
        detail_out=ReviewDetailOut,
        summaries={
            "list": "List interim and overall reviews",
            "get": "Get a review with the figures it quotes and the lessons it drew",
            "create": "Record a review of your province",
            "patch": "Edit a review",
        },
        descriptions={
            "list": "Filters: `kind` interim or overall; `subject` period, programme or event; "
            "`year` the year it was held; `province` a province code; `q` words of the title "
            "or the conclusions.",
            "create": "Province staff and the province's inspector. `subject` programme names "
            "`programme_id` (a programme of the province), `subject` event names `event_id` (an "
            "event of the province or of the Ministry), `subject` period neither; `period_end` "
            "not before `period_start`; `held_on` not before `period_start` and not in the "
            "future.",
        },
    )
    may_add = staticmethod(permissions.can_write_review)
    row_argument = "review"
    create_service = staticmethod(services.do_create_review)
    update_service = staticmethod(services.do_update_review)
    detail_template = "oversight/review_detail.html"
    detail_fields = ["province", "kind", "subject", "programme", "event", "held_on"]
    actions = [
        ObjectAction(
            "quote_figures",
            _("Quote figures from the registers"),
            QuoteFiguresForm,
            _quote,
            icon="calculator",
            available=lambda review, user: permissions.can_quote_figures(user, review),
            form_kwargs=lambda request, review: {"review": review},
            help_text=_(
                "Each figure is computed from the registers for all the province's communes as "
                "they stood on the review date, and kept as it was then, whatever the registers "
                "hold later. Quoting again replaces the review's figures with those ticked."
            ),
        )
    ]

    @classmethod
    def picker_label(cls, obj):
        return f"{obj} ({obj.held_on:%d/%m/%Y})"

    @classmethod
    def detail_context(cls, request, obj):
        figures = list(obj.figures.order_by("indicator"))
        for figure in figures:
            indicator = get_indicator(figure.indicator)
            # the figure's name in the reader's language while the registry still knows it
            figure.shown_label = services.figure_label(indicator) if indicator else figure.label
        lessons = list(obj.lessons.order_by("-recorded_on", "-pk"))
        for lesson in lessons:
            lesson.url = reverse("oversight:lesson_detail", kwargs={"pk": lesson.pk})
        add_lesson = None
        if can_write_lesson(request.user, obj):
            add_lesson = f"{reverse('oversight:lesson_add')}?review={obj.pk}"
        return {
            "figures": figures,
            "figures_stale": any(f.as_of != obj.held_on for f in figures),
            "lessons": lessons,
            "add_lesson_url": add_lesson,
            "pdf_url": reverse("oversight:review_pdf", kwargs={"pk": obj.pk}),
        }


class ReviewPdfView(ConfiguredView):
    """The review's report (báo cáo sơ kết / tổng kết) in the Decree 30/2020 layout, in
    Vietnamese: its scope, the figures quoted, the conclusions and the lessons drawn."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = self.get_object()
        with translation.override("vi"):
            pdf = render_pdf("oversight/review_pdf.html", exports.review_pdf_context(review))
        audit.log_export(
            actor=request.user,
            model=Review,
            count=1,
            fmt="pdf",
            filters={"review": review.pk},
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        kind = "tong-ket" if review.kind == ReviewKind.OVERALL else "so-ket"
        response["Content-Disposition"] = f'inline; filename="bao-cao-{kind}-{pk}.pdf"'
        return response
