import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Wall mode lives in the URL (`?mode=wall`, which the layout reads to drop the header and go dark).
 * Entering also asks for full screen (optional: refused or unsupported is fine); Esc, or leaving
 * full screen that wall mode started, leaves wall mode.
 */
export function useWallMode(active: boolean, setActive: (on: boolean) => void) {
  const enteredFullscreen = useRef(false);
  const latestSetActive = useRef(setActive);
  useEffect(() => {
    latestSetActive.current = setActive;
  }, [setActive]);

  const enter = useCallback(() => {
    latestSetActive.current(true);
    const root = document.documentElement;
    if (typeof root.requestFullscreen === 'function' && !document.fullscreenElement) {
      root.requestFullscreen().then(
        () => {
          enteredFullscreen.current = true;
        },
        () => {
          // Refused (no user gesture, kiosk policy…): wall mode works without it.
        },
      );
    }
  }, []);

  const exit = useCallback(() => {
    latestSetActive.current(false);
    if (enteredFullscreen.current && document.fullscreenElement && typeof document.exitFullscreen === 'function') {
      document.exitFullscreen().catch(() => undefined);
    }
    enteredFullscreen.current = false;
  }, []);

  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) exit();
    };
    // In full screen the browser takes Esc for itself: leaving full screen is the signal then.
    const onFullscreenChange = () => {
      if (!document.fullscreenElement && enteredFullscreen.current) exit();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFullscreenChange);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFullscreenChange);
    };
  }, [active, exit]);

  // Leaving the page must not leave the browser in full screen.
  useEffect(
    () => () => {
      if (enteredFullscreen.current && document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    },
    [],
  );

  return { enter, exit };
}

export const ROTATION_MS = 30_000;

/**
 * In wall mode without a program picked by hand: the program to show, moving every 30 s to the
 * next program with an open alert (in tile order). Null when not rotating or nothing to rotate.
 */
export function useRotation(active: boolean, candidates: readonly string[]): string | null {
  const [current, setCurrent] = useState<string | null>(null);
  const latest = useRef(candidates);
  useEffect(() => {
    latest.current = candidates;
  }, [candidates]);

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      setCurrent((previous) => {
        const list = latest.current;
        if (list.length === 0) return null;
        // The one on screen is the first candidate until the first move, or when the last one left.
        const shown = previous !== null && list.includes(previous) ? previous : list[0]!;
        return list[(list.indexOf(shown) + 1) % list.length] ?? null;
      });
    }, ROTATION_MS);
    return () => clearInterval(timer);
  }, [active]);

  if (!active || candidates.length === 0) return null;
  return current !== null && candidates.includes(current) ? current : candidates[0]!;
}
