"""Indicator framework: rows of framework.csv turned into a validated tree of nodes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class MissingRule:
    """What a node does for a unit whose data is incomplete.

    Inputs: impute with `imputers` in order (each (method, city attribute or "")), after taking values up to
    `max_age` years old; then `end` for what is still missing: error, reweight or unscored.
    Parents: `end` is reweight, unscored or share (with `share` the least share of children with a score).
    """

    text: str
    end: str = "error"
    imputers: tuple[tuple[str, str], ...] = ()
    max_age: int | None = None
    share: float = 0.0


@dataclass(frozen=True)
class Node:
    """One indicator at any level of the framework."""

    id: str
    parent: str | None
    names: dict[str, str]
    weight: float | None
    declared_weight: float | None  # what the source report declares, where `weight` differs
    direction: int  # +1 higher is better, -1 reverse
    normalise: str
    normalise_params: dict[str, object]
    transform: str | None
    denominator: str | None
    aggregate: str
    missing: MissingRule
    line: int  # line of framework.csv, for messages
    extra: dict[str, str] = field(default_factory=dict)  # units, definitions, source
    transform_params: dict[str, object] = field(default_factory=dict)
    aggregate_params: dict[str, object] = field(default_factory=dict)
    compute: tuple[str, dict[str, object]] | None = None  # a computed input: method and arguments

    def name(self, lang: str) -> str:
        return self.names[lang]


@dataclass(frozen=True)
class Framework:
    """The indicator tree. Nodes keep framework.csv order; ids are unique and the tree is acyclic."""

    nodes: dict[str, Node]
    input_level: int | None = None

    @cached_property
    def root(self) -> Node:
        return next(n for n in self.nodes.values() if n.parent is None)

    @cached_property
    def children(self) -> dict[str, list[str]]:
        kids: dict[str, list[str]] = {nid: [] for nid in self.nodes}
        for node in self.nodes.values():
            if node.parent is not None:
                kids[node.parent].append(node.id)
        return kids

    @cached_property
    def depth(self) -> dict[str, int]:
        out = {self.root.id: 0}
        for nid in self.preorder:
            for kid in self.children[nid]:
                out[kid] = out[nid] + 1
        return out

    @cached_property
    def preorder(self) -> list[str]:
        """Depth-first order from the root, children in file order (reading order of a report)."""
        order: list[str] = []
        stack = [self.root.id]
        while stack:
            nid = stack.pop()
            order.append(nid)
            stack.extend(reversed(self.children[nid]))
        return order

    @cached_property
    def max_depth(self) -> int:
        return max(self.depth.values())

    def is_input(self, nid: str) -> bool:
        """Whether data for this node enters through values.csv."""
        d = self.depth[nid]
        if self.input_level is None:
            return not self.children[nid]
        return d == self.input_level or (d < self.input_level and not self.children[nid])

    @cached_property
    def inputs(self) -> list[str]:
        return [nid for nid in self.preorder if self.is_input(nid)]

    @cached_property
    def scored(self) -> list[str]:
        """Nodes that get a score: inputs and every node above them, in preorder."""
        limit = self.max_depth if self.input_level is None else self.input_level
        return [nid for nid in self.preorder if self.depth[nid] <= limit]

    def computed_children(self, nid: str) -> list[str]:
        """Children whose scores feed this node ([] for input nodes and nodes below them)."""
        if self.is_input(nid) or nid not in self.scored:
            return []
        return self.children[nid]


def find_cycles(parents: dict[str, str | None]) -> list[list[str]]:
    """Every cycle among parent links, each as the list of ids on it (first id smallest)."""
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in parents:
        path: list[str] = []
        nid: str | None = start
        while nid is not None and nid in parents and state.get(nid) is None:
            state[nid] = 1
            path.append(nid)
            nid = parents[nid]
        if nid is not None and state.get(nid) == 1:
            cycle = path[path.index(nid):]
            k = cycle.index(min(cycle))
            cycles.append(cycle[k:] + cycle[:k])
        for p in path:
            state[p] = 2
    return cycles
