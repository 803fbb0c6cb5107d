import type { NetworkNode } from '@siaga/shared';

/** Colours for communities (colour-blind-safe Okabe–Ito order), then grey. */
export const COMMUNITY_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
export const CAMPAIGN_COLOR = '#C00000';

export const communityColor = (c: number) => COMMUNITY_COLORS[c] ?? '#8c959f';

export interface Placed {
  id: string;
  x: number;
  y: number;
  size: number;
  color: string;
}

/**
 * A layout with no physics: communities sit on a large circle, each community's accounts on a sunflower
 * spiral around its centre (largest reach at the middle). Deterministic and instant for 300 nodes.
 */
export function layoutNetwork(nodes: readonly NetworkNode[]): Placed[] {
  const byCommunity = new Map<number, NetworkNode[]>();
  for (const n of nodes) {
    const list = byCommunity.get(n.community) ?? [];
    list.push(n);
    byCommunity.set(n.community, list);
  }
  const communities = [...byCommunity.keys()].sort((a, b) => a - b);
  const maxReach = Math.max(1, ...nodes.map((n) => n.reach));
  const out: Placed[] = [];
  const golden = Math.PI * (3 - Math.sqrt(5));
  communities.forEach((c, ci) => {
    const members = [...byCommunity.get(c)!].sort((a, b) => b.reach - a.reach || (a.id < b.id ? -1 : 1));
    const angle = (2 * Math.PI * ci) / Math.max(1, communities.length);
    const ring = communities.length > 1 ? 10 + 2 * Math.sqrt(nodes.length) : 0;
    const cx = ring * Math.cos(angle);
    const cy = ring * Math.sin(angle);
    members.forEach((n, i) => {
      const r = Math.sqrt(i) * 1.2;
      out.push({
        id: n.id,
        x: cx + r * Math.cos(i * golden),
        y: cy + r * Math.sin(i * golden),
        size: 3 + 9 * Math.sqrt(n.reach / maxReach),
        color: n.inOpenCampaign ? CAMPAIGN_COLOR : communityColor(c),
      });
    });
  });
  return out;
}
