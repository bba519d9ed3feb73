export const MAX_KEYWORDS = 20;
export const MAX_KEYWORD_LENGTH = 30;

/**
 * Keywords as stored: trimmed, inner whitespace collapsed, empty ones dropped, duplicates (ignoring case and
 * full-width forms) removed keeping the first spelling. Non-strings are left for validation to report.
 */
export function normalizeKeywords(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of value) {
    if (typeof v !== 'string') {
      out.push(v);
      continue;
    }
    const k = v.normalize('NFKC').replace(/\s+/g, ' ').trim();
    if (!k) continue;
    const key = k.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(k);
  }
  return out;
}

/** Removes duplicates from a list of strings, keeping order; other values are left for validation. */
export function uniqueStrings(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const seen = new Set<string>();
  const out: unknown[] = [];
  for (const v of value as unknown[]) {
    if (typeof v !== 'string') out.push(v);
    else if (!seen.has(v.trim())) {
      seen.add(v.trim());
      out.push(v.trim());
    }
  }
  return out;
}

export function trimString(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}
