import { jest } from '@jest/globals';
import { act } from '@testing-library/react';

/**
 * Fake timers for a component test that must prove something does (or does not) happen after a
 * delay. Microtasks stay real: promises (the stubbed fetch, React's own scheduling) settle as usual.
 * Undo with `jest.useRealTimers()` (in `afterEach`).
 */
export function useFakeClock(): void {
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
}

/**
 * Moves the fake clock on by `ms`, a slice at a time, letting React render and promises settle
 * between slices: a timer's state update can then start a fetch whose answer renders, all within
 * the time given, as it would in a browser.
 */
export async function advanceClock(ms: number, slice = 25): Promise<void> {
  for (let done = 0; done < ms; done += slice) {
    await act(() => jest.advanceTimersByTimeAsync(Math.min(slice, ms - done)));
  }
}
