// The figures of `npm run load`: the table it prints, the targets it checks, and its section of docs/reliability.md
// (only between the load markers; the fault suite owns its own section of the same file).
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { ROOT } from './datasets.js';
import { markers, writeSection } from './doc-section.js';
import type { CpuShare } from './load-cpu.js';
import { ms, percentile } from './figures.js';
import { countErrors, countNon2xx, type RateRun } from './load-rate.js';
import { PG_SERVER, REDIS_URL } from './load-stack.js';

export interface Scenario {
  key: string;
  /** Chinese first, English alongside. */
  label: string;
  request: string;
  p99TargetMs: number;
  run: RateRun;
  cpu: CpuShare | null;
}

export interface MatchingFigures {
  posted: number;
  matched: number;
  withSuggestions: number;
  /** Milliseconds from the 201 to the need's ranking being visible, per matched need. */
  latencies: number[];
  /** Seconds from the last 201 of the posting phase until every posted need was matched (0 if none was left; NaN if never). */
  drainSeconds: number;
  p99TargetMs: number;
}

export interface SeedFigures {
  capabilities: number;
  capabilitySeconds: number;
  /** Seconds from the first batch until the worker had finished every capability job. */
  placedSeconds: number;
  needs: number;
  matchedAfterSeconds: number;
  suggestions: number;
}

export interface Target {
  name: string;
  figure: string;
  ok: boolean;
}

const int = (v: number) => v.toLocaleString('en');
const maxOf = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), -Infinity);

function errorsText(run: RateRun): string {
  const n = countErrors(run);
  return n ? `${n} (${[...run.errors].map(([k, v]) => `${k} ${v}`).join(', ')})` : '0';
}

function non2xxText(run: RateRun): string {
  const n = countNon2xx(run);
  const codes = [...run.statuses].filter(([s]) => s < 200 || s > 299);
  return n ? `${n} (${codes.map(([k, v]) => `${k}×${v}`).join(', ')})` : '0';
}

function cpuText(c: CpuShare | null): string {
  return c ? [c.api, c.worker, c.postgres, c.generator, c.others].map((v) => v.toFixed(2)).join(' / ') : 'n/a';
}

export function targets(scenarios: Scenario[], matching: MatchingFigures | null): Target[] {
  const out: Target[] = [];
  for (const s of scenarios) {
    const p99 = percentile(s.run.latencies, 99);
    out.push({
      name: `${s.label}: p99 ≤ ${s.p99TargetMs} ms at ${s.run.targetRate} req/s`,
      figure: `p99 ${ms(p99)} ms at ${s.run.achievedRate.toFixed(1)} req/s`,
      // A rate the generator could not hold is not the rate the target names.
      ok: p99 <= s.p99TargetMs && s.run.achievedRate >= 0.95 * s.run.targetRate,
    });
    const bad = countNon2xx(s.run) + countErrors(s.run);
    out.push({
      name: `${s.label}: 0 errors / 无错误`,
      figure: `non-2xx ${non2xxText(s.run)}, errors ${errorsText(s.run)}`,
      ok: bad === 0,
    });
  }
  if (matching) {
    const p99 = percentile(matching.latencies, 99);
    out.push({
      name: `发布的需求 ${matching.p99TargetMs / 1000} 秒内完成匹配 (p99) / posted needs matched within ${matching.p99TargetMs / 1000} s at p99`,
      figure: `p99 ${ms(p99)} ms; ${int(matching.matched)} of ${int(matching.posted)} matched`,
      ok: matching.posted > 0 && matching.matched === matching.posted && p99 <= matching.p99TargetMs,
    });
  }
  return out;
}

