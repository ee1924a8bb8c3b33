"""Rendering listings for the CLI: one helper for table, JSON, CSV and TSV."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence

FORMATS = ("table", "json", "csv", "tsv")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def render_rows(rows: Sequence[dict], fmt: str, columns: Sequence[str] | None = None, title: str | None = None) -> None:
    """Write rows to stdout: a rich table on a terminal, JSON array, or CSV/TSV. A table asked for
    while stdout is not a terminal (a pipe, a file) is written as TSV, so no column is ever clipped."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "table" and not sys.stdout.isatty():
        fmt = "tsv"
    if fmt == "json":
        sys.stdout.write(json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2) + "\n")
    elif fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow([_cell(r.get(c)) for c in columns])
        sys.stdout.write(buffer.getvalue())
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for i, c in enumerate(columns):
            numeric = bool(rows) and all(isinstance(r.get(c), (int, float)) for r in rows)
            widest = max((len(_cell(r.get(c))) for r in rows), default=0)
            table.add_column(c, no_wrap=i == 0 or numeric, justify="right" if numeric else "left",
                             min_width=len(c) if numeric else min(widest, 12), overflow="fold")
        for r in rows:
            table.add_row(*(_cell(r.get(c)) for c in columns))
        Console(highlight=False).print(table)


def write_json(value: object) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
