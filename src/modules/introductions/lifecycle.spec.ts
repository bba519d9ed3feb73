import { MATCH_STATUSES, type MatchStatus } from '../matching/match.entity.js';
import { checkStep, NEXT_STATES } from './lifecycle.js';

describe('match lifecycle', () => {
  const legal: Array<[MatchStatus, MatchStatus]> = [
    ['suggested', 'approved'],
    ['suggested', 'rejected'],
    ['approved', 'introduced'],
    ['approved', 'closed_no_deal'],
    ['introduced', 'negotiating'],
    ['introduced', 'closed_no_deal'],
    ['negotiating', 'contracted'],
    ['negotiating', 'closed_no_deal'],
  ];

  it('lets a coordinator take exactly the legal steps, and names the allowed ones otherwise', () => {
    for (const from of MATCH_STATUSES) {
      for (const to of MATCH_STATUSES) {
        if (from === to) continue;
        const r = checkStep('coordinator', from, to);
        const isLegal = legal.some(([f, t]) => f === from && t === to);
        expect({ from, to, ok: r.ok }).toEqual({ from, to, ok: isLegal });
        if (!r.ok && r.reason === 'illegal') expect(r.allowed).toEqual(NEXT_STATES[from]);
      }
    }
    expect(checkStep('coordinator', 'approved', 'contracted')).toEqual({
      ok: false,
      reason: 'illegal',
      allowed: ['introduced', 'closed_no_deal'],
    });
    expect(NEXT_STATES.contracted).toEqual([]);
    expect(NEXT_STATES.closed_no_deal).toEqual([]);
  });

  it('lets the parties move to negotiating and add notes, nothing else', () => {
    expect(checkStep('party', 'introduced', 'negotiating')).toEqual({ ok: true, kind: 'status' });
    expect(checkStep('party', 'approved', 'introduced')).toEqual({ ok: false, reason: 'forbidden' });
    expect(checkStep('party', 'negotiating', 'contracted')).toEqual({ ok: false, reason: 'forbidden' });
    expect(checkStep('party', 'negotiating', 'closed_no_deal')).toEqual({ ok: false, reason: 'forbidden' });
    expect(checkStep('party', 'negotiating', 'negotiating')).toEqual({ ok: true, kind: 'note' });
    expect(checkStep('party', 'suggested', 'suggested')).toEqual({ ok: false, reason: 'forbidden' });
    // Before the introduction the parties are not in touch: no notes yet.
    expect(checkStep('party', 'approved', 'approved')).toEqual({ ok: false, reason: 'forbidden' });
    expect(checkStep('other', 'introduced', 'negotiating')).toEqual({ ok: false, reason: 'forbidden' });
    // An illegal step is illegal whoever asks (the caller learns what is allowed).
    expect(checkStep('party', 'approved', 'contracted')).toMatchObject({ ok: false, reason: 'illegal' });
  });
});
