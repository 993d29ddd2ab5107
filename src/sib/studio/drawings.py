"""Drawings made from a canvas's content: the stakeholder map's power/interest chart and the
theory of change as a graph. Each comes with a table that says the same (the accessible route);
the graph goes through the one renderer in `sib.core.charts` that the knowledge map uses.

A drawing is found by the blocks' lanes, not by the template's version, so a revised template
keeps its drawing as long as it keeps those lanes."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from sib.core.charts import GraphEdge, GraphNode, QuadrantPoint, graph_chart, quadrant_chart
from sib.studio.models import BlockKind, TemplateBlock

SCALE_LOW, SCALE_HIGH = 1, 5
# Open Book's theory-of-change elements, left to right; anything else is drawn last.
KINDS = ["input", "activity", "output", "outcome", "impact"]


@dataclass
class Drawing:
    key: str
    title: str
    svg: SafeString
    caption: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    note: str = ""
    # Columns holding what the team wrote (marked as people's text on the page).
    user_columns: tuple[int, ...] = ()


def _lanes(block: TemplateBlock) -> set[str]:
    return {lane[0] for lane in block.config.get("lanes", [])}


def _cell(grid: dict[str, Any], lane: str, index: int) -> str:
    row = (grid.get("cells") or {}).get(lane) or []
    return str(row[index]).strip() if index < len(row) and row[index] is not None else ""


def _score(text: str) -> int | None:
    try:
        number = int(str(text).strip())
    except ValueError:
        return None
    return number if SCALE_LOW <= number <= SCALE_HIGH else None


def quadrant(power: int, interest: int) -> str:
    """The engagement the usual power/interest grid suggests: high means 4 or 5 on the 1–5 scale."""
    high_power, high_interest = power > 3, interest > 3
    if high_power and high_interest:
        return _("manage closely")
    if high_power:
        return _("keep satisfied")
    if high_interest:
        return _("keep informed")
    return _("monitor")


def power_interest(block: TemplateBlock, grid: dict[str, Any]) -> Drawing | None:
    """The stakeholders placed by interest (across) and power (up)."""
    columns = grid.get("columns") or []
    points: list[QuadrantPoint] = []
    rows: list[list[str]] = []
    for index, heading in enumerate(columns):
        name = _cell(grid, "name", index) or str(heading).strip()
        if not name:
            continue
        power, interest = (
            _score(_cell(grid, "power", index)),
            _score(_cell(grid, "interest", index)),
        )
        if power is None or interest is None:
            rows.append(["—", name, "—", "—", _("not placed: give power and interest 1–5")])
            continue
        points.append(QuadrantPoint(name, interest, power))
        rows.append([str(len(points)), name, str(power), str(interest), quadrant(power, interest)])
    if not rows:
        return None
    title = _("Power and interest of the stakeholders")
    svg = quadrant_chart(
        points,
        label=title,
        description=_(
            "%(count)d stakeholders placed by interest (across) and power (up), 1 to 5; "
            "the table gives the same."
        )
        % {"count": len(points)},
        x_label=_("Interest"),
        y_label=_("Power"),
        quadrants=(_("keep satisfied"), _("manage closely"), _("monitor"), _("keep informed")),
        low=SCALE_LOW,
        high=SCALE_HIGH,
    )
    return Drawing(
        key=f"drawing-{block.key}",
        title=title,
        svg=svg,
        caption=_("Stakeholders by power and interest"),
        header=[_("No."), _("Stakeholder"), _("Power"), _("Interest"), _("Engagement")],
        rows=rows,
        note=_("High means 4 or 5 on the 1–5 scale."),
        user_columns=(1,),
    )


def _wrapped(text: str, width: int = 26) -> str:
    """Graphviz reads backslashes in labels as escapes; lines are joined with its `\\n`."""
    safe = text.replace("\\", "/")
    return "\\n".join(textwrap.wrap(safe, width) or [""])


def _node_index(value: str, keys: list[str], labels: list[str]) -> int | None:
    """A link's end: an element's column number (1, 2, …), its column title or its label."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit() and 1 <= int(value) <= len(keys):
        return int(value) - 1
    lowered = value.casefold()
    for index, (key, label) in enumerate(zip(keys, labels, strict=True)):
        if lowered in (key.casefold(), label.casefold()):
            return index
    return None


