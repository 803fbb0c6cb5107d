import { describe, expect, it } from '@jest/globals';
import { AppError } from '../common/errors.js';
import { assertStrongPassword, passwordWeakness } from './password-strength.js';

describe('passwordWeakness', () => {
  it.each([
    ['aaaaaaaaaa', /repeats/],
    ['1234567890', /most common/],
    ['qwertyuiop', /most common|row of keys|keyboard/],
    ['password123', /common/],
    ['iloveyou12', /common/],
    ['passwordpassword', /repeats/],
  ])('refuses %s, saying why', (password, why) => {
    expect(passwordWeakness(password)).toMatch(why);
  });

  it.each(['correct-horse-battery', 'admin-password-123', 'temp-password-1', 'Kucing hitam di atap 1987!'])('accepts %s', (password) => {
    expect(passwordWeakness(password, ['someone@example.go.id', 'Someone'])).toBeUndefined();
  });

  it("counts the user's email and name as guessable words", () => {
    const password = 'budisantoso';
    expect(passwordWeakness(password)).toBeUndefined();
    expect(passwordWeakness(password, ['budi.santoso@example.go.id', 'Budi Santoso'])).toMatch(/email address or the name/);
  });
});

describe('assertStrongPassword', () => {
  it('throws the validation error body of the API, naming the field', () => {
    let thrown: unknown;
    try {
      assertStrongPassword('1234567890');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    const e = thrown as AppError;
    expect(e.code).toBe('validation_failed');
    expect(e.message).toMatch(/^password: /);
    expect(e.details).toEqual([{ path: 'password', message: expect.stringMatching(/too easy to guess/) }]);
    expect(() => assertStrongPassword('a-long-and-unusual-phrase')).not.toThrow();
  });
});
