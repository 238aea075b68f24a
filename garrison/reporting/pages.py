"""Directive pages beyond the generic ones: the directive printed as PDF (Decree 30/2020/NĐ-CP)
and the download of attached files — each read through the scoped lookup, so a file is served
only to whoever may see its directive or receipt."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views import View

from garrison.core import audit
from garrison.core.pdf import render_pdf
from garrison.core.scoping import get_for
from garrison.core.views import ConfiguredView

from . import services
from .models import DirectiveAttachment, ReceiptAttachment

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
