"""The organisation tree: directorate > service area > team (with locality) > staff."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from clearsight.core.models import TimeStampedModel
from clearsight.organisation.roles import Role


class Directorate(TimeStampedModel):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceArea(TimeStampedModel):
    """A service within the directorate, such as MASH, Children in Care or Early Help."""

    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT,
                                    related_name="service_areas")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["directorate", "name"], name="unique_service_area_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Locality(TimeStampedModel):
    """A geographical patch (north, south...) that cuts across teams."""

    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"

    def __str__(self) -> str:
        return self.name


class Team(TimeStampedModel):
    service_area = models.ForeignKey(ServiceArea, on_delete=models.PROTECT, related_name="teams")
    locality = models.ForeignKey(Locality, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="teams")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120, unique=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff (or a board member). Sign-in name is their work email address."""

    staff_id = models.CharField(
        max_length=40, unique=True, null=True, blank=True,
        help_text="The staff number used in the case-management system and HR",
    )
    job_title = models.CharField(max_length=120, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="members",
                             help_text="The team this person belongs to, managers included")
    # OpenID Connect subject (Entra object id + tenant id), when the user signs in that way.
    oidc_subject = models.CharField(max_length=200, unique=True, null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def role_codes(self) -> list[str]:
        """Role codes held, read once per request and cached on the instance."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            cached = sorted(self.role_grants.values_list("role", flat=True))
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(set(roles) & set(self.role_codes()))


class RoleGrant(TimeStampedModel):
    """One role held by one person; a person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=40, choices=Role.choices)

    class Meta:
        ordering = ["role"]
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_grant")]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()}"
