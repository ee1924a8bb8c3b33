"""Which files make up a book, in which order, and which bibliographies it declares.

Three layouts: bookdown (`_bookdown.yml` / `index.Rmd`), Quarto books (`_quarto.yml`),
and plain pandoc Markdown (one file, or a folder of files read in name order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb.errors import ERROR, KbError, Problem

BOOKDOWN = "bookdown"
QUARTO = "quarto"
PANDOC = "pandoc"
RENDERED = "rendered"
LATEX = "latex"
FORMATS = (BOOKDOWN, QUARTO, PANDOC, RENDERED, LATEX)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".rmd", ".qmd")
TEXT_SUFFIXES = MARKDOWN_SUFFIXES + (".txt", ".text")


@dataclass(frozen=True)
class PartSpec:
    """A part declared in the project file rather than by a heading (Quarto `part: "Title"`)."""

    title: str
    file: str
    line: int
    before: str  # the chapter file it comes before
    appendix: bool = False


@dataclass(frozen=True)
class DeclaredBib:
    """A bibliography file a book declares: as written, where it resolves to, and where it was declared."""

    written: str
    path: Path
    declared_in: str | None  # file relative to the book's root; None for --bib on the command line
    line: int | None


@dataclass
class Layout:
    root: Path
    format: str
    files: list[str] = field(default_factory=list)  # relative to root, reading order
    parts: list[PartSpec] = field(default_factory=list)
    part_files: set[str] = field(default_factory=set)  # files whose first heading is a part
    appendix_files: set[str] = field(default_factory=set)
    bibliography: list[DeclaredBib] = field(default_factory=list)
    title: str | None = None
    problems: list[Problem] = field(default_factory=list)


def _load_yaml(path: Path, rel: str, problems: list[Problem]) -> tuple[object, yaml.Node | None]:
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(ERROR, "project-file", f"does not parse as YAML "
                                f"({getattr(exc, 'problem', exc)}); fix it", rel, mark.line + 1 if mark else 1))
        return None, None


def _scalar_lines(node: yaml.Node | None) -> dict[str, int]:
    """First line (1-based) at which each scalar value appears in a YAML document."""
    lines: dict[str, int] = {}
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            lines.setdefault(str(current.value), current.start_mark.line + 1)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            for key, value in reversed(current.value):
                stack.extend([value, key])
    return lines


def relative_to_root(path: Path, root: Path) -> str:
    """`path` relative to the book's root (POSIX style), or as given when it lies outside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None]
    return [str(value)]


def detect_format(path: Path) -> str:
    from kb.ingest.latex import TEX_SUFFIXES, is_latex

    if path.is_file():
        if path.suffix.lower() in TEX_SUFFIXES:
            return LATEX
        return RENDERED if _is_rendered_manuscript(path) else PANDOC
    if (path / "_quarto.yml").is_file() or (path / "_quarto.yaml").is_file():
        return QUARTO
    if (path / "_bookdown.yml").is_file() or (path / "index.Rmd").is_file():
        return BOOKDOWN
    if not _markdown_sources(path) and is_latex(path):
        return LATEX
    return PANDOC


def _markdown_sources(path: Path) -> list[Path]:
    """A folder's Markdown files that could be chapters (a LaTeX project's README.md is not)."""
    return [p for p in path.rglob("*") if p.suffix.lower() in MARKDOWN_SUFFIXES and p.is_file()
            and not p.name.upper().startswith(("README", "LICENSE", "CHANGELOG", "CONTRIBUTING"))
            and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)]


def _is_rendered_manuscript(path: Path) -> bool:
    """No `bibliography:` metadata but a Bibliography/References section: a rendered book."""
    from kb.ingest.markdown import split_front_matter
    from kb.ingest.rendered import looks_rendered

    data = path.read_bytes()
    if b"\x00" in data:
        return False
    text = data.decode("utf-8", errors="replace")
    meta, _, _, _ = split_front_matter(text, path.name)
    return not meta.get("bibliography") and looks_rendered(text)


def _check_listed(layout: Layout, listed: list[str], project_file: str, lines: dict[str, int]) -> list[str]:
    present = []
    for rel in listed:
        if (layout.root / rel).is_file():
            present.append(rel)
        else:
            layout.problems.append(Problem(ERROR, "missing-chapter", f"lists `{rel}`, which does not exist; "
                                           "create it or remove it from the list", project_file, lines.get(rel)))
    return present


