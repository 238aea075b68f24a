"""(filled by the work of issue 19)"""

from ninja import Router

router = Router(tags=["oversight"])
