"""Small LaTeX books written for the tests (nothing here comes from a real book). Each holds false
citations in places TeX never reads as citations (comments, verbatim, listings, \\iffalse), named `fake_*`."""

from __future__ import annotations

REFS = (
    "@inproceedings{he2016, author={He, Kaiming and Zhang, Xiangyu}, title={Deep Residual Learning for Image "
    "Recognition}, booktitle={CVPR}, year={2016}, doi={10.1109/cvpr.2016.90}}\n"
    "@inproceedings{vaswani2017, author={Vaswani, Ashish}, title={Attention is All you Need}, booktitle={NeurIPS}, "
    "year={2017}}\n"
    "@article{mikolov2013, author={Mikolov, Tomas}, title={Efficient Estimation of Word Representations in Vector "
    "Space}, journal={arXiv preprint arXiv:1301.3781}, year={2013}}\n"
)
MORE = (
    "@inproceedings{devlin2019, author={Devlin, Jacob}, title={{BERT}: Pre-training of Deep Bidirectional "
    "Transformers for Language Understanding}, booktitle={NAACL}, year={2019}}\n"
    "@article{radford2019, author={Radford, Alec}, title={Language Models are Unsupervised Multitask Learners}, "
    "journal={OpenAI Blog}, year={2019}}\n"
    "@misc{listed2020, author={Listed, Only}, title={Cited by nocite alone}, year={2020}}\n"
)

# A thesis in the book class with natbib: \include'd chapters, front and back matter, an appendix,
# a wrapper macro and a macro with a fixed citation, footnotes and captions; one chapter has CRLF line ends.
THESIS = {
    "main.tex": r"""\documentclass[12pt]{book}
\usepackage[numbers]{natbib}
\newcommand{\mycite}[1]{\citep{#1}}
\newcommand{\bert}{BERT~\citep{devlin2019}}
\title{Learning from \emph{Many} Modalities}
\begin{document}
\frontmatter
\chapter{Preface}
This thesis builds on \citet{he2016}. % \cite{fake_comment_main}
\mainmatter
\include{chapters/intro}
\include{chapters/method}
\appendix
\include{chapters/extra}
\backmatter
\bibliographystyle{plainnat}
\bibliography{refs,more}
\end{document}
""",
    "chapters/intro.tex": (r"""\chapter{Introduction}\label{ch:intro}
Residual networks \citep[see][p.~3]{he2016} changed vision.
\citet{vaswani2017} introduced attention; words came first \mycite{mikolov2013}.
\section{Background}
\label{sec:bg}
\bert{} is pre-trained.\footnote{As in \citealp{devlin2019, radford2019}.}
\begin{verbatim}
\cite{fake_verbatim}
\end{verbatim}
Use \verb|\cite{fake_verb}| to cite.
\subsection{Details}
\begin{figure}
\centering\includegraphics{x.png}
\caption[Short, citing \cite{fake_short_caption}]{A figure from \citet{he2016}.}
\end{figure}
\subsubsection{Not numbered in a book}
\citeyearpar{vaswani2017}
\section*{Notes}
Some 50\% of it is from \cite{radford2019} % \citep{fake_comment}
\begin{comment}
\cite{fake_comment_env}
\end{comment}
""").replace("\n", "\r\n").encode("utf-8"),
    "chapters/method.tex": r"""\chapter[Method \cite{fake_short_title}]{Our \textbf{Method} with $\alpha$-Nets}
\begin{lstlisting}
\cite{fake_listing}
\end{lstlisting}
We follow \citeauthor{vaswani2017} and \citealt{mikolov2013}.
\iffalse \cite{fake_iffalse} \fi
A key that is not in the bibliography: \cite{he2061}.
""",
    "chapters/extra.tex": r"""\chapter{Proofs}
\section{A Lemma}
See \cite{he2016}.\nocite{listed2020}
\emph{As \citet{radford2019} put it.}
""",
    "refs.bib": REFS,
    "more.bib": MORE,
}

