"""The rules of the law (Luật Thi đua, khen thưởng 2022, see docs domain.md 2.1), one per award type.

Every rule reads only from the ``BatchContext`` (records loaded once per batch) and returns a
``Verdict`` whose reasons name the missing evidence in the user's language. The numbers a rule needs
(years, shares) are ``RuleParameter`` rows with validity dates; the defaults below are used only when
the catalogue has no row at all.

Common to every rule (``_prelude``): the award type must be conferrable on this kind of recipient; a
discipline, investigation, inspection or complaint verification overlapping the period blocks the
nomination (NĐ 98 Điều 4); the same award for the same year cannot be given twice. An initiative
already used for another award (not revoked) does not count again (one initiative, one use).
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from emulation.reforms import lineage_note, lineages

from ..enums import SERIOUS_MEASURES, AppraisalRating, DisciplineKind, InitiativeLevel
from ..models import Award, AwardType
from .engine import Verdict, _is_person, register

R = AppraisalRating
GOOD_OR_BETTER = {R.EXCELLENT, R.GOOD}
LEVEL_RANK = {"grassroots": 1, "provincial": 2, "national": 3}
LDTT_CODES = {"LDTT", "CSTDCS"}  # a Grassroots Emulation Fighter meets the Advanced Worker conditions
MAX_NAMES = 5


# Helpers ---------------------------------------------------------------------------------------


def _type_names(ctx):
    return ctx.get(("type_names",), lambda: dict(AwardType.objects.values_list("code", "name")))


def _name_of(ctx, code):
    return _type_names(ctx).get(code, code)


def _years(years):
    return ", ".join(str(y) for y in years)


def _names(names):
    shown = ", ".join(names[:MAX_NAMES])
    if len(names) > MAX_NAMES:
        shown += _(" and %(count)s more") % {"count": len(names) - MAX_NAMES}
    return shown


def _number(value):
    """70 -> '70', 62.5 -> '62,5'."""
    value = Decimal(value).quantize(Decimal("0.1"))
    text = f"{value:f}"
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",")


def _date(value):
    return value.strftime("%d/%m/%Y")


def _discipline_reason(row):
    if row.end is None:
        return _("%(what)s since %(start)s (not ended): cannot be nominated for this period") % {
            "what": row.label, "start": _date(row.start)}
    return _("%(what)s from %(start)s to %(end)s: cannot be nominated for this period") % {
        "what": row.label, "start": _date(row.start), "end": _date(row.end)}


def _prelude(r, year, ctx, first_year=None):
    """Reasons every rule shares: recipient kind, discipline in the period, the same award already given."""
    award_type = ctx.award_type
    person = _is_person(r)
    if person and not award_type.for_individuals:
        return [_("%(title)s is not conferred on individuals.") % {"title": award_type.name}]
    if not person and not award_type.for_collectives:
        return [_("%(title)s is not conferred on collectives.") % {"title": award_type.name}]
    reasons = []
    records = (ctx.discipline() if person else ctx.unit_discipline()).get(r.pk, [])
    for row in records:
        if row.overlaps(first_year or year, year):
            reasons.append(_discipline_reason(row))
    held = (ctx.awards() if person else ctx.unit_awards()).get(r.pk, [])
    for award in held:
        if award.code == award_type.code and award.year == year:
            if award.decision_number:
                reasons.append(_("Already awarded %(title)s for %(year)s (decision %(number)s)") % {
                    "title": award_type.name, "year": year, "number": award.decision_number})
            else:
                reasons.append(_("Already awarded %(title)s for %(year)s") % {"title": award_type.name, "year": year})
    return reasons


def _kind_mismatch(r, ctx):
    person = _is_person(r)
    return (person and not ctx.award_type.for_individuals) or (not person and not ctx.award_type.for_collectives)


def _consecutive(title, n, have, missing, times=False):
    values = {"n": n, "title": title, "have": _years(have), "missing": _years(missing)}
    if times:
        if have:
            return _("Not yet %(n)s consecutive times as %(title)s (has %(have)s; missing %(missing)s)") % values
        return _("Not yet %(n)s consecutive times as %(title)s (none yet; missing %(missing)s)") % values
    if have:
        return _("Not yet %(n)s consecutive years as %(title)s (has %(have)s; missing %(missing)s)") % values
    return _("Not yet %(n)s consecutive years as %(title)s (none yet; missing %(missing)s)") % values


def _held_years(ctx, pid, code):
    return {a.year for a in ctx.awards().get(pid, []) if a.code == code}


def _years_used_by(ctx, pid, code, n, before):
    """``{year: used_by_year}``: the years of the title below that each earlier award ``code`` of the person (before
    ``before``) counted — the ``n`` years ending with that award's year (one achievement, one award)."""
    used = {}
    for y in sorted(_held_years(ctx, pid, code)):
        if y < before:
            for k in range(y - n + 1, y + 1):
                used[k] = y
    return used


