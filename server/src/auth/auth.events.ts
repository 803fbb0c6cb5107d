/** A user's role, status or password changed, or the user was deleted (published after the commit). */
export interface UserChanged {
  userId: string;
}

declare module '../events/event-bus.js' {
  interface SiagaEvents {
    'user.changed': UserChanged;
  }
}
