from django.contrib.contenttypes.models import ContentType

from .actions import describe
from .dated import in_force  # noqa: F401 (the one in_force lives in emulation.dated; kept importable from here)
from .models import ActivityLog, Notification, Person, Unit
from .roles import roles_of
from .text import search_key


def subtree_unit_ids(unit_ids):
    """The ids of the given unit(s) and of every unit below them in the tree, as a set.

    ``unit_ids`` is one unit id or an iterable of ids. One query per level of the tree below them (none for
    an empty input): the tree is shallow (province, department, its units), so this beats a recursive query
    in clarity and runs the same on SQLite and PostgreSQL.
    """
    found = {unit_ids} if isinstance(unit_ids, int) else set(unit_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Unit.objects.filter(parent_id__in=frontier).order_by().values_list("pk", flat=True)) - found
        found |= frontier
    return found


# how far up one query looks: the tree is shallow (province, department, unit), so one query usually does
_UP = ("parent_id", "parent__parent_id", "parent__parent__parent_id", "parent__parent__parent__parent_id")


def units_with_lines(unit_ids):
    """``[{"pk", "name", "short_name", "display_name", "is_active", "line"}]`` for the given units, by name,
    where ``line`` is the set of the unit's id and the ids of every unit above it. One query while the tree
    is at most five levels deep (the parents are joined in), one more for each further four levels."""
    rows = list(Unit.objects.filter(pk__in=list(unit_ids)).order_by("name")
                .values_list("pk", "name", "short_name", "is_active", *_UP))
    out, tops = [], {}
    for pk, name, short_name, is_active, *up in rows:
        line = {pk, *(u for u in up if u)}
        out.append({"pk": pk, "name": name, "short_name": short_name, "display_name": short_name or name,
                    "is_active": is_active, "line": line})
        if up[-1]:
            tops.setdefault(up[-1], []).append(line)
    seen = set()
    while tops:  # deeper than five levels
        seen |= set(tops)
        more = {}
        for pk, *up in Unit.objects.filter(pk__in=list(tops)).order_by().values_list("pk", *_UP):
            for line in tops[pk]:
                line.update(u for u in up if u)
                if up[-1] and up[-1] not in seen:
                    more.setdefault(up[-1], []).append(line)
        tops = more
    return out


def units_for_user(user):
    qs = Unit.objects.select_related("parent")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    return qs.filter(pk__in=r.scope_unit_ids)


def people_for_user(user):
    qs = Person.objects.select_related("unit")
    r = roles_of(user)
    if r.sees_everything:
        return qs
    return qs.filter(unit_id__in=r.scope_unit_ids)


def search_by_name(queryset, text, field="search_name"):
    """Every word typed must start a word of the name; diacritics and case are ignored.

    The search keys are stored with a leading space, so " an" matches "Nguyễn Văn An" but not "Bình".
    """
    for word in search_key(text).split():
        queryset = queryset.filter(**{f"{field}__contains": " " + word})
    return queryset


def search_people(queryset, text):
    return search_by_name(queryset, text)


def history_for(obj, limit=100):
    """The object's activity-log entries, newest first, each with its label and readable changes
    (``emulation.actions.describe``)."""

    ct = ContentType.objects.get_for_model(obj)
    entries = (ActivityLog.objects.filter(content_type=ct, object_id=str(obj.pk)).exclude(action__in=PRIVATE_ACTIONS)
               .select_related("actor")[:limit])
    return describe(entries, model=ct.model_class())


# Who opened a record and who revealed personal data: the board's "who viewed" list, not every reader's history.
PRIVATE_ACTIONS = ("emulation.person.viewed", "emulation.person.data_revealed")


def person_viewers(person, limit=50):
    """The latest openings of the person's record and reveals of their personal data, newest first."""
    ct = ContentType.objects.get_for_model(person)
    return (ActivityLog.objects.filter(content_type=ct, object_id=str(person.pk), action__in=PRIVATE_ACTIONS)
            .select_related("actor")[:limit])


def notifications_for_user(user):
    return Notification.objects.filter(recipient=user)


def unread_count(user):
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