def _award_ids(ctx, pid, code, years):
    return [a.pk for a in ctx.awards().get(pid, []) if a.code == code and a.year in years]


def _initiatives(ctx, pid, first, last, min_level):
    """(usable, notes): initiatives recognised in [first, last] at ``min_level`` or above and not used yet;
    notes name the ones that do not count and why."""
    usable, notes = [], []
    for item in ctx.initiatives().get(pid, []):
        if not first <= item.year <= last:
            continue
        if item.used_for:
            used = item.used_for[0]
            notes.append(_("Initiative “%(title)s” was already used for %(award)s %(year)s") % {
                "title": item.title, "award": used.name, "year": used.year})
        elif LEVEL_RANK.get(item.level, 0) < LEVEL_RANK[min_level]:
            notes.append(_("Initiative “%(title)s” is recognised at %(level)s level; %(required)s level or higher "
                           "is required") % {"title": item.title, "level": InitiativeLevel(item.level).label.lower(),
                                             "required": InitiativeLevel(min_level).label.lower()})
        else:
            usable.append(item)
    return usable, notes


def _no_initiative(notes):
    return notes or [_("No initiative recognised in the period")]


def _ldtt_reasons(ctx, pid, year):
    rating = ctx.appraisals().get(pid, {}).get(year)
    if rating is None:
        return [_("No appraisal for %(year)s") % {"year": year}]
    if rating not in GOOD_OR_BETTER:
        return [_("Rated “%(rating)s” in %(year)s; at least “%(required)s” is required") % {
            "rating": R(rating).label, "year": year, "required": R.GOOD.label}]
    return []


def _share_short(count, total, minimum):
    return total == 0 or Decimal(count) * 100 < Decimal(minimum) * total


# Individuals -----------------------------------------------------------------------------------


@register("ldtt", quota=True, label=gettext_lazy("Advanced Worker (Article 24)"))
def ldtt(r, year, ctx):
    reasons = _prelude(r, year, ctx)
    if not _kind_mismatch(r, ctx):
        reasons += _ldtt_reasons(ctx, r.pk, year)
    return Verdict(not reasons, reasons, evidence={"appraisal": ctx.appraisals().get(r.pk, {}).get(year)}
                   if _is_person(r) else {})


@register("cstdcs", quota=True, label=gettext_lazy("Grassroots Emulation Fighter (Article 23)"))
def cstdcs(r, year, ctx):
    reasons = _prelude(r, year, ctx)
    evidence = {}
    if not _kind_mismatch(r, ctx):
        reasons += _ldtt_reasons(ctx, r.pk, year)
        rating = ctx.appraisals().get(r.pk, {}).get(year)
        usable, notes = _initiatives(ctx, r.pk, year, year, "grassroots")
        if rating == R.EXCELLENT:
            evidence["appraisal"] = rating
        elif usable:
            evidence["initiatives"] = [usable[0].pk]
        else:
            reasons.append(_("Not rated “%(excellent)s” in %(year)s and no initiative recognised in the period") % {
                "excellent": R.EXCELLENT.label, "year": year})
            reasons += notes
    return Verdict(not reasons, reasons, evidence=evidence)


@register("cstd_tinh", quota=True, label=gettext_lazy("Provincial Emulation Fighter (Article 22)"))
def cstd_tinh(r, year, ctx):
    n = int(ctx.param("consecutive_years", 3))
    first = year - n + 1
    reasons = _prelude(r, year, ctx, first_year=first)
    evidence = {}
    if not _kind_mismatch(r, ctx):
        years = list(range(first, year + 1))
        held = _held_years(ctx, r.pk, "CSTDCS")
        have, missing = [y for y in years if y in held], [y for y in years if y not in held]
        if missing:
            reasons.append(_consecutive(_name_of(ctx, "CSTDCS"), n, have, missing))
        used = _years_used_by(ctx, r.pk, "CSTD_TINH", n, before=year)
        reused = sorted(set(years) & set(used))
        if reused:
            reasons.append(_("%(title)s of %(years)s already counted for %(higher)s %(used)s: one achievement earns "
                             "one award (Law Art. 6)") % {
                "title": _name_of(ctx, "CSTDCS"), "years": _years(reused), "higher": _name_of(ctx, "CSTD_TINH"),
                "used": _years(sorted({used[y] for y in reused}))})
        evidence["awards"] = _award_ids(ctx, r.pk, "CSTDCS", years)
        usable, notes = _initiatives(ctx, r.pk, first, year, "provincial")
        if usable:
            evidence["initiatives"] = [usable[0].pk]
        else:
            reasons += _no_initiative(notes)
    return Verdict(not reasons, reasons, evidence=evidence)


