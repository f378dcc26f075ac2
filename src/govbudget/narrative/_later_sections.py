"""说明八 … 十三 and the 绩效自评 附件: figures from the ledger, the rule set and the declared inputs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..ledger import Fund
from ..money import ZERO
from ..rates import completion, share
from ._model import VEHICLE_CATEGORIES, NarrativeError
from ._sections import Context, writes


@writes("八")
def _gov_fund(ctx: Context) -> str:
    s, w, led, sec = "八", ctx.w, ctx.ledger, ctx.sec["八"]
    gf_in = led.income_total(fund=Fund.GOV_FUND)
    gf_out = led.total(fund=Fund.GOV_FUND)
    gf_open = led.balances.opening.get(Fund.GOV_FUND, ZERO)
    if not (gf_in or gf_out or gf_open):
        return ctx.fill(sec["none"])

    def ref(source: str) -> str:
        return ctx.refs.cell("gov_fund", "合计", source=source)

    opening = ("" if gf_open.is_zero() else
               ctx.fill(sec["opening"], amount=w.amount(s, "政府性基金年初结转和结余", gf_open, ref("opening"))))
    return ctx.fill(sec["text"], opening=opening,
                    income=w.amount(s, "政府性基金收入", gf_in, ref("income")),
                    spending=w.amount(s, "政府性基金支出", gf_out, ref("expenditure")),
                    closing=w.amount(s, "政府性基金年末结转和结余", led.closing(Fund.GOV_FUND), ref("closing")))


@writes("九")
def _organ_costs(ctx: Context) -> str:
    s, w, sec = "九", ctx.w, ctx.sec["九"]
    organ = ctx.figures["organ_costs"]
    text = sec["definition"]
    if not organ.applicable or organ.value is None:
        led = ctx.ledger
        kinds = "、".join(dict.fromkeys(u.kind.value for u in (led.unit, *led.units.values())))
        return text + ctx.fill(sec["not_applicable"], kind=kinds)
    return text + ctx.fill(sec["text"], amount=w.amount(s, "机关运行经费", organ.value),
                           change=w.change(s, "", organ.value, ctx.prior.get("operating_costs"), "上年机关运行经费"),
                           reason=w.change_reason(s, ctx.prior.get("operating_costs")))


@writes("十")
def _general_spending(ctx: Context) -> str:
    s, w, sec = "十", ctx.w, ctx.sec["十"]

    def detail(a: Any, label: str) -> str:
        if a is None:
            return ""
        return ctx.fill(sec["detail"], purpose=a.purpose, people=w.count(s, f"{label}人数", a.people, "人"),
                        content=a.content)

    gs = ctx.figures["general_spending"].components
    festival_amount = gs["festivals"].value
    if ctx.inputs.festival is None and "festivals" not in ctx.ledger.extras:
        ctx.missing(s, "festival (节庆、晚会、论坛、赛事活动支出)", "a placeholder is printed")
        festival = ctx.fill(sec["festival"], amount=w.placeholder("节庆、晚会、论坛、赛事活动支出"))
    elif festival_amount.is_zero():
        festival = ctx.fill(sec["festival_none"])
    else:
        festival = ctx.fill(sec["festival"], amount=w.amount(s, "节庆论坛赛事", festival_amount))
    basic_ref = ctx.refs.cell("general_basic", "30215"), ctx.refs.cell("general_basic", "30216")
    return ctx.fill(sec["text"], meeting=w.amount(s, "会议费", gs["meetings"].value, basic_ref[0]),
                    meeting_detail=detail(ctx.inputs.meeting, "会议"),
                    training=w.amount(s, "培训费", gs["training"].value, basic_ref[1]),
                    training_detail=detail(ctx.inputs.training, "培训"), festival=festival)


@writes("十一")
def _procurement(ctx: Context) -> str:
    """The procurement rule's figures and shares (its share_of decides each denominator)."""
    s, w, sec = "十一", ctx.w, ctx.sec["十一"]
    pf = ctx.figures["procurement"]
    if pf is None:
        ctx.missing(s, "政府采购 (NarrativeInputs.procurement or ledger.extras['procurement'])",
                    "the section says the data are missing")
        return ctx.fill(sec["missing"])
    if pf.value is None or pf.value.is_zero():
        w.amount(s, "政府采购支出总额", ZERO)
        return ctx.fill(sec["none"])
    for f in ctx.figures["procurement_findings"]:
        if not f.ok:
            w.warnings.add(f"{f.rule} {f.message}", s)
    pc = pf.components
    type_parts = []
    for cid, label, name in (("sme_goods", "货物中小企业占比", "货物采购"), ("sme_works", "工程中小企业占比", "工程采购"),
                             ("sme_services", "服务中小企业占比", "服务采购")):
        r = pc[cid].share
        if r is not None and r.value is not None:
            type_parts.append(ctx.fill(sec["type_part"], name=name, share=_procurement_share(ctx, label, cid)))
    by_type = ctx.fill(sec["by_type"], parts=ctx.join(type_parts)) if type_parts else ""
    return ctx.fill(sec["text"], total=w.amount(s, "政府采购支出总额", pf.value),
                    goods=w.amount(s, "货物", pc["goods"].value), works=w.amount(s, "工程", pc["works"].value),
                    services=w.amount(s, "服务", pc["services"].value),
                    sme=w.amount(s, "授予中小企业合同金额", pc["sme"].value),
                    sme_share=_procurement_share(ctx, "中小企业占比", "sme"),
                    small=w.amount(s, "授予小微企业合同金额", pc["small_micro"].value),
                    small_share=_procurement_share(ctx, "小微企业占比", "small_micro"), by_type=by_type)


