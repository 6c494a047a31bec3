"""Old public names kept for one release: a module ``__getattr__`` that warns and hands out the new object.

A subpackage that renames a public name keeps the old one working until the next release::

    if TYPE_CHECKING:
        Target = KpiTarget
    else:
        __getattr__ = deprecated_aliases(__name__, {"Target": ("KpiTarget", KpiTarget)})

Type checkers see the plain alias: a module ``__getattr__`` would make them type every unknown attribute of the
subpackage as ``object``, hiding misspelt names.

``teamcore.kpi.Target`` (attribute access or ``from teamcore.kpi import Target``) then emits
``DeprecationWarning("teamcore.kpi.Target is deprecated; use teamcore.kpi.KpiTarget")`` pointing at the caller's
line, and returns the new object. The old names are not in ``__all__``, so ``import *`` and the API reference show
only the new ones. This lives at the package root because every subpackage uses it and none may reach into
another's private modules.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping

__all__ = ["deprecated_aliases"]


def deprecated_aliases(module: str, aliases: Mapping[str, tuple[str, object]]) -> Callable[[str], object]:
    """A module ``__getattr__`` that serves each old name of `aliases` with a :class:`DeprecationWarning`.

    Parameters
    ----------
    module
        The module's ``__name__``, used in the warning (``"teamcore.kpi"``).
    aliases
        Old name → (new name, the object the old name now gives).

    Returns
    -------
    callable
        ``__getattr__(name)``: the object for an old name, after the warning; :class:`AttributeError` for any
        other name, as for a module without aliases.

    Examples
    --------
    >>> import warnings
    >>> getattr_ = deprecated_aliases("pkg", {"Old": ("New", 42)})
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     value = getattr_("Old")
    >>> value, str(caught[0].message)
    (42, 'pkg.Old is deprecated; use pkg.New')
    >>> getattr_("Missing")
    Traceback (most recent call last):
    ...
    AttributeError: module 'pkg' has no attribute 'Missing'
    """
    table = dict(aliases)

    def __getattr__(name: str) -> object:  # noqa: N807 - the module hook's name is fixed by PEP 562
        try:
            new, value = table[name]
        except KeyError:
            raise AttributeError(f"module {module!r} has no attribute {name!r}", name=name) from None
        message = f"{module}.{name} is deprecated; use {module}.{new}"
        # stacklevel=2: the line that read the old name, not this hook.
        warnings.warn(DeprecationWarning(message), stacklevel=2)
        return value

    return __getattr__
