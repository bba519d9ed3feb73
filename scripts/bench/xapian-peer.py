#!/usr/bin/env python3
"""The Xapian peer of `npm run bench` (EVALUATION.md): indexes the same term streams the service indexes and times
BM25 OR queries over the same query terms, top 50. Reads <dir>/docs.jsonl (one document per line: [[term, wdf], ...])
and <dir>/queries.jsonl (one query per line: [term, ...]); prints one JSON object on stdout."""
import json
import os
import sys
import tempfile
import time

import xapian


def main(workdir: str, top: int, warmup: int) -> None:
    dbdir = tempfile.mkdtemp(prefix="xapian-bench-", dir=workdir)
    started = time.perf_counter()
    db = xapian.WritableDatabase(dbdir, xapian.DB_CREATE_OR_OVERWRITE)
    with open(os.path.join(workdir, "docs.jsonl"), encoding="utf-8") as f:
        for line in f:
            doc = xapian.Document()
            for term, wdf in json.loads(line):
                doc.add_term(term, wdf)
            db.add_document(doc)
    db.commit()
    db.close()
    index_ms = (time.perf_counter() - started) * 1000

    db = xapian.Database(dbdir)
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight())
    with open(os.path.join(workdir, "queries.jsonl"), encoding="utf-8") as f:
        queries = [json.loads(line) for line in f]

    def run(terms):
        enquire.set_query(xapian.Query(xapian.Query.OP_OR, terms))
        return enquire.get_mset(0, top)

    for terms in queries[:warmup]:
        run(terms)
    times = []
    hits = []
    for terms in queries:
        t0 = time.perf_counter()
        mset = run(terms)
        times.append((time.perf_counter() - t0) * 1000)
        hits.append(mset.size())
    print(json.dumps({"indexMs": index_ms, "times": times, "hits": hits, "documents": db.get_doccount()}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 50, int(sys.argv[3]) if len(sys.argv) > 3 else 20)
