"""portal.forms.widgets writes the inputs of every form exactly as WTForms' own widgets do:
every field of every step of every request type, empty, filled with a whole application,
with the errors of an empty submission, and with hostile text, rendered both ways.
A difference here would be a label, value or error a parent no longer sees."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.widgets import html_params

from portal.forms.application import MultiCheckboxField
from portal.forms.base import BaseForm, leaf_fields
from portal.forms.render import field
from portal.forms.steps import bind
from portal.forms.validators import MaxLength, Optional, Required
from portal.forms.widgets import attributes, render
from portal.rules.case_types import WIZARD_CASE_TYPES
from portal.wizard.steps import steps_for
from tests.support import journey

HOSTILE = '<script>alert("x")</script> & \' " æøå 😀'


def _wtforms(field, **params) -> Markup:
    merged = {**(field.render_kw or {}), **params}
    return field.widget(field, **merged)


def _answer_sets():
    valid = {slug: journey._as_form(a) for slug, a in journey.valid_answers().items()}
    # The accounts' ledger starts empty; two payments show its every field.
    valid["regnskab"] = journey._as_form(
        {
            "year": "2026",
            **{
                f"entries-{n}-{key}": value
                for n in range(2)
                for key, value in {
                    "line": "HT-2026-000001:0",
                    "kind": "expense",
                    "paid_on": "1.6.2026",
                    "what": "Balancepude",
                    "amount": "800",
                    "receipt": "",
                }.items()
            },
        }
    )
    yield "empty", lambda slug: None
    yield (
        "filled",
        lambda slug: {k: v if isinstance(v, list) else [v] for k, v in valid.get(slug, {}).items()},
    )
    yield "posted empty", lambda slug: {}
    yield (
        "hostile",
        lambda slug: {
            k: [HOSTILE] * (len(v) if isinstance(v, list) else 1)
            for k, v in valid.get(slug, {}).items()
        },
    )


MINIMUM_RENDERINGS = 16


@pytest.mark.parametrize("case_type", WIZARD_CASE_TYPES)
def test_every_field_of_every_step_renders_as_wtforms_renders_it(app, case_type):
    compared = 0
    with app.test_request_context():
        for name, answers_for in _answer_sets():
            for step in steps_for(case_type):
                form = bind(step, answers_for(step.slug))
                if name != "empty":
                    form.validate()  # the messages under the fields
                for field in leaf_fields(form):
                    if render(field, {}) is None:
                        continue
                    for params in ({}, {"class": "form-input", "aria-describedby": "x-hint"}):
                        ours = field(**params)
                        assert ours == _wtforms(field, **params), (case_type, step.slug, field.name)
                        compared += 1
    # Text inputs, text areas and selects are most of every step (the smallest request
    # type, the annual budget, has 32 such renderings here).
    assert compared >= MINIMUM_RENDERINGS


@given(
    st.dictionaries(
        st.sampled_from(["id", "name", "class", "value", "aria-describedby", "data_x", "for_"]),
        st.one_of(st.booleans(), st.text(max_size=20), st.integers()),
    )
)
def test_attributes_are_written_as_wtforms_writes_them(params):
    assert attributes(params) == html_params(**params)


# Every label, hint, error, option and value the Python-written markup prints is escaped: a
# parent's answer, or a label someone writes one day with a "<" in it, is text, never markup.
class _HostileForm(BaseForm):
    text = StringField(HOSTILE, [Required(HOSTILE)], description=HOSTILE)
    long = TextAreaField(HOSTILE, [Optional(), MaxLength(10)], description=HOSTILE)
    choice = RadioField(
        HOSTILE,
        [Required(HOSTILE)],
        choices=[SelectChoice(HOSTILE, HOSTILE), SelectChoice("b", "B")],
    )
    several = MultiCheckboxField(
        HOSTILE, choices=[SelectChoice(HOSTILE, HOSTILE)], description=HOSTILE
    )
    select = SelectField(
        HOSTILE,
        choices=[SelectChoice("", HOSTILE), SelectChoice(HOSTILE, HOSTILE)],
        description=HOSTILE,
    )


def test_field_escapes_every_label_hint_error_option_and_value(app):
    with app.test_request_context():
        form = _HostileForm(formdata=MultiDict([("long", HOSTILE), ("select", HOSTILE)]))
        form.validate()
        assert form.text.errors == [HOSTILE] and form.long.errors  # errors are shown too
        for f in form:
            soup = BeautifulSoup(str(field(f)), "html.parser")
            assert soup.find("script") is None, f.name
            text = soup.get_text()
            # The hostile text is shown as text, as often as it was given.
            assert HOSTILE in text or f.name == "long", f.name
            for element in soup.find_all(True):
                assert not any(name.startswith(("<", "on")) for name in element.attrs), f.name


def test_the_inputs_escape_every_value_and_option(app):
    with app.test_request_context():
        posted = MultiDict([("text", HOSTILE), ("long", HOSTILE), ("select", HOSTILE)])
        form = _HostileForm(formdata=posted)
        for f in leaf_fields(form):
            soup = BeautifulSoup(str(f(data_x=HOSTILE)), "html.parser")
            assert soup.find("script") is None, f.name
            assert soup.find(True)["data-x"] == HOSTILE, f.name
        assert BeautifulSoup(str(form.text()), "html.parser").input["value"] == HOSTILE
        assert BeautifulSoup(str(form.long()), "html.parser").textarea.get_text().strip() == HOSTILE
        selected = BeautifulSoup(str(form.select()), "html.parser").find("option", selected=True)
        assert selected["value"] == HOSTILE and selected.get_text() == HOSTILE
