"""User templates over the real context: whatever a template says, filling it ends — in a report or in a
Vietnamese TemplateError — quickly, and the context it sees is plain data."""
from __future__ import annotations

import datetime as dt
import io
import time

from hypothesis import HealthCheck, given, settings, strategies as st
from markupsafe import Markup

from toolkit import errors
from toolkit.indicators import compute
from toolkit.reader import load
from toolkit.report import build_context, chart_of, fill
from toolkit.resources import default_template

import hostile
from conftest import EXAMPLE, TODAY

WB = load(EXAMPLE)
VALUES = compute(WB, TODAY)
CONTEXT = build_context(WB, VALUES)
PLAIN = (str, int, float, bool, type(None), dt.date)


def _walk(value, path="context"):
    if isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str), path
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")
    else:
        yield path, value


def test_the_template_context_is_plain_data_only():
    for path, value in _walk(CONTEXT):
        assert type(value) in PLAIN or isinstance(value, Markup), (path, type(value))
        assert not callable(value), path


NAMES = sorted(k for k in CONTEXT if isinstance(CONTEXT[k], (str, int, list, dict)))
ATTRS = ["__class__", "__globals__", "__init__", "items", "upper", "tpl", "save", "year", "ho_ten", "mro"]
FILTERS = ["so2", "dong_chi", "phan_tram", "la_ma", "upper", "length", "join(', ')", "first", "list", "sort",
           "attr('x')", "safe", "format(1)", "center(99)", "int", "default('x')"]
LITERALS = ["1", "9", "99999", "'x'", "'%s'", "[1, 2]", "range(10)", "range(999999)", "{}", "none"]


@st.composite
def expressions(draw, depth=2):
    base = draw(st.sampled_from(NAMES + LITERALS))
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["attr", "filter", "op", "call", "index"]))
        if kind == "attr":
            base = f"{base}.{draw(st.sampled_from(ATTRS))}"
        elif kind == "filter":
            base = f"({base})|{draw(st.sampled_from(FILTERS))}"
        elif kind == "op":
            base = f"({base}) {draw(st.sampled_from(['*', '**', '+', '~', '%', '//']))} " \
                   f"{draw(st.sampled_from(LITERALS + NAMES))}"
        elif kind == "call":
            base = f"{base}()"
        else:
            base = f"{base}[{draw(st.sampled_from(['0', '1', 'x', '-1']))}]"
    return base


@st.composite
def templates(draw):
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        expr = draw(expressions())
        shape = draw(st.sampled_from(["out", "for", "if", "set", "macro"]))
        if shape == "out":
            parts.append(f"{{{{ {expr} }}}}")
        elif shape == "for":
            parts.append(f"{{% for x in {expr} %}}{{{{ x }}}}{{% for y in {expr} %}}.{{% endfor %}}{{% endfor %}}")
        elif shape == "if":
            parts.append(f"{{% if {expr} %}}có{{% else %}}không{{% endif %}}")
        elif shape == "set":
            parts.append(f"{{% set v = {expr} %}}{{{{ v }}}}{{{{ v ~ v }}}}")
        else:
            parts.append(f"{{% macro m(a) %}}{{{{ a }}}}{{{{ a }}}}{{% endmacro %}}{{{{ m(m({expr})) }}}}")
    return "".join(parts)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates())
def test_any_template_ends_in_a_report_or_a_vietnamese_error(text):
    data = hostile.docx_with([text])
    started = time.monotonic()
    try:
        out = fill(CONTEXT, chart_of(VALUES), data, "mau.docx")
        assert out[:2] == b"PK"
    except errors.KiemdiemError as exc:
        assert exc.message and exc.message.isascii() is False
    assert time.monotonic() - started < 10


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60_000), st.integers(0, 255)), min_size=1, max_size=10))
def test_damaged_template_bytes_never_crash(flips):
    from toolkit import check_template
    data = bytearray(default_template().read_bytes())
    for position, value in flips:
        data[position % len(data)] = value
    try:
        check_template(bytes(data))
        fill(CONTEXT, chart_of(VALUES), bytes(data), "mau.docx")
    except errors.KiemdiemError:
        pass
