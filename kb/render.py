"""Text renderings of the reports for people (the CLI prints them; JSON carries the same data)."""

from __future__ import annotations


def _where(item: dict) -> str:
    return f"{item['file']}:{item['line']}" if item.get("line") else (item.get("file") or "")


def format_check_text(report: dict) -> str:
    """The report as plain text, errors first, one finding per line with file:line."""
    out: list[str] = []

    def section(title: str, items: list, render) -> None:
        if items:
            out.append(f"{title} ({len(items)})")
            out.extend(f"  {render(item)}" for item in items)
            out.append("")

    section("Broken keys and unmatched citations", report["broken_keys"], lambda b: (
        f"{b['locations'][0] if b['locations'] else ''}: {b['key'] if ' ' in b['key'] else '@' + b['key']}"
        + (f" (also {', '.join(b['locations'][1:])})" if len(b["locations"]) > 1 else "")
        + (f"; did you mean {', '.join(s['key'] + ' (' + s['reason'] + ')' for s in b['suggestions'])}?"
           if b["suggestions"] else "; no similar key")))
    section("Malformed entries", report["malformed_entries"], lambda p: f"{_where(p)}: {p['message']}")
    section("Missing files", report["missing_files"], lambda p: f"{_where(p)}: {p['message']}")
    section("Keys differing only in case", report["case_mismatches"],
            lambda c: f"{', '.join(c['locations'])}: @{c['key']} -> {c['entry_key']}")
    section("Duplicate clusters (keys naming one work)", report["duplicate_clusters"], lambda d: (
        f"{d['title']} ({d['year']}): " + "; ".join(
            f"{k['key']} [{', '.join(k['chapters']) or 'uncited'}]" for k in d["keys"])))
    section("Uncited entries", report["uncited_entries"], lambda u: (
        f"{_where(u)}: {u['key']}" + (f" (its work is cited as {', '.join(u['work_cited_as'])})"
                                       if u["work_cited_as"] else "")))
    section("Entries lacking DOI/arXiv id, year or authors", report["incomplete_entries"],
            lambda i: f"{_where(i)}: {i['key']} lacks {', '.join(i['missing'])}")
    section("Other warnings", report["other_problems"], lambda p: f"{_where(p)}: {p['message']}")
    out.append(f"{report['book']}: {report['errors']} error(s), {report['warnings']} warning(s)")
    return "\n".join(out)


def format_compare_text(result: dict) -> str:
    a, b = result["book_a"], result["book_b"]
    out = [f"{a} (A) vs {b} (B): {len(result['only_in_a'])} works only in A, {len(result['only_in_b'])} only in B, "
           f"{len(result['in_both'])} in both", ""]

    def works(title: str, rows: list[dict]) -> None:
        out.append(f"{title} ({len(rows)})")
        out.extend(f"  {r['title']} ({r['year'] or 'n.d.'}) [{', '.join(r['keys'])}]" for r in rows)
        out.append("")

    works(f"Only in {b}", result["only_in_b"])
    works("In both", result["in_both"])
    works(f"Only in {a}", result["only_in_a"])
    out.append("By chapter (A <-> B: only in A / only in B / in both)")
    for ch in result["by_chapter"]:
        out.append(f"  {ch['chapter_a'] or '-'} <-> {ch['chapter_b'] or '-'}: "
                   f"{len(ch['only_in_a'])} / {len(ch['only_in_b'])} / {len(ch['in_both'])}")
    return "\n".join(out)


