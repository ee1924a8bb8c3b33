"""Citation syntax, things that are not citations, headings and author lines."""

import textwrap

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kb.ingest.markdown import QUARTO_CROSSREF_PREFIXES, scan_markdown


def keys(text: str, **kw) -> list[str]:
    return [c.key for c in scan_markdown(textwrap.dedent(text), "f.md", **kw).citations]


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("As shown [@smith2020].", ["smith2020"], id="bracketed"),
        pytest.param("Both [@a2020; @b2021] agree.", ["a2020", "b2021"], id="several"),
        pytest.param("See [see @key, pp. 33-35] here.", ["key"], id="prefix-locator"),
        pytest.param("Smith says [-@smith2020].", ["smith2020"], id="suppress-author"),
        pytest.param("@smith2020 shows it.", ["smith2020"], id="in-text-start"),
        pytest.param("As @smith2020 shows.", ["smith2020"], id="in-text"),
        pytest.param("As @{weird key.} shows.", ["weird key."], id="braced"),
        pytest.param("Survey [@baltrušaitis2017multimodal].", ["baltrušaitis2017multimodal"], id="unicode"),
        pytest.param("DALL-E [@DBLP:conf/icml/RameshPGGVRCS21].", ["DBLP:conf/icml/RameshPGGVRCS21"], id="dblp"),
        pytest.param("BPE [@sennrich-etal-2016-neural].", ["sennrich-etal-2016-neural"], id="hyphens"),
        pytest.param("End of sentence @key.", ["key"], id="trailing-period-not-in-key"),
        pytest.param("Ask me at jane.doe@example.org today.", [], id="email"),
        pytest.param("Figure \\@ref(fig:x) shows it.", [], id="bookdown-ref"),
        pytest.param("Follow \\@handle on the web.", [], id="escaped-at"),
        pytest.param("Run `x@y` or `@key` inline.", [], id="inline-code"),
        pytest.param("Hidden <!-- [@commented] --> text.", [], id="html-comment"),
        pytest.param("Math $a@b$ and $$\n@c\n$$ done.", [], id="math"),
        pytest.param("$$ a \\\\$$\n\nSee @first.\n\n$$ b $$\nSee @second.", ["first", "second"],
                     id="display-math-ending-in-escaped-backslash"),
        pytest.param("$$ a\n\nSee @first.\n\nb $$ and @second.", ["first", "second"],
                     id="display-math-never-crosses-a-blank-line"),
        pytest.param("$$ \\$ @notakey $$ then @after.", ["after"], id="display-math-with-escaped-dollar"),
        pytest.param("Link to <https://x.org/@user> and [t](https://x.org/@u2).", [], id="urls"),
        pytest.param("Spaced [@ key] is not a citation.", [], id="space-after-at"),
    ],
)
def test_citation_syntax(text, expected):
    assert keys(text) == expected


def test_code_chunks_yaml_and_multiline_comments_hide_citations_and_headings():
    text = """\
    ---
    title: "Book"
    author: "@notacitation"
    ---

    # Real heading

    ```{r}
    # not a heading
    x <- "@inchunk"
    ```

    ~~~
    @infence
    ~~~

    <!--
    # not a heading either
    [@incomment]
    -->

    \\begin{equation}
    y = @inmath
    \\end{equation}

    Text [@real].
    """
    scanned = scan_markdown(textwrap.dedent(text), "f.Rmd")
    assert [c.key for c in scanned.citations] == ["real"]
    assert [(h.title, h.line) for h in scanned.headings] == [("Real heading", 6)]
    assert scanned.citations[0].line == 26
    assert scanned.front_matter["title"] == "Book"


def test_quarto_crossrefs_are_not_citations_but_other_keys_are():
    text = "See @fig-plot, @tbl-x, @sec-intro, @eq-1, @thm-a and [@knuth1984]."
    assert keys(text, crossref_prefixes=QUARTO_CROSSREF_PREFIXES) == ["knuth1984"]
    assert keys(text) == ["fig-plot", "tbl-x", "sec-intro", "eq-1", "thm-a", "knuth1984"]


def test_positions_narrative_and_suppress_flags():
    scanned = scan_markdown("Intro.\n\nAs @a said [-@b; see @c].\n", "f.md")
    a, b, c = scanned.citations
    assert (a.line, a.column, a.narrative, a.suppress_author) == (3, 4, True, False)
    assert (b.line, b.narrative, b.suppress_author) == (3, False, True)
    assert (c.key, c.narrative) == ("c", False)


def test_citing_sentence_is_the_sentence_around_the_key():
    text = ("First sentence here. The model of Smith et al. [@smith2020] is e.g. better than\n"
            "the baseline. Third one [@other].\n")
    first, second = scan_markdown(text, "f.md").citations
    assert first.sentence == "The model of Smith et al. [@smith2020] is e.g. better than the baseline."
    assert second.sentence == "Third one [@other]."


