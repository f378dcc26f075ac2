"""Radical glyphs some PDF producers print for simplified characters are read as those characters on
every path (labels, titles, PDF words), not only in the unruled-PDF path."""

from __future__ import annotations

from govbudget.reader._model import fold, norm
from govbudget.reader.titles import identify_title, normalize_title


def test_radical_supplement_glyphs_fold_to_the_characters():
    # ⻋ U+2EE7, ⻔ U+2EE8, ⻓ U+2EC5: NFKC keeps them; ⽤ U+2F64, ⾏ U+2F8F: NFKC folds them
    assert fold("公务⽤⻋运⾏维护费") == "公务用车运行维护费"
    assert norm("部⻔ 决算") == norm("部门决算") == "部门决算"
    assert fold("⻓株潭") == "长株潭"


def test_a_title_printed_with_radicals_is_recognised():
    assert normalize_title("财政拨款“三公”经费⽀出决算表") == "财政拨款三公经费支出决算表"
    assert identify_title("部⻔财政拨款“三公”经费⽀出决算表") == identify_title("部门财政拨款“三公”经费支出决算表")
    assert identify_title("部门财政拨款“三公”经费支出决算表") == "three_public"