def format_work_text(d: dict) -> str:
    lines = [f"{d['title']} ({d['year'] or 'n.d.'})"]
    if d["authors"]:
        lines.append("; ".join(d["authors"]))
    lines.append(" · ".join(filter(None, [d["venue"], d["type"]])))
    keys = _keys_by_book(d["keys"])
    lines.append(f"keys: {keys}")
    match = d["openalex_match"]
    if match:
        lines.append(f"OpenAlex: {match['status']}" + (f" by {match['method']}" if match["method"] else "")
                     + (f", {match['openalex_id']}" if match["openalex_id"] else "")
                     + (f" ({match['note']})" if match["note"] else ""))
        for c in (match.get("candidates") or [])[:3]:  # what was compared, and why it was or was not taken
            lines.append(f"  candidate {c.get('id')}: \"{(c.get('title') or '')[:60]}\" ({c.get('year')}), "
                         f"score {c.get('score')}: {c.get('why')}")
    else:
        lines.append("OpenAlex: not enriched (run `kb enrich`)")
    if d["cited_by_count"] is not None:
        lines.append(f"cited by {d['cited_by_count']} works (OpenAlex)")
    if d["topics"]:
        lines.append("topics: " + ", ".join(t["topic"] for t in d["topics"][:5]))
    if d["labels"]:
        lines.append(f"labels ({sum(1 for x in d['labels'] if x['accepted'])} accepted):")
        for x in d["labels"]:
            evidence = "; ".join(f"{e['source']} {e['confidence']:.2f}: {e['text']}" for e in x["evidence"])
            lines.append(f"  {x['node']} {x['confidence']:.2f}{'' if x['accepted'] else ' (below threshold)'}"
                         f" <- {evidence}")
    else:
        lines.append("labels: none (run `kb classify`)")
    lines.append(f"chapters ({len(d['chapters'])}): " + "; ".join(d["chapters"]))
    lines.append(f"citations ({len(d['citations'])}):")
    for c in d["citations"]:
        lines.append(f"  {c['location']} [{c['book']}: {c['heading']}] @{c['key']}")
        lines.append(f"    {c['sentence']}")
    if d["references_in_book"] or d["references_outside"]:
        lines.append(f"references: {len(d['references_in_book'])} in the books, {d['references_outside']} outside")
        lines.extend(f"  -> {r['title']} ({r['year']})" for r in d["references_in_book"])
    if d.get("newer_citing"):
        lines.append(f"cited by {d['newer_citing']} newer works since the book (`kb new`)")
    if d["cited_by_in_book"]:
        lines.append(f"cited by in the books ({len(d['cited_by_in_book'])}):")
        lines.extend(f"  <- {r['title']} ({r['year']})" for r in d["cited_by_in_book"])
    if d["abstract"]:
        lines.append(f"abstract: {d['abstract']}")
    lines.extend(f"{name}: {url}" for name, url in d["links"].items())
    return "\n".join(lines)


def _keys_by_book(keys: list[dict]) -> str:
    books: dict[str, list[str]] = {}
    for k in keys:
        books.setdefault(k["book"], []).append(k["key"])
    return "; ".join(f"{b}: {', '.join(ks)}" for b, ks in books.items())


def _planned(planned: list[dict]) -> tuple[list[str], float]:
    """A dry run's planned requests, a line each, and their known cost (open-ended rows not counted)."""
    lines = [f"  {p['kind']:<9} {p['requests']!s:>22}  ${p['cost_usd']:.4f}  {p['path'][:90]}" for p in planned]
    return lines, sum(p["cost_usd"] for p in planned if isinstance(p["requests"], int))


def format_enrich_text(data: dict, dry_run: bool) -> str:
    if dry_run:
        lines, total = _planned(data["planned"])
        return "\n".join(["Planned requests (nothing sent):", *lines,
                          f"at least ${total:.4f}; cache hits: {data['cache_hits']}"])
    m = data["matched"]
    requests = ", ".join(f"{k} {v}" for k, v in sorted(data["requests"].items())) or "none"
    return "\n".join([
        f"works: {data['works']}",
        f"matched: {sum(m.values())} (DOI {m['doi']}, arXiv {m['arxiv']}, title {m['title']}, pinned {m['pin']});"
        f" {data['warnings']} with warnings",
        f"verified mismatches: {data['mismatch']}; needs review: {data['review']}; not found: {data['not_found']};"
        f" rejected: {data['rejected']}; failed: {data['failed']}",
        f"requests: {requests}; cost ${data['cost_usd']:.4f}; cache hits: {data['cache_hits']}",
        f"references: {data['references']} (works outside the books: {data['stubs']})",
    ])


def format_since_text(data: dict, dry_run: bool) -> str:
    """`kb new`: the planned requests, or per chapter its newer works and related works."""
    if dry_run:
        lines, total = _planned(data["planned"])
        return "\n".join([f"Planned requests for `{data['book']}` since {data['since']} (nothing sent):", *lines,
                          f"at least ${total:.4f}; {data['works']} works with an OpenAlex id, cache hits: "
                          f"{data['cache_hits']}"])
    requests = ", ".join(f"{k} {v}" for k, v in sorted(data["requests"].items())) or "none"
    lines = [(f"{data['book']}: {data['newer']} works since {data['since']} cite {data['works']} of its works "
              f"({data['unmatched']} without an OpenAlex id: run `kb enrich`); requests: {requests}; "
              f"cost ${data['cost_usd']:.4f}; cache hits: {data['cache_hits']}")]
    for chapter in (data.get("result") or {}).get("chapters", []):
        if not chapter["newer"] and not chapter["related"]:
            continue
        lines += ["", f"{chapter['chapter']}  ({chapter['newer_count']} newer works citing its {chapter['works']})"]
        for i, w in enumerate(chapter["newer"], 1):
            lines.append(f"  {i:>2}. {w['score']:>5.2f}  {w['year'] or '':<4}  {w['citations']:>6} cit.  "
                         f"{(w['title'] or w['openalex_id'])[:70]}  <- {', '.join(w['cites_keys'][:4])}")
        if chapter["related"]:
            lines.append("  related, not cited: " + "; ".join(
                f"{(r['title'] or r['openalex_id'])[:50]} ({r['listed_by']})" for r in chapter["related"]))
    return "\n".join(lines)