def _bookdown(root: Path) -> Layout:
    layout = Layout(root=root, format=BOOKDOWN)
    config: object = None
    lines: dict[str, int] = {}
    if (root / "_bookdown.yml").is_file():
        config, node = _load_yaml(root / "_bookdown.yml", "_bookdown.yml", layout.problems)
        lines = _scalar_lines(node)
    listed = config.get("rmd_files") if isinstance(config, dict) else None
    if isinstance(listed, dict):  # per output format: {html: [...], latex: [...]}
        listed = listed.get("html") or next(iter(listed.values()), None)
    if listed:
        layout.files = _check_listed(layout, as_list(listed), "_bookdown.yml", lines)
    else:
        # bookdown's own rule: every .Rmd in the root not starting with "_", index.Rmd first
        names = sorted(p.name for p in root.iterdir() if p.suffix.lower() == ".rmd" and not p.name.startswith("_"))
        layout.files = sorted(names, key=lambda n: (n.lower() != "index.rmd", n))
    return layout


def _quarto(root: Path) -> Layout:
    layout = Layout(root=root, format=QUARTO)
    name = "_quarto.yml" if (root / "_quarto.yml").is_file() else "_quarto.yaml"
    config, node = _load_yaml(root / name, name, layout.problems)
    lines = _scalar_lines(node)
    config = config if isinstance(config, dict) else {}
    book = config.get("book") if isinstance(config.get("book"), dict) else {}
    layout.title = book.get("title") or config.get("title")

    def walk(items: object, appendix: bool) -> None:
        for item in items if isinstance(items, list) else as_list(items):
            if isinstance(item, dict) and "part" in item:
                part = str(item["part"])
                chapters = as_list(item.get("chapters"))
                if Path(part).suffix.lower() in MARKDOWN_SUFFIXES:
                    present = _check_listed(layout, [part], name, lines)
                    layout.files.extend(present)
                    layout.part_files.update(present)
                elif chapters:
                    layout.parts.append(PartSpec(part, name, lines.get(part, 1), chapters[0], appendix))
                walk(item.get("chapters"), appendix)
            elif isinstance(item, dict) and "href" in item:
                walk([item["href"]], appendix)
            elif isinstance(item, str):
                if Path(item).suffix.lower() not in MARKDOWN_SUFFIXES:
                    continue  # notebooks and other outputs hold no Markdown we read
                present = _check_listed(layout, [item], name, lines)
                layout.files.extend(present)
                if appendix:
                    layout.appendix_files.update(present)

    walk(book.get("chapters"), appendix=False)
    appendices = book.get("appendices")
    if appendices:
        first = next((a for a in as_list(appendices) if isinstance(a, str)), None)
        if first:
            layout.parts.append(PartSpec("Appendices", name, lines.get(first, 1), first, appendix=True))
        walk(appendices, appendix=True)
    if not layout.files:
        layout.files = sorted(p.relative_to(root).as_posix() for p in root.glob("*.qmd"))
    for bib in as_list(config.get("bibliography")) + as_list(book.get("bibliography")):
        layout.bibliography.append(DeclaredBib(bib, root / bib, name, lines.get(bib)))
    return layout


def _pandoc(path: Path) -> Layout:
    if path.is_file():
        return Layout(root=path.parent, format=PANDOC, files=[path.name])
    files = sorted(
        p.relative_to(path).as_posix()
        for p in path.rglob("*")
        if p.is_file() and p.suffix.lower() in MARKDOWN_SUFFIXES and not any(
            part.startswith((".", "_")) for part in p.relative_to(path).parts)
    )
    return Layout(root=path, format=PANDOC, files=files)


def discover(path: Path, fmt: str | None = None) -> Layout:
    """The book's files in reading order, as the given (or detected) format defines them."""
    if not path.exists():
        raise KbError(f"{path} does not exist; pass a book folder (bookdown, Quarto, LaTeX) or a Markdown or "
                      ".tex file")
    from kb.ingest.latex import TEX_SUFFIXES, find_main

    if path.is_file() and path.suffix.lower() not in TEXT_SUFFIXES + TEX_SUFFIXES:
        raise KbError(f"{path} is not a Markdown, LaTeX or text file (.md, .Rmd, .qmd, .tex, .txt); pass the "
                      "book's folder or "
                      "one of its chapters (a .bib file is read through the book's `bibliography:` or --bib)")
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise KbError(f"unknown format `{fmt}`; use one of {', '.join(FORMATS)}")
    if fmt in (BOOKDOWN, QUARTO) and not path.is_dir():
        raise KbError(f"{path} is a file, but the {fmt} format needs the book's folder")
    if fmt == RENDERED and not path.is_file():
        raise KbError(f"{path} is a folder; the rendered format reads one manuscript file, pass its path")
    if fmt == LATEX:
        main = find_main(path)
        return Layout(root=main.parent, format=LATEX, files=[main.name])
    layout = {BOOKDOWN: _bookdown, QUARTO: _quarto, PANDOC: _pandoc, RENDERED: _pandoc}[fmt](path)
    layout.format = fmt
    if not layout.files and not any(p.code == "missing-chapter" for p in layout.problems):
        raise KbError(f"{path} holds no book sources: expected _bookdown.yml, _quarto.yml, "
                      ".md/.Rmd/.qmd files or a LaTeX main file")
    return layout
