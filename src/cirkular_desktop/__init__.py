"""Cirkulär: map, match and follow up residual streams across the Swedish–Norwegian border.

The package root only holds the version; importing it has no side effects.
"""

__version__ = "0.1.0"
