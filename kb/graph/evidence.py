"""Combining label evidence (kept free of heavy imports: `kb works --label` uses it)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

THRESHOLD = 0.5


@dataclass(frozen=True)
class Evidence:
    node_id: str
    source: str
    confidence: float
    evidence: str


def combine(confidences: list[float]) -> float:
    """Noisy-or: independent pieces of evidence add up without exceeding 1."""
    remaining = 1.0
    for c in confidences:
        remaining *= 1.0 - max(0.0, min(1.0, c))
    return 1.0 - remaining


def accepted(evidence: list[Evidence]) -> dict[str, float]:
    """The nodes a work or heading belongs to, with their combined confidence."""
    by_node: dict[str, list[float]] = defaultdict(list)
    for e in evidence:
        by_node[e.node_id].append(e.confidence)
    return {n: round(combine(cs), 3) for n, cs in by_node.items() if combine(cs) >= THRESHOLD}


