import { describe, expect, it } from '@jest/globals';
import { makeAlert } from '../../test-support/fixtures';
import { matchesFilters } from './useAlertFilters';
import { isTypingTarget } from './useKeyboardTriage';
import { mergeChanged } from './useLiveAlertList';

const at = (minutesAgo: number) => new Date(Date.UTC(2026, 0, 1, 12) - minutesAgo * 60_000).toISOString();

describe('mergeChanged', () => {
  it('keeps the newer of two versions and ignores an older one', () => {
    const a = makeAlert({ openedAt: at(10), updatedAt: at(5) });
    const newer = { ...a, status: 'acknowledged' as const, updatedAt: at(1) };
    const older = { ...a, status: 'resolved' as const, updatedAt: at(9) };
    expect(mergeChanged([a], new Map([[a.id, newer]]))).toEqual([newer]);
    expect(mergeChanged([a], new Map([[a.id, older]]))).toEqual([a]);
  });

  it("puts a changed alert the server no longer lists back in the server's order", () => {
    const first = makeAlert({ openedAt: at(1) });
    const gone = { ...makeAlert({ openedAt: at(5) }), status: 'acknowledged' as const };
    const last = makeAlert({ openedAt: at(9) });
    expect(mergeChanged([first, last], new Map([[gone.id, gone]])).map((a) => a.id)).toEqual([first.id, gone.id, last.id]);
  });
});

describe('matchesFilters', () => {
  it('matches on every filter that is set, and only those', () => {
    const alert = makeAlert({ status: 'open', severity: 'critical', kind: 'volume_spike' });
    expect(matchesFilters(alert, {})).toBe(true);
    expect(matchesFilters(alert, { status: 'open', severity: 'critical', programId: alert.programId! })).toBe(true);
    expect(matchesFilters(alert, { status: 'acknowledged' })).toBe(false);
    expect(matchesFilters(alert, { status: 'open', severity: 'warning' })).toBe(false);
  });
});

describe('isTypingTarget', () => {
  it('treats text fields as typing and buttons or checkboxes as not', () => {
    const input = (type: string) => Object.assign(document.createElement('input'), { type });
    expect(isTypingTarget(input('text'))).toBe(true);
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true);
    expect(isTypingTarget(document.createElement('select'))).toBe(true);
    expect(isTypingTarget(input('checkbox'))).toBe(false);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});
