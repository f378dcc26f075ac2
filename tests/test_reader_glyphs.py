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


def test_pdf_words_keep_a_number_form_inside_a_figure():
    """The PDF word path folds like the text path: ``2①0.00`` is a garbled figure, not 210.00."""
    from govbudget.reader._bands import _clean

    assert [w["text"] for w in _clean([{"text": "2①0.00"}, {"text": "１¹5.00"}, {"text": "公务⽤⻋"}])] == [
        "2①0.00", "1¹5.00", "公务用车"]
