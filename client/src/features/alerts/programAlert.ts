import type { Alert } from '@siaga/shared';

/** An alert about a program's signal: every kind but the source-health ones, which name a source instead. */
export type ProgramAlert = Alert & { programId: string };

export const isProgramAlert = (a: Alert): a is ProgramAlert => a.programId !== null;

/** What an alert is about, as shown: its program, or its source. */
export const subjectOf = (a: Alert): string => a.programName ?? a.sourceName ?? '';
