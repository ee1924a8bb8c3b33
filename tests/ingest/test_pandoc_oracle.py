"""kb's Markdown reader against pandoc's own: the same citations, key for key and in order, and the same
headings, on every chapter of the shared book and on small books made of the constructs readers get wrong."""

from __future__ import annotations

import os
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.ingest.markdown import QUARTO_CROSSREF_PREFIXES, scan_markdown
from tests import pandoc_oracle
from tests.conftest import SHARED_BOOK


@pytest.fixture(scope="module", autouse=True)
def pandoc():
    if pandoc_oracle.PANDOC is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the pandoc oracle: apt-get install pandoc (.ci/run does)")
        pytest.skip("pandoc is not installed (apt-get install pandoc)")


def kb_citations(text: str, name: str) -> list[str]:
    prefixes = QUARTO_CROSSREF_PREFIXES if name.endswith(".qmd") else ()
    return [c.key for c in scan_markdown(text, name, crossref_prefixes=prefixes).citations]


def kb_headings(text: str, name: str) -> list[str]:
    return [h.title for h in scan_markdown(text, name).headings]


def _same_text(title: str) -> str:
    """A title as read, less what rendering changes: math delimiters and runs of (non-breaking) spaces."""
    return " ".join(title.replace("$", "").split())


def test_every_chapter_of_the_shared_book_agrees_with_pandoc():
    if not (SHARED_BOOK / "book.bib").is_file():
        pytest.skip(f"the shared book is not at {SHARED_BOOK}")
    citations = headings = 0
    for path in sorted(SHARED_BOOK.glob("*.Rmd")):
        text = path.read_text(encoding="utf-8")
        expected = pandoc_oracle.pandoc_citations(text)
        assert kb_citations(text, path.name) == expected, path.name
        titles = [_same_text(t) for t in pandoc_oracle.pandoc_headings(text)]
        assert [_same_text(t) for t in kb_headings(text, path.name)] == titles, path.name
        citations, headings = citations + len(expected), headings + len(titles)
    assert (citations, headings) == (759, 206)  # 759: 751 in the prose, 8 in fig.cap chunk options


CASES = {
    "callouts.qmd": """
        # Chapter

        ::: {.callout-tip}
        ## Tip title

        Inside [@tip1] and @tip2.
        :::

        ::: {.panel-tabset}
        ## R
        Code [@tab1].

        ## Python
        :::

        ::: {#thm-x}
        ## Name
        Statement @thm3.
        :::

        ## Real section

        See @fig-one and [@after1; @after2].
    """,
    "math.md": r"""
        # Math

        $$ a \\$$

        See @first.

        $$ b $$
        See @second. Inline $x@y$ and $5 and @third costs $6.

        \begin{equation} e @notkey \end{equation} then [@fourth].
    """,
    "captions.Rmd": """
        # Figures

        ```{r x, fig.cap="uses `code` and [@cap1]"}
        plot(1) # @notcode
        ```

        Prose [@p1].

        ```{python}
        #| label: fig-y
        #| fig-cap: "A figure from @cap2"
        print("@no")
        ```
    """,
    "structure.md": """
        # Lists and more

        - item citing [@l1]
          - nested @l2
        1. numbered [@l3]

        > quoted @q1

        Text with a footnote.[^1]

        [^1]: The note cites [@f1].

        | A | B |
        |---|---|
        | [@t1] | x |

        Term
        : definition @d1

        Mail jane@example.org, <https://x.org/@u>, `@inline`, <!-- [@comment] -->, \\@ref(fig:x).

        Setext heading
        ---------------

        Last [@z1].
    """,
}


@pytest.mark.parametrize("name", list(CASES))
def test_small_books_agree_with_pandoc(name):
    text = textwrap.dedent(CASES[name]).lstrip("\n")
    assert kb_citations(text, name) == pandoc_oracle.pandoc_citations(text, quarto=name.endswith(".qmd"))
    assert kb_headings(text, name) == pandoc_oracle.pandoc_headings(text)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_agree_with_pandoc(newline):
    text = textwrap.dedent(CASES["structure.md"]).lstrip("\n").replace("\n", newline)
    assert kb_citations(text, "s.md") == pandoc_oracle.pandoc_citations(text)


PIECES = [
    "See [@a1].", "As @b2 shows.", "Both [@c3; @d4].", "`code @e5`", "$x@f6$", "$$\ny @g7\n$$", "<!-- @h8 -->",
    "mail i9@x.org", "[-@j10]", "- item [@k11]", "> quote @l12", "```\n@m13\n```", "```{r, fig.cap='[@n14]'}\n1\n```",
    "Text.[^n]\n\n[^n]: note @o15", "| [@p16] | b |\n|---|---|\n| c | d |", "# Heading @q17", "", "$5 and @r18 $6",
    "[@ s19]", "\\@ref(fig:t20)", "<https://x.org/@u21>",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8))
def test_random_documents_agree_with_pandoc(pieces):
    text = "\n\n".join(pieces) + "\n"
    assert kb_citations(text, "r.Rmd") == pandoc_oracle.pandoc_citations(text)
