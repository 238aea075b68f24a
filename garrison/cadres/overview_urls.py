"""Routes of the province views (fill rate, vacancies, structure, training priority)."""

urlpatterns: list = []
