"""Ruled tables found from a page's edges: pdfplumber's table finder, its cell search indexed.

pdfplumber (0.11, pinned) finds a cell for each crossing of rules by trying every crossing below it
and to its right, and compares the edges at two crossings by building both sets again for every
pair — a quarter of the time a ruled page takes. The search here is the same search over the same
crossings in the same order, so it finds the same cells; only the crossings in line with a point
are looked up instead of filtered out of all the rest, and each crossing's edge sets are built once.
"""

from __future__ import annotations

from collections import defaultdict

# pdfplumber's defaults ("lines" strategies over ruling lines and rectangle edges) find every ruled
# table in the published documents; text-based strategies invent tables out of aligned prose.
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def find_tables(page, settings: dict) -> list:
    """pdfplumber's ``Page.find_tables(settings)`` for any object with its ``edges`` and ``bbox``."""
    from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections

    class _Finder(TableFinder):
        def __init__(self, page, settings) -> None:  # TableFinder.__init__ with the cell search below
            self.page = page
            self.settings = TableSettings.resolve(settings)
            self.edges = self.get_edges()
            self.intersections = edges_to_intersections(
                self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance)
            self.cells = intersections_to_cells(self.intersections)
            self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]

    return _Finder(page, settings).tables


def _bbox(edge: dict) -> tuple:
    return (edge["x0"], edge["top"], edge["x1"], edge["bottom"])


def intersections_to_cells(intersections: dict) -> list[tuple]:
    """``pdfplumber.table.intersections_to_cells``: for each crossing in sorted order, the first
    crossing below it joined to it by a vertical edge and the first to its right joined by a
    horizontal edge whose far corner is a crossing joined to both."""
    vertical = {p: {_bbox(e) for e in d["v"]} for p, d in intersections.items()}
    horizontal = {p: {_bbox(e) for e in d["h"]} for p, d in intersections.items()}
    points = sorted(intersections)
    column: dict[float, list] = defaultdict(list)  # crossings of one x, top to bottom
    row: dict[float, list] = defaultdict(list)  # crossings of one top, left to right
    at: dict[tuple, tuple[int, int]] = {}
    for p in points:
        at[p] = (len(column[p[0]]), len(row[p[1]]))
        column[p[0]].append(p)
        row[p[1]].append(p)
    cells = []
    for pt in points:
        i, j = at[pt]
        below = column[pt[0]][i + 1:]
        right = row[pt[1]][j + 1:]
        v, h = vertical[pt], horizontal[pt]
        cell = None
        for below_pt in below:
            if v.isdisjoint(vertical[below_pt]):
                continue
            for right_pt in right:
                if h.isdisjoint(horizontal[right_pt]):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in vertical and not vertical[corner].isdisjoint(vertical[right_pt]) \
                        and not horizontal[corner].isdisjoint(horizontal[below_pt]):
                    cell = (pt[0], pt[1], corner[0], corner[1])
                    break
            if cell is not None:
                break
        if cell is not None:
            cells.append(cell)
    return cells
