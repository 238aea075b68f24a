"""Routes of the placement proposal pages."""

urlpatterns: list = []
