"""The award-details form is drawn from the model itself, and speaks in words."""

from __future__ import annotations

from pydantic import ValidationError
from streamlit.testing.v1 import AppTest

from app_pages.panel.award_form import error_words, label
from evaluations.details import AwardDetails


def form_script() -> None:
    from app_pages.panel.award_form import Known, award_details_form
    from evaluations.details import AwardDetails

    award_details_form(AwardDetails(), 0, Known(
        name="Testshire treatment 2027", criteria={"balance": "Balance"},
        members={"Lee Lead": "lead", "Eve": "evaluator"}, conflicted={"Eve": "conflict"},
        bids={"NRP-1": "Northgate"}, concerns=[("NRP-1", "balance")]))


def drawn_words(app: AppTest) -> str:
    kinds = ("text_input", "text_area", "number_input", "date_input", "checkbox",
             "selectbox")
    widgets = [w.label for kind in kinds for w in getattr(app, kind)]
    texts = [m.value for m in app.markdown] + [e.label for e in app.expander]
    return "\n".join([*widgets, *texts])


def test_every_field_of_the_award_details_becomes_part_of_the_form():
    app = AppTest.from_function(form_script).run()
    assert not app.exception
    words = drawn_words(app)
    for name in AwardDetails.model_fields:
        assert label(name) in words, name
    for name in AwardDetails.model_fields["contract"].annotation.model_fields:
        assert label(name) in words, name
    assert app.text_input(key="panel_award|0|v0.contract.title").value == "Testshire treatment 2027"
    assert "Eve: conflict" in words and "Balance" in words  # keyed by the store's names


def test_a_refused_value_is_named_in_words_not_in_the_librarys_report():
    try:
        AwardDetails.model_validate({"contract": {"lifetime_value": -5},
                                     "publication_date": "soon"})
    except ValidationError as invalid:
        words = error_words(invalid)
    assert "Contract › Lifetime value (£, approximate): must be 0 or more." in words
    assert any(w.startswith("Publication date: must be a date") for w in words)
    assert not any("pydantic" in w or "validation error" in w for w in words)
