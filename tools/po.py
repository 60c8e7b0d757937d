"""Translation helper for developers.

    python tools/po.py missing PO            # list untranslated or fuzzy msgids
    python tools/po.py clashes PO...         # msgids translated differently in two catalogues
    python tools/po.py fill PO MAP.json      # fill missing msgstr from {"msgid": "msgstr", ...}
                                             # (plurals: {"msgid": ["one", "other"]}); clears fuzzy
    python tools/po.py merge BASE OURS THEIRS # git merge driver (.gitattributes): writes the merge into OURS

Vietnamese has one plural form, so a plural entry takes a single string too.
"""

import json
import sys

import polib


def missing(path):
    po = polib.pofile(path)
    items = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    for msgid in items:
        print(json.dumps(msgid, ensure_ascii=False))
    return len(items)


def fill(path, mapping_path):
    po = polib.pofile(path)
    with open(mapping_path, encoding="utf-8") as fh:
        mapping = json.load(fh)
    for entry in po:
        if entry.msgid not in mapping or (entry.translated() and "fuzzy" not in entry.flags):
            continue  # never overwrite a translation: fill only what is missing
        value = mapping[entry.msgid]
        if entry.msgid_plural:
            value = value[-1] if isinstance(value, list) else value
            entry.msgstr_plural = {0: value}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgctxt = None
            entry.previous_msgid_plural = None
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "vi"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save(path)
    return missing(path)


def clashes(*paths):
    """Catalogues are merged at run time (the first one loaded wins), so one msgid (with its context)
    must have one translation everywhere; list those that do not. Give a context to mean two things."""
    seen = {}
    for path in paths:
        for e in polib.pofile(path):
            if e.obsolete or not e.msgstr:
                continue
            seen.setdefault((e.msgctxt, e.msgid), {}).setdefault(e.msgstr, []).append(path)
    found = 0
    for (ctxt, msgid), strs in sorted(seen.items(), key=lambda kv: kv[0][1]):
        if len(strs) > 1:
            found += 1
            label = f"{ctxt} | {msgid}" if ctxt else msgid
            print(json.dumps(label, ensure_ascii=False))
            for msgstr, where in strs.items():
                print(f"    {json.dumps(msgstr, ensure_ascii=False)}  ({', '.join(where)})")
    return found


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def _text(entry):
    return (entry.msgstr, tuple(sorted(entry.msgstr_plural.items())), "fuzzy" in entry.flags)


def merge(base_path, ours_path, theirs_path):
    """Three-way merge of a catalogue, entry by entry (git merge driver, see .gitattributes and the README):
    ours is kept; an entry only theirs has is added; a translation only theirs changed since the base is
    taken. Locations and order are refreshed afterwards by ``make messages``. Never fails a merge."""
    base = {_key(e): e for e in polib.pofile(base_path)}
    ours = polib.pofile(ours_path)
    mine = {_key(e): e for e in ours}
    for entry in polib.pofile(theirs_path):
        key = _key(entry)
        if key not in mine:
            ours.append(entry)
            continue
        old, own = base.get(key), mine[key]
        if _text(entry) != _text(own) and (old is None or _text(own) == _text(old)):
            own.msgstr, own.msgstr_plural = entry.msgstr, dict(entry.msgstr_plural)
            own.flags = list(entry.flags)
        elif old is not None and _text(entry) != _text(old) and _text(entry) != _text(own):
            print(f"po merge: both sides changed {json.dumps(entry.msgid, ensure_ascii=False)}; ours kept",
                  file=sys.stderr)
    ours.save(ours_path)
    return 0


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    commands = {"missing": missing, "fill": fill, "clashes": clashes, "merge": merge}
    left = commands[cmd](*args)
    sys.exit(1 if left else 0)
