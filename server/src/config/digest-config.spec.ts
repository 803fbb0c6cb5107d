import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const base = { PATH: process.env.PATH };

describe('digest settings of the environment', () => {
  it('default to 07:00 in Asia/Jakarta', () => {
    expect(loadConfig(base).digests).toEqual({ minuteOfDay: 7 * 60, time: '07:00', timeZone: 'Asia/Jakarta' });
  });

  it('read a local time and an IANA zone', () => {
    expect(loadConfig({ ...base, SIAGA_DIGEST_TIME: '23:59', SIAGA_DIGEST_TZ: 'Asia/Makassar' }).digests).toEqual({ minuteOfDay: 23 * 60 + 59, time: '23:59', timeZone: 'Asia/Makassar' });
  });

  it.each([
    ['SIAGA_DIGEST_TIME', '7:00'],
    ['SIAGA_DIGEST_TIME', '24:00'],
    ['SIAGA_DIGEST_TIME', '07:60'],
    ['SIAGA_DIGEST_TIME', '07:00\n'],
    ['SIAGA_DIGEST_TZ', 'Mars/Olympus'],
    ['SIAGA_DIGEST_TZ', 'WIB'],
  ])('stop the process naming %s when it is %j', (name, value) => {
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, [name]: value })).toThrow(name);
  });
});
