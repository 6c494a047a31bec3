"""feedback: see the docs; this subpackage grows with its issue."""

__all__: list[str] = []
