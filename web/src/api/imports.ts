import { useMutation } from '@tanstack/react-query';
import { api } from './client';
import type { MutationUi } from './mutation';

// Spreadsheet imports. The route reads a raw CSV body and its OpenAPI entry has no response schema: these shapes are
// the console's own reading of the answer.

export interface ImportResult {
  dryRun: boolean;
  rows: number;
  created: string[];
}
/** One bad cell of a refused import (the 400's `errors`). */
export interface CellError {
  row: number;
  column: string;
  message: string;
}

export interface ImportRun {
  what: 'needs' | 'capabilities';
  file: File;
  dryRun: boolean;
}

export function useImport(ui: MutationUi<ImportResult, ImportRun> & { onMutate?: () => void } = {}) {
  return useMutation({
    mutationFn: async ({ what, file, dryRun }: ImportRun) =>
      api<ImportResult>('POST', `/imports/${what}${dryRun ? '?dryRun=true' : ''}`, await file.arrayBuffer(), {
        contentType: 'text/csv',
      }),
    onMutate: ui.onMutate,
    onSuccess: ui.onSuccess,
    onError: ui.onError,
  });
}
