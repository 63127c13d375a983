import { cidrContains, parseCidr, parseIpAddress } from '../../../src/evaluator/policy/ip';

// IAM User Guide, condition operators, "IP address condition operators": IPv4 or IPv6 addresses or
// ranges in CIDR notation (RFC 4632); IPv6 text forms are RFC 4291.
describe('parseIpAddress', () => {
  test.each([
    ['203.0.113.10', 4],
    ['0.0.0.0', 4],
    ['255.255.255.255', 4],
    ['2001:db8::1', 6],
    ['2001:DB8:0:0:0:0:0:1', 6],
    ['::', 6],
    ['::1', 6],
    ['fe80::', 6],
    ['1:2:3:4:5:6:7::', 6],
    ['::ffff:203.0.113.10', 6],
    ['64:ff9b::192.0.2.33', 6],
  ])('accepts %s', (text, family) => {
    expect(parseIpAddress(text)?.family).toBe(family);
  });

  test.each([
    '', ' 10.0.0.1', '10.0.0.1 ', '10.0.0', '10.0.0.1.5', '256.0.0.1', '10.0.0.-1', '010.0.0.1', '10.00.0.1',
    '1.2.3.a', '0x0a.0.0.1', '2001:db8::1::2', ':::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::',
    'g::1', '2001:db8::1%eth0', '1.2.3.4::', ':1::', '10.0.0.1/32', '::ffff:256.0.0.1',
  ])('rejects %j', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });

  test('IPv6 text forms that name the same address have the same value', () => {
    expect(parseIpAddress('2001:db8::1')!.v6).toBe(parseIpAddress('2001:0DB8:0000:0000:0000:0000:0000:0001')!.v6);
  });
});

describe('parseCidr', () => {
  test.each([
    ['10.0.0.0/8', 4, 8],
    ['0.0.0.0/0', 4, 0],
    ['203.0.113.10', 4, 32],
    ['203.0.113.10/32', 4, 32],
    ['2001:db8::/32', 6, 32],
    ['::/0', 6, 0],
    ['2001:db8::1', 6, 128],
    ['2001:db8::1/128', 6, 128],
  ])('accepts %s', (text, family, prefix) => {
    const cidr = parseCidr(text);
    expect(cidr?.family).toBe(family);
    expect(cidr?.prefix).toBe(prefix);
  });

  test.each([
    '10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/08', '10.0.0.0/8/8', '10.0.0.0/a',
    '/8', 'not-an-ip', '10.0.0.0/ 8', '*',
  ])('rejects %j', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe('cidrContains', () => {
  const contains = (cidr: string, ip: string) => cidrContains(parseCidr(cidr)!, parseIpAddress(ip)!);

  test.each([
    ['203.0.113.0/24', '203.0.113.0', true],
    ['203.0.113.0/24', '203.0.113.255', true],
    ['203.0.113.0/24', '203.0.114.0', false],
    ['203.0.113.0/24', '203.0.112.255', false],
    ['0.0.0.0/0', '255.255.255.255', true],
    ['128.0.0.0/1', '200.1.1.1', true],
    ['128.0.0.0/1', '100.1.1.1', false],
    ['203.0.113.10', '203.0.113.10', true],
    ['203.0.113.10', '203.0.113.11', false],
    ['10.1.2.3/8', '10.200.0.1', true],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::1', false],
    ['2001:db8::1', '2001:db8::1', true],
    ['2001:db8::1', '2001:db8::2', false],
    ['::/0', '2001:db8::1', true],
    ['2001:db8:1234:5600::/56', '2001:db8:1234:56ff::1', true],
    ['2001:db8:1234:5600::/56', '2001:db8:1234:5700::1', false],
    // Families never cross, except through IPv4-mapped IPv6 (RFC 4291 2.5.5.2).
    ['0.0.0.0/0', '2001:db8::1', false],
    ['::/0', '203.0.113.10', false],
    ['203.0.113.0/24', '::ffff:203.0.113.10', true],
    ['203.0.113.0/24', '::ffff:203.0.114.10', false],
    ['::ffff:203.0.113.0/120', '203.0.113.10', true],
    ['::ffff:203.0.113.0/120', '203.0.114.10', false],
    ['::ffff:0:0/96', '8.8.8.8', true],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(contains(cidr, ip)).toBe(expected);
  });
});
