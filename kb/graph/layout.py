"""Positions for drawing the chapter-work network (plain functions; plotting lives in the dashboard)."""

from __future__ import annotations

import math
import random

SPRING_LIMIT = 1500  # above this many nodes the centroid layout is kept as it is (spring costs O(n^2))


def chapter_layout(chapters: list[str], links: dict[str, list[tuple[str, float]]], *, edges=(),
                   seed: int = 42) -> dict[str, tuple[float, float]]:
    """Chapters evenly on a circle in reading order; each work at the weighted centre of the chapters
    citing it, pulled inwards and spread by a seeded jitter. Small graphs are then relaxed by a few
    spring iterations with the chapters fixed; last, the works are drawn in to lie within WORKS_WITHIN of
    the centre, inside the chapters' circle. `links`: work -> [(chapter, weight)]."""
    rng = random.Random(seed)
    pos: dict[str, tuple[float, float]] = {}
    n = max(len(chapters), 1)
    for i, c in enumerate(chapters):
        angle = 2 * math.pi * i / n
        pos[c] = (math.cos(angle), math.sin(angle))
    for work in sorted(links):
        around = [(pos[c], w) for c, w in links[work] if c in pos]
        total = sum(w for _, w in around) or 1.0
        x = sum(p[0] * w for p, w in around) / total if around else 0.0
        y = sum(p[1] * w for p, w in around) / total if around else 0.0
        spread = 0.08 + 0.12 * rng.random()
        angle = rng.random() * 2 * math.pi
        pos[work] = (0.8 * x + spread * math.cos(angle), 0.8 * y + spread * math.sin(angle))
    if len(pos) <= SPRING_LIMIT and links:
        import networkx as nx

        H = nx.Graph()
        H.add_nodes_from(pos)
        for work, around in links.items():
            H.add_edges_from((work, c, {"weight": w}) for c, w in around if c in pos)
        H.add_edges_from((a, b) for a, b in edges if a in pos and b in pos)
        fixed = [c for c in chapters if c in H]
        relaxed = nx.spring_layout(H, pos=pos, fixed=fixed or None, iterations=30, seed=seed, k=0.6 / math.sqrt(len(pos)))
        pos = {k: (float(v[0]), float(v[1])) for k, v in relaxed.items()}
    return _inside(pos, set(chapters))


WORKS_WITHIN = 0.85  # the works' farthest distance from the centre; the chapters sit on the unit circle outside


def _inside(pos: dict[str, tuple[float, float]], chapters: set[str]) -> dict[str, tuple[float, float]]:
    """Scale the works (not the chapters) so that all lie within WORKS_WITHIN of the centre: the chapters and
    their labels then stand outside every work."""
    farthest = max((math.hypot(x, y) for k, (x, y) in pos.items() if k not in chapters), default=0.0)
    if farthest <= WORKS_WITHIN:
        return pos
    scale = WORKS_WITHIN / farthest
    return {k: (p if k in chapters else (p[0] * scale, p[1] * scale)) for k, p in pos.items()}
