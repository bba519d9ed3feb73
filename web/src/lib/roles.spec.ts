import type { Me } from '../api/types';
import { canUse, landingPath } from './roles';

const me = (role: Me['user']['role'], kind: Me['organization']['kind']) =>
  ({ user: { role }, organization: { kind } }) as unknown as Me;

describe('who may use what', () => {
  it('lands each role where its work is', () => {
    expect(landingPath(me('member', 'enterprise'))).toBe('/needs');
    expect(landingPath(me('member', 'university'))).toBe('/capabilities');
    expect(landingPath(me('member', 'lab'))).toBe('/capabilities');
    expect(landingPath(me('coordinator', 'government'))).toBe('/review');
    expect(landingPath(me('admin', 'government'))).toBe('/admin/organizations');
    expect(landingPath(me('member', 'investor'))).toBe('/catalogue/needs');
  });

  it('keeps members out of the review queue and administration', () => {
    expect(canUse(me('member', 'enterprise'), 'review')).toBe(false);
    expect(canUse(me('member', 'enterprise'), 'capabilities')).toBe(false);
    expect(canUse(me('member', 'university'), 'needs')).toBe(false);
    expect(canUse(me('coordinator', 'government'), 'review')).toBe(true);
    expect(canUse(me('coordinator', 'government'), 'admin')).toBe(false);
    expect(canUse(me('admin', 'government'), 'review')).toBe(true);
  });
});
