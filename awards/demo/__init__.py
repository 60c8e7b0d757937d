"""Demo data of the awards app (called by ``manage.py load_demo``): the register (appraisals, initiatives,
awards up to 2019), then nominations and decisions (the 2020 seed awards as decided nominations, 2021
nominations in every state)."""

from . import nominations, register


def load(ctx):
    register.load(ctx)
    nominations.load(ctx)
    return ctx
