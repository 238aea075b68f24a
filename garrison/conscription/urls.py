from django.urls import path

from garrison.core.urls import model_urls

from . import pages
from .views import (
    AdmissionConfig,
    CallUpOrderConfig,
    CampaignConfig,
    CandidateConfig,
    CommuneQuotaConfig,
    DeclaredRelationshipConfig,
    ServiceRecordConfig,
    TransferConfig,
)

app_name = "conscription"

urlpatterns = [
    path("registration/due/", pages.RegistrationDueView.as_view(), name="registration_due"),
    *model_urls(ServiceRecordConfig, "records/"),
    *model_urls(TransferConfig, "transfers/"),
    *model_urls(DeclaredRelationshipConfig, "relationships/"),
    *model_urls(CampaignConfig, "campaigns/"),
    *model_urls(CommuneQuotaConfig, "communes/"),
    *model_urls(CandidateConfig, "pool/"),
    *model_urls(CallUpOrderConfig, "orders/"),
    path(
        "orders/<int:pk>/pdf/",
        pages.OrderPdfView.for_config(CallUpOrderConfig),
        name="order_pdf",
    ),
    path("order-batches/<int:pk>/", pages.OrderBatchView.as_view(), name="order_batch"),
    path("pool-builds/<int:pk>/", pages.PoolBuildView.as_view(), name="pool_build"),
    *model_urls(AdmissionConfig, "admissions/"),
]
