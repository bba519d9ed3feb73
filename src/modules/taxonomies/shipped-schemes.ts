import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CodeRow } from './taxonomies.repository.js';

export interface ShippedScheme {
  scheme: string;
  name: string;
  source: string;
  codes: CodeRow[];
}

/** The schemes that ship with the service: 高新技术领域 (2016) and GB/T 4754-2017 门类/大类. */
export function shippedSchemes(): ShippedScheme[] {
  return ['hitech', 'gbt4754'].map(
    (s) =>
      JSON.parse(readFileSync(fileURLToPath(new URL(`./data/${s}.json`, import.meta.url)), 'utf8')) as ShippedScheme,
  );
}
