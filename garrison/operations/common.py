"""What the operations registers share: where their files go, and the GPS coordinates of a
place (an incident, a defence work), which must lie in Viet Nam."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def document_upload_to(instance: models.Model, filename: str) -> str:
    """operations/<model>/<yyyy>/<mm>/<file>: signed plans, minutes, after-action accounts."""
    today = timezone.localdate()
    return f"operations/{instance._meta.model_name}/{today:%Y/%m}/{filename}"


def latitude_field() -> models.DecimalField:
    """A latitude in Viet Nam (mainland and islands lie between 8 and 24 degrees north)."""
    return models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("8")), MaxValueValidator(Decimal("24"))],
        help_text=_("GPS, when known: e.g. 21,38612 (Viet Nam lies between 8 and 24)."),
    )


def longitude_field() -> models.DecimalField:
    """A longitude in Viet Nam (102 to 118 degrees east, the islands included)."""
    return models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("102")), MaxValueValidator(Decimal("118"))],
        help_text=_("GPS, when known: e.g. 103,01724 (Viet Nam lies between 102 and 118)."),
    )


def check_both_coordinates(place: models.Model) -> None:
    """A place's GPS is both coordinates or neither (in a model's clean)."""
    latitude, longitude = getattr(place, "latitude", None), getattr(place, "longitude", None)
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        raise ValidationError(
            {missing: _("Give both GPS coordinates (latitude and longitude), or neither.")}
        )
