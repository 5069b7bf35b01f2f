"""Improvement plans in the admin screens: plans, recommendations, actions and measures can be
corrected there; progress updates and RAG ratings are history and are shown read only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from clearsight.plans.models import (
    Action,
    MeasureLink,
    Plan,
    ProgressUpdate,
    RagRating,
    Recommendation,
)


class MeasureInline(admin.TabularInline):
    model = MeasureLink
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    readonly_fields = ["version", "import_record", "created_by"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "title"]
    list_filter = ["plan"]
    readonly_fields = ["version"]
    inlines = [MeasureInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "owner_forum", "due_on", "status", "rag"]
    list_filter = ["recommendation__plan", "status", "rag"]
    raw_id_fields = ["owner"]
    # Status and rating move only through the workflow, which keeps their history.
    readonly_fields = ["status", "rag", "version"]


class HistoryAdmin(admin.ModelAdmin):
    """Added through the services only; never changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(HistoryAdmin):
    list_display = ["action", "happened_on", "by_name", "status_after"]


@admin.register(RagRating)
class RagRatingAdmin(HistoryAdmin):
    list_display = ["action", "rated_on", "rating", "by_name"]
