"""PDF → the same text layout the reader parses (``=== 第N页 ===``, ``[表格]`` blocks).

pdfplumber is imported lazily; without it :class:`~govbudget.MissingDependencyError`.

>>> pdf_to_text.__name__
'pdf_to_text'
"""

from __future__ import annotations

from pathlib import Path

from ..errors import MissingDependencyError, ReportReadError

__all__ = ["pdf_to_text"]


def pdf_to_text(path: str | Path) -> str:
    """Extract tables (tab-separated, inside ``[表格]``) and other text lines, page by page."""
    try:
        import pdfplumber
    except ImportError as exc:
        raise MissingDependencyError("pdfplumber", "pdf") from exc
    out: list[str] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for n, page in enumerate(pdf.pages, start=1):
                out.append(f"=== 第{n}页 ===")
                tables = page.find_tables()
                boxes = [t.bbox for t in tables]
                items: list[tuple[float, list[str]]] = []
                for t in tables:
                    rows = []
                    for row in t.extract():
                        cells = [(c or "").replace("\n", "") for c in row]
                        while cells and not cells[-1]:
                            cells.pop()
                        if any(cells):
                            rows.append("\t".join(cells))
                    items.append((t.bbox[1], ["[表格]", *rows, "[/表格]"]))

                def outside(obj, boxes=boxes):
                    cx = (obj["x0"] + obj["x1"]) / 2
                    cy = (obj["top"] + obj["bottom"]) / 2
                    return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

                for line in page.filter(outside).extract_text_lines(y_tolerance=6):
                    items.append((line["top"], [line["text"]]))
                for _, lines in sorted(items, key=lambda x: x[0]):
                    out.extend(lines)
    except MissingDependencyError:
        raise
    except Exception as exc:  # pdfplumber/pdfminer raise many types on broken files
        raise ReportReadError(f"cannot read {path}: {exc}") from exc
    return "\n".join(out) + "\n"
