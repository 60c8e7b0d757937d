"""Menu entries of the awards app: the register part and the nominations part each add their own."""


def items(user, roles):
    out = []
    for name in ("awards.nav_register", "awards.nav_nominations"):
        try:
            module = __import__(name, fromlist=["items"])
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        out.extend(module.items(user, roles))
    return out
