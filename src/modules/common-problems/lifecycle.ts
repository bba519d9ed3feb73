import type { CommonProblemStatus } from './common-problem.entity.js';

/** A common problem's steps: a candidate is confirmed or dismissed; a confirmed one may still be dismissed. */
export const NEXT_STATUSES: Record<CommonProblemStatus, CommonProblemStatus[]> = {
  candidate: ['confirmed', 'dismissed'],
  confirmed: ['dismissed'],
  dismissed: [],
};

export const STATUS_LABELS: Record<CommonProblemStatus, string> = {
  candidate: '候选',
  confirmed: '已确认',
  dismissed: '已驳回',
};

export function canMove(from: CommonProblemStatus, to: CommonProblemStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}
