/** A user's name, role, status or password changed, or the user was deleted (published after the commit). */
export interface UserChanged {
  userId: string;
  /**
   * The change ended every session of the user (a password, role or status change, a deletion):
   * their tokens are refused from now on, and their live sockets must be dropped.
   */
  sessionsEnded: boolean;
}

/** One session was logged out or ended because one of its refresh tokens came back (reuse). */
export interface SessionEnded {
  userId: string;
  sessionId: string;
  reason: 'logout' | 'reuse';
}

declare module '../events/event-bus.js' {
  interface SiagaEvents {
    'user.changed': UserChanged;
    'session.ended': SessionEnded;
  }
}