@register("cstd_tq", quota=True, label=gettext_lazy("National Emulation Fighter (Article 21)"))
def cstd_tq(r, year, ctx):
    """Điều 21: two consecutive CSTĐ cấp tỉnh, judged on the actual years: the latest for the year judged, the
    one before it the person's previous CSTĐ cấp tỉnh, with every year between them a CSTĐ cơ sở (the chain of
    achievement unbroken). CSTĐ cấp tỉnh already counted for an earlier CSTĐ toàn quốc do not count again."""
    n = int(ctx.param("consecutive_years", 2))
    cycle = int(ctx.param("cycle_years", 3))
    held = sorted(_held_years(ctx, r.pk, "CSTD_TINH")) if _is_person(r) else []
    previous_tq = [y for y in _held_years(ctx, r.pk, "CSTD_TQ") if y < year] if _is_person(r) else []
    if previous_tq:
        held = [y for y in held if y > max(previous_tq)]
    held = [y for y in held if y <= year]
    chain = held[-n:] if held and held[-1] == year else []
    first = chain[0] - cycle + 1 if len(chain) == n else year - cycle * n + 1
    reasons = _prelude(r, year, ctx, first_year=first)
    evidence = {}
    if not _kind_mismatch(r, ctx):
        title = _name_of(ctx, "CSTD_TINH")
        if not held or held[-1] != year:
            reasons.append(_("No %(title)s for %(year)s: %(national)s is proposed right after the second "
                             "consecutive %(title)s (Article 21)") % {
                "title": title, "year": year, "national": ctx.award_type.name})
        elif len(chain) < n:
            reasons.append(_("Only %(have)s %(title)s (%(years)s); %(n)s consecutive times are required "
                             "(Article 21)") % {"have": len(chain), "title": title, "years": _years(chain), "n": n})
        else:
            cstdcs = _held_years(ctx, r.pk, "CSTDCS")
            gaps = [y for a, b in zip(chain, chain[1:], strict=False) for y in range(a + 1, b + 1) if y not in cstdcs]
            if gaps:
                reasons.append(_("%(title)s %(years)s are not consecutive: no %(base)s in %(gaps)s (Article 21)") % {
                    "title": title, "years": _years(chain), "base": _name_of(ctx, "CSTDCS"), "gaps": _years(gaps)})
        if previous_tq and not chain:
            reasons.append(_("%(title)s up to %(year)s were already counted for %(national)s %(year)s") % {
                "title": title, "year": max(previous_tq), "national": ctx.award_type.name})
        evidence["awards"] = _award_ids(ctx, r.pk, "CSTD_TINH", chain)
        usable, notes = _initiatives(ctx, r.pk, first, year, "national")
        if usable:
            evidence["initiatives"] = [usable[0].pk]
        else:
            reasons += _no_initiative(notes)
    return Verdict(not reasons, reasons, evidence=evidence)


