"""Union Content Studio: turn union resolutions and directives into cited, safe content."""

__version__ = "0.1.0"
