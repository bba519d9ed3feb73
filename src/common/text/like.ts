/** A `LIKE`/`ILIKE` pattern matching values that contain `text` as typed: its `%`, `_` and `\` match themselves. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}
