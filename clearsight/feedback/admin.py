"""Survey set-up for administrators: surveys, their versions and questions, and the safety
phrases. A published version's questions are read-only here; change a survey by adding a new
version (copy the current one with the "Make a new draft version" action), editing the draft,
then publishing it. Responses are never edited here."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from clearsight.core.admin import ConflictCheckedAdmin
from clearsight.feedback import services
from clearsight.feedback.models import Question, SafetyPhrase, Survey, SurveyVersion


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "code", "kind", "text", "hint", "choices", "positive", "scale_min",
              "scale_max", "scale_min_label", "scale_max_label", "required"]

    def _published(self, obj: Any) -> bool:
        return obj is not None and obj.published_at is not None

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._published(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._published(obj) and super().has_delete_permission(request, obj)


@admin.register(SurveyVersion)
class SurveyVersionAdmin(admin.ModelAdmin):
    list_display = ["survey", "number", "published_at"]
    list_filter = ["survey__point", "survey__audience"]
    readonly_fields = ["published_at"]
    inlines = [QuestionInline]
    actions = ["publish"]

    @admin.action(description="Publish the selected draft versions")
    def publish(self, request: HttpRequest, queryset: QuerySet[SurveyVersion]) -> None:
        for version in queryset:
            try:
                services.survey_version_publish(version=version)
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}",
                                  messages.ERROR)


@admin.register(Survey)
class SurveyAdmin(ConflictCheckedAdmin):
    list_display = ["name", "code", "point", "audience", "is_active"]
    list_filter = ["point", "audience", "is_active"]
    actions = ["new_draft"]

    @admin.action(description="Make a new draft version (a copy of the current one)")
    def new_draft(self, request: HttpRequest, queryset: QuerySet[Survey]) -> None:
        for survey in queryset:
            draft = services.survey_version_draft(survey=survey)
            self.message_user(request, f"Made {draft}: edit its questions, then publish it.")


@admin.register(SafetyPhrase)
class SafetyPhraseAdmin(ConflictCheckedAdmin):
    list_display = ["phrase", "is_active"]
    list_filter = ["is_active"]
