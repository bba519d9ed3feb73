// Sector references are `scheme:code` strings; this is their one parser.
export interface SectorRef {
  scheme: string;
  code: string;
}

export function parseSectorRef(ref: string): SectorRef | null {
  const i = ref.indexOf(':');
  if (i <= 0 || i === ref.length - 1) return null;
  return { scheme: ref.slice(0, i), code: ref.slice(i + 1) };
}

export const formatSectorRef = (scheme: string, code: string): string => `${scheme}:${code}`;
