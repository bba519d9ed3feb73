import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrations } from './index.js';

// A migration that has run on an install is history: editing it changes nothing there and forks the schema of new
// installs from old ones. Its checksum is recorded when it is committed, and this test keeps it.
const dir = fileURLToPath(new URL('.', import.meta.url));
const released = JSON.parse(readFileSync(`${dir}/released.json`, 'utf8')) as Record<string, string>;
const files = readdirSync(dir).filter((f) => /^\d{13}-.+\.ts$/.test(f) && !f.endsWith('.spec.ts'));
const checksum = (file: string) =>
  createHash('sha256')
    .update(readFileSync(`${dir}/${file}`, 'utf8').replace(/\r\n/g, '\n'))
    .digest('hex');

describe('released migrations', () => {
  it('are never edited: each file still has the checksum recorded when it was committed', () => {
    const changed = Object.keys(released)
      .filter((f) => !f.startsWith('_'))
      .filter((f) => !files.includes(f) || checksum(f) !== released[f])
      .map((f) => `${f}: ${files.includes(f) ? 'edited' : 'deleted'} (write a new migration instead)`);
    expect(changed).toEqual([]);
  });

  it('are all recorded: a new migration gets its checksum in released.json when it is committed', () => {
    const unrecorded = files.filter((f) => !(f in released)).map((f) => `"${f}": "${checksum(f)}"`);
    expect(unrecorded).toEqual([]);
  });

  it('are all in the list the data source runs, oldest first', () => {
    const timestamps = files.map((f) => f.slice(0, 13)).sort();
    const listed = migrations.map((m) => /(\d{13})$/.exec(m.name)?.[1]);
    expect(listed).toEqual(timestamps);
  });
});
