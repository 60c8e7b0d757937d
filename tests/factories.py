import datetime

import factory
from django.contrib.auth import get_user_model

from emulation.enums import Gender, PersonCategory, Role, UnitKind
from emulation.models import Person, RoleAssignment, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Đơn vị thử {n}")
    short_name = ""
    code = factory.Sequence(lambda n: f"U{n:04d}")
    kind = UnitKind.DEPARTMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    gender = Gender.MALE
    date_of_birth = datetime.date(1985, 5, 17)
    unit = factory.SubFactory(UnitFactory)
    position = "Chuyên viên"
    category = PersonCategory.WORKER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    @factory.post_generation
    def persist(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_user(role=None, unit=None, **kwargs):
    user = UserFactory(**kwargs)
    if role:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


def make_clerk(unit, **kwargs):
    return make_user(Role.CLERK, unit, **kwargs)


def make_board(**kwargs):
    return make_user(Role.BOARD, **kwargs)


def make_council(**kwargs):
    return make_user(Role.COUNCIL, **kwargs)
