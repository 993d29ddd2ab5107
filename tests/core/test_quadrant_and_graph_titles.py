"""The quadrant chart (a stakeholder map's power/interest) and the graph renderer carry a
<title> and a <desc>; points sharing a spot are shown by number only."""

from __future__ import annotations

import re

import pytest

from sib.core.charts import GraphEdge, GraphNode, QuadrantPoint, graph_chart, quadrant_chart

pytestmark = pytest.mark.django_db  # the charts are kept in the cache (a table in tests)

QUADRANTS = ("keep satisfied", "manage closely", "monitor", "keep informed")


def test_quadrant_chart_names_lone_points_and_numbers_crowded_ones():
    svg = str(
        quadrant_chart(
            [
                QuadrantPoint("Alone", 5, 5),
                QuadrantPoint("Twin A", 2, 2),
                QuadrantPoint("Twin B", 2, 2),
            ],
            label="Power and interest",
            description="3 stakeholders",
            x_label="Interest",
            y_label="Power",
            quadrants=QUADRANTS,
        )
    )
    assert svg.startswith('<svg role="img" aria-label="Power and interest"')
    assert re.search(
        r"<svg [^>]*>\s*<title>Power and interest</title><desc>3 stakeholders</desc>", svg
    )
    assert "Alone" in svg and "Twin A" not in svg and "Twin B" not in svg
    for name in QUADRANTS:
        assert name in svg


def test_graph_chart_has_a_title_and_a_description():
    svg = str(
        graph_chart(
            [GraphNode("a", "Input"), GraphNode("b", "Impact")],
            [GraphEdge("a", "b", label="assumption")],
            label="Theory of change",
            description="2 elements and 1 link",
            rankdir="TB",
        )
    )
    assert svg.count("<title>") == 1 and "<title>Theory of change</title>" in svg
    assert "<desc>2 elements and 1 link</desc>" in svg
    assert "Input" in svg and "assumption" in svg
