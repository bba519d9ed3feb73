import { CHALLENGE_NEXT, CHALLENGE_STATUSES, checkChallengeStep } from './lifecycle.js';

describe('the challenge state machine', () => {
  it('walks from a draft to completion, one coordinator step at a time', () => {
    const path = ['draft', 'published', 'reviewing', 'notice', 'awarded', 'completed'] as const;
    for (let i = 1; i < path.length; i++) {
      expect(checkChallengeStep('coordinator', path[i - 1], path[i])).toEqual({ ok: true });
    }
  });

  it('names the allowed next steps of an illegal one', () => {
    expect(checkChallengeStep('coordinator', 'published', 'awarded')).toEqual({
      ok: false,
      reason: 'illegal',
      allowed: ['reviewing', 'failed'],
    });
    expect(checkChallengeStep('coordinator', 'completed', 'failed')).toEqual({
      ok: false,
      reason: 'illegal',
      allowed: [],
    });
  });

  it('lets the issuing enterprise only send its draft for approval and take it back', () => {
    expect(checkChallengeStep('issuer', 'draft', 'pending_approval')).toEqual({ ok: true });
    expect(checkChallengeStep('issuer', 'pending_approval', 'draft')).toEqual({ ok: true });
    expect(checkChallengeStep('issuer', 'pending_approval', 'published')).toEqual({ ok: false, reason: 'forbidden' });
    expect(checkChallengeStep('other', 'draft', 'pending_approval')).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('can close every unfinished challenge with a reason, and nothing after it ends', () => {
    for (const s of CHALLENGE_STATUSES) {
      const final = s === 'completed' || s === 'failed';
      expect(CHALLENGE_NEXT[s].includes('failed')).toBe(!final);
    }
  });
});
