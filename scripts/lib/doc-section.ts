// Generated sections of hand-written documents: a script owns the text between `<!-- name:start -->` and
// `<!-- name:end -->` and rewrites only that, so the hand-written text around it survives each run.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const markers = (name: string) => ({ start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` });

/**
 * `doc` with `body` between the markers of section `name`. When the markers are missing, they are appended under
 * `## heading` (at the end of the document).
 */
export function replaceSection(doc: string, name: string, body: string, heading: string): string {
  const { start, end } = markers(name);
  if (!doc.includes(start) || !doc.includes(end)) doc = `${doc.trimEnd()}\n\n## ${heading}\n\n${start}\n${end}\n`;
  const head = doc.slice(0, doc.indexOf(start) + start.length);
  const tail = doc.slice(doc.indexOf(end));
  return `${head}\n${body.trim()}\n${tail}`;
}

/** Writes section `name` of `file` (created from `newDoc` when missing, which should hold its markers). */
export function writeSection(file: string, name: string, body: string, opts: { heading: string; newDoc: string }) {
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : opts.newDoc;
  writeFileSync(file, replaceSection(doc, name, body, opts.heading));
  return file;
}