export function tables(
  scenarios: Scenario[],
  matching: MatchingFigures | null,
  seed: SeedFigures,
  checked: Target[],
): string[] {
  const lines = [
    '| 场景 scenario | 请求 request | 目标速率 target rate | 实际速率 achieved | 请求数 requests | p50 ms | p99 ms | max ms | 非 2xx non-2xx | 错误 errors | CPU 核 cores: API / worker / PostgreSQL / 压测 generator / 其他 others |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of scenarios) {
    const l = s.run.latencies;
    lines.push(
      `| ${s.label} | ${s.request} | ${s.run.targetRate}/s × ${s.run.seconds} s | ${s.run.achievedRate.toFixed(1)}/s | ${int(s.run.sent)} | ${ms(percentile(l, 50))} | ${ms(percentile(l, 99))} | ${ms(maxOf(l))} | ${non2xxText(s.run)} | ${errorsText(s.run)} | ${cpuText(s.cpu)} |`,
    );
  }
  lines.push('');
  if (matching) {
    const l = matching.latencies;
    lines.push(
      '| 匹配 matching of the posted needs | 数值 figure |',
      '|---|---|',
      `| 已发布 / 已匹配 posted / matched | ${int(matching.posted)} / ${int(matching.matched)} (${int(matching.withSuggestions)} 条有建议 with suggestions, ${int(matching.matched - matching.withSuggestions)} 条暂无合适匹配 no suitable match yet) |`,
      `| 从 201 到匹配可读 201 → ranking readable, p50 / p99 / max | ${ms(percentile(l, 50))} / ${ms(percentile(l, 99))} / ${ms(maxOf(l))} ms |`,
      `| 发布结束后积压清空 backlog drained after the posting phase | ${Number.isNaN(matching.drainSeconds) ? '未清空 not drained within 90 s' : `${matching.drainSeconds.toFixed(2)} s`} |`,
      '',
    );
  }
  lines.push(
    '| 准备 set-up | 数值 figure |',
    '|---|---|',
    `| 成果目录 catalogue through \`POST /capabilities/batch\` (1,000 per request) | ${int(seed.capabilities)} in ${seed.capabilitySeconds.toFixed(1)} s; worker done after ${seed.placedSeconds.toFixed(1)} s |`,
    `| 开放需求 open needs through \`POST /needs/batch\`, matched by the worker | ${int(seed.needs)}, all matched ${seed.matchedAfterSeconds.toFixed(1)} s after posting |`,
    `| 审核队列 review queue (suggestions, nothing approved) | ${int(seed.suggestions)} |`,
    '',
    '| 目标 target | 结果 figure | 达成 met |',
    '|---|---|---|',
    ...checked.map((t) => `| ${t.name} | ${t.figure} | ${t.ok ? '是 yes' : '**否 NO**'} |`),
    '',
  );
  return lines;
}

export async function machine(): Promise<string> {
  const c = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await c.connect();
  const [{ server_version: pgVersion }] = (await c.query<{ server_version: string }>('SHOW server_version')).rows;
  await c.end();
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
  const info = await redis.info('server');
  redis.disconnect();
  const redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'n/a';
  return (
    `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM; ` +
    `Node ${process.version}, PostgreSQL ${pgVersion}, Redis ${redisVersion}`
  );
}

const DOC = path.join(ROOT, 'docs', 'reliability.md');
const { start: LOAD_START, end: LOAD_END } = markers('load');

const NEW_DOC = `# 可靠性 Reliability

本文记录两项测试的最近一次结果：故障测试（\`npm run test:faults\`：进程被杀、PostgreSQL 与 Redis 中断时，已确认的写入不丢失）
与负载测试（\`npm run load\`：固定速率下的延迟与匹配积压）。两节分别由各自的命令重写。
The latest figures of two test runs: the fault suite (\`npm run test:faults\`: no acknowledged write is lost when a worker is
killed or PostgreSQL or Redis go away) and the load test (\`npm run load\`: latency at fixed rates, and the matching
backlog). Each command rewrites its own section.

## 故障测试 Fault suite

<!-- faults:start -->
<!-- faults:end -->

## 负载测试 Load test

${LOAD_START}
${LOAD_END}
`;

/** Writes `body` between the load markers of docs/reliability.md, creating the file (with both sections) if needed. */
export function writeLoadSection(body: string): string {
  return writeSection(DOC, 'load', body, { heading: '负载测试 Load test', newDoc: NEW_DOC });
}
