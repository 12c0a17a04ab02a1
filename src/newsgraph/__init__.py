"""newsgraph: news turned into evidence-linked, queryable intelligence."""

__version__ = "0.1.0"