def _procurement_share(ctx: Context, label: str, cid: str) -> str:
    pf, rule = ctx.figures["procurement"], ctx.rs["procurement"]
    r = pf.components[cid].share
    if r is None:
        raise NarrativeError(f"rule 'procurement' component {cid!r} has no share_of; 说明十一 prints its share")
    ref = rule.component(cid).share_of
    base = f"{pf.name}总额" if ref == "total" else rule.component(ref or cid).name
    return ctx.w.rate("十一", label, r, "share", base)


@writes("十二")
def _assets(ctx: Context) -> str:
    s, w, sec, inputs = "十二", ctx.w, ctx.sec["十二"], ctx.inputs
    if inputs.equipment_over_1m is None:
        ctx.missing(s, "equipment_over_1m (单位价值100万元以上设备)")
        equipment = ""
    else:
        equipment = ctx.fill(sec["equipment"], count=w.count(s, "100万元以上设备", inputs.equipment_over_1m, "台（套）"))
    if inputs.vehicles is None:
        ctx.missing(s, "vehicles (车辆 by category)", "the section says the data are missing")
        return ctx.fill(sec["vehicles_missing"], equipment=equipment)
    unknown = set(inputs.vehicles) - set(VEHICLE_CATEGORIES)
    if unknown:
        raise NarrativeError(f"说明十二: unknown vehicle categories {sorted(unknown)}; expected {VEHICLE_CATEGORIES}")
    cats = [ctx.fill(sec["category"], name=c, count=w.count(s, c, inputs.vehicles.get(c, 0), "辆"))
            for c in VEHICLE_CATEGORIES]
    return ctx.fill(sec["text"], vehicles=w.count(s, "车辆", sum(inputs.vehicles.values()), "辆"),
                    categories=ctx.tpl["meta"]["list_separator"].join(cats), equipment=equipment)


@writes("十三")
def _performance(ctx: Context) -> str:
    return "\n\n".join([_performance_work(ctx), _performance_result(ctx), _performance_use(ctx)])


def _performance_work(ctx: Context) -> str:
    s, w, led, sec = "十三", ctx.w, ctx.ledger, ctx.sec["十三"]
    bases = {"一般公共预算": led.total(fund=Fund.GENERAL), "政府性基金预算": led.total(fund=Fund.GOV_FUND),
             "国有资本经营预算": led.total(fund=Fund.STATE_CAPITAL), "社会保险基金预算": ZERO}
    pp = ctx.inputs.performance_projects
    if not pp:
        ctx.missing(s, "performance_projects (绩效自评项目数、资金)", "placeholders are printed")
        return ctx.fill(sec["work"], projects=w.placeholder("自评项目数"), amount=w.placeholder("自评资金"),
                        parts=ctx.join([ctx.fill(sec["work_part_missing"], name=name, count=w.placeholder("项目数"),
                                                 amount=w.placeholder("资金")) for name in bases]))
    parts = []
    for name, base in bases.items():
        count, amount = pp.get(name, (0, ZERO))
        parts.append(ctx.fill(sec["work_part"], name=name, count=w.count(s, f"{name}项目数", count, "个"),
                              amount=w.amount(s, f"{name}项目资金", amount),
                              share=w.share(s, f"{name}项目资金占比", amount, base, f"{name}支出总额")))
    return ctx.fill(sec["work"], projects=w.count(s, "自评项目数", sum(c for c, _ in pp.values()), "个"),
                    amount=w.amount(s, "自评资金", sum((a for _, a in pp.values()), ZERO)), parts=ctx.join(parts))


