import { beforeEach, describe, expect, it } from '@jest/globals';
import { makeAlert } from '../../test-support/fixtures';
import { chartRange } from './AlertChart';
import { reactionTo } from './AlertNotifier';
import { campaignCluster, sampleWindow } from './AlertDetailSections';
import { claimAnnouncement } from './notifierSettings';

const MINUTE = 60_000;

describe('chartRange', () => {
  it('spans 90 minutes before opening to an hour after the last trigger, minute-aligned', () => {
    const opened = Date.UTC(2026, 0, 1, 10, 0, 30);
    const last = opened + 20 * MINUTE;
    const range = chartRange({ openedAt: new Date(opened).toISOString(), lastTriggeredAt: new Date(last).toISOString() }, last + 5 * 3_600_000);
    expect(new Date(range.from).toISOString()).toBe('2026-01-01T08:30:00.000Z');
    expect(new Date(range.to).toISOString()).toBe('2026-01-01T11:21:00.000Z');
    expect(range).toMatchObject({ bucket: '1m', withBand: true });
  });

  it('stops at now (rounded up) for a recent alert, and coarsens long ranges without a band', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 10);
    const recent = chartRange({ openedAt: new Date(now - 10 * MINUTE).toISOString(), lastTriggeredAt: new Date(now - MINUTE).toISOString() }, now);
    expect(recent.to).toBe(Date.UTC(2026, 0, 1, 12, 1));
    const long = chartRange({ openedAt: new Date(now - 3 * 86_400_000).toISOString(), lastTriggeredAt: new Date(now).toISOString() }, now);
    expect(long).toMatchObject({ bucket: '5m', withBand: false });
  });
});

describe('campaign details', () => {
  it('reads the detector fields and ignores malformed ones', () => {
    expect(campaignCluster({ accounts: ['x:a', 5, 'x:b'], sampleText: 'sama persis', posts: 'many', firstAt: 'nope' })).toEqual({
      accounts: ['x:a', 'x:b'],
      sampleText: 'sama persis',
      posts: null,
      similarity: null,
      firstAt: null,
      lastAt: null,
      sources: [],
    });
    expect(campaignCluster({ windowMinutes: 5 })).toBeNull();
    expect(campaignCluster(undefined)).toBeNull();
  });

  it('takes sample posts from the detection window, negative ones for negative kinds', () => {
    const opened = '2026-01-01T10:00:00.000Z';
    const spike = sampleWindow(makeAlert({ kind: 'negative_spike', openedAt: opened, lastTriggeredAt: opened, explanation: { ...makeAlert().explanation, details: { windowMinutes: 15 } } }));
    expect(spike).toEqual({ from: '2026-01-01T09:45:00.000Z', to: '2026-01-01T10:01:00.000Z', sentiment: 'negative' });
  });
});

describe('claimAnnouncement', () => {
  beforeEach(() => window.localStorage.clear());

  it('lets one tab announce an event once', () => {
    expect(claimAnnouncement('opened:1', 1_000)).toBe(true);
    expect(claimAnnouncement('opened:1', 2_000)).toBe(false);
    expect(claimAnnouncement('escalation:1:1', 2_000)).toBe(true);
    // Old claims expire.
    expect(claimAnnouncement('opened:1', 1_000 + 11 * MINUTE)).toBe(true);
  });
});

describe('reactionTo (notifier)', () => {
  const now = Date.UTC(2026, 0, 1, 12);
  const fresh = new Date(now - MINUTE).toISOString();

  const criticalOnly = { watching: true, minSeverity: 'critical', programIds: [] } as const;
  const warningUp = { watching: true, minSeverity: 'warning', programIds: [] } as const;
  const off = { ...criticalOnly, watching: false };

  it('announces fresh critical openings to watchers only', () => {
    const critical = makeAlert({ severity: 'critical', openedAt: fresh });
    expect(reactionTo({ type: 'alert:opened', alert: critical }, criticalOnly, now)).toMatchObject({ type: 'announce', toast: { type: 'critical', key: `opened:${critical.id}` } });
    expect(reactionTo({ type: 'alert:opened', alert: critical }, off, now)).toBeNull();
    expect(reactionTo({ type: 'alert:opened', alert: makeAlert({ severity: 'warning', openedAt: fresh }) }, criticalOnly, now)).toBeNull();
    // A replay after a long disconnect is old news.
    expect(reactionTo({ type: 'alert:opened', alert: makeAlert({ severity: 'critical', openedAt: new Date(now - 30 * MINUTE).toISOString() }) }, criticalOnly, now)).toBeNull();
  });

  it('announces new warnings to those who chose "warning and up", for their programs', () => {
    const warning = makeAlert({ severity: 'warning', openedAt: fresh });
    expect(reactionTo({ type: 'alert:opened', alert: warning }, warningUp, now)).toMatchObject({ type: 'announce', toast: { type: 'opened' } });
    expect(reactionTo({ type: 'alert:opened', alert: makeAlert({ severity: 'info', openedAt: fresh }) }, warningUp, now)).toBeNull();
    expect(reactionTo({ type: 'alert:opened', alert: warning }, { ...warningUp, programIds: ['00000000-0000-4000-8000-00000000ffff'] }, now)).toBeNull();
    expect(reactionTo({ type: 'alert:opened', alert: warning }, { ...warningUp, programIds: [warning.programId!] }, now)).not.toBeNull();
  });

  it('always announces escalations addressed to the user, once per level', () => {
    const alert = makeAlert({ severity: 'warning', escalationLevel: 2 });
    expect(reactionTo({ type: 'escalation', notice: { alert, level: 2, reason: 'not acknowledged' } }, off, now)).toMatchObject({
      type: 'announce',
      toast: { type: 'escalation', level: 2, key: `escalation:${alert.id}:2` },
    });
    expect(reactionTo({ type: 'escalation', notice: { alert: { ...alert, status: 'acknowledged' }, level: 2, reason: '' } }, criticalOnly, now)).toBeNull();
  });

  it('withdraws the toast of an alert someone handled', () => {
    const alert = makeAlert({ status: 'acknowledged' });
    expect(reactionTo({ type: 'alert:updated', alert }, criticalOnly, now)).toEqual({ type: 'withdraw', alertId: alert.id });
    expect(reactionTo({ type: 'alert:updated', alert: { ...alert, status: 'open' } }, criticalOnly, now)).toBeNull();
  });
});
