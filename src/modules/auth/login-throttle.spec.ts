import { throttledAddress } from './login-throttle.service.js';

describe('the address sign-ins are throttled by', () => {
  it('is an IPv4 address as it is, also when it comes IPv4-mapped', () => {
    expect(throttledAddress('203.0.113.9')).toBe('203.0.113.9');
    expect(throttledAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('is the /64 of an IPv6 address, so a client cannot try from a fresh address of its own network each time', () => {
    const a = throttledAddress('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
    expect(a).toBe('2001:db8:1:2::/64');
    expect(throttledAddress('2001:db8:1:2::1')).toBe(a);
    expect(throttledAddress('2001:db8:1:3::1')).not.toBe(a);
  });

  it('leaves anything else as it is', () => {
    expect(throttledAddress('unknown')).toBe('unknown');
  });
});