# A book in parts with biblatex: chapters numbered across parts, secnumdepth raised, multi-cite commands,
# a remote resource, \nocite{*} in the appendix.
PARTS = {
    "book.tex": r"""\documentclass{book}
\usepackage[style=authoryear]{biblatex}
\addbibresource{refs.bib}
\addbibresource[location=remote]{http://example.org/remote.bib}
\setcounter{secnumdepth}{3}
\defbibheading{films}{\section*{Films \cite{fake_in_definition}}}
\begin{document}
\part{Foundations}\label{part:f}
\chapter{Vision}
\textcite{he2016} and \parencite[p.~2]{vaswani2017}.
\section{Sub}
\subsection{Subsub}
\subsubsection{Numbered at depth three}
\autocite{he2016} and \footcite{mikolov2013}, \smartcite{he2016}, \supercite{he2016}.
\part{Language}
\chapter{Words}
\cites(see)(and more)[p.~1][]{mikolov2013}[ch.~2]{vaswani2017} then
\textcites{mikolov2013}{he2016} and \parencites{he2016}{vaswani2017}.
\chapter*{Interlude}
\chapter{Sentences}
\autocites{mikolov2013}{vaswani2017}
\appendix
\chapter{Data}
\nocite{*}
\end{document}
""",
    "refs.bib": REFS,
}

# An article whose files are pulled in by \input, \subfile and \subimport (with an \input relative to the
# imported folder), in Latin-1 as inputenc declares; one user macro builds its keys at run time.
ARTICLE = {
    "paper.tex": r"""\documentclass{article}
\usepackage[latin1]{inputenc}
\usepackage{subfiles,import,natbib}
\newcommand{\citeby}[1]{\cite{\csname key#1\endcsname}}
\begin{document}
\section{Caf\'e}
\input{sections/one}
\subfile{sub/three}
\subimport{parts/}{four}
\citeby{a} and \citeby{b}.
\appendix
\section{Extra}
\citet{he2016}
\bibliography{refs}
\end{document}
""".encode("latin-1"),
    "sections/one.tex": "\\subsection{Über}\nGödel and \\citet{vaswani2017}.\n".encode("latin-1"),
    "sub/three.tex": r"""\documentclass[../paper.tex]{subfiles}
\begin{document}
\section{Three}
From a subfile \citep{mikolov2013}.
\end{document}
""",
    "parts/four.tex": "\\section{Four}\n\\input{five}\n",
    "parts/five.tex": "Imported \\citep{he2016}.\n",
    "refs.bib": (REFS + "@misc{goedel1931, author={Gödel, Kurt}, title={Über formal unentscheidbare Sätze}, "
                 "year={1931}}\n").encode("latin-1"),  # BibTeX copies bytes: the book's encoding
}

