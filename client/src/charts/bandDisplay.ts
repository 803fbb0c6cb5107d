export interface BandPoint {
  x: number;
  lower: number;
  upper: number;
  /** The detector is still learning here: the band leans on priors. */
  learning?: boolean | undefined;
}

export interface ShownBandPoint {
  x: number;
  lower: number;
  upper: number;
  learning: boolean;
  /** An edge was cut at the data's range. */
  capped: boolean;
}

export interface DisplayedBand {
  /** The band as drawn: inside the data's range, never setting the chart's scale. */
  points: ShownBandPoint[];
  /** Whether any point is still learning. */
  learning: boolean;
  /** Whether any edge was cut at the data's range. */
  capped: boolean;
}

/**
 * The band as the chart draws it: capped to the range of the data plotted with it, so a band that is still
 * learning (or a minute band at the alert threshold, wide by nature at low counts) never stretches the y axis and
 * flattens the bars and lines people actually read. Where a point is cut, the band's edge runs along the top.
 */
export function displayedBand(points: readonly BandPoint[], dataMax: number): DisplayedBand {
  const cap = Math.max(dataMax, 1);
  let learning = false;
  let capped = false;
  const out = points.map((p): ShownBandPoint => {
    const cut = p.upper > cap || p.lower > cap;
    if (cut) capped = true;
    if (p.learning) learning = true;
    return { x: p.x, lower: Math.min(p.lower, cap), upper: Math.min(p.upper, cap), learning: p.learning === true, capped: cut };
  });
  return { points: out, learning, capped };
}

/** The largest y of the series plotted (0 for none). */
export function dataMaximum(series: ReadonlyArray<{ points: ReadonlyArray<{ y: number }> }>): number {
  let max = 0;
  for (const s of series) for (const p of s.points) if (Number.isFinite(p.y) && p.y > max) max = p.y;
  return max;
}

/**
 * Splits a band into the stretch still learning and the learnt stretch, as two gap-filled copies (null where the
 * other holds), so each is drawn in its own style; the point where one turns into the other is in both, so they join.
 */
export function splitByLearning<T extends { learning: boolean }>(points: readonly T[]): { learnt: Array<T | null>; learning: Array<T | null> } {
  const learnt: Array<T | null> = [];
  const learning: Array<T | null> = [];
  points.forEach((p, i) => {
    const prev = points[i - 1];
    const next = points[i + 1];
    const joinsLearning = p.learning || prev?.learning === true || next?.learning === true;
    const joinsLearnt = !p.learning || (prev !== undefined && !prev.learning) || (next !== undefined && !next.learning);
    learning.push(joinsLearning ? p : null);
    learnt.push(joinsLearnt ? p : null);
  });
  return { learnt, learning };
}
