"""The Jinja environment templates are filled in: sandboxed, autoescaped, bounded, with the toolkit's filters.

Templates from users are untrusted.  Besides Jinja's sandbox (no access to Python internals), this one:
* lets a template read only what is on a whitelist: the items of dicts, a few harmless methods of text,
  the parts of a date, the loop variable — and call only the whitelisted filters, its own macros and ``range``;
* bounds the work whatever the template does: every call, filter and loop step counts against ``MAX_STEPS``;
  ``*``, ``**``, ``+``, ``~`` and ``%`` are checked before they build anything larger than ``MAX_TEXT``;
  what a template writes is cut at ``MAX_OUTPUT``.
Going over a bound raises ``TemplateBudgetExceeded`` (a Jinja SecurityError) with a Vietnamese message.
The renderer (``report.py``) and the template checker (``template_check.py``) share it, so both parse and
evaluate a template the same way.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import math

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from . import code_cache
from .formatting import FILTERS, so

MAX_STEPS = 500_000        # calls, filters and loop steps in one document
MAX_TEXT = 200_000         # characters (or items) of one value a template builds
MAX_OUTPUT = 20_000_000    # characters a template writes into one document part
MAX_POWER_BITS = 256       # size of a number ``**`` may build

TEXT_METHODS = frozenset({"upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith",
                          "endswith", "split", "count", "find", "isdigit", "isalpha", "replace"})
DICT_METHODS = frozenset({"items", "keys", "values", "get"})
DATE_PARTS = frozenset({"year", "month", "day"})
LOOP_PARTS = frozenset({"index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0",
                        "previtem", "nextitem", "cycle", "changed"})
SAFE_JINJA_FILTERS = ("abs", "capitalize", "count", "default", "d", "dictsort", "e", "escape", "first", "float",
                      "groupby", "int", "join", "last", "length", "list", "lower", "map", "max", "min", "reject",
                      "rejectattr", "replace", "reverse", "round", "select", "selectattr", "sort", "string",
                      "striptags", "sum", "title", "trim", "unique", "upper", "wordcount")


class TemplateBudgetExceeded(SecurityError):
    """The template does more work, or builds more text, than a report needs."""



def _size(value) -> int:
    return len(value) if isinstance(value, (str, list, tuple, dict)) else 0


class _Counted(NodeTransformer):
    """Rewrite a parsed template so that loops and ``~`` go through the environment's counters."""

    def visit_For(self, node):
        self.generic_visit(node)
        node.iter = _call(COUNTERS[0], [node.iter], node.lineno)
        return node

    def visit_Concat(self, node):
        self.generic_visit(node)
        return _call(COUNTERS[1], node.nodes, node.lineno)


COUNTERS = ("__kd_steps", "__kd_concat")  # names the rewritten template calls (not variables of the report)


