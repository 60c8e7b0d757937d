"""Demo data of the awards app (called by ``manage.py load_demo``): the register (appraisals, initiatives,
awards up to 2019), then nominations and decisions (the 2020 seed awards as decided nominations, 2021
nominations in every state), khen cao cover letters in every state and a revoked award."""

from . import nominations, register, upward


def load(ctx):
    register.load(ctx)
    nominations.load(ctx)
    upward.load(ctx)
    return ctx
