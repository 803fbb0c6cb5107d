import type { ReactNode } from 'react';

/**
 * A container that scrolls sideways (a wide table on a narrow screen). Keyboard users scroll it
 * with the arrow keys once it has focus, so it is a tab stop, and a named region for screen readers.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
