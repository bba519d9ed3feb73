import { Injectable } from '@nestjs/common';
import type { FieldError } from '../../common/errors/error-body.js';
import { parseSectorRef } from './sector-ref.js';
import { TaxonomiesRepository } from './taxonomies.repository.js';

export const MAX_SECTORS = 10;
/** How long a scheme's tree is reused for filters: a replaced scheme shows in filters within this time. */
const TREE_TTL_MS = 10_000;

/** Sector references (`scheme:code`) as other modules use them: checked against the stored schemes. */
@Injectable()
export class SectorsService {
  private readonly trees = new Map<string, { at: number; children: Promise<Map<string, string[]>> }>();

  constructor(private readonly repo: TaxonomiesRepository) {}

  /**
   * Field errors for every reference that is malformed or unknown. `lists` maps a field path (e.g. `sectors` or
   * `items[3].sectors`) to its references; one query checks them all.
   */
  async check(lists: Array<{ field: string; sectors: string[]; index?: number }>): Promise<FieldError[]> {
    const all = [...new Set(lists.flatMap((l) => l.sectors))];
    const known = await this.repo.existingRefs(all.filter((r) => parseSectorRef(r)));
    const errors: FieldError[] = [];
    for (const l of lists) {
      l.sectors.forEach((ref, i) => {
        const base = { field: `${l.field}[${i}]`, ...(l.index !== undefined ? { index: l.index } : {}) };
        if (!parseSectorRef(ref)) {
          errors.push({ ...base, message: `领域格式应为“体系:代码” / a sector is written scheme:code, got "${ref}"` });
        } else if (!known.has(ref)) {
          errors.push({ ...base, message: `未知领域代码 / unknown sector code ${ref}` });
        }
      });
    }
    return errors;
  }

  /** A sector and all its descendants, for filters where "电子信息" should also find "软件". */
  async withDescendants(ref: string): Promise<string[]> {
    const parsed = parseSectorRef(ref);
    if (!parsed) return [ref];
    const children = await this.childrenOf(parsed.scheme);
    const out: string[] = [];
    const stack = [parsed.code];
    while (stack.length) {
      const code = stack.pop()!;
      out.push(`${parsed.scheme}:${code}`);
      stack.push(...(children.get(code) ?? []));
    }
    return out;
  }

  /** Drops a scheme's cached tree (this process replaced it; other API processes follow within TREE_TTL_MS). */
  forget(scheme: string): void {
    this.trees.delete(scheme);
  }

  /** A scheme's codes by parent, read at most every TREE_TTL_MS (filters ask for it on every list request). */
  private childrenOf(scheme: string): Promise<Map<string, string[]>> {
    const cached = this.trees.get(scheme);
    if (cached && Date.now() - cached.at < TREE_TTL_MS) return cached.children;
    const children = this.repo.codes(scheme).then((codes) => {
      // Only schemes that exist are kept: a filter naming made-up schemes must not grow the cache without end.
      if (!codes.length) this.trees.delete(scheme);
      const byParent = new Map<string, string[]>();
      for (const c of codes) if (c.parent) byParent.set(c.parent, [...(byParent.get(c.parent) ?? []), c.code]);
      return byParent;
    });
    // A failed read is not kept either.
    children.catch(() => this.trees.delete(scheme));
    this.trees.set(scheme, { at: Date.now(), children });
    return children;
  }
}
