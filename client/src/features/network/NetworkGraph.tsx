import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import Graph from 'graphology';
import Sigma from 'sigma';
import type { NetworkResponse } from '@siaga/shared';
import { accountPathOf } from '../accounts/accountsApi';
import { layoutNetwork } from './layout';

/**
 * Draws the network with sigma (WebGL), created once per answer and killed on unmount. A click on an
 * account opens its page. Without WebGL the tables of the page carry the same data.
 */
export function NetworkGraph({ data }: { data: NetworkResponse }) {
  const { t } = useTranslation('who');
  const container = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const el = container.current;
    if (!el) return undefined;
    const graph = new Graph({ type: 'undirected', multi: false });
    const handles = new Map(data.nodes.map((n) => [n.id, n.handle]));
    for (const p of layoutNetwork(data.nodes)) graph.addNode(p.id, { x: p.x, y: p.y, size: p.size, color: p.color, label: `@${handles.get(p.id) ?? p.id}` });
    for (const e of data.edges) {
      if (graph.hasNode(e.source) && graph.hasNode(e.target) && !graph.hasEdge(e.source, e.target)) {
        graph.addEdge(e.source, e.target, { size: Math.min(4, 0.5 + Math.log2(1 + e.weight)), color: '#b0b7c3' });
      }
    }
    let renderer: Sigma | undefined;
    try {
      renderer = new Sigma(graph, el, { settings: { renderLabels: true, labelRenderedSizeThreshold: 8 } });
      renderer.on('clickNode', ({ node }) => {
        const path = accountPathOf(node);
        if (path) void navigate(path);
      });
    } catch {
      setFailed(true);
    }
    return () => renderer?.kill();
  }, [data, navigate]);

  return (
    <>
      {failed && (
        <p className="notice notice--warning" role="status">
          {t('network.noWebgl')}
        </p>
      )}
      <div ref={container} className="network__graph" role="img" aria-label={t('network.graphLabel')} data-testid="network-graph" data-nodes={data.nodes.length} />
    </>
  );
}