@register("bk_tinh", quota=True, label=gettext_lazy("Provincial Diploma of Merit (Article 74.1.d)"))
def bk_tinh(r, year, ctx):
    """Điều 74.1.d for individuals: 2 consecutive CSTĐ cơ sở, OR 2 consecutive years excellent with
    2 grassroots initiatives in that period. Points a–c are judged by hand; collectives too."""
    if not _is_person(r):
        return basic(r, year, ctx)
    n = int(ctx.param("consecutive_years", 2))
    m = int(ctx.param("excellent_years", 2))
    k = int(ctx.param("initiatives", 2))
    first = min(year - n + 1, year - m + 1)
    reasons = _prelude(r, year, ctx, first_year=first)
    if _kind_mismatch(r, ctx):
        return Verdict(False, reasons)
    cst_years = list(range(year - n + 1, year + 1))
    held = _held_years(ctx, r.pk, "CSTDCS")
    cst_have, cst_missing = [y for y in cst_years if y in held], [y for y in cst_years if y not in held]
    exc_years = list(range(year - m + 1, year + 1))
    ratings = ctx.appraisals().get(r.pk, {})
    exc_have = [y for y in exc_years if ratings.get(y) == R.EXCELLENT]
    exc_missing = [y for y in exc_years if ratings.get(y) != R.EXCELLENT]
    usable, notes = _initiatives(ctx, r.pk, year - m + 1, year, "grassroots")
    evidence, warnings = {}, []
    if not cst_missing:
        evidence["awards"] = _award_ids(ctx, r.pk, "CSTDCS", cst_years)
    elif not exc_missing and len(usable) >= k:
        evidence["initiatives"] = [i.pk for i in usable[:k]]
    else:
        reasons.append(_consecutive(_name_of(ctx, "CSTDCS"), n, cst_have, cst_missing))
        if exc_missing:
            values = {"n": m, "rating": R.EXCELLENT.label, "have": _years(exc_have), "missing": _years(exc_missing)}
            if exc_have:
                reasons.append(_("Nor %(n)s consecutive years rated “%(rating)s” (has %(have)s; missing %(missing)s)")
                               % values)
            else:
                reasons.append(_("Nor %(n)s consecutive years rated “%(rating)s” (none yet; missing %(missing)s)")
                               % values)
        if len(usable) < k:
            reasons.append(_("Only %(have)s of the %(n)s initiatives required, recognised in %(first)s–%(last)s")
                           % {"have": len(usable), "n": k, "first": year - m + 1, "last": year})
            reasons += notes
        warnings.append(_("Points a–c of Article 74.1 (a provincial campaign, an achievement with province-wide "
                          "influence, a large contribution) are judged by hand."))
    return Verdict(not reasons, reasons, warnings=warnings, evidence=evidence)


# Collectives -----------------------------------------------------------------------------------


def _unit_rating_reason(ctx, unit_id, year, accepted, required):
    rating = ctx.unit_appraisals().get(unit_id, {}).get(year)
    if rating is None:
        return [_("The unit has no appraisal for %(year)s") % {"year": year}]
    if rating not in accepted:
        return [_("The unit was rated “%(rating)s” in %(year)s; “%(required)s” is required") % {
            "rating": R(rating).label, "year": year, "required": required}]
    return []


def _ldtt_share_reason(ctx, members, year):
    awards = ctx.awards(ctx.member_ids())
    holders = [pid for pid, _name in members if any(a.code in LDTT_CODES and a.year == year
                                                     for a in awards.get(pid, []))]
    minimum = ctx.param("min_ldtt_percent", 70)
    total = len(members)
    if _share_short(len(holders), total, minimum):
        return [_("Only %(count)s of %(total)s members (%(percent)s%%) are %(title)s in %(year)s; at least "
                  "%(min)s%% is required") % {"count": len(holders), "total": total,
                                              "percent": _number(Decimal(len(holders)) * 100 / total),
                                              "title": _name_of(ctx, "LDTT"), "year": year,
                                              "min": _number(minimum)}]
    return []


def _punished_reason(ctx, members, year):
    """TTLĐTT and TTLĐXS alike: no member disciplined with a warning (cảnh cáo) or heavier in the year."""
    records = ctx.discipline(ctx.member_ids())
    punished = [name for pid, name in members
                if any(d.kind == DisciplineKind.DISCIPLINE and d.measure in SERIOUS_MEASURES and d.overlaps(year, year)
                       for d in records.get(pid, []))]
    if punished:
        return [_("Members disciplined with a warning or heavier in %(year)s: %(names)s") % {
            "year": year, "names": _names(punished)}]
    return []


def _no_members(year):
    return [_("The unit has no members in %(year)s to compute the shares") % {"year": year}]


