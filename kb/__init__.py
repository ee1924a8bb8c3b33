"""kb: a literature knowledge base and citation graph built from a book's chapters."""

__version__ = "0.1.0"
