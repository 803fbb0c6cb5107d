/** Fixtures of the API's records for the component tests: a valid default, changed by `overrides`. */
import type { Alert, Post, Program } from '@siaga/shared';

const DEFAULT_PROGRAM_ID = '11111111-1111-4111-8111-111111111111';

export function makeProgram(overrides: Partial<Program> = {}): Program {
  return {
    id: DEFAULT_PROGRAM_ID,
    name: 'Banjir Jakarta',
    slug: 'banjir-jakarta',
    query: 'banjir',
    description: null,
    languages: [],
    sensitivity: 'medium',
    active: true,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

let postSeq = 0;

/** A post with its own id, number and author, each a minute older than the one before. */
export function makePost(overrides: Partial<Post> = {}): Post {
  postSeq += 1;
  const n = String(postSeq).padStart(12, '0');
  return {
    id: `00000000-0000-4000-8000-${n}`,
    source: 'x',
    externalId: `ext-${postSeq}`,
    text: `Pos nomor ${postSeq}`,
    createdAt: new Date(Date.UTC(2026, 10, 26, 8, 0, 0) - postSeq * 60_000).toISOString(),
    ingestedAt: '2026-11-26T08:00:01.000Z',
    author: { handle: `warga${postSeq}`, name: null, followers: null, createdAt: null },
    url: null,
    lang: 'id',
    langGiven: null,
    sentiment: { label: 'neutral', score: 0, confidence: 0.6, terms: [], correctedAt: null, correctedBy: null },
    harm: { flag: false, terms: [] },
    engagement: { likes: 0, shares: 0, replies: 0, views: 0 },
    parentExternalId: null,
    programIds: [],
    ...overrides,
  };
}

let alertSeq = 0;

/** An open volume-spike warning with its own id, opened five minutes ago (of `makeProgram()` by default). */
export function makeAlert(overrides: Partial<Alert> = {}): Alert {
  alertSeq += 1;
  const programId = overrides.programId ?? DEFAULT_PROGRAM_ID;
  const kind = overrides.kind ?? 'volume_spike';
  const at = new Date(Date.now() - 5 * 60_000).toISOString();
  return {
    id: `aaaaaaaa-0000-4000-8000-${String(alertSeq).padStart(12, '0')}`,
    programId,
    programName: 'Banjir Jakarta',
    kind,
    severity: 'warning',
    status: 'open',
    dedupKey: `${programId}:${kind}`,
    count: 2,
    peakScore: 0.97,
    peakObserved: 312,
    explanation: {
      facts: { kind: 'volume_spike', signal: 'spike', observed: 312, expected: 80, band: { lower: 45, upper: 130 }, windowMinutes: 5 },
      expected: 80,
      band: { lower: 45, upper: 130 },
      observed: 312,
      score: 0.97,
      details: { windowMinutes: 5 },
    },
    openedAt: at,
    lastTriggeredAt: at,
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    resolution: null,
    assigneeId: null,
    assigneeName: null,
    escalationLevel: 0,
    updatedAt: at,
    ...overrides,
  };
}
