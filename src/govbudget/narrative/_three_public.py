"""说明七: the “三公” figures, every one from the rule set's ``three_public`` rule (the one 公开09 prints).

A budget that was not stated prints 【待填：…预算】 with no completion rate and no 大于/小于 clause;
a prior-year figure that was not supplied prints a placeholder instead of 增加/减少.
"""

from __future__ import annotations

from decimal import Decimal

from ._sections import Context, writes

#: the 公开09 figure id of each key (the rule's component ids; ``total`` is the table's 合计)
_NAMES = {"total": "“三公”经费", "abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行维护费",
          "vehicle_purchase": "公务用车购置费", "vehicle_running": "公务用车运行维护费", "reception": "公务接待费"}


def _block(ctx: Context, section_id: str, key: str, *, compare: bool = True) -> dict[str, str]:
    """预算, 决算, 完成率, 与上年相比 and the 决算数 vs 预算数 clause of one 三公 figure."""
    w, tp, prefix = ctx.w, ctx.three_public, _NAMES[key]
    actual: Decimal = tp["actual"][key] or Decimal(0)
    budget = tp["budget"][key]
    reason_key = "七" if key == "total" else f"七.{key}"  # the keys of NarrativeInputs.reasons
    return dict(
        budget=w.amount(section_id, f"{prefix}预算", budget,
                        ctx.refs.cell("three_public", None, source="budget", figure=key), missing=f"{prefix}预算"),
        actual=w.amount(section_id, f"{prefix}决算", actual,
                        ctx.refs.cell("three_public", None, source="actual", figure=key)),
        completion=w.completion(section_id, f"{prefix}完成预算", actual, budget, "预算"),
        change=w.change(section_id, prefix, actual, tp["prior"][key]),
        budget_comparison=w.budget_comparison(actual, budget, f"{reason_key}.budget") if compare else "",
        prior_reason=w.change_reason(f"{reason_key}.prior", tp["prior"][key]) if compare else "",
    )


@writes("七")
def _three_public(ctx: Context) -> str:
    from ..rules import BUDGET_MISMATCH

    s7, w, tp = ctx.sec["七"], ctx.w, ctx.figures["three_public"]
    for note in tp.notes:
        if note.startswith(BUDGET_MISMATCH):
            w.warnings.add(note, "七")
    if tp.budget is None:
        ctx.missing("七", f"“三公” budget (Budgets.{ctx.rs['three_public'].budget})",
                    "a placeholder is printed, with no completion rate and no comparison")
    s = "七（一）"
    lines = [s7["overall_heading"],
             ctx.fill(s7["overall"], **_block(ctx, s, "total")),
             s7["detail_heading"], _abroad(ctx), _vehicle(ctx), _reception(ctx)]
    return "\n\n".join(lines)


def _abroad(ctx: Context) -> str:
    s, s7, w, inputs = "七（二）", ctx.sec["七"], ctx.w, ctx.inputs
    trips = "".join(
        "；" + ctx.fill(s7["trip"], name=t.name, amount=w.amount(s, f"出国团组{i} 支出", t.amount), purpose=t.purpose)
        for i, t in enumerate(inputs.trips, start=1))
    return ctx.fill(s7["abroad"], **_block(ctx, s, "abroad"),
                    groups=w.count(s, "出国团组", inputs.abroad_groups, "个", "abroad_groups"),
                    people=w.count(s, "出国人次", inputs.abroad_people, "人次", "abroad_people"), trips=trips)


def _vehicle(ctx: Context) -> str:
    s, s7, w, inputs = "七（二）", ctx.sec["七"], ctx.w, ctx.inputs
    vehicle = _block(ctx, s, "vehicle")
    purchase = _block(ctx, s, "vehicle_purchase", compare=False)
    running = _block(ctx, s, "vehicle_running", compare=False)
    if inputs.vehicles_held is None:
        ctx.missing(s, "vehicles_held (公务用车保有量)")
        held = ""
    else:
        held = ctx.fill(s7["held"], held=w.count(s, "公务用车保有量", inputs.vehicles_held, "辆"))
    return ctx.fill(s7["vehicle"], **vehicle,
                    purchase_budget=purchase["budget"], purchase_actual=purchase["actual"],
                    purchase_completion=purchase["completion"], purchase_change=purchase["change"],
                    renewed=w.count(s, "更新公务用车", inputs.vehicles_renewed, "辆", "vehicles_renewed"),
                    running_budget=running["budget"], running_actual=running["actual"],
                    running_completion=running["completion"], running_change=running["change"],
                    running_use=_text(ctx, s, "公务用车运行维护费用途 (NarrativeInputs.vehicle_running_use)",
                                      inputs.vehicle_running_use), held=held)


def _reception(ctx: Context) -> str:
    s, s7, w, inputs = "七（二）", ctx.sec["七"], ctx.w, ctx.inputs
    purpose = ctx.fill(s7["reception_purpose"], purpose=inputs.reception_purpose) if inputs.reception_purpose else ""
    return ctx.fill(s7["reception"], **_block(ctx, s, "reception"),
                    groups=w.count(s, "接待团组", inputs.reception_groups, "个", "reception_groups"),
                    people=w.count(s, "接待人次", inputs.reception_people, "人次", "reception_people"), purpose=purpose)


def _text(ctx: Context, section: str, label: str, text: str | None) -> str:
    """A free-text input, or its placeholder (with a warning) when it was not supplied."""
    if text is None:
        ctx.w.warnings.add("not supplied; a placeholder is printed", f"{section} {label}")
        return ctx.w.placeholder(label.split(" (")[0])
    return text
