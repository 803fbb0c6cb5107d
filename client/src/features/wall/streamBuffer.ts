import type { LivePost } from '@siaga/shared';
import { livePostView, type PostView } from '../posts/PostCard';

export interface StreamItem {
  view: PostView;
  /** Arrived while watching: slides in. Posts already there on load do not. */
  animate: boolean;
}

export interface StreamSnapshot {
  items: readonly StreamItem[];
  paused: boolean;
  /** Matching posts that arrived while paused (all of them, even beyond what is kept to show). */
  pending: number;
}

export const STREAM_CAP = 50;
/** At ~200 posts/s the cache changes every few ms: the list is redrawn at most this often. */
export const STREAM_FLUSH_MS = 500;

/**
 * The wall's post stream, outside React: it reads the live cache (`queryKeys.posts.live`, newest
 * first, capped at 200 by the live layer) after each change, keeps the posts of the chosen program
 * (the cache holds only the last second or so at full rate, so the stream must keep its own),
 * holds new ones back while paused and counts them, and tells React at most every
 * `STREAM_FLUSH_MS`. Everything it holds is capped.
 */
export class StreamBuffer {
  private items: StreamItem[] = [];
  private held: StreamItem[] = [];
  private ids = new Set<string>();
  private pending = 0;
  private paused = false;
  private programId: string | null = null;
  /** The newest cache entry seen: everything before it in the next cache value is new. */
  private headId: string | null = null;
  private snapshot: StreamSnapshot = { items: [], paused: false, pending: 0 };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly cap = STREAM_CAP,
    private readonly flushMs = STREAM_FLUSH_MS,
  ) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): StreamSnapshot => this.snapshot;

  /** Takes the live cache's current value; `animate` is false for what was already there on load. */
  ingest(live: readonly LivePost[] | undefined, animate = true): void {
    if (!live || live.length === 0) return;
    let end = live.length;
    if (this.headId !== null) {
      const index = live.findIndex((p) => p.id === this.headId);
      // Not found: the cache was reset or ran past the head; the id set keeps out repeats.
      if (index >= 0) end = index;
    }
    this.headId = live[0]!.id;
    if (end === 0) return;
    const fresh: StreamItem[] = [];
    for (let i = 0; i < end; i++) {
      const post = live[i]!;
      if (this.matches(post) && !this.ids.has(post.id)) fresh.push({ view: livePostView(post), animate });
    }
    if (fresh.length === 0) return;
    if (this.paused) {
      this.pending += fresh.length;
      this.held = this.capped([...fresh, ...this.held]);
    } else {
      this.items = this.capped([...fresh, ...this.items]);
    }
    this.schedule();
  }

  /** Appends stored posts (older than anything live) while there is room: the first fill. */
  seed(views: readonly PostView[]): void {
    if (this.items.length >= this.cap) return;
    const extra: StreamItem[] = [];
    for (const view of views) {
      if (this.items.length + extra.length >= this.cap) break;
      if (this.programId !== null && !view.programIds.includes(this.programId)) continue;
      if (this.ids.has(view.id)) continue;
      this.ids.add(view.id);
      extra.push({ view, animate: false });
    }
    if (extra.length === 0) return;
    this.items = [...this.items, ...extra];
    this.flush();
  }

  /** Shows another program (or all with null): starts over from the cache's current content. */
  setProgram(programId: string | null, live: readonly LivePost[] | undefined): void {
    this.programId = programId;
    this.items = [];
    this.held = [];
    this.ids.clear();
    this.pending = 0;
    this.headId = null;
    this.ingest(live, false);
    this.flush();
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.flush();
  }

  /** Puts what arrived meanwhile on top (the newest `cap` of it) and goes on. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.items = this.capped([...this.held, ...this.items]);
    this.held = [];
    this.pending = 0;
    this.flush();
  }

  /** Cancels a pending redraw (on unmount); listeners unsubscribe themselves. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private matches(post: LivePost): boolean {
    return this.programId === null || post.programIds.includes(this.programId);
  }

  /** Keeps the newest `cap` and the id set in step with what is kept. */
  private capped(list: StreamItem[]): StreamItem[] {
    for (const item of list) this.ids.add(item.view.id);
    if (list.length <= this.cap) return list;
    const kept = list.slice(0, this.cap);
    for (let i = this.cap; i < list.length; i++) this.ids.delete(list[i]!.view.id);
    return kept;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.flushMs);
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const next: StreamSnapshot = { items: this.items, paused: this.paused, pending: this.pending };
    const prev = this.snapshot;
    if (prev.items === next.items && prev.paused === next.paused && prev.pending === next.pending) return;
    this.snapshot = next;
    for (const listener of this.listeners) listener();
  }
}
