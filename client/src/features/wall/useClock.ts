import { useEffect, useState } from 'react';

/**
 * The current time rounded down to `stepMs`, re-rendering only when it crosses a step boundary
 * (a timeout per step, not a per-second interval). With `stepMs` 0 the first value is kept.
 */
export function useAlignedNow(stepMs: number): number {
  const [now, setNow] = useState(() => align(Date.now(), stepMs));

  useEffect(() => {
    if (stepMs <= 0) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const current = Date.now();
      setNow(align(current, stepMs));
      // A little past the boundary, so the rounding lands on the new step.
      timer = setTimeout(schedule, stepMs - (current % stepMs) + 50);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [stepMs]);

  return now;
}

function align(ms: number, stepMs: number): number {
  return stepMs > 0 ? Math.floor(ms / stepMs) * stepMs : ms;
}
