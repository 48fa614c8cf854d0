"""Declared methods: a function with its parameters, formula and source, kept in a named registry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

ParamKind = Literal["number", "count", "flag", "numbers", "unit", "choice"]


@dataclass(frozen=True)
class Param:
    """One parameter of a method, as framework.csv writes it (`name=value`)."""

    name: str
    doc: str
    default: object = None  # None: required
    kind: ParamKind = "number"
    raw_units: bool = False  # given in the indicator's raw units, so transformed with the values
    choices: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return self.default is None

    def shown_default(self) -> str:
        if self.default is None:
            return "required"
        if isinstance(self.default, tuple):
            return "|".join(f"{v:g}" for v in self.default) or "none"
        if isinstance(self.default, float | int) and not isinstance(self.default, bool):
            return f"{self.default:g}"
        return str(self.default)


@dataclass(frozen=True)
class Method:
    """A scoring method: `function`, what it computes (`formula`) and where it comes from (`source`)."""

    name: str
    function: Callable
    summary: str
    formula: str
    params: tuple[Param, ...] = ()
    source: str = ""
    reverse: str = ""  # how a reverse indicator (direction -) is treated, for normalisers
    forward_only: bool = False  # direction - is refused
    invalid: Callable | None = None  # (x, **params) -> mask of values outside the method's domain
    domain: str = ""  # the domain in words, for messages

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def defaults(self) -> dict[str, object]:
        return {p.name: p.default for p in self.params if p.default is not None}


@dataclass(frozen=True)
class Registry:
    """The methods of one stage, by name, with the framework.csv column that chooses them."""

    stage: str
    column: str
    methods: dict[str, Method] = field(default_factory=dict)

    def add(self, method: Method) -> Method:
        self.methods[method.name] = method
        return method

    def get(self, name: object, default: Method | None = None) -> Method | None:
        return self.methods.get(name, default)  # type: ignore[arg-type]

    def __contains__(self, name: object) -> bool:
        return name in self.methods

    def __getitem__(self, name: str) -> Method:
        return self.methods[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.methods)

    def __len__(self) -> int:
        return len(self.methods)


def method(registry: Registry, name: str, summary: str, formula: str, *params: Param, source: str = "",
           reverse: str = "", forward_only: bool = False, invalid: Callable | None = None,
           domain: str = "") -> Callable[[Callable], Callable]:
    """Decorator: declare `function` as method `name` of `registry`."""
    def declare(function: Callable) -> Callable:
        registry.add(Method(name, function, summary, formula, tuple(params), source, reverse, forward_only,
                            invalid, domain))
        return function
    return declare