def _call(name, args, lineno):
    return nodes.Call(nodes.Name(name, "load", lineno=lineno), list(args), [], None, None, lineno=lineno)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/"})

    def __init__(self):
        super().__init__(autoescape=True)
        self.steps = 0
        self.globals.clear()
        self.globals.update({"range": self._range, "__kd_steps": self._iterate, "__kd_concat": self._concat})
        self.filters = {name: self._bounded(f) for name, f in
                        {**{n: JINJA_FILTERS[n] for n in SAFE_JINJA_FILTERS}, **FILTERS}.items()}
        self.concat = self._join  # what a template writes, counted as it is joined

    # --- counting ---------------------------------------------------------------------------------
    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise TemplateBudgetExceeded(f"mẫu báo cáo lặp hoặc gọi hàm quá {so(MAX_STEPS)} lần")

    def _check(self, value, what="giá trị"):
        if _size(value) > MAX_TEXT:
            raise TemplateBudgetExceeded(f"mẫu báo cáo tạo ra {what} quá dài (hơn {so(MAX_TEXT)} ký tự)"
                                         )
        return value

    def _iterate(self, iterable):
        for item in iterable:
            self.tick()
            yield item

    def _range(self, *args):
        r = range(*args)
        if len(r) > MAX_TEXT:
            raise TemplateBudgetExceeded(f"range quá lớn (hơn {so(MAX_TEXT)} phần tử)")
        return r

    def _concat(self, *parts):
        self.tick()
        if sum(len(str(p)) for p in parts) > MAX_TEXT:
            self._check("x" * (MAX_TEXT + 1), "chuỗi")
        return "".join(str(p) for p in parts)  # autoescaped later, when written

    def _join(self, parts):
        out, total = [], 0
        for part in parts:
            total += len(part)
            if total > MAX_OUTPUT:
                raise TemplateBudgetExceeded(f"mẫu báo cáo viết ra quá {so(MAX_OUTPUT)} ký tự")
            out.append(part)
        return "".join(out)

    def _bounded(self, f):
        def bounded(*args, **kwargs):
            self.tick()
            return self._check(f(*args, **kwargs))
        for attr in ("jinja_pass_arg",):  # keep Jinja's marks (pass_environment, pass_eval_context …)
            if hasattr(f, attr):
                setattr(bounded, attr, getattr(f, attr))
        return bounded

    # --- operators --------------------------------------------------------------------------------
    def call_binop(self, context, operator, left, right):
        self.tick()
        if operator == "**":
            if not all(isinstance(x, (int, float)) for x in (left, right)) or abs(right) > 64 or (
                    abs(left) > 1 and abs(right) * math.log2(abs(left)) > MAX_POWER_BITS):
                raise TemplateBudgetExceeded("phép lũy thừa quá lớn")
        elif operator == "*":
            seq, n = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_TEXT:
                self._check("x" * (MAX_TEXT + 1), "chuỗi")
            if isinstance(left, int) and isinstance(right, int) and \
                    left.bit_length() + right.bit_length() > MAX_POWER_BITS:
                raise TemplateBudgetExceeded("phép nhân quá lớn")
        elif operator == "%" and isinstance(left, str):
            raise TemplateBudgetExceeded("không dùng phép % với chữ trong mẫu báo cáo")
        elif operator == "+" and _size(left) + _size(right) > MAX_TEXT:
            self._check("x" * (MAX_TEXT + 1), "chuỗi")
        return super().call_binop(context, operator, left, right)

    # --- what a template may read and call --------------------------------------------------------
    def is_safe_attribute(self, obj, attr, value):
        if attr.startswith("_"):
            return False
        if isinstance(obj, str):
            return attr in TEXT_METHODS
        if isinstance(obj, dict):
            return attr in DICT_METHODS
        if isinstance(obj, dt.date):
            return attr in DATE_PARTS
        if isinstance(obj, LoopContext):
            return attr in LOOP_PARTS
        return False

    def is_safe_callable(self, obj):
        if isinstance(obj, Macro) or obj in (self._range, self._iterate, self._concat):
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, str):
            return name in TEXT_METHODS
        if isinstance(owner, dict):
            return name in DICT_METHODS
        if isinstance(owner, LoopContext):
            return name in LOOP_PARTS
        return False

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        __self.tick()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str) and getattr(__obj, "__name__", "") == "replace" and len(args) >= 2:
            grows = max(len(str(args[1])) - len(str(args[0])), 0) * owner.count(str(args[0]) or " ")
            if len(owner) + grows > MAX_TEXT:
                __self._check("x" * (MAX_TEXT + 1), "chuỗi")
        return __self._check(super().call(__context, __obj, *args, **kwargs))

    def _parse(self, source, name, filename):
        return _Counted().visit(super()._parse(source, name, filename))

    def from_string(self, source, globals=None, template_class=None):
        """A template from text, its compiled code kept on disk (``code_cache``): filling the same template
        again skips Jinja's parser and compiler, which are most of the time a report takes."""
        code = code_cache.get(source)
        if code is None:
            code = self.compile(source)
            code_cache.put(source, code)
        return (template_class or self.template_class).from_code(self, code, self.make_globals(globals), None)


def environment() -> BoundedSandbox:
    """A fresh environment (its counters start at zero): one per rendering."""
    return BoundedSandbox()


@contextlib.contextmanager
def rendering_errors(name: str):
    """Whatever goes wrong while filling the template ``name``, as one Vietnamese TemplateError."""
    import jinja2

    from .errors import KiemdiemError, TemplateError
    try:
        yield
    except KiemdiemError:
        raise
    except TemplateBudgetExceeded as exc:
        raise TemplateError(f"Mẫu báo cáo “{name}” bị dừng: {exc}.") from None
    except jinja2.exceptions.SecurityError:
        raise TemplateError(f"Mẫu báo cáo “{name}” dùng thuộc tính hoặc hàm không được phép (chỉ dùng được các "
                            "biến, bộ lọc và vòng lặp trong tài liệu mẫu báo cáo).") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Mẫu báo cáo “{name}” có thẻ Jinja sai cú pháp (dòng {exc.lineno}).") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"Không điền được mẫu báo cáo “{name}” ({type(exc).__name__}).") from None
    except RecursionError:
        raise TemplateError(f"Mẫu báo cáo “{name}” gọi lồng nhau quá sâu.") from None
    except MemoryError:
        raise
    except Exception as exc:  # docxtpl/lxml on a template whose tags produce broken XML
        raise TemplateError(f"Không điền được mẫu báo cáo “{name}” ({type(exc).__name__}): có thẻ đặt sai chỗ.") \
            from None


def inert(xml: str) -> Markup:
    """Markup a template may place but not look into (it is only text)."""
    return Markup(xml)
