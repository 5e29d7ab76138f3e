"""Gradient functions made wrong on purpose, shared by the tests that need one."""


def one_entry_off(grad, k, rel):
    """`grad` with flat entry k multiplied by (1 + rel): a single wrong entry, the rest exact."""
    def wrong(theta, *args):
        out = grad(theta, *args)
        out[k] *= 1 + rel
        return out
    return wrong
