"""Make the knowledge bases of an older schema that the migration tests upgrade.

Run with the kb of that schema (`git checkout` the commit named in tests/data/README.md):

    python -m tests.make_old_schema --postgres postgresql+psycopg:///kb_old?host=/var/run/postgresql

It ingests a small generated book (made-up titles, no real data), enriches it from the loopback
fake OpenAlex server (records built on a minimal template and labelled synthetic, never OpenAlex
data), pins one key to another work and rejects the matches of another, adds and removes a label by
hand, and classifies. It writes `tests/data/kb-schema<N>-enriched.sqlite` and a plain-SQL dump of the
same knowledge base made on PostgreSQL, `tests/data/kb-schema<N>-enriched.postgres.sql`, and copies
today's bundled `data/papers.sqlite` to `tests/data/kb-schema<N>-bundled.sqlite`.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

from kb.db import dispose_engines, make_engine
from kb.ingest.enrich import EnrichOptions, enrich, pin
from kb.ingest.openalex import OpenAlexConfig
from kb.ingest.pipeline import ingest
from kb.schema import SCHEMA_VERSION
from tests.fake_openalex import _TEMPLATE, FakeOpenAlex, make_work

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORDS = ["ka", "lo", "mi", "nu", "pe", "ra", "so", "tu", "vi", "ze"]


def generated_book(root: Path, n: int = 12):
    root.mkdir(parents=True)
    works, entries = [], []
    for i in range(n):
        title = "Generated study of " + " ".join(WORDS[(i + k) % 10] + WORDS[(3 * i + k) % 10] for k in range(3))
        doi = f"10.5555/generated.{i:04d}"
        works.append(make_work(f"W{9000 + i}", title, 2019 + i % 3, [f"Ann Roe{i}"], doi=doi,
                               references=[f"W{9000 + (i + 1) % n}"], abstract=f"An abstract about {title}.",
                               topic=("T10001", "Generated topic"), template=copy.deepcopy(_TEMPLATE)))
        entries.append(f"@article{{g{i}, title={{{title}}}, author={{Roe{i}, Ann}}, year={{{2019 + i % 3}}}, "
                       f"doi={{{doi}}}, journal={{Journal of Generated Results}}}}")
    text_ = ("---\nbibliography: refs.bib\n---\n# Images {#images}\n\nPictures [@g0; @g1; @g2] and a CNN [@g3].\n\n"
             "## Text {#text}\n\nA language model [@g4; @g5] and [@g6].\n\n# Audio {#audio}\n\n"
             + " ".join(f"[@g{i}]" for i in range(7, n)) + "\n")
    (root / "refs.bib").write_text("\n".join(entries) + "\n", encoding="utf-8")
    (root / "index.Rmd").write_text(text_, encoding="utf-8")
    return works


def build(url: str, book: Path, server: FakeOpenAlex) -> None:
    engine = make_engine(url)
    config = OpenAlexConfig(base_url=server.url, rate=500, backoff=0.01, timeout=5.0, retries=2, workers=2)
    ingest(engine, book, name="generated")
    enrich(engine, EnrichOptions(), config)
    pin(engine, "generated", "g1", "W9002")   # a user's decision: g1 is the work W9002
    pin(engine, "generated", "g2", None)      # and g2 has no OpenAlex work
    enrich(engine, EnrichOptions(), config)
    for args in (["label", "g3", "architecture.cnn"], ["label", "g4", "modality.image", "--remove"], ["classify"]):
        subprocess.run([sys.executable, "-m", "kb.cli", *args, "--db", url], cwd=REPO, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", required=True, help="URL of an empty PostgreSQL database to build in")
    args = parser.parse_args()
    out = HERE / "data"
    with tempfile.TemporaryDirectory() as tmp:
        works = generated_book(Path(tmp) / "book")
        server = FakeOpenAlex(works).start()
        try:
            sqlite_file = out / f"kb-schema{SCHEMA_VERSION}-enriched.sqlite"
            sqlite_file.unlink(missing_ok=True)
            build(f"sqlite:///{sqlite_file}", Path(tmp) / "book", server)
            build(args.postgres, Path(tmp) / "book", server)
        finally:
            server.stop()
    dispose_engines()
    engine = create_engine(f"sqlite:///{sqlite_file}")
    with engine.begin() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    conn = create_engine(args.postgres).url
    dump = subprocess.run(["pg_dump", "--no-owner", "--no-privileges", "--inserts", "--dbname",
                           conn.set(drivername="postgresql").render_as_string(hide_password=False)],
                          check=True, capture_output=True, text=True).stdout
    lines = [line for line in dump.splitlines() if not line.startswith(("--", "\\", "SELECT pg_catalog.set_config"))]
    (out / f"kb-schema{SCHEMA_VERSION}-enriched.postgres.sql").write_text(
        "-- A knowledge base of kb schema %d on PostgreSQL, made by tests/make_old_schema.py from a generated book\n"
        "-- and a fake OpenAlex server (synthetic records, not OpenAlex data).\n" % SCHEMA_VERSION
        + "\n".join(line for line in lines if line.strip()) + "\n", encoding="utf-8")
    shutil.copyfile(REPO / "data" / "papers.sqlite", out / f"kb-schema{SCHEMA_VERSION}-bundled.sqlite")


if __name__ == "__main__":
    main()
