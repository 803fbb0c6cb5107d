import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../common/errors.js';

/**
 * zxcvbn's score 3: "safely unguessable", about 10^8 guesses. Below it are the common passwords
 * (`1234567890`, `password123`), repeats (`aaaaaaaaaa`) and keyboard runs (`qwertyuiop`) that
 * a length rule alone lets through. The word lists ship with the package: nothing goes online.
 */
export const MIN_PASSWORD_SCORE = 3;

let checker: ZxcvbnFactory | undefined;
// Built on first use: loading the word lists takes about 100 ms.
const zxcvbn = () => (checker ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

const REASONS: Record<string, string> = {
  topTen: 'it is one of the most common passwords',
  topHundred: 'it is one of the most common passwords',
  common: 'it is a common password',
  similarToCommon: 'it is too close to a common password',
  simpleRepeat: 'it repeats characters',
  extendedRepeat: 'it repeats a pattern',
  sequences: 'it is a sequence',
  straightRow: 'it is a row of keys',
  keyPattern: 'it is a keyboard pattern',
  dates: 'it is a date',
  recentYears: 'it is a recent year',
  namesByThemselves: 'it is a name',
  userInputs: 'it contains the email address or the name',
};

/** Why the password is too easy to guess, or undefined when it is strong enough. */
export function passwordWeakness(password: string, userInputs: readonly string[] = []): string | undefined {
  // The email's parts and the name count as guessable words.
  const inputs = userInputs.flatMap((s) => [s, ...s.toLowerCase().split(/[^\p{L}\p{N}]+/u)]).filter((s) => s.length >= 3);
  const result = zxcvbn().check(password, inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return undefined;
  const warning = result.feedback.warning;
  return `password is too easy to guess: ${(warning && REASONS[warning]) ?? 'it is too predictable'}. Use a longer phrase of unrelated words`;
}

/** Refuses a weak password with the same 400 body as any other invalid field. */
export function assertStrongPassword(password: string, userInputs: readonly string[] = []): void {
  const weakness = passwordWeakness(password, userInputs);
  if (weakness) throw new AppError('validation_failed', `password: ${weakness}`, [{ path: 'password', message: weakness }]);
}