# \input of a missing file, \include of a missing file, a file that \input's itself, TeX's bare `\input file`
INCLUDES = {
    "main.tex": "\\documentclass{report}\n\\begin{document}\n\\chapter{A}\n\\input{missing}\n"
                "\\include{gone}\n\\input{loop}\n\\input chapters/bare\n\\input{\"chapters/with space\"}\n"
                "\\cite{after}\n\\input{\\chapterfile}\n\\end{document}\n",
    "loop.tex": "Loop \\cite{inloop}\n\\input{loop}\n",
    "chapters/bare.tex": "Bare \\cite{bare}\n",
    "chapters/with space.tex": "Spaced \\cite{spaced}\n",
}
INCLUDEONLY = {
    "main.tex": "\\documentclass{book}\n\\includeonly{two}\n\\begin{document}\n\\include{one}\n"
                "\\include{two}\n\\end{document}\n",
    "one.tex": "\\chapter{One}\\cite{one}\n", "two.tex": "\\chapter{Two}\\cite{two}\n",
}
# a folder with a README.md, a chapter pointing at its root with a magic comment, and a subfile
DETECTION = {
    "README.md": "# About this thesis\n", "thesis.tex": THESIS["main.tex"],
    "chapters/intro.tex": "% !TEX root = ../thesis.tex\n\\chapter{Intro}\n",
    "sub/part.tex": "\\documentclass[../thesis.tex]{subfiles}\n\\begin{document}\nx\n\\end{document}\n",
}
LATIN1_UNDECLARED = {
    "main.tex": "\\documentclass{article}\n\\begin{document}\n\\section{Caf\xe9}\n\\cite{k}\n\\end{document}\n"
                .encode("latin-1"),
}
# commands pandoc 2.17's LaTeX reader drops (the first line) or stops at (\mintinline)
NOT_FOR_PANDOC = {
    "main.tex": "\\documentclass{article}\n\\begin{document}\n\\Citet{a} \\Citep{b} \\citenum{c} \\fullcite{d} "
                "\\citetitle{e}\n\\citeA{f} \\citeNP{g} \\shortcite{h}\n\\mintinline{python}{\\cite{fake_mint}}\n"
                "\\end{document}\n\\cite{fake_after_end}\n",
}
NOCITE_ALL = {
    "main.tex": "\\documentclass{book}\n\\begin{document}\n\\chapter{All}\n\\nocite{*}\n"
                "\\bibliography{refs,more}\n\\end{document}\n", "refs.bib": REFS, "more.bib": MORE,
}
MACRO_KEYS = {
    "main.tex": "\\documentclass{article}\n\\def\\both{he2016, mikolov2013}\n\\begin{document}\n\\cite{\\both}\n"
                "\\cite{\\undefined}\n\\end{document}\n",
}
OWN_MACROS = {
    "main.tex": "\\documentclass{article}\n\\newcommand{\\ours}{\\textsc{Ours}}\n\\newcommand{\\loop}{\\loop}\n"
                "\\newcommand{\\model}[1]{\\emph{#1}-Net}\n\\newcommand{\\chap}[2]{\\section{#1}\\label{sec:#2}}\n"
                "\\begin{document}\n\\section{Why \\ours{} works with \\model{Res} and \\loop}\n"
                "\\ours{} beats \\citet{x}.\n\\chap{Second\n\\model{Le}}{two} Then \\cite{y}.\n\\end{document}\n",
}
MEMOIR = {
    "thesis.tex": "\\documentclass{memoir}\n\\usepackage{mymacros}\n\\begin{document}\n\\chapter{One}\n"
                  "\\section{Numbered}\n\\subsection{Not in memoir}\n\\addchap{Unnumbered}\n"
                  "\\lstinline|\\cite{fake_inline}| \\mine{a}\n\\begin{appendices}\n\\chapter{Extra}\n"
                  "\\end{appendices}\n\\bibliography{nothere}\n\\end{document}\n",
    "mymacros.sty": "\\newcommand{\\mine}[1]{\\citet{#1}}\n",
    "thesis.tex.latexmain": "",
    "other.tex": "\\documentclass{article}\n\\begin{document}\n\\end{document}\n",
}
# a bibliography written by hand: one entry as APA renders it, one numeric-style entry kb cannot parse
THEBIBLIOGRAPHY = {
    "main.tex": "\\documentclass{article}\n\\begin{document}\n\\section{Intro}\nResidual nets \\cite{he2016} and "
                "\\cite{smith}.\n\\begin{thebibliography}{9}\n\\bibitem{he2016} He, K., \\& Zhang, X. (2016). Deep "
                "residual learning for image recognition. \\emph{CVPR}.\n\\bibitem[Smith(2020)]{smith}\n"
                "J.~Smith. \\newblock A numeric-style title. \\newblock \\emph{Journal}, 2020.\n"
                "\\end{thebibliography}\n\\end{document}\n",
}