def test_headings_anchor_numbering_parts_and_author_lines():
    text = """\
    # (PART) Foundations {-}

    # Introducing things {#c01-intro}

    *Authors: Ann Lee, Bo Chen and Cy Dee*

    *Supervisor: Dan Eve*

    ## A section {.unnumbered}

    *Author:*

    ### Deeper ###

    # (APPENDIX) Appendix {-}
    """
    hs = scan_markdown(textwrap.dedent(text), "f.Rmd").headings
    assert [(h.level, h.title, h.anchor, h.numbered, h.part, h.appendix_marker) for h in hs] == [
        (1, "Foundations", None, False, True, False),
        (1, "Introducing things", "c01-intro", True, False, False),
        (2, "A section", None, False, False, False),
        (3, "Deeper", None, True, False, False),
        (1, "Appendix", None, False, False, True),
    ]
    assert hs[1].authors == ("Ann Lee", "Bo Chen", "Cy Dee")
    assert hs[1].supervisors == ("Dan Eve",)
    assert hs[2].authors == ()  # an empty template value is no name


def test_space_after_at_is_reported_with_line():
    scanned = scan_markdown("ok\n\nBad [@ jaegle2021perceiver] cite.\n", "ch.Rmd")
    (problem,) = scanned.problems
    assert (problem.code, problem.file, problem.line, problem.key) == ("spaced-citation", "ch.Rmd", 3,
                                                                       "jaegle2021perceiver")
    assert "write `@jaegle2021perceiver`" in problem.message


def test_unclosed_fence_is_reported_and_masks_the_rest():
    scanned = scan_markdown("[@a]\n\n```\ncode [@b]\n", "f.md")
    assert [c.key for c in scanned.citations] == ["a"]
    assert [(p.code, p.line) for p in scanned.problems] == [("unclosed-fence", 3)]


_pieces = st.sampled_from(["@key", "[@a; @b]", " ", "\n", "\n\n", "`", "```\n", "$", "$$", "<!--", "-->", "# ",
                           "\\@", "x@y.org", "{", "}", "word", ".", "-@c", "@{b r}", "https://e.org/@u", "---\n"])


@example("[@a " * 5000)  # one 20 KB paragraph of citations: every sentence used to be rebuilt per citation
@example("`x " * 5000 + "[@ b]")
@given(st.lists(_pieces, max_size=40).map("".join))
def test_scanner_never_crashes_and_every_citation_points_at_an_at_sign(text):
    scanned = scan_markdown(text, "f.md")
    lines = text.split("\n")
    for cite in scanned.citations:
        assert lines[cite.line - 1][cite.column - 1] == "@"
        assert cite.key and cite.key in text


def test_setext_headings():
    text = "Introduction {#intro}\n============\n\nText [@a].\n\nA section\n---------\n\nMore [@b].\n\n- item\n---\n"
    scanned = scan_markdown(text, "f.md")
    assert [(h.level, h.title, h.anchor, h.line) for h in scanned.headings] == [
        (1, "Introduction", "intro", 1), (2, "A section", None, 6)]
    assert [(c.key, c.heading) for c in scanned.citations] == [("a", 0), ("b", 1)]


def test_backticks_in_knitr_chunk_options_do_not_break_the_fence():
    text = ('# A\n\n```{r x, fig.cap="uses `code` here"}\nplot(1) # @inside\n```\n\n'
            'Prose [@after].\n\n## B\n\nMore @later.\n')
    scanned = scan_markdown(text, "f.Rmd")
    assert [(c.key, c.line) for c in scanned.citations] == [("after", 7), ("later", 11)]
    assert [h.title for h in scanned.headings] == ["A", "B"]
    assert not scanned.problems


def test_citations_in_chunk_caption_options_count_as_knitr_and_quarto_render_them():
    knitr = ('# A\n\n```{r joint, echo=FALSE, fig.cap="Joint representations[@baltrusaitis2017]."}\n'
             'knitr::include_graphics("x.png") # @notacitation\n```\n')
    scanned = scan_markdown(knitr, "f.Rmd")
    header = knitr.splitlines()[2]
    assert [(c.key, c.line, c.column) for c in scanned.citations] == [
        ("baltrusaitis2017", 3, header.index("@baltrusaitis2017") + 1)]  # where it stands in the file
    quarto = ('# A\n\n```{python}\n#| label: fig-x\n#| fig-cap: "Attention maps from @vaswani2017"\n'
              '#| echo: false\nprint("@no")\n#| fig-cap: "@nolonger an option"\n```\n')
    scanned = scan_markdown(quarto, "f.qmd")
    assert [(c.key, c.line) for c in scanned.citations] == [("vaswani2017", 5)]
    plain = "# A\n\n```python\n#| fig-cap: \"@not a chunk\"\n```\n"
    assert scan_markdown(plain, "f.md").citations == []


def test_quarto_callout_titles_and_tabs_are_not_sections():
    text = textwrap.dedent("""
        # Chapter

        ::: {.callout-tip}
        ## A tip's title

        Tip text [@intip].
        :::

        ::: callout-note
        ## Note title
        :::

        ::: {#thm-line}
        ## Line

        A theorem.
        :::

        ::: {.panel-tabset}
        ## R

        Code [@intab].

        ## Python
        :::

        ::: {.callout-warning}
        No title here.

        ## Later heading in the callout (not its title: a heading, as pandoc reads it)
        :::

        ## Section

        ::: {.column-margin}
        ## Margin heading
        :::

        Text [@after].
    """).lstrip("\\n")
    scanned = scan_markdown(text, "f.qmd")
    assert [h.title for h in scanned.headings] == [
        "Chapter", "Later heading in the callout (not its title: a heading, as pandoc reads it)", "Section",
        "Margin heading"]
    assert [(c.key, c.heading) for c in scanned.citations] == [("intip", 0), ("intab", 0), ("after", 3)]
