"""Write the rules page docs/checks.md from the check catalogue (src/govbudget/checks/catalogue/*.toml).

Run from the repository root:

    .venv/bin/python tools/rules_page.py            # say whether the page is current
    .venv/bin/python tools/rules_page.py --write    # rewrite it

tests/test_checks_catalogue.py fails when the page is not what this tool writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from govbudget.checks._catalogue import catalogue

PAGE = Path(__file__).resolve().parent.parent / "docs" / "checks.md"
_VERDICT_NAMES = {"ok": "一致 ok", "tail": "尾数误差 tail", "contradiction": "矛盾 contradiction",
                  "not_assessable": "无法核对 not_assessable", "label": "提示/措辞 label"}
_SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}

HEAD = """# 核对规则一览 Check rules

本页由核对规则目录（`src/govbudget/checks/catalogue/*.toml`）生成，请勿手工修改：
改目录后运行 `python tools/rules_page.py --write`。每条规则列出它核对什么、公式、
可能的结论和一条示例。结论的含义：

- **一致 ok**：按印刷精度相符；
- **尾数误差 tail**：差额在各数印刷精度允许的范围内，或属印刷惯例（如截尾而非四舍五入）；
- **矛盾 contradiction**：超出一切舍入与印刷惯例，数据不一致；
- **无法核对 not_assessable**：所涉单元格读取不确定（栏位推定、空白推定、印的不是金额）或数字无法计算，
  结论写明是哪一格、为什么；
- **提示/措辞 label**：名称、方向词、年度等措辞问题或仅供参考的提示。

新省份的模板可以只用数据文件增加规则（见 {doc}`api/checks` 的布局文件）；自定义的核对函数
以 `check(report, extra=[fn])` 加入。
"""


def render() -> str:
    """The page's text."""
    parts = [HEAD]
    family = None
    for r in catalogue().values():
        if r.family != family:
            family = r.family
            parts.append(f"\n## {family}\n")
        verdicts = "、".join(_VERDICT_NAMES[v] for v in r.verdicts)
        parts.append(
            f"\n### {r.id} {r.title}\n\n"
            f"- 核对：{r.checks}\n"
            f"- 公式：{r.formula}\n"
            f"- 结论：{verdicts}；级别：{_SEVERITY_NAMES[r.severity]}\n"
            f"- 适用：{'、'.join(r.kinds)}；模板 {'、'.join(r.templates)}\n"
            f"- 依据：{r.reference}\n"
            f"- 示例：{r.example}\n"
        )
    return "".join(parts)


def main(argv: list[str]) -> int:
    text = render()
    current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    if "--write" in argv:
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE.name} ({len(catalogue())} rules)")
        return 0
    print(f"{PAGE.name} is {'current' if current == text else 'out of date: run with --write'}")
    return 0 if current == text else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
