import { addDays } from '../../common/domain/dates.js';
import {
  AGREEMENT_NEXT,
  POST_NEXT,
  addMonths,
  allowedNominationActions,
  checkLogMonth,
  checkStep,
  isSystemPostStep,
  mayEvaluate,
  mayTakeNominationAction,
  nominationNext,
  takesLogs,
  termEndDate,
  userPostSteps,
  writableLogMonths,
} from './lifecycle.js';

describe('envoys lifecycle', () => {
  it('posts: draft → open → filled | closed; closed is final', () => {
    expect(checkStep(POST_NEXT, 'draft', 'open')).toEqual({ ok: true });
    expect(checkStep(POST_NEXT, 'open', 'filled')).toEqual({ ok: true });
    expect(checkStep(POST_NEXT, 'filled', 'closed')).toEqual({ ok: true });
    expect(checkStep(POST_NEXT, 'draft', 'filled')).toEqual({ ok: false, allowed: ['open', 'closed'] });
    expect(checkStep(POST_NEXT, 'closed', 'open')).toEqual({ ok: false, allowed: [] });
  });

  it('posts: filled ⇄ open are the system’s steps; the enterprise only opens drafts and closes', () => {
    expect(isSystemPostStep('open', 'filled')).toBe(true);
    expect(isSystemPostStep('filled', 'open')).toBe(true);
    expect(isSystemPostStep('draft', 'open')).toBe(false);
    expect(userPostSteps('draft')).toEqual(['open', 'closed']);
    expect(userPostSteps('open')).toEqual(['closed']);
    expect(userPostSteps('filled')).toEqual(['closed']);
    expect(userPostSteps('closed')).toEqual([]);
  });

  it('coordinators broker: they decline or withdraw, never accept for a party', () => {
    expect(mayTakeNominationAction('coordinator', 'enterprise_accepted')).toBe(false);
    expect(mayTakeNominationAction('coordinator', 'nominee_accepted')).toBe(false);
    expect(mayTakeNominationAction('coordinator', 'declined')).toBe(true);
    expect(mayTakeNominationAction('coordinator', 'withdrawn')).toBe(true);
    expect(allowedNominationActions('coordinator', 'nominated')).toEqual(['declined', 'withdrawn']);
  });

  it('nominations match only when both sides have accepted, in either order', () => {
    expect(nominationNext('nominated', 'enterprise_accepted')).toBe('enterprise_accepted');
    expect(nominationNext('enterprise_accepted', 'nominee_accepted')).toBe('matched');
    expect(nominationNext('nominated', 'nominee_accepted')).toBe('nominee_accepted');
    expect(nominationNext('nominee_accepted', 'enterprise_accepted')).toBe('matched');
    expect(nominationNext('enterprise_accepted', 'enterprise_accepted')).toBeNull();
    expect(nominationNext('matched', 'declined')).toBeNull();
    expect(nominationNext('declined', 'nominee_accepted')).toBeNull();
  });

  it('each side takes only its own steps', () => {
    expect(mayTakeNominationAction('enterprise', 'enterprise_accepted')).toBe(true);
    expect(mayTakeNominationAction('enterprise', 'nominee_accepted')).toBe(false);
    expect(mayTakeNominationAction('enterprise', 'withdrawn')).toBe(false);
    expect(mayTakeNominationAction('nominee', 'nominee_accepted')).toBe(true);
    expect(mayTakeNominationAction('nominating', 'nominee_accepted')).toBe(false);
    expect(mayTakeNominationAction('nominating', 'withdrawn')).toBe(true);
    expect(mayTakeNominationAction('other', 'declined')).toBe(false);
    expect(allowedNominationActions('enterprise', 'nominee_accepted')).toEqual(['enterprise_accepted', 'declined']);
    expect(allowedNominationActions('nominee', 'enterprise_accepted')).toEqual([
      'nominee_accepted',
      'declined',
      'withdrawn',
    ]);
  });

  it('agreements: draft → active → completed; terminated from draft or active', () => {
    expect(checkStep(AGREEMENT_NEXT, 'active', 'terminated')).toEqual({ ok: true });
    expect(checkStep(AGREEMENT_NEXT, 'completed', 'terminated')).toEqual({ ok: false, allowed: [] });
  });

  it('term end: the day before the same day N months later, or the last day of a short month', () => {
    expect(termEndDate('2027-01-01', 12)).toBe('2027-12-31');
    expect(termEndDate('2026-03-01', 12)).toBe('2027-02-28');
    expect(termEndDate('2026-03-15', 1)).toBe('2026-04-14');
    expect(termEndDate('2026-01-31', 1)).toBe('2026-02-28');
    expect(termEndDate('2028-01-31', 1)).toBe('2028-02-29');
    expect(termEndDate('2026-11-01', 36)).toBe('2029-10-31');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  });

  it('work logs: months of the agreement, not in the future, until the end of the next month', () => {
    const a = { startsOn: '2026-03-15', endsOn: '2026-09-14' };
    expect(checkLogMonth({ ...a, month: '2026-03', today: '2026-03-20' })).toEqual({ ok: true });
    expect(checkLogMonth({ ...a, month: '2026-03', today: '2026-04-30' })).toEqual({ ok: true });
    expect(checkLogMonth({ ...a, month: '2026-03', today: '2026-05-01' })).toMatchObject({ ok: false, status: 409 });
    expect(checkLogMonth({ ...a, month: '2026-04', today: '2026-03-31' })).toMatchObject({ ok: false, status: 400 });
    expect(checkLogMonth({ ...a, month: '2026-02', today: '2026-03-20' })).toMatchObject({ ok: false, status: 400 });
    expect(checkLogMonth({ ...a, month: '2026-10', today: '2026-10-02' })).toMatchObject({ ok: false, status: 400 });
  });

  it('work logs of an ended agreement: only the months up to the one it ended in, under the same deadline', () => {
    const a = { startsOn: '2026-03-15', endsOn: '2026-09-14', endedOn: '2026-05-10' };
    expect(checkLogMonth({ ...a, month: '2026-05', today: '2026-05-20' })).toEqual({ ok: true });
    expect(checkLogMonth({ ...a, month: '2026-05', today: '2026-06-30' })).toEqual({ ok: true });
    expect(checkLogMonth({ ...a, month: '2026-05', today: '2026-07-01' })).toMatchObject({ ok: false, status: 409 });
    expect(checkLogMonth({ ...a, month: '2026-06', today: '2026-06-02' })).toMatchObject({
      ok: false,
      status: 409,
      details: { endedOn: '2026-05-10' },
    });
    expect(writableLogMonths({ ...a, today: '2026-05-20' })).toEqual(['2026-04', '2026-05']);
    expect(writableLogMonths({ ...a, today: '2026-06-20' })).toEqual(['2026-05']);
    expect(writableLogMonths({ ...a, today: '2026-07-01' })).toEqual([]);
    expect(writableLogMonths({ startsOn: '2026-03-15', endsOn: '2026-09-14', today: '2026-02-20' })).toEqual([]);
    expect(takesLogs('active', true)).toBe(true);
    expect(takesLogs('terminated', true)).toBe(true);
    expect(takesLogs('completed', true)).toBe(true);
    expect(takesLogs('terminated', false)).toBe(false);
    expect(takesLogs('draft', false)).toBe(false);
  });

  it('evaluation: at or after the last day of an active agreement, or after termination of one that was in force', () => {
    expect(mayEvaluate('active', '2026-09-14', '2026-09-13', true)).toBe(false);
    expect(mayEvaluate('active', '2026-09-14', '2026-09-14', true)).toBe(true);
    expect(mayEvaluate('terminated', '2026-09-14', '2026-05-01', true)).toBe(true);
    expect(mayEvaluate('terminated', '2026-09-14', '2026-05-01', false)).toBe(false);
    expect(mayEvaluate('completed', '2026-09-14', '2026-10-01', true)).toBe(false);
    expect(mayEvaluate('draft', '2026-09-14', '2026-10-01', false)).toBe(false);
  });
});
