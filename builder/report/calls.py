"""Calls from chapters checked against the called function's signature: a wrong call is the chapter's
problem, an error inside the function is not."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps

from ..errors import ContentError, problem


def checked_call(name: str, function: Callable, *shown_first: object) -> Callable:
    """`function`, with a call that does not fit its signature reported as a content problem.

    Only the call is checked: an error raised inside the function is not the chapter's fault and
    is left to propagate. `shown_first`: arguments the chapter gave that precede the checked ones
    in messages (a figure's kind).
    """
    signature = inspect.signature(function)
    params = [*map(repr, shown_first), *(param_text(p) for p in signature.parameters.values())]

    @wraps(function)
    def call(*args: object, **kwargs: object):
        try:
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            given = ", ".join([*map(repr, (*shown_first, *args)), *(f"{k}={v!r}" for k, v in kwargs.items())])
            raise ContentError(problem("chapter-call", name=name, args=given,
                                       signature=f"({', '.join(params)}) ({exc})")) from None
        return function(*args, **kwargs)

    return call


def param_text(p: inspect.Parameter) -> str:
    """A parameter as a signature shows it: name, name=default, *args, **options."""
    if p.kind is p.VAR_KEYWORD:
        return f"**{p.name}"
    if p.kind is p.VAR_POSITIONAL:
        return f"*{p.name}"
    return p.name if p.default is p.empty else f"{p.name}={p.default!r}"