def _performance_result(ctx: Context) -> str:
    s, w, sec, inputs = "十三", ctx.w, ctx.sec["十三"], ctx.inputs
    adjusted = ctx.budgets.adjusted_total
    if adjusted is None:
        ctx.missing(s, "全年预算数 (Budgets.adjusted_total)", "a placeholder is printed")
    if inputs.performance_score is None:
        ctx.missing(s, "performance score (自评得分)")
    if not inputs.performance_grade:
        ctx.missing(s, "performance grade (评价等级)")
    score = ("" if inputs.performance_score is None
             else ctx.fill(sec["score"], score=w.plain(s, "自评得分", inputs.performance_score, "分")))
    grade = ctx.fill(sec["grade"], grade=inputs.performance_grade) if inputs.performance_grade else ""
    return ctx.fill(sec["result"], budget=w.amount(s, "全年预算数", adjusted),
                    actual=w.amount(s, "执行数", ctx.spending, ctx.refs.cell("summary", "本年支出合计", side="expenditure")),
                    completion=w.completion(s, "完成预算", ctx.spending, adjusted, "预算"),
                    score=score, grade=grade, findings=inputs.performance_findings)


def _performance_use(ctx: Context) -> str:
    application = ctx.inputs.performance_application
    if not application:
        ctx.missing("十三", "performance_application (评价结果应用情况)", "a placeholder is printed")
        application = ctx.w.placeholder("评价结果应用情况")
    return ctx.fill(ctx.sec["十三"]["use"], application=application)


# ------------------------------------------------------------------------------------ 附件
def _basic_refs(ctx: Context) -> dict[str, str]:
    return {"basic": ctx.refs.cell("general", "合计", spend_type="基本支出"),
            "project": ctx.refs.cell("general", "合计", spend_type="项目支出"),
            "general": ctx.refs.cell("general", "合计", key="c1"),
            "personnel": ctx.refs.cell("general_basic", "人员经费合计"),
            "public": ctx.refs.cell("general_basic", "公用经费合计")}


@writes("附件")
def _attachment(ctx: Context) -> str:
    s, w, sa, ref = "附件", ctx.w, ctx.sec["附件"], _basic_refs(ctx)
    personnel = ctx.figures["personnel"].value or ZERO
    public = ctx.figures["public"].value or ZERO
    lines = [ctx.fill(sa["basic"], basic=w.amount(s, "基本支出", ctx.basic, ref["basic"]),
                      personnel=w.amount(s, "人员经费", personnel, ref["personnel"]),
                      public=w.amount(s, "公用经费", public, ref["public"])),
             ctx.fill(sa["project"], project=w.amount(s, "项目支出", ctx.project, ref["project"]))]
    for p in ctx.inputs.projects:
        lines.append(ctx.fill(sa["project_item"], name=p.name, budget=w.amount(s, f"{p.name} 预算", p.budget),
                              initial=w.amount(s, f"{p.name} 年初预算", p.initial),
                              adjustment=w.amount(s, f"{p.name} 年中调整", p.adjustment),
                              actual=w.amount(s, f"{p.name} 实际支出", p.actual),
                              balance=w.amount(s, f"{p.name} 结余结转", p.balance)))
    return "\n\n".join(lines)


