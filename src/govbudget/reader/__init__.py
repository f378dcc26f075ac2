"""Read published 部门决算 / 部门预算 reports (text or PDF) and check them.

>>> import govbudget as gb
>>> rep = gb.read_report(text="支出决算表\\n金额单位：万元\\n项目\\t\\t本年支出合计\\t基本支出\\t项目支出\\n"
...                           "合计\\t\\t519.63\\t455.65\\t63.98\\n")
>>> rep.table("expenditure").value("合计", "基本支出")
Decimal('455.65')
>>> rep.key_figures()["basic"], rep.key_figures()["project"]
(Decimal('455.65'), Decimal('63.98'))
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..errors import GovBudgetError, ReportReadError
from ._intake import bad_bytes, file_text
from ._model import Cell, PublishedTable, Section, Unmapped, norm
from ._text import parse_text

__all__ = ["Cell", "PublishedReport", "PublishedTable", "Section", "Unmapped", "read_report"]

KEY_FIGURES: tuple[str, ...] = (
    "unit", "year", "kind", "amount_unit", "income_total", "expenditure_total", "basic", "project",
    "personnel", "public", "fiscal_total", "opening_balance", "closing_balance", "three_public", "functional",
    "derived", "blank", "units",
)
_TP_KEYS = ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_running", "reception")


@attrs.frozen(kw_only=True)
class PublishedReport:
    """A published report as read: tables with cells, narrative sections, unplaced lines.

    ``kind_from`` says where the report kind (预算/决算) was read: ``"header"`` (a ``# source:``
    line), ``"cover"``, ``"title"`` (the table titles) or ``"body"`` (only the body text names it:
    a weaker reading), ``None`` when nowhere.

    ``attested_codes`` lists codes printed in the report but absent from the shipped
    edition of its year (accepted as attested by the document); ``name_mismatches``
    lists ``(code, printed name, edition name)`` where the printed name differs.

    >>> rep = PublishedReport(source=None, unit="X", year=2024, kind="决算", tables=(), narrative=(),
    ...     unmapped=(), furniture=(), attested_codes=(), name_mismatches=())
    >>> rep.key_figures()["income_total"] is None
    True
    """

    source: str | None
    unit: str | None
    year: int | None
    kind: str | None
    tables: tuple[PublishedTable, ...]
    narrative: tuple[Section, ...]
    unmapped: tuple[Unmapped, ...]
    furniture: tuple[tuple[int | None, int, str], ...]
    attested_codes: tuple[str, ...]
    name_mismatches: tuple[tuple[str, str, str], ...]
    #: the files read, in order (one for most reports; empty for ``text=``)
    files: tuple[str, ...] = ()
    kind_from: str | None = None

    def table(self, table_id: str) -> PublishedTable | None:
        """The first table with this id, or ``None``.

        >>> PublishedReport(source=None, unit=None, year=None, kind=None, tables=(), narrative=(),
        ...     unmapped=(), furniture=(), attested_codes=(), name_mismatches=()).table("income") is None
        True
        """
        return next((t for t in self.tables if t.table_id == table_id), None)

    @property
    def narrative_text(self) -> str:
        """All narrative sections joined (headings included).

        >>> PublishedReport(source=None, unit=None, year=None, kind=None, tables=(), narrative=(),
        ...     unmapped=(), furniture=(), attested_codes=(), name_mismatches=()).narrative_text
        ''
        """
        return "\n".join(f"{s.heading}\n{s.text}" for s in self.narrative)

    @property
    def amount_unit(self) -> str | None:
        """The amount unit of the main tables (the most common unit among identified tables).

        >>> PublishedReport(source=None, unit=None, year=None, kind=None, tables=(), narrative=(),
        ...     unmapped=(), furniture=(), attested_codes=(), name_mismatches=()).amount_unit is None
        True
        """
        main = self.table("income_expenditure_summary")
        if main is not None and main.amount_unit:
            return main.amount_unit
        units = Counter(t.amount_unit for t in self.tables if t.amount_unit and t.table_id)
        return units.most_common(1)[0][0] if units else None

    def key_figures(self) -> dict[str, Any]:
        """The headline figures as printed (Decimal), ``None`` where the report has none.

        Keys: unit, year, kind, amount_unit, income_total, expenditure_total, basic, project,
        personnel, public, fiscal_total, opening_balance, closing_balance, three_public
        ({budget: {...}, actual: {...}}), functional ({code: 本年支出合计}), derived, units.

        Figures are kept as printed, in the unit of the table that prints them; ``units`` maps
        each amount figure (and ``three_public``, ``functional``) to that unit, which can differ
        from ``amount_unit``: 司法局 prints its tables in 元 and its 三公 table in 万元.

        ``personnel`` and ``public`` are the printed 人员经费/公用经费 合计. When the basic-spending
        table prints no such 合计 rows but prints economic 类 rows, they are derived:
        personnel = 301 + 303, public = the other printed classes, and their names are listed
        in ``derived`` (a tuple; empty when everything is as printed).

        A figure the report does not print at all is ``None``; a figure whose cell is printed
        empty (the Hunan convention for 0) is ``None`` too, and its name is listed in ``blank``
        (``three_public.<side>.<item>`` for the 三公 items), so the two can be told apart.

        >>> sorted(PublishedReport(source=None, unit=None, year=None, kind=None, tables=(),
        ...     narrative=(), unmapped=(), furniture=(), attested_codes=(),
        ...     name_mismatches=()).key_figures()["three_public"])
        ['actual', 'budget']
        """
        import copy

        from ._figures import key_figures
        from ._model import memo

        found = memo(self)  # the report is frozen: computed once, each caller gets its own copy
        if "key_figures" not in found:
            found["key_figures"] = key_figures(self)
        return copy.deepcopy(found["key_figures"])

    def check(self, *, strict: bool = False, layouts: Iterable[Any] = (), extra: Iterable[Any] = ()) -> list:
        """Reconcile the report against itself: list of :class:`govbudget.Finding`.

        Forwards to :func:`govbudget.checks.check`: ``strict=True`` applies exact equality to sums (for
        元 data); ``layouts`` adds the rules layout files bind to cells (TOML paths or
        :class:`govbudget.checks.Layout` values); ``extra`` adds plug-in checks, plain functions
        ``fn(report) -> Iterable[Finding]``. Bounded by ``limits.check_seconds`` (a
        :class:`~govbudget.errors.LimitExceededError` when the checks take longer; enforced in the main
        thread).

        >>> [(f.rule, f.verdict) for f in PublishedReport(source=None, unit=None, year=None, kind=None,
        ...     tables=(), narrative=(), unmapped=(), furniture=(), attested_codes=(), name_mismatches=()).check()]
        [('tables', 'not_assessable')]
        >>> rep = read_report(text="支出决算表\\n项目\\t\\t本年支出合计\\n合计\\t\\t10.00\\n")
        >>> import govbudget as gb
        >>> def mine(report):
        ...     yield gb.Finding(rule="my.1", verdict="label", where="封面", expected=None, found=None,
        ...                      message="封面缺少单位公章。")
        >>> [f.rule for f in rep.check(extra=[mine]) if f.verdict == "label"]
        ['my.1']
        """
        from .._timebox import check_budget
        from ..checks import check

        with check_budget(self.source or "text"):  # limits.check_seconds
            return check(self, strict=strict, layouts=layouts, extra=extra)

    @property
    def unit_kind(self):
        """The :class:`govbudget.UnitKind` the report states for itself (``OTHER`` if it does not).

        Read from sentences such as "本单位为财政补助事业单位" or "本部门中，行政单位1家" (a department
        of mixed kinds is ``OTHER``); definitions of 机关运行经费 do not count.

        >>> import govbudget as gb
        >>> gb.read_report(text="九、机关运行经费\\n本单位为财政补助事业单位，不属于机关运行经费适用范围。").unit_kind
        <UnitKind.FISCAL_SUPPORTED: '财政补助事业单位'>
        """
        from ._ledger import detect_unit_kind
        from ._model import memo

        found = memo(self)  # the report is frozen: read once (the checks ask for it often)
        if "unit_kind" not in found:
            notes = "\n".join(n for t in self.tables for n in t.notes)
            found["unit_kind"] = detect_unit_kind(self.narrative_text + "\n" + notes)[0]
        return found["unit_kind"]

    def to_ledger(self, *, year: int | None = None):
        """A :class:`govbudget.Ledger` built from the leaves of the report's tables (in 元).

        ``year`` overrides the report's year (required when the report states none). Leaves whose
        基本/项目 split is not printed are not posted: see :meth:`ledger_notes`.

        >>> import govbudget as gb
        >>> rep = gb.read_report(text="支出决算表\\n金额单位：万元\\n科目代码\\t科目名称\\t本年支出合计\\t"
        ...     "基本支出\\t项目支出\\n2010450\\t事业运行\\t1.00\\t1.00\\t\\n")
        >>> rep.to_ledger(year=2024).total(functional="201")
        Decimal('10000.00')
        """
        from ._ledger import to_ledger

        return to_ledger(self, year=year)

    def ledger_notes(self, *, year: int | None = None) -> list[str]:
        """What :meth:`to_ledger` could not post, one sentence each (e.g. a functional leaf whose
        基本/项目 split the report does not print: it is not posted rather than guessed).

        >>> import govbudget as gb
        >>> gb.read_report(text="支出决算表\\n金额单位：万元\\n科目代码\\t科目名称\\t本年支出合计\\t"
        ...     "基本支出\\t项目支出\\n2010450\\t事业运行\\t1.00\\t1.00\\t\\n").ledger_notes(year=2024)
        []
        """
        from ._ledger import build_ledger

        return build_ledger(self, year=year)[1]


def _edition_codes(rep_tables: tuple[PublishedTable, ...], year: int | None):
    import govbudget as gb

    attested: list[str] = []
    mismatches: list[tuple[str, str, str]] = []
    for t in rep_tables:
        scheme = "economic" if t.table_id in ("general_budget_basic", "fiscal_basic", "operating_costs") else (
            "functional")
        try:
            ed = gb.functional(year) if scheme == "functional" else gb.economic(year)
        except (GovBudgetError, TypeError):
            ed = None
        spaced = {no for no, raw in t.raw_rows if "\t" not in raw}  # single-space rows: names may wrap
        for code, label, line in t.rows:
            if not code:
                continue
            if code[0] == "3" and scheme == "functional":
                try:
                    e2 = gb.economic(year)
                except (GovBudgetError, TypeError):
                    e2 = None
                sub = e2.get(code) if e2 is not None else None
            else:
                sub = ed.get(code) if ed is not None else None
            if sub is None:
                if code not in attested:
                    attested.append(code)
            elif label and norm(label) not in {norm(n) for n in sub.names} and not (
                    line in spaced and any(norm(label) in norm(n) for n in sub.names)):
                m = (code, label, sub.name)
                if m not in mismatches:
                    mismatches.append(m)
    return tuple(attested), tuple(mismatches)


_ORG = re.compile(r"(局|委员会|委|院|办公厅|办公室|厅|中心|办事处|街道|政府|会|所|馆|队|站|学校|大学)$")
_LABELLED = re.compile(r"(?:预算主管部门|预算单位|编制部门|编制单位|部门|单位名称)\s*[:：]\s*([^\s:：]{2,40}?)"
                       r"(?=\s|$|单位[:：]|金额)")
_PART_UNIT = re.compile(r"第[一二三]部分[ \t]*(.{2,40}?)[ \t]*(?:概况|20\d\d[ \t]*年度?[ \t]*(?:部门|单位)(?:预算|决算))")
_COVER = re.compile(r"^(?:(?:20\d\d)年度?)?(.{2,40}?)(?:(?:20\d\d)年度?)?(?:部门|单位)(?:预算|决算)")


def _unit_from_document(text: str, raw) -> str | None:
    r"""The reporting unit as the document names it, or ``None``.

    In order: a labelled line (“部门：…”, “预算单位：…”, “编制单位：…”, “单位名称：…”), the cover
    (its first lines joined: “上海市普陀区 / 文化和旅游局 / 2025 年度部门决算”), the 目录/说明 heading
    “第一部分 X概况” or “第二部分 X 2025 年度部门决算表”, the first row of the 单位构成 table
    (“X（本级）”).

    >>> _unit_from_document("=== 第1页 ===\n上海市普陀区\n文化和旅游局\n2025 年度部门决算\n", None)
    '上海市普陀区文化和旅游局'
    >>> _unit_from_document("目 录\n第一部分 上海市 XX 局概况\n", None)
    '上海市 XX 局'
    >>> _unit_from_document("上海市普陀区2026年区级单位预算\n预算单位：上海市普陀区司法局\n", None)
    '上海市普陀区司法局'
    >>> _unit_from_document("序号\t单位名称\t备注\n1\t上海市普陀区石泉路街道办事处（本级）\n", None)
    '上海市普陀区石泉路街道办事处'
    """
    head = text[:20000]
    dept = getattr(raw, "dept", None) if raw is not None else None
    if dept:
        return dept
    m = _LABELLED.search(head)
    if m and m.group(1) not in ("万元", "元"):
        return m.group(1)
    lines = []
    for ln in head.splitlines():
        s = ln.strip()
        if not s or s.startswith(("===", "#")):
            continue
        if re.match(r"^目\s*录", s) or len(lines) >= 6:
            break
        lines.append(s)
    cover = re.sub(r"\s*(20\d\d)\s*年\s*", r"\1年", "".join(lines)).strip()
    m = _COVER.search(cover)
    if m and not re.search(r"[，。：:]", m.group(1)) and not re.match(r"^.{0,6}\d{4}年", m.group(1)):
        unit = m.group(1)
        unit = re.sub(r"^.*?20\d\d年(?:区级)?", "", unit)
        unit = unit.strip()
        if len(unit) >= 2:
            return unit
    for m in _PART_UNIT.finditer(head):
        name = m.group(1).strip()
        if name not in ("部门", "单位", "本部门", "本单位") and not re.search(r"20\d\d|表$", name):
            return name
    m = re.search(r"^\s*1\s+(\S{2,40}?)[（(]本级[)）]", head, re.MULTILINE)
    if m:
        return m.group(1)
    return None


_KIND = re.compile(r"(预算|决算)")
_YEAR = re.compile(r"(20\d\d)\s*年")


#: 预算 inside a fund's or a column's name, not the report kind
_NOT_KIND = re.compile(r"(一般公共|政府性基金|国有资本经营|财政拨款|社会保险基金)预算|预算(单位|主管部门|数|执行)|年初预算|预算调整")


def _one_kind(text: str) -> str | None:
    """The kind a text names: ``预算`` or ``决算`` (by majority, fund names like 一般公共预算 not counted).

    >>> _one_kind("一般公共预算财政拨款支出决算表"), _one_kind("预算单位：X 2026年单位预算"), _one_kind("")
    ('决算', '预算', None)
    """
    found = _KIND.findall(_NOT_KIND.sub("", text))
    n_final, n_budget = found.count("决算"), found.count("预算")
    return "决算" if n_final > n_budget else "预算" if n_budget > n_final else None


def _year_kind(lines: list[str], titles: str) -> tuple[int | None, str | None, str]:
    r"""(year, kind, where they were read): the cover first, then the table titles, then the body.

    A 财政局 whose duties mention 决算 in the body does not make its 预算 a 决算: the cover and
    the titles come first, and the body only when they name no kind (``"body"`` says so).

    >>> _year_kind(["江苏省财政厅 2019 年度部门预算", "目录", "负责编制省级决算草案"], "")
    (2019, '预算', 'cover')
    >>> _year_kind(["目录", "负责编制省级决算草案。2019年"], "收支预算总表\n收入预算总表")
    (2019, '预算', 'title')
    >>> _year_kind(["目录", "2024年部门决算公开说明"], "")
    (2024, '决算', 'body')
    """
    cover: list[str] = []
    for ln in lines[:8]:
        if re.match(r"^目\s*录", ln):
            break
        cover.append(ln)
    cover_text = "\n".join(cover)
    head = "\n".join(lines[:40])
    found = [(k, w) for k, w in ((_one_kind(cover_text), "cover"), (_one_kind(titles), "title"),
                                 (_one_kind(head), "body")) if k is not None]
    kind, where = found[0] if found else (None, "none")
    m = _YEAR.search(cover_text) or _YEAR.search(titles) or _YEAR.search(head)
    return (int(m.group(1)) if m else None), kind, where


def _from_document(text: str, raw) -> tuple[str | None, int | None, str | None]:
    r"""Unit, year and kind read from the document itself (cover lines, titles, “部门：…”).

    The unit is :func:`_unit_from_document`'s (preferred to a ``# source:`` header line); year
    and kind fill in what a header does not give. An empty document gets ``None`` for each:
    nothing is assumed.

    >>> _from_document("=== 第1页 ===\n2017 年度江苏省高级人民法院部门预算公开\n", None)
    ('江苏省高级人民法院', 2017, '预算')
    >>> _from_document("上海市 XX 局\n2024 年度部门决算\n", None)
    ('上海市 XX 局', 2024, '决算')
    >>> _from_document("", None)
    (None, None, None)
    """
    lines = [ln.strip() for ln in text[:5000].splitlines() if ln.strip() and not ln.strip().startswith("===")]
    head = "\n".join(lines[:40])
    titles = "\n".join(t.title for t in raw.tables) if raw is not None else ""
    unit = _unit_from_document(text, raw)
    if unit is None:
        m = re.search(r"(20\d\d)\s*年度?\s*([^\s\d年]{2,30}?)(?:部门|单位)(?:预算|决算)", head)
        if m:
            unit = m.group(2)
    if unit is None:
        unit = next((ln for ln in lines[:8] if len(ln) <= 25 and not re.search(r"\d|[。，：:]", ln)
                     and _ORG.search(ln)), None)
    year, kind, _ = _year_kind(lines, titles)
    return unit, year, kind


def _kind_from(text: str, raw) -> str | None:
    """Where :func:`_from_document` read the kind (see :attr:`PublishedReport.kind_from`)."""
    if raw is not None and raw.kind:
        return "header"
    lines = [ln.strip() for ln in text[:5000].splitlines() if ln.strip() and not ln.strip().startswith("===")]
    where = _year_kind(lines, "\n".join(t.title for t in raw.tables) if raw is not None else "")[2]
    return None if where == "none" else where


def _has_text(text: str) -> bool:
    r"""Whether a document holds any text besides page markers and a ``# source:`` line.

    >>> _has_text("=== 第1页 ===\n\n"), _has_text("# source: x\n收入决算表\n")
    (False, True)
    """
    return any(ln.strip() and not re.fullmatch(r"=== 第\d+页 ===|#.*", ln.strip()) for ln in text.splitlines())


def read_report(path: str | Path | Sequence[str | Path] | None = None, *, text: str | None = None,
                tables_text: str | None = None) -> PublishedReport:
    """Read a published report from a ``.txt``/``.pdf`` path, from several files, or from ``text=``.

    For a single-space text layer ``x.txt`` with a sibling ``x.tables.txt``, the sibling
    gives the cell positions and the text layer the titles and narrative.

    A list of paths is read as **one report** published in several files (a 情况说明 volume
    and a table volume): the files are read in the given order, each cell, unmapped line and
    narrative section keeps its ``file``, and lines and pages count within each file.

    Bytes of a text file that do not decode are read as U+FFFD and listed in ``unmapped``
    with their line and byte offset; the rest of the file is read. The file's size, a PDF's
    page count and the length of each line are checked against :mod:`govbudget.limits`.

    Raises:
        ReportReadError: the path is empty, missing, a directory, a device, a FIFO, a symlink
            loop; the file is empty, an encrypted or broken PDF, or of an unsupported type.
        LimitExceededError: the file exceeds one of :mod:`govbudget.limits`.
        MissingDependencyError: a PDF was given and pdfplumber is not installed.

    >>> read_report("no/such/file.txt")
    Traceback (most recent call last):
    ...
    govbudget.errors.ReportReadError: cannot read no/such/file.txt: file not found
    """
    if text is None and isinstance(path, (list, tuple)):
        if len(path) != 1:
            from ._files import read_files

            return read_files(path, read=read_report, tables_text=tables_text)
        path = path[0]
    source = None
    sib: Path | None = None
    bad: list[tuple[int, int, str]] = []
    more = 0
    if text is None:
        if path is None:
            raise ReportReadError("read_report needs a path or text=")
        p, text, bad, more = file_text(path)
        source = str(p)
        if p.suffix.lower() in (".txt", ".text", ".md") and not p.name.endswith(".tables.txt"):
            sib = p.with_name(p.name[: -len(p.suffix)] + ".tables.txt")
            if tables_text is None and sib.is_file():
                tables_text = file_text(sib)[1]
    else:
        from ._intake import enforce_lines

        enforce_lines(text if isinstance(text, str) else "", "text")
    if not isinstance(text, str):
        raise ReportReadError(f"text must be a str, not {type(text).__name__}")
    if source is not None and not _has_text(text):
        raise ReportReadError(f"cannot read {source}: no text (an empty file, or a PDF without a text layer)")
    try:
        raw = parse_text(text, tables_text=tables_text, source=source,
                         tables_source=None if tables_text is None else (
                             str(sib) if sib is not None and sib.is_file() else "tables_text"))
    except GovBudgetError:
        raise
    except (ValueError, IndexError, KeyError, TypeError, ArithmeticError) as exc:  # pragma: no cover
        raise ReportReadError(f"cannot read {source or 'text'}: {exc}") from exc
    u2, y2, k2 = _from_document(text if tables_text is None else text + "\n" + tables_text, raw)
    unit, year, kind = u2 or raw.unit, raw.year or y2, raw.kind or k2
    attested, mismatches = _edition_codes(raw.tables, year)
    return PublishedReport(
        source=source, unit=unit, year=year, kind=kind, tables=raw.tables, narrative=raw.narrative,
        unmapped=raw.unmapped + bad_bytes(text, bad, more), furniture=raw.furniture, attested_codes=attested,
        name_mismatches=mismatches, files=() if source is None else (source,), kind_from=_kind_from(text, raw),
    )


def _dec(x: Decimal | None) -> str | None:
    return None if x is None else str(x)
