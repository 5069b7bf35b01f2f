"""Admin screens for what administrators configure: audit tool versions and the sampling rule.

Audits themselves are child-level records and are not in the admin.
"""

from django.contrib import admin

from clearsight.audits.models import AuditTemplate, SamplingRule, TemplateDomain
from clearsight.core.admin import ConflictCheckedAdmin


class TemplateDomainInline(admin.StackedInline):
    model = TemplateDomain
    extra = 0


@admin.register(AuditTemplate)
class AuditTemplateAdmin(ConflictCheckedAdmin):
    list_display = ["name", "version", "is_current", "months_considered"]
    inlines = [TemplateDomainInline]


@admin.register(SamplingRule)
class SamplingRuleAdmin(ConflictCheckedAdmin):
    list_display = ["quota", "per_team", "percent", "exclude_months"]
