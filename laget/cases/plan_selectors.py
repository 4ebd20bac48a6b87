"""Reads of action plans and measures. The caller has already checked access to the case."""

from .models import ActionPlan


def plans_for_case(case):
    return (
        ActionPlan.objects.filter(case=case)
        .prefetch_related("measures__owner", "measures__evaluations")
        .order_by("-date_discussed", "-pk")
    )
