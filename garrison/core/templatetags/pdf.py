"""Helpers for PDF templates: `{% load pdf %}`.

vn_admin_date  a date (or aware datetime, in local time) the Vietnamese administrative way:
               {{ d|vn_admin_date }} → "ngày 05 tháng 02 năm 2026"; "" for nothing
lowerfirst     unit names inside a sentence: each comma-separated part (or list item) with
               its first letter in lower case:
               "Xã Na Son, Tỉnh Điện Biên" → "xã Na Son, tỉnh Điện Biên"
"""

from __future__ import annotations

import datetime

from django import template

from garrison.core import pdf

register = template.Library()


@register.filter
def vn_admin_date(value: datetime.date | None) -> str:
    if not isinstance(value, datetime.date):
        return ""
    return pdf.vn_admin_date(value)


@register.filter(is_safe=True)
def lowerfirst(value: object) -> str:
    """Each comma-separated part with its first letter in lower case, for unit names inside a
    sentence: "Xã Na Son, Tỉnh Điện Biên" → "xã Na Son, tỉnh Điện Biên". A list or tuple of
    parts is joined with ", " first."""
    if isinstance(value, list | tuple):
        value = ", ".join(str(part) for part in value if part)
    parts = str(value or "").split(", ")
    return ", ".join(part[:1].lower() + part[1:] for part in parts)
