/**
 * A short beep made with the Web Audio API (no audio files to ship or cache). Browsers keep an
 * AudioContext suspended until the page has had a user gesture, so `unlockAudio` is called from the
 * first click or key press; before that a beep is silently skipped.
 */
type AudioContextCtor = new () => AudioContext;

let context: AudioContext | null = null;

function audioContextCtor(): AudioContextCtor | null {
  if (typeof window === 'undefined') return null;
  const w = window as Window & { webkitAudioContext?: AudioContextCtor };
  return ((w as { AudioContext?: AudioContextCtor }).AudioContext) ?? w.webkitAudioContext ?? null;
}

function getContext(): AudioContext | null {
  if (context) return context;
  const Ctor = audioContextCtor();
  if (!Ctor) return null;
  try {
    context = new Ctor();
  } catch {
    return null;
  }
  return context;
}

/** Call from a user gesture: creates or resumes the audio context so later beeps can play. */
export function unlockAudio(): void {
  const ctx = getContext();
  if (ctx && ctx.state === 'suspended') ctx.resume().catch(() => undefined);
}

export type BeepPattern = 'critical' | 'escalation';

/** Critical: three quick high tones; escalation: a rising pair. Distinct without looking. */
const PATTERNS: Record<BeepPattern, Array<[frequency: number, start: number]>> = {
  critical: [
    [880, 0],
    [880, 0.2],
    [880, 0.4],
  ],
  escalation: [
    [660, 0],
    [990, 0.22],
  ],
};

export function beep(pattern: BeepPattern): void {
  const ctx = getContext();
  if (!ctx || ctx.state !== 'running') return;
  try {
    for (const [frequency, start] of PATTERNS[pattern]) {
      const t0 = ctx.currentTime + start;
      const oscillator = ctx.createOscillator();
      const gain = ctx.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.setValueAtTime(frequency, t0);
      // A short attack and decay: no click at either end.
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.3, t0 + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.16);
      oscillator.connect(gain);
      gain.connect(ctx.destination);
      oscillator.start(t0);
      oscillator.stop(t0 + 0.17);
    }
  } catch {
    // Audio is a courtesy: the toast and the notification still tell.
  }
}

export type NotificationPermissionState = NotificationPermission | 'unsupported';

export function notificationPermission(): NotificationPermissionState {
  return typeof window !== 'undefined' && 'Notification' in window ? Notification.permission : 'unsupported';
}
