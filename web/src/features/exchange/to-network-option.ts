/**
 * The exchange network as an ECharts graph: agencies on a circle (grouped by sector, busiest first
 * within a sector) sized by calls, provider → consumer edges as curved arrows as wide as their
 * volume and coloured by their failure rate. A focused agency keeps its providers, consumers and
 * their pairs in full colour and fades the rest. Pure: data in, option out.
 *
 * Circular rather than force layout: the same data always lands in the same place, so a reader can
 * compare two periods and a test can rely on it, and nothing moves under a finger on a phone.
 */
import type { GraphSeriesOption } from 'echarts/charts';
import type { TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { ExchangeEdge, ExchangeNode } from '@hamgam/shared';
import { formatCount, formatDuration, formatPercent } from '../../format/format';
import { sectorLabel, translate, type Lang } from '../../i18n/dictionary';
import { BAND_COLOR, edgeWidth, failureBand, nodeCalls, nodeSize } from './exchange-style';

export type NetworkOption = ComposeOption<GraphSeriesOption | TooltipComponentOption>;

export interface NetworkInput {
  nodes: readonly ExchangeNode[];
  edges: readonly ExchangeEdge[];
  lang: Lang;
  /** The agency whose providers and consumers are highlighted; null: none. */
  focus: string | null;
  /** Phone width: smaller nodes and only the busiest agencies labelled. */
  narrow: boolean;
}

/** On a phone, label only this many of the busiest agencies (and the focused one's neighbours). */
export const NARROW_LABELS = 8;
const FADED_NODE = 0.18;
const FADED_EDGE = 0.06;

export const networkChartHeight = (narrow: boolean) => (narrow ? 420 : 720);

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export const agencyName = (n: Pick<ExchangeNode, 'nameFa' | 'nameEn'>, lang: Lang) => (lang === 'fa' ? n.nameFa : n.nameEn);

/** The focused agency and everyone it exchanges with; null when nothing (or an unknown id) is focused. */
export function neighbourhood(focus: string | null, edges: readonly ExchangeEdge[]): Set<string> | null {
  if (!focus) return null;
  const ids = new Set([focus]);
  for (const e of edges) {
    if (e.providerAgencyId === focus) ids.add(e.consumerAgencyId);
    if (e.consumerAgencyId === focus) ids.add(e.providerAgencyId);
  }
  return ids;
}

/** Circle order: by sector, then busiest first, so a sector's agencies sit together. */
export function circleOrder(nodes: readonly ExchangeNode[]): ExchangeNode[] {
  return [...nodes].sort((a, b) => a.sector.localeCompare(b.sector) || nodeCalls(b) - nodeCalls(a) || a.agencyId.localeCompare(b.agencyId));
}

interface NodeDatum {
  id: string;
  name: string;
  value: number;
  symbolSize: number;
  itemStyle: { color: string; opacity: number; borderColor: string; borderWidth: number };
  label: { show: boolean };
}

interface EdgeDatum {
  source: string;
  target: string;
  value: number;
  lineStyle: { width: number; color: string; opacity: number };
}

export function toNetworkOption({ nodes, edges, lang, focus, narrow }: NetworkInput): NetworkOption {
  const byId = new Map(nodes.map((n) => [n.agencyId, n]));
  const near = focus && byId.has(focus) ? neighbourhood(focus, edges) : null;
  const maxNode = Math.max(0, ...nodes.map(nodeCalls));
  const maxEdge = Math.max(0, ...edges.map((e) => e.calls));
  // On a phone only the busiest of what is in view get a label (the focused one always): the rest
  // would overlap on so small a circle, and the table names them all.
  const busiest = new Set(
    [...nodes]
      .filter((n) => !near || near.has(n.agencyId))
      .sort((a, b) => nodeCalls(b) - nodeCalls(a))
      .slice(0, NARROW_LABELS)
      .map((n) => n.agencyId),
  );
  if (near && focus) busiest.add(focus);
  const edgeById = new Map(edges.map((e) => [`${e.providerAgencyId}>${e.consumerAgencyId}`, e]));

  const data: NodeDatum[] = circleOrder(nodes).map((n) => {
    const inFocus = !near || near.has(n.agencyId);
    return {
      id: n.agencyId,
      name: agencyName(n, lang),
      value: nodeCalls(n),
      symbolSize: nodeSize(nodeCalls(n), maxNode, narrow ? { min: 8, max: 30 } : {}),
      itemStyle: {
        color: BAND_COLOR[failureBand(n.failureRatePct)],
        opacity: inFocus ? 1 : FADED_NODE,
        borderColor: n.agencyId === focus ? '#111827' : '#ffffff',
        borderWidth: n.agencyId === focus ? 3 : 1,
      },
      // Faded agencies go unlabelled so the focused neighbourhood reads; on a phone only the
      // busiest (or the focused neighbourhood) get a label, the rest are in the table.
      label: { show: narrow ? busiest.has(n.agencyId) : !near || near.has(n.agencyId) },
    };
  });

  const links: EdgeDatum[] = edges.map((e) => {
    const touches = !near || e.providerAgencyId === focus || e.consumerAgencyId === focus;
    return {
      source: e.providerAgencyId,
      target: e.consumerAgencyId,
      value: e.calls,
      lineStyle: { width: edgeWidth(e.calls, maxEdge, narrow ? { min: 0.5, max: 4 } : {}), color: BAND_COLOR[failureBand(e.failureRatePct)], opacity: touches ? 0.75 : FADED_EDGE },
    };
  });

  const nodeTip = (n: ExchangeNode) =>
    [
      `<strong>${escapeHtml(agencyName(n, lang))}</strong>`,
      escapeHtml(sectorLabel(lang, n.sector)),
      escapeHtml(translate(lang, 'exchange.tipServed', { value: formatCount(n.callsServed, lang) })),
      escapeHtml(translate(lang, 'exchange.tipMade', { value: formatCount(n.callsMade, lang) })),
      escapeHtml(translate(lang, 'exchange.tipFailure', { value: n.failureRatePct === null ? translate(lang, 'exchange.servesNone') : formatPercent(n.failureRatePct, lang) })),
    ].join('<br/>');
  const edgeTip = (e: ExchangeEdge) => {
    const name = (id: string) => (byId.has(id) ? agencyName(byId.get(id)!, lang) : id);
    return [
      `<strong>${escapeHtml(translate(lang, 'exchange.tipPair', { provider: name(e.providerAgencyId), consumer: name(e.consumerAgencyId) }))}</strong>`,
      escapeHtml(translate(lang, 'exchange.tipCalls', { value: formatCount(e.calls, lang) })),
      escapeHtml(translate(lang, 'exchange.tipFailure', { value: formatPercent(e.failureRatePct, lang) })),
      escapeHtml(translate(lang, 'exchange.tipP95', { value: e.latencyP95Ms === null ? '—' : formatDuration(e.latencyP95Ms, lang) })),
    ].join('<br/>');
  };

  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const p = params as { dataType?: string; data?: { id?: string; source?: string; target?: string } };
        const body =
          p.dataType === 'edge' ? (p.data?.source ? edgeTip(edgeById.get(`${p.data.source}>${p.data.target}`)!) : '') : p.data?.id && byId.has(p.data.id) ? nodeTip(byId.get(p.data.id)!) : '';
        return `<div dir="${lang === 'fa' ? 'rtl' : 'ltr'}" style="text-align:start">${body}</div>`;
      },
    },
    series: [
      {
        type: 'graph',
        id: 'exchange',
        layout: 'circular',
        circular: { rotateLabel: true },
        // Room outside the circle for the labels that radiate from it.
        left: narrow ? 85 : 160,
        right: narrow ? 85 : 160,
        top: narrow ? 85 : 155,
        bottom: narrow ? 85 : 155,
        roam: false,
        data,
        links,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: narrow ? 5 : 7,
        lineStyle: { curveness: 0.25 },
        label: {
          position: 'right',
          fontSize: narrow ? 10 : 12,
          color: '#1f2937',
          width: narrow ? 78 : 145,
          overflow: 'truncate',
        },
        emphasis: { focus: 'adjacency', lineStyle: { width: 4 } },
      },
    ],
  };
}
