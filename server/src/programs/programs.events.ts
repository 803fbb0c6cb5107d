import type { Lang, Sensitivity } from '@siaga/shared';

/** What listeners need of a program (detection settings, the query to re-match with). */
export interface ProgramState {
  id: string;
  slug: string;
  query: string;
  languages: Lang[];
  sensitivity: Sensitivity;
  active: boolean;
}

/** A program was created, edited or deleted (published after the commit). */
export interface ProgramChanged {
  change: 'created' | 'updated' | 'deleted';
  program: ProgramState;
  /** The query or languages changed: stored posts are re-matched (the backfill listens). */
  rematch: boolean;
  /** Heard from another instance (relayed through Redis): state to follow, not work to do again. */
  remote?: boolean;
}

declare module '../events/event-bus.js' {
  interface SiagaEvents {
    'program.changed': ProgramChanged;
  }
}
