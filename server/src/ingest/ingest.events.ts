import type { PreparedPost } from './prepare.js';

/** Posts committed by one ingest batch (published after the commit, just before its `rollups.changed`). */
export interface PostsIngested {
  posts: readonly PreparedPost[];
  at: Date;
}

declare module '../events/event-bus.js' {
  interface SiagaEvents {
    'posts.ingested': PostsIngested;
  }
}
