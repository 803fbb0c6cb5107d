import type { Alert } from '@siaga/shared';
import { makeAlert, makeProgram } from '../../test-support/fixtures';

/** Fixtures of the alerts tests; HTTP, sign-in and rendering are in `src/test-support/`. */

export const PROGRAMS = [
  makeProgram({ id: '00000000-0000-4000-8000-00000000b001', name: 'BPJS Kesehatan', slug: 'bpjs-kesehatan', query: 'bpjs' }),
  makeProgram({ id: '00000000-0000-4000-8000-00000000b002', name: 'Harga BBM', slug: 'harga-bbm', query: 'bbm' }),
  makeProgram({ id: '00000000-0000-4000-8000-00000000b003', name: 'Banjir Jakarta', slug: 'banjir-jakarta', query: 'banjir' }),
];

let seq = 0;

/**
 * The next alert of a triage list: of the next program of `PROGRAMS` in turn, each opened seven
 * minutes before the previous one (so a list of them is newest first, one program per row).
 */
export function nextAlert(overrides: Partial<Alert> = {}): Alert {
  seq += 1;
  const program = PROGRAMS[(seq - 1) % PROGRAMS.length]!;
  const opened = new Date(Date.now() - seq * 7 * 60_000).toISOString();
  return makeAlert({ programId: program.id, programName: program.name, openedAt: opened, lastTriggeredAt: opened, updatedAt: opened, ...overrides });
}
