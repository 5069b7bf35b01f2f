import hashlib
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model

from clearsight.core.models import AccessLogEntry, Closure, ImportRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AccessLogEntry)
class AccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "roles", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "kind", "status", "filename", "rows", "error_count"]
    list_filter = ["kind", "status"]

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        # Administrators may not open case extracts (docs/domain/roles.md): a refused one
        # quotes child IDs and dates of birth. Those who load them read them in the service.
        return super().get_queryset(request).exclude(kind__in=ImportRecord.CHILD_LEVEL_KINDS)


# ------------------------------------------------------------------ edit conflicts


def record_fingerprint(instance: Model, ignore: Iterable[str] = ()) -> str:
    """A digest of a record's stored field values, to tell whether it changed since loading."""
    skipped = set(ignore)
    values = [
        (field.attname, str(getattr(instance, field.attname)))
        for field in instance._meta.concrete_fields
        if field.attname not in skipped
    ]
    return hashlib.sha256(repr(values).encode()).hexdigest()


class ConflictCheckedForm(forms.ModelForm):
    """Refuses to save over a change someone else made after this form was opened."""

    loaded_fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
    conflict_ignore: tuple[str, ...] = ("last_login", "updated_at")
    CONFLICT = ("Someone else changed this record after you opened it. Nothing was saved. "
                "Open it again to see their changes, then make yours.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_fingerprint"].initial = record_fingerprint(
                self.instance, self.conflict_ignore)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk is not None:
            stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
            loaded = self.data.get(self.add_prefix("loaded_fingerprint"), "")
            if stored is None or loaded != record_fingerprint(stored, self.conflict_ignore):
                raise forms.ValidationError(self.CONFLICT, code="conflict")
        return cleaned


class ConflictCheckedAdmin(admin.ModelAdmin):
    """Admin screens whose change forms carry ConflictCheckedForm's check."""

    form = ConflictCheckedForm

    def get_fieldsets(self, request, obj=None):  # type: ignore[no-untyped-def]
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((None, {"fields": ["loaded_fingerprint"],
                                     "classes": ["app-hidden-fieldset"]}))
        return fieldsets


@admin.register(Closure)
class ClosureAdmin(ConflictCheckedAdmin):
    """One-off closed days that every working-day clock skips (see core/calendar.py)."""

    list_display = ["day", "reason"]
    ordering = ["-day"]