# an article in parts: its sections run on across them
ARTICLE_PARTS = {
    "main.tex": "\\documentclass{article}\n\\begin{document}\n\\part{One}\n\\section{A}\nSee \\cite{he2016}.\n\\subsection{A1}\n"
                "\\part*{Two}\n\\section{B}\n\\part{Three}\n\\section{C}\n\\subsubsection{C1}\n"
                "\\paragraph{Not numbered}\n\\appendix\n\\section{D}\n\\end{document}\n",
}

# less common forms: an alias made by \\let, an xparse command, a counter set by hand, memoir's
# \\setsecnumdepth, a URL holding `%`, a verbatim block and the document both left open
EDGES = {
    "main.tex": "\\documentclass{report}\n\\let\\mycite\\citet\n\\NewDocumentCommand{\\pcite}{om}{\\citep[#1]{#2}}\n"
                "\\begin{document}\n\\setcounter{chapter}{4}\n\\chapter{Five}\n\\setsecnumdepth{chapter}\n"
                "\\section{Unnumbered now}\nSee \\url{http://example.org/a%20b} and \\mycite{a}, \\pcite[p.~2]{b}.\n"
                "\\begin{verbatim}\n\\cite{fake_open_verbatim}\n",
}

# Every test book for the pandoc oracle: (files, main file, encoding, what pandoc cannot read: per file
# either a reason to leave the file out, or (text to cut, reason)).
ORACLE = {
    "thesis": (THESIS, "main.tex", "utf-8", {}),
    "parts": (PARTS, "book.tex", "utf-8", {}),
    "article": (ARTICLE, "paper.tex", "latin-1", {
        "paper.tex": ("\\citeby{a} and \\citeby{b}.", ("pandoc stops with a parse error at \\citeby, whose key "
                                                    "\\csname builds at run time; kb reports that macro as unreadable"))}),
    "includes": (INCLUDES, "main.tex", "utf-8", {
        "main.tex": ("\\input chapters/bare\n", "pandoc stops with a parse error at TeX's bare `\\input file`")}),
    "includeonly": (INCLUDEONLY, "main.tex", "utf-8", {
        "one.tex": "\\includeonly leaves one.tex out of the book; pandoc, reading the file alone, cannot know"}),
    "detection": (DETECTION, "thesis.tex", "utf-8", {}),
    "latin1-undeclared": (LATIN1_UNDECLARED, "main.tex", "cp1252", {}),
    "not-for-pandoc": (NOT_FOR_PANDOC, "main.tex", "utf-8", {
        "main.tex": "pandoc 2.17 drops \\Citet, \\Citep, \\citenum, \\fullcite, \\citetitle and apacite's "
                    "\\citeA, \\citeNP and \\shortcite, and stops at \\mintinline: this book holds only those"}),
    "nocite-all": (NOCITE_ALL, "main.tex", "utf-8", {}),
    "macro-keys": (MACRO_KEYS, "main.tex", "utf-8", {
        "main.tex": ("\\cite{\\undefined}\n", ("pandoc stops with a parse error at a key that is an "
                                                  "undefined macro; kb reports it"))}),
    "own-macros": (OWN_MACROS, "main.tex", "utf-8", {
        "main.tex": ("\\newcommand{\\loop}{\\loop}\n", ("pandoc stops at a macro that expands to itself; "
                                                          "kb drops it after four rounds"))}),
    "memoir": (MEMOIR, "thesis.tex", "utf-8", {}),
    "thebibliography": (THEBIBLIOGRAPHY, "main.tex", "utf-8", {}),
    "article-parts": (ARTICLE_PARTS, "main.tex", "utf-8", {}),
    "edges": (EDGES, "main.tex", "utf-8", {
        "main.tex": "pandoc stops at a document that is never ended and at a verbatim block never closed; kb "
                    "reports both (test_let_aliases_xparse_counters_urls_and_what_is_left_open)"}),
}
