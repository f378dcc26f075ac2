"""Mutation operators over report texts and the seed corpus they start from.

Every operator takes the text and a :class:`random.Random` and returns the mutated text and a
short description (kept with each mutant so a case can be told and replayed). A mutant is the
seed with one to three operators applied; :func:`mutants` is deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

#: the report texts mutants start from: the seed and the shared reports kept in tests/fixtures
SEEDS = (
    "seed/zhuzhou_2024.txt",
    "reports/putuo_justice_2026_unit_budget.txt",
    "reports/putuo_commerce_2025_unit_budget.txt",
    "reports/jiangsu_cppcc_2018_dept_budget_tables.txt",
    "reports/putuo_culture_tourism_2025_final.txt",
    "reports/shanghai_dept_final_template_2024.txt",
)

_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_UNITS = ("万元", "元", "千元", "亿元", "")

Operator = Callable[[str, random.Random], tuple[str, str]]


def seed_texts() -> dict[str, str]:
    return {name: (FIXTURES / name).read_text(encoding="utf-8") for name in SEEDS}


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_lines(text: str, rng: random.Random) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    n = rng.choice((1, 1, 1, 3, 10))
    return "\n".join(lines[:i] + lines[i + n:]), f"delete {n} line(s) at {i + 1}"


def duplicate_lines(text: str, rng: random.Random) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    n = rng.choice((1, 1, 2, 5))
    times = rng.choice((1, 1, 2, 50))
    block = lines[i:i + n]
    return "\n".join(lines[:i + n] + block * times + lines[i + n:]), f"duplicate {n} line(s) at {i + 1} ×{times}"


def shuffle_lines(text: str, rng: random.Random) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines))
    n = rng.choice((2, 5, 20))
    window = lines[i:i + n]
    rng.shuffle(window)
    return "\n".join(lines[:i] + window + lines[i + n:]), f"shuffle {n} lines at {i + 1}"


def truncate(text: str, rng: random.Random) -> tuple[str, str]:
    at = rng.randrange(len(text) + 1)
    return text[:at], f"truncate at char {at}"


def swap_digits(text: str, rng: random.Random) -> tuple[str, str]:
    spots = [m for m in _NUMBER.finditer(text) if len(m.group().replace(".", "")) >= 2]
    if not spots:
        return text, "swap digits (no number)"
    m = rng.choice(spots)
    digits = [i for i in range(m.start(), m.end()) if text[i].isdigit()]
    a = rng.randrange(len(digits) - 1)
    i, j = digits[a], digits[a + 1]
    return text[:i] + text[j] + text[i + 1:j] + text[i] + text[j + 1:], f"swap digits at char {i}"


def change_unit(text: str, rng: random.Random) -> tuple[str, str]:
    spots = [m for m in re.finditer(r"万元|千元|亿元|(?<![万千亿])元", text)]
    if not spots:
        return text, "change unit (none printed)"
    m = rng.choice(spots)
    new = rng.choice([u for u in _UNITS if u != m.group()])
    return text[:m.start()] + new + text[m.end():], f"unit {m.group()}→{new or '∅'} at char {m.start()}"


def blank_number(text: str, rng: random.Random) -> tuple[str, str]:
    spots = list(_NUMBER.finditer(text))
    if not spots:
        return text, "blank number (no number)"
    m = rng.choice(spots)
    new = rng.choice(("", "-", "—", " ", "0", "0.00"))
    return text[:m.start()] + new + text[m.end():], f"number {m.group()!r}→{new!r} at char {m.start()}"


_GARBAGE = ("\x00", "\ufffd", "\u202e", "\u200b", "\x0c", "\r", "\x1b[2J", "١٢٣.٤٥", "①", "¹", "\ud7ff", "　",
            "（-12.50）", "1e400", "NaN", "∞", "[表格]", "=== 第1页 ===", "\t\t\t", "9" * 60, "0." + "0" * 60 + "1")


def insert_garbage(text: str, rng: random.Random) -> tuple[str, str]:
    at = rng.randrange(len(text) + 1)
    if rng.random() < 0.5:
        junk = rng.choice(_GARBAGE)
    else:  # random bytes read as a broken file would be: latin-1 never fails, surrogates escape
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 40)))
        junk = raw.decode("utf-8", errors=rng.choice(("replace", "ignore", "backslashreplace")))
    return text[:at] + junk + text[at:], f"insert {junk[:12]!r}… at char {at}"


def long_line(text: str, rng: random.Random) -> tuple[str, str]:
    lines = _lines(text)
    i = rng.randrange(len(lines) + 1)
    size = rng.choice((2_000, 8_000, 20_000))
    unit = rng.choice(("字", "支出", "1", "12.34\t", "，", "a ", "（", "合计"))
    line = (unit * (size // len(unit) + 1))[:size]
    return "\n".join([*lines[:i], line, *lines[i:]]), f"long line of {unit!r} × {size} chars at {i + 1}"


OPERATORS: dict[str, Operator] = {
    "delete": delete_lines, "duplicate": duplicate_lines, "shuffle": shuffle_lines, "truncate": truncate,
    "swap_digits": swap_digits, "change_unit": change_unit, "blank_number": blank_number,
    "garbage": insert_garbage, "long_line": long_line,
}


def mutate(text: str, rng: random.Random, ops: int | None = None) -> tuple[str, list[str]]:
    """Apply one to three random operators (``truncate`` at most once, and last)."""
    names = [rng.choice([n for n in OPERATORS if n != "truncate"]) for _ in range(ops or rng.choice((1, 1, 2, 3)))]
    if rng.random() < 0.08:
        names.append("truncate")
    done = []
    for name in names:
        text, what = OPERATORS[name](text, rng)
        done.append(f"{name}: {what}")
    return text, done


def mutant(index: int, seed: int = 0, texts: dict[str, str] | None = None) -> tuple[str, list[str], str]:
    """``(seed file, operations, text)`` of mutant ``index``: the same for the same ``(index, seed)``."""
    texts = texts or seed_texts()
    names = sorted(texts)
    rng = random.Random(f"{seed}:{index}")
    name = names[index % len(names)]
    text, ops = mutate(texts[name], rng)
    return name, ops, text


def mutants(n: int, seed: int = 0) -> Iterator[tuple[int, str, list[str], str]]:
    """``(index, seed file, operations, text)`` for ``n`` mutants, the same for the same ``seed``."""
    texts = seed_texts()
    for i in range(n):
        yield (i, *mutant(i, seed, texts))


def _seed() -> str:
    return (FIXTURES / SEEDS[0]).read_text(encoding="utf-8")


def _justice() -> str:
    return (FIXTURES / "reports/putuo_justice_2026_unit_budget.txt").read_text(encoding="utf-8")


_TINY = "支出决算表\n金额单位：万元\n项目\t\t本年支出合计\n合计\t\t1.00\n"


def cases() -> dict[str, str]:
    """Named inputs for the defects issue 12 lists, built from the fixtures (a corpus kept in code)."""
    seed = _seed()
    narrative_at = seed.index("第三部分")
    return {
        "long unpunctuated CJK narrative (12.1)": _TINY + "字" * 32_000,
        "an amount with 11 decimals (12.5)": seed.replace("519.63", "519.63000000000", 1),
        "a 45-digit amount in the narrative (12.5)": seed[:narrative_at] + "支出" + "9" * 45 + ".00万元。\n"
        + seed[narrative_at:],
        "a sign inside accounting parentheses (12.4)": _TINY.replace("1.00", "(-1.00)"),
        "tabs turned into spaces (12.6)": _justice().replace("\t", " "),
        "Arabic-Indic digits in a cell (12.6)": _TINY.replace("1.00", "١٢٣.٤٥"),
        "a stray [表格] line before the narrative (12.6)": seed[:narrative_at] + "[表格]\n" + seed[narrative_at:],
        "NUL bytes only (12.10)": "\x00" * 4096,
        "prose with no report in it (12.10)": "这是一段与部门决算无关的文字。\n" * 50,
        "one undecodable byte, replaced (12.10)": seed.replace("519.63", "519.\ufffd63", 1),
        "empty text": "",
    }
