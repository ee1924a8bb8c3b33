"""How alike works are, offline: by their words (TF-IDF over titles, abstracts and the book's sentences
around their citations) and by the company they keep (co-citation, bibliographic coupling), and the
words that set a group of works apart (names for communities). Plain functions of plain data."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

# Words that say nothing about a work's subject in this literature (on top of scikit-learn's English list)
GENERIC = frozenset("""approach approaches based deep learning learn learned model models network networks neural
paper propose proposed method methods new novel results task tasks using use via towards toward large scale study
analysis improving improved efficient simple better data dataset datasets training trained pre pretraining""".split())


def _vectorizer(min_df: int = 1):
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    return TfidfVectorizer(stop_words=sorted(ENGLISH_STOP_WORDS | GENERIC), sublinear_tf=True, min_df=min_df,
                           token_pattern=r"(?u)\b[^\W\d_][\w-]*[^\W_]\b", lowercase=True)  # words from 2 letters, gpt-3


def text_similarity(documents: Mapping[int, str], centre: int) -> dict[int, float]:
    """Cosine similarity of TF-IDF vectors between `centre`'s document and every other document
    (0 when they share no word, 1 when they are the same bag of words), rounded to 3 places."""
    ids = [i for i, text in documents.items() if text and text.strip()]
    if centre not in ids or len(ids) < 2:
        return {}
    try:
        matrix = _vectorizer().fit_transform([documents[i] for i in ids])
    except ValueError:  # nothing but stop words
        return {}
    row = matrix[ids.index(centre)]
    scores = (matrix @ row.T).toarray().ravel()  # rows are L2-normalised: the dot product is the cosine
    return {i: round(float(s), 3) for i, s in zip(ids, scores, strict=True) if i != centre and s > 0}


def salton(shared: int, a: int, b: int) -> float:
    """Salton's cosine of two sets of sizes a and b sharing `shared` members: shared / sqrt(a * b)."""
    return round(shared / math.sqrt(a * b), 3) if shared and a and b else 0.0


def distinctive_words(groups: Mapping[object, Sequence[str]], top: int = 3) -> dict[object, list[str]]:
    """For groups of texts (a community's titles), the words weighing most in the group's text against the
    other groups' (TF-IDF with each group as one document): what sets the group apart."""
    keys = [k for k, texts in groups.items() if any(t and t.strip() for t in texts)]
    if not keys:
        return {}
    try:
        vectorizer = _vectorizer()
        matrix = vectorizer.fit_transform([" ".join(t for t in groups[k] if t) for k in keys])
    except ValueError:
        return {k: [] for k in keys}
    vocabulary = vectorizer.get_feature_names_out()
    names = {}
    for i, key in enumerate(keys):
        row = matrix.getrow(i).tocoo()
        ranked = sorted(zip(row.data, row.col, strict=True), key=lambda sc: (-sc[0], vocabulary[sc[1]]))
        names[key] = [str(vocabulary[c]) for _, c in ranked[:top]]
    return names
