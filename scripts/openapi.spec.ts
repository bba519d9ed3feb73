import { readFileSync } from 'node:fs';
import { openApiDocument, schemaSource, SCHEMA_FILE, VOCABULARY_FILE, vocabularyFile } from './openapi.js';

// The console's generated contract is committed (a fresh clone type-checks before any build); this fails when the
// server's DTOs or vocabularies changed and `npm run openapi` (or a build) was not run and its output committed.
describe('the console’s generated contract', () => {
  it('matches the OpenAPI document the server builds now', async () => {
    const doc = await openApiDocument();
    expect(doc.paths['/api/v1/needs']).toBeDefined();
    expect(await schemaSource(doc)).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  it('matches the server’s vocabularies and alias table', async () => {
    expect(await vocabularyFile()).toBe(readFileSync(VOCABULARY_FILE, 'utf8'));
  });
});
