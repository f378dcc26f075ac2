"""Test helper: the seed report's ledger, rebuilt from the leaves it publishes.

The seed (tests/fixtures/seed/zhuzhou_2024.txt) is the 2024 部门决算 of 株洲市长株潭一体化发展事务中心
under the Hunan template. Its tables print 万元 with 2 decimals, so every amount below is the
printed 万元 figure typed from the report, times 10 000 (元):

* spending: each functional 项 of 公开03 with its spending type (all 一般公共预算财政拨款, since
  公开05 equals 公开03 cell for cell);
* income: each 项 of 公开02, all 财政拨款收入 (公开01 row 1 is the only income line);
* economic detail: each non-blank 款 of 公开06 as an *economic-only* posting of 一般公共预算
  基本支出 (the report does not say which functional 项 each 款 belongs to);
* 三公 budgets: 公开09 columns 2, 5 and 6 (column 4 is blank).

Rebuilding from printed leaves cannot reproduce a printed total that was rounded from data we do
not have: 公开06 prints 302 as 154.79 and 301 as 291.36, while its printed 款 add up to 154.81 and
291.37. Tests assert what the rebuilt ledger gives and say so.

>>> led = seed_ledger()
>>> led.unit.name, led.total(), led.income_total()
('株洲市长株潭一体化发展事务中心', Decimal('5196300.00'), Decimal('5196300.00'))
"""

from __future__ import annotations

from decimal import Decimal

import govbudget as gb

DEPARTMENT = "株洲市长株潭一体化发展事务中心"

#: 公开03 项 rows: code → (本年支出合计 万元, spending type)
SPENDING: dict[str, tuple[str, str]] = {
    "2010450": ("353.87", "基本支出"),
    "2010499": ("56.78", "项目支出"),
    "2080502": ("5.84", "基本支出"),
    "2080505": ("27.64", "基本支出"),
    "2080506": ("13.82", "基本支出"),
    "2101101": ("0.72", "基本支出"),
    "2101102": ("10.66", "基本支出"),
    "2101103": ("6.54", "基本支出"),
    "2101199": ("13.57", "基本支出"),
    "2110199": ("7.20", "项目支出"),
    "2210201": ("22.99", "基本支出"),
}

#: 公开02 项 rows: code → 财政拨款收入 (万元)
INCOME: dict[str, str] = {code: amount for code, (amount, _) in SPENDING.items()}

#: 公开06 non-blank 款 (万元); blank 款 get no posting
ECONOMIC: dict[str, str] = {
    "30101": "80.90",
    "30102": "22.47",
    "30103": "68.41",
    "30107": "25.25",
    "30108": "27.89",
    "30109": "13.94",
    "30110": "11.53",
    "30111": "6.67",
    "30112": "11.03",
    "30113": "23.01",
    "30114": "0.27",
    "30305": "5.84",
    "30307": "2.27",
    "30201": "21.59",
    "30202": "11.86",
    "30203": "0.52",
    "30205": "0.21",
    "30206": "3.90",
    "30207": "3.43",
    "30211": "11.04",
    "30212": "6.90",
    "30213": "2.05",
    "30215": "0.15",
    "30216": "0.18",
    "30217": "0.56",
    "30226": "21.39",
    "30227": "19.85",
    "30228": "7.45",
    "30229": "14.13",
    "30231": "6.86",
    "30239": "15.52",
    "30299": "7.22",
    "31002": "1.38",
}

#: 公开09 预算数 (万元): 因公出国（境）费, 公务用车运行维护费, 公务接待费
THREE_PUBLIC_BUDGET: dict[str, str] = {"abroad": "6.90", "vehicle_running": "6.86", "reception": "0.56"}


def yuan(wan: str) -> Decimal:
    """万元 as printed → exact 元 (× 10 000)."""
    return gb.to_yuan(gb.D(wan))


def seed_ledger() -> gb.Ledger:
    """A fresh ledger of the seed unit, built from the published leaves listed above."""
    led = gb.Ledger(gb.Unit(DEPARTMENT, gb.UnitKind.FISCAL_SUPPORTED), 2024)
    for code, (amount, spend_type) in SPENDING.items():
        led.spend(yuan(amount), functional=code, spend_type=spend_type, fund=gb.Fund.GENERAL)
    for code, amount in INCOME.items():
        led.receive(yuan(amount), fund=gb.Fund.GENERAL, functional=code)
    for code, amount in ECONOMIC.items():
        led.spend(yuan(amount), economic=code, spend_type=gb.SpendType.BASIC, fund=gb.Fund.GENERAL)
    for item, amount in THREE_PUBLIC_BUDGET.items():
        led.budgets.three_public[item] = yuan(amount)
    return led