def theory_of_change(
    nodes_block: TemplateBlock, nodes: dict[str, Any], links: dict[str, Any]
) -> Drawing | None:
    """The elements left to right (inputs to impact) and the links with their assumptions."""
    keys = [str(c).strip() for c in nodes.get("columns") or []]
    labels = [_cell(nodes, "label", i) or keys[i] for i in range(len(keys))]
    present = [i for i in range(len(keys)) if labels[i]]
    if not present:
        return None
    kind_names = {
        "input": _("input"),
        "activity": _("activity"),
        "output": _("output"),
        "outcome": _("outcome"),
        "impact": _("impact"),
    }
    graph_nodes = []
    for i in present:
        kind = _cell(nodes, "kind", i).casefold()
        horizon = _cell(nodes, "horizon", i)
        detail = ", ".join(part for part in (kind_names.get(kind, kind), horizon) if part)
        text = _wrapped(labels[i]) + (f"\\n({_wrapped(detail)})" if detail else "")
        group = KINDS.index(kind) if kind in KINDS else len(KINDS)
        graph_nodes.append(GraphNode(key=f"n{i}", label=text, group=group))
    edges: list[GraphEdge] = []
    rows: list[list[str]] = []
    for index in range(len(links.get("columns") or [])):
        start = _node_index(_cell(links, "from", index), keys, labels)
        end = _node_index(_cell(links, "to", index), keys, labels)
        assumption = _cell(links, "assumption", index)
        if not (_cell(links, "from", index) or _cell(links, "to", index) or assumption):
            continue
        if start is None or end is None or start not in present or end not in present:
            rows.append(
                [
                    _cell(links, "from", index) or "—",
                    _cell(links, "to", index) or "—",
                    assumption,
                    _("not drawn: the element is not found"),
                ]
            )
            continue
        edges.append(
            GraphEdge(
                source=f"n{start}",
                target=f"n{end}",
                label=_wrapped(assumption, 22) if assumption else "",
            )
        )
        rows.append([labels[start], labels[end], assumption, ""])
    title = _("Theory of change")
    header = [_("From"), _("To"), _("Assumption"), _("Note")]
    if not any(row[3] for row in rows):
        header, rows = header[:3], [row[:3] for row in rows]
    svg = graph_chart(
        graph_nodes,
        edges,
        # Top to bottom: inputs above impact; narrow enough for a phone and an A4 page.
        rankdir="TB",
        label=title,
        description=_(
            "%(nodes)d elements and %(links)d links, from inputs to impact; the table gives the same."
        )
        % {"nodes": len(graph_nodes), "links": len(edges)},
    )
    return Drawing(
        key=f"drawing-{nodes_block.key}",
        title=title,
        svg=svg,
        caption=_("Links of the theory of change"),
        header=header,
        rows=rows,
        user_columns=(0, 1, 2),
    )


def canvas_drawings(blocks: list[TemplateBlock], content: dict[str, Any]) -> list[Drawing]:
    """Every drawing the canvas's blocks allow (none for most tools)."""
    drawings: list[Drawing] = []
    grids = [block for block in blocks if block.kind == BlockKind.GRID]
    for block in grids:
        if {"power", "interest"} <= _lanes(block):
            drawing = power_interest(block, content.get(block.key) or {})
            if drawing:
                drawings.append(drawing)
    node_block = next((b for b in grids if {"label", "kind"} <= _lanes(b)), None)
    link_block = next((b for b in grids if {"from", "to"} <= _lanes(b)), None)
    if node_block and link_block:
        drawing = theory_of_change(
            node_block, content.get(node_block.key) or {}, content.get(link_block.key) or {}
        )
        if drawing:
            drawings.append(drawing)
    return drawings
