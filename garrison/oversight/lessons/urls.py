"""(filled by the x work of issue 19)"""

urlpatterns: list = []
