"""Translation helper for developers.

    python tools/po.py missing PO            # list untranslated or fuzzy msgids
    python tools/po.py fill PO MAP.json      # fill missing msgstr from {"msgid": "msgstr", ...}
                                             # (plurals: {"msgid": ["one", "other"]}); clears fuzzy

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


if __name__ == "__main__":
    cmd, *args = sys.argv[1:]
    left = missing(*args) if cmd == "missing" else fill(*args)
    sys.exit(1 if left else 0)
