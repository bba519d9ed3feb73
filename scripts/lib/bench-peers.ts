// The peers of `npm run bench` (EVALUATION.md), each given exactly what the service's own index gets: the same
// analyzer's terms for every capability (jieba words and single characters, with their frequencies) and the same
// query terms for every need (the need's query as the service builds it). Each returns per-query times in ms.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { termScore, type QueryTerm } from '../../src/modules/matching/scoring/bm25.js';

export interface PeerDoc {
  terms: ReadonlyMap<string, number>;
  length: number;
}

export interface PeerResult {
  times: number[];
  /** Hits returned per query, to show the peers really answered. */
  hits: number[];
  /** Time to build the peer's index, ms. */
  indexMs: number;
}

/** Integer term frequencies for engines that count occurrences (weighted fields give fractional ones). */
export function occurrences(terms: ReadonlyMap<string, number>): Array<[string, number]> {
  return [...terms].map(([t, tf]) => [t, Math.max(1, Math.round(tf))]);
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Scores every capability for the query (BM25, the index's formula) and keeps the top `k`: no index at all. */
export function bruteForce(docs: readonly PeerDoc[], queries: ReadonlyArray<readonly QueryTerm[]>, k = 50): PeerResult {
  const avg = docs.reduce((s, d) => s + d.length, 0) / Math.max(docs.length, 1);
  const times: number[] = [];
  const hits: number[] = [];
  const scores = new Float64Array(docs.length);
  for (const q of queries) {
    const t0 = now();
    let found = 0;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i];
      let s = 0;
      for (const term of q) {
        const tf = d.terms.get(term.term);
        if (tf) s += termScore(term, tf, d.length, avg);
      }
      scores[i] = s;
      if (s > 0) found++;
    }
    // Top k by partial selection: a threshold from a sorted copy of the positive scores.
    const positive = scores.filter((s) => s > 0).sort();
    const floor = positive.length > k ? positive[positive.length - k] : 0;
    const top: number[] = [];
    for (let i = 0; i < docs.length && top.length < k; i++) if (scores[i] >= floor && scores[i] > 0) top.push(i);
    times.push(now() - t0);
    hits.push(Math.min(found, k));
  }
  return { times, hits, indexMs: 0 };
}

const lexeme = (t: string) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** A tsvector literal with one position per occurrence, so `ts_rank_cd` (cover density) has positions to use. */
function tsvector(terms: Array<[string, number]>): string {
  let pos = 1;
  return terms
    .map(([t, n]) => {
      const positions: number[] = [];
      for (let i = 0; i < Math.min(n, 255); i++) positions.push(Math.min(pos++, 16383));
      return `${lexeme(t)}:${positions.join(',')}`;
    })
    .join(' ');
}

/**
 * PostgreSQL full text: the same terms as lexemes (no parser or dictionary in between), a GIN index, an OR query,
 * `ts_rank_cd`, top 50. Runs in a database of its own, dropped afterwards.
 */
export async function postgresPeer(
  server: string,
  docs: ReadonlyArray<Array<[string, number]>>,
  queries: string[][],
  warmup = 3,
): Promise<PeerResult> {
  const name = `techmatch_bench_pg_${Date.now()}`;
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const c = new pg.Client({ connectionString: `${server}/${name}` });
  await c.connect();
  try {
    const t0 = now();
    await c.query(`CREATE TABLE docs (id int PRIMARY KEY, tsv tsvector NOT NULL)`);
    for (let i = 0; i < docs.length; i += 2000) {
      const slice = docs.slice(i, i + 2000);
      await c.query(`INSERT INTO docs (id, tsv) SELECT * FROM unnest($1::int[], $2::tsvector[])`, [
        slice.map((_, j) => i + j),
        slice.map(tsvector),
      ]);
    }
    await c.query(`CREATE INDEX docs_tsv ON docs USING gin (tsv)`);
    await c.query(`VACUUM ANALYZE docs`);
    const indexMs = now() - t0;
    const sql = `SELECT id, ts_rank_cd(tsv, q) AS r FROM docs, CAST($1 AS tsquery) q WHERE tsv @@ q ORDER BY r DESC LIMIT 50`;
    const asQuery = (terms: string[]) => terms.map(lexeme).join(' | ');
    for (const q of queries.slice(0, warmup)) await c.query(sql, [asQuery(q)]);
    const times: number[] = [];
    const hits: number[] = [];
    for (const q of queries) {
      const t = now();
      const r = await c.query(sql, [asQuery(q)]);
      times.push(now() - t);
      hits.push(r.rowCount ?? 0);
    }
    return { times, hits, indexMs };
  } finally {
    await c.end();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

const XAPIAN_SCRIPT = fileURLToPath(new URL('../../../scripts/bench/xapian-peer.py', import.meta.url));
export const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

/** Xapian (Debian's python3-xapian): the same terms with their frequencies, BM25, an OR query, top 50. */
export async function xapianPeer(
  docs: ReadonlyArray<Array<[string, number]>>,
  queries: string[][],
): Promise<PeerResult> {
  const dir = mkdtempSync(join(tmpdir(), 'techmatch-xapian-'));
  try {
    writeFileSync(join(dir, 'docs.jsonl'), docs.map((d) => JSON.stringify(d)).join('\n') + '\n');
    writeFileSync(join(dir, 'queries.jsonl'), queries.map((q) => JSON.stringify(q)).join('\n') + '\n');
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(PYTHON, [XAPIAN_SCRIPT, dir, '50', '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve(stdout) : reject(new Error(`xapian peer exited with ${code}: ${stderr.slice(-500)}`)),
      );
    });
    const r = JSON.parse(out) as { indexMs: number; times: number[]; hits: number[] };
    return { times: r.times, hits: r.hits, indexMs: r.indexMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether the Xapian bindings are importable, with the reason when not. */
export async function xapianAvailable(): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ['-c', 'import xapian'], { stdio: 'ignore' });
    child.on('error', (e) => resolve(e.message));
    child.on('close', (code) => resolve(code === 0 ? null : 'python3 cannot import xapian'));
  });
}
