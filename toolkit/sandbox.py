"""The Jinja environment templates are filled in: sandboxed, autoescaped, with the toolkit's filters.

User templates are untrusted; this environment is shared by the renderer (``report.py``) and the template
checker (``template_check.py``) so both parse a template the same way.
"""
from __future__ import annotations

from jinja2.sandbox import ImmutableSandboxedEnvironment

from .formatting import FILTERS


def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(autoescape=True)
    env.filters.update(FILTERS)
    return env
