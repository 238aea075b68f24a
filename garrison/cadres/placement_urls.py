"""Routes of the placement proposal pages. Importing the views registers their configuration.

run_list, run_detail, run_add, run_edit (refuses: a proposal changes through its actions),
run_export, and the actions run_solve, run_approve, run_discard come from `model_urls`; the
hand adjustments are POST-only: run_pin and run_forbid (pk = the proposal), run_unpin (pk = the
pin or forbidden pair)."""

from django.urls import path

from garrison.core.urls import model_urls

from .views import placement as pages

urlpatterns: list = [
    *model_urls(pages.PlacementRunConfig, "placements/"),
    path("placements/<int:pk>/pin/", pages.run_pin, name="run_pin"),
    path("placements/<int:pk>/forbid/", pages.run_forbid, name="run_forbid"),
    path("placements/pins/<int:pk>/remove/", pages.run_unpin, name="run_unpin"),
]