@writes("附件1")
def _basic_data(ctx: Context) -> str:
    s, w, sa, inputs = "附件1", ctx.w, ctx.sec["附件1"], ctx.inputs
    lines = []
    if inputs.staff_authorized is not None and inputs.staff_actual is not None:
        rate = w.rate_only(s, "控制率", share(inputs.staff_actual, inputs.staff_authorized, zero_base=ctx.zero_base))
        lines.append(ctx.fill(sa["staff"], authorized=w.count(s, "编制数", inputs.staff_authorized, "人"),
                              actual=w.count(s, "实际在职人数", inputs.staff_actual, "人"),
                              rate="" if rate is None else ctx.fill(sa["staff_rate"], rate=rate)))
    lines.append("\n".join(_basic_data_table(ctx)))
    return "\n\n".join(lines)


def _basic_data_table(ctx: Context) -> list[str]:
    """附件1's table (万元): 三公 rows from the rule, the rest from the ledger and the inputs; a
    figure that was not supplied prints "/"."""
    s, w, cols, inputs = "附件1", ctx.w, ctx.sec["附件1"]["columns"], ctx.inputs
    table = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]

    def row(label: str, p: Decimal | None, b: Decimal | None, a: Decimal | None, source: str = "",
            budget_source: str = "") -> None:
        cells = []
        for col, v in zip(("上年决算数", "本年预算数", "本年决算数"), (p, b, a), strict=True):
            where = {"本年决算数": source, "本年预算数": budget_source}.get(col, "")
            cells.append("/" if v is None else w.amount(s, f"{label} {col}", v, where, unit=False))
        table.append(f"| {label} | " + " | ".join(cells) + " |")

    tp = ctx.three_public
    for label, key, name in (("三公经费", "total", "“三公”经费"),
                             ("公务用车购置和维护经费", "vehicle", "公务用车购置及运行维护费"),
                             ("公车购置", "vehicle_purchase", "公务用车购置费"),
                             ("公车运行维护", "vehicle_running", "公务用车运行维护费"),
                             ("出国经费", "abroad", "因公出国（境）费"), ("公务接待", "reception", "公务接待费")):
        where = "说明七（一）" if key == "total" else "说明七（二）"
        row(label, tp["prior"][key], tp["budget"][key], tp["actual"][key],
            ctx.refs.cell("three_public", None, source="actual", figure=key), f"{where}：{name}预算")
    ab, ap, ref = inputs.attachment_budget, inputs.attachment_prior, _basic_refs(ctx)
    row("项目支出", ap.get("项目支出"), ab.get("项目支出"), ctx.project, ref["project"])
    row("公用经费", ap.get("公用经费"), ab.get("公用经费"), ctx.figures["public"].value or ZERO, ref["public"])
    total = ctx.procurement_total
    row("政府采购金额", ap.get("政府采购金额"), ab.get("政府采购金额"), total,
        "" if total is None else "说明十一：政府采购支出总额")
    for extra in inputs.attachment_rows:
        row(extra.label, extra.prior, extra.budget, extra.actual)
    return table


@writes("附件2")
def _self_assessment(ctx: Context) -> str:
    s, w, sa, inputs, ref = "附件2", ctx.w, ctx.sec["附件2"], ctx.inputs, _basic_refs(ctx)
    adjusted = ctx.budgets.adjusted_total
    rate = (None if adjusted is None
            else w.rate_only(s, "执行率", completion(ctx.spending, adjusted, zero_base=ctx.zero_base)))
    if inputs.funds_weight is not None and inputs.funds_points is not None:
        weight = ctx.fill(sa["weight"], weight=w.plain(s, "分值", inputs.funds_weight, "分"),
                          points=w.plain(s, "得分", inputs.funds_points, "分"))
    else:
        ctx.missing(s, "funds_weight / funds_points (分值、得分)")
        weight = ""
    return ctx.fill(sa["text"], initial=w.amount(s, "年初预算数", ctx.initial_total),
                    adjusted=w.amount(s, "全年预算数", adjusted),
                    actual=w.amount(s, "全年执行数", ctx.spending,
                                    ctx.refs.cell("summary", "本年支出合计", side="expenditure")),
                    rate="" if rate is None else ctx.fill(sa["rate"], rate=rate), weight=weight,
                    general=w.amount(s, "一般公共预算", ctx.general, ref["general"]),
                    basic=w.amount(s, "基本支出", ctx.basic, ref["basic"]),
                    project=w.amount(s, "项目支出", ctx.project, ref["project"]),
                    score="" if inputs.performance_score is None
                    else ctx.fill(sa["score"], score=w.plain(s, "总分", inputs.performance_score, "分")))
