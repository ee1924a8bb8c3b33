"""The one read API: every read of the knowledge base by the CLI and the dashboard goes through here.

Open a handle with `open_kb(url)` (or `KnowledgeBase(engine=...)`), then call the functions
below; each returns plain, JSON-ready rows. The handle is safe to share between threads and
to cache; on SQLite it opens the file read-only.

- books: `list_books`, `find_book`, `overview`, `headings`, `resolve_chapter` (the chapter-ID rule)
- works: `list_works`, `find_works`, `find_work`, `work_detail`, `work_summaries`, `search`, `chapter_works`
- labels: `taxonomy_counts`, `accepted_labels`, `evidence_of`, `labels_with_evidence`, `labelled_works`
- reports: `check_report`, `compare_books`
- graph: `graph`, `stats`, `rank`, `neighbors`, `path`, `communities`, `similar_chapters`, `gaps`,
  `timeline`, `export_graph`
- exports: `export_files`, `write_files`, `select_items`, `key_map`, `write_key_map`
"""

from kb.api.books import find_book, headings, list_books, overview, resolve_chapter
from kb.api.handle import KnowledgeBase, Record, open_kb
from kb.api.labels import accepted_labels, evidence_of, labelled_works, labels_with_evidence, taxonomy_counts
from kb.api.works import (
    MAX_ID,
    chapter_works,
    find_work,
    find_works,
    list_works,
    parse_years,
    search,
    work_detail,
    work_summaries,
)

__all__ = [
    "KnowledgeBase", "Record", "open_kb", "find_book", "headings", "list_books", "overview", "resolve_chapter",
    "accepted_labels", "evidence_of", "labelled_works", "labels_with_evidence", "taxonomy_counts",
    "MAX_ID", "chapter_works", "find_work", "find_works", "list_works", "parse_years", "search", "work_detail",
    "work_summaries",
]