@register("ttldxs", quota=True, label=gettext_lazy("Excellent Labour Collective (Article 27)"))
def ttldxs(r, year, ctx):
    reasons = _prelude(r, year, ctx)
    if _kind_mismatch(r, ctx):
        return Verdict(False, reasons)
    reasons += _unit_rating_reason(ctx, r.pk, year, {R.EXCELLENT}, R.EXCELLENT.label)
    members = ctx.members().get(r.pk, [])
    if not members:
        return Verdict(False, reasons + _no_members(year))
    total = len(members)
    ratings = ctx.appraisals(ctx.member_ids())
    not_done = [name for pid, name in members if ratings.get(pid, {}).get(year) == R.NOT_COMPLETED]
    unrated = [name for pid, name in members if year not in ratings.get(pid, {})]
    if _share_short(total - len(not_done) - len(unrated), total, ctx.param("min_completed_percent", 100)):
        if not_done:
            reasons.append(_("%(count)s of %(total)s members did not complete their tasks in %(year)s: %(names)s")
                           % {"count": len(not_done), "total": total, "year": year, "names": _names(not_done)})
        if unrated:
            reasons.append(_("%(count)s of %(total)s members have no appraisal for %(year)s: %(names)s")
                           % {"count": len(unrated), "total": total, "year": year, "names": _names(unrated)})
    reasons += _ldtt_share_reason(ctx, members, year)
    awards = ctx.awards(ctx.member_ids())
    fighters = [pid for pid, _name in members if any(a.code == "CSTDCS" and a.year == year
                                                      for a in awards.get(pid, []))]
    minimum = int(ctx.param("min_cstdcs", 1))
    if len(fighters) < minimum:
        reasons.append(_("%(count)s members are %(title)s in %(year)s; at least %(min)s is required") % {
            "count": len(fighters), "title": _name_of(ctx, "CSTDCS"), "year": year, "min": minimum})
    reasons += _punished_reason(ctx, members, year)
    return Verdict(not reasons, reasons, evidence={"members": total, "cstdcs": fighters})


@register("ttldtt", quota=True, label=gettext_lazy("Advanced Labour Collective (Article 28)"))
def ttldtt(r, year, ctx):
    reasons = _prelude(r, year, ctx)
    if _kind_mismatch(r, ctx):
        return Verdict(False, reasons)
    reasons += _unit_rating_reason(ctx, r.pk, year, GOOD_OR_BETTER, R.GOOD.label)
    members = ctx.members().get(r.pk, [])
    if not members:
        return Verdict(False, reasons + _no_members(year))
    reasons += _ldtt_share_reason(ctx, members, year)
    reasons += _punished_reason(ctx, members, year)
    return Verdict(not reasons, reasons, evidence={"members": len(members)})


def _unit_held_years(ctx, unit_id, code):
    """({year: award id} of ``code`` held by the collective or, along its line of succession on 31/12 of the
    year, by the units merged into it; the note naming those units or '') — ``emulation.reforms.lineages``."""
    line = ctx.get(("lineage", ctx.unit_ids, ctx.year), lambda: lineages(ctx.unit_ids, ctx.ref_date))

    def load():
        ids = {e.unit_id for entries in line.values() for e in entries}
        out = {}
        for pk, uid, c, y in Award.objects.filter(person__isnull=True, unit_id__in=ids, revoked=False).values_list(
                "pk", "unit_id", "award_type__code", "year"):
            out.setdefault(uid, []).append((c, y, pk))
        return out

    held = ctx.get(("line_awards", ctx.unit_ids, ctx.year), load)
    entries = line.get(unit_id, [])
    years = {y: pk for e in entries for c, y, pk in held.get(e.unit_id, []) if c == code}
    return years, lineage_note(entries)


@register("ttldxs_years", quota=True,
          label=gettext_lazy("Collective: consecutive years as Excellent Labour Collective"))
def ttldxs_years(r, year, ctx):
    """Collective awards that ask for N consecutive years as Tập thể lao động xuất sắc (``consecutive_years``,
    5 by default). A unit formed by a merger counts the years of the units merged into it."""
    n = int(ctx.param("consecutive_years", 5))
    first = year - n + 1
    reasons = _prelude(r, year, ctx, first_year=first)
    if _kind_mismatch(r, ctx):
        return Verdict(False, reasons)
    years = list(range(first, year + 1))
    held, note = _unit_held_years(ctx, r.pk, "TTLDXS")
    have, missing = [y for y in years if y in held], [y for y in years if y not in held]
    warnings = []
    if missing:
        text = _consecutive(_name_of(ctx, "TTLDXS"), n, have, missing)
        if note:
            text += _(" (counted along the line of succession, with %(units)s)") % {"units": note}
        reasons.append(text)
    elif note:
        warnings.append(_("The years are counted along the line of succession, with %(units)s.") % {"units": note})
    return Verdict(not reasons, reasons, warnings=warnings, evidence={"awards": [held[y] for y in have]})


# Everything else -------------------------------------------------------------------------------


@register("basic", quota=True, label=gettext_lazy("Discipline and duplicates only (conditions judged by hand)"))
def basic(r, year, ctx):
    reasons = _prelude(r, year, ctx)
    warnings = [_("The conditions of %(title)s are judged by hand; only discipline and duplicate awards are "
                  "checked.") % {"title": ctx.award_type.name}]
    return Verdict(not reasons, reasons, warnings=warnings)
