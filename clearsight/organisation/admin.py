from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm

from clearsight.core.admin import ConflictCheckedAdmin, ConflictCheckedForm
from clearsight.organisation.models import Directorate, Locality, RoleGrant, ServiceArea, Team, User


@admin.register(Directorate)
class DirectorateAdmin(ConflictCheckedAdmin):
    search_fields = ["name"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(ConflictCheckedAdmin):
    list_display = ["name", "code", "directorate"]
    search_fields = ["name", "code"]


@admin.register(Locality)
class LocalityAdmin(ConflictCheckedAdmin):
    search_fields = ["name"]


@admin.register(Team)
class TeamAdmin(ConflictCheckedAdmin):
    list_display = ["name", "code", "service_area", "locality", "is_active"]
    list_filter = ["service_area", "locality", "is_active"]
    search_fields = ["name", "code"]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 1


class StaffChangeForm(ConflictCheckedForm, UserChangeForm):
    pass


@admin.register(User)
class StaffAdmin(ConflictCheckedAdmin, UserAdmin):
    form = StaffChangeForm
    list_display = ["username", "first_name", "last_name", "team", "job_title", "is_active"]
    list_filter = ["is_active", "team__service_area", "role_grants__role"]
    search_fields = ["username", "first_name", "last_name", "email", "staff_id"]
    inlines = [RoleGrantInline]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Organisation", {"fields": ("staff_id", "job_title", "team")}),
        ("Council sign-in (OpenID Connect)", {
            "fields": ("oidc_subject",),
            "description": "Filled in on the person's first council sign-in. For Microsoft "
                           "Entra ID it is the tenant ID and object ID joined by a colon.",
        }),
    )
