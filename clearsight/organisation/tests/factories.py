from collections.abc import Iterable
from typing import cast

import factory
from factory.django import DjangoModelFactory

from clearsight.organisation.models import Directorate, Locality, RoleGrant, ServiceArea, Team, User


class DirectorateFactory(DjangoModelFactory[Directorate]):
    class Meta:
        model = Directorate
        django_get_or_create = ("name",)

    name = "Children and Families"


class ServiceAreaFactory(DjangoModelFactory[ServiceArea]):
    class Meta:
        model = ServiceArea

    directorate = factory.SubFactory(DirectorateFactory)
    code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")


class LocalityFactory(DjangoModelFactory[Locality]):
    class Meta:
        model = Locality
        django_get_or_create = ("name",)

    name = "North"


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    service_area = factory.SubFactory(ServiceAreaFactory)
    code = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}@demoshire.example")
    email = factory.SelfAttribute("username")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    team = factory.SubFactory(TeamFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def roles(self, create: bool, extracted: Iterable[str] | None, **kwargs: object) -> None:
        user = cast(User, self)  # factory_boy calls this with the User it made, not the factory
        for role in extracted or []:
            RoleGrant.objects.create(user=user, role=role)
        user.save()
