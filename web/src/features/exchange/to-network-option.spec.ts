import { describe, expect, it } from 'vitest';
import type { ExchangeEdge, ExchangeNode } from '@hamgam/shared';
import { BAND_COLOR } from './exchange-style';
import { NARROW_LABELS, neighbourhood, toNetworkOption } from './to-network-option';

const node = (agencyId: string, sector: string, callsServed: number, callsMade: number, failureRatePct: number | null): ExchangeNode => ({
  agencyId,
  nameFa: `دستگاه ${agencyId}`,
  nameEn: `Agency ${agencyId}`,
  sector,
  callsServed,
  callsMade,
  failureRatePct,
  consumers: 0,
});
const edge = (providerAgencyId: string, consumerAgencyId: string, calls: number, failureRatePct: number): ExchangeEdge => ({
  providerAgencyId,
  consumerAgencyId,
  calls,
  failures: Math.round((calls * failureRatePct) / 100),
  failureRatePct,
  dataServices: 1,
  latencyP95Ms: 420,
});

const nodes = [node('a', 'health', 1000, 0, 0.5), node('b', 'welfare', 0, 900, null), node('c', 'health', 100, 200, 4), node('d', 'urban', 0, 0, null)];
const edges = [edge('a', 'b', 900, 0.5), edge('a', 'c', 100, 0.5), edge('c', 'a', 100, 4)];

type Series = { data: { id: string; name: string; symbolSize: number; itemStyle: { color: string; opacity: number; borderWidth: number }; label: { show: boolean } }[]; links: { source: string; target: string; lineStyle: { width: number; color: string; opacity: number } }[] };
const series = (o: ReturnType<typeof toNetworkOption>) => (o.series as Series[])[0];

describe('toNetworkOption', () => {
  it('draws one node per agency, named in the language, sized by calls and coloured by its failure band', () => {
    const s = series(toNetworkOption({ nodes, edges, lang: 'fa', focus: null, narrow: false }));
    // by sector (health, urban, welfare), busiest first within one
    expect(s.data.map((d) => d.id)).toEqual(['a', 'c', 'd', 'b']);
    const a = s.data.find((d) => d.id === 'a')!;
    expect(a.name).toBe('دستگاه a');
    expect(a.symbolSize).toBeGreaterThan(s.data.find((d) => d.id === 'c')!.symbolSize);
    expect(a.itemStyle.color).toBe(BAND_COLOR.low);
    expect(s.data.find((d) => d.id === 'c')!.itemStyle.color).toBe(BAND_COLOR.high);
    expect(s.data.find((d) => d.id === 'b')!.itemStyle.color).toBe(BAND_COLOR.none);
  });

  it('draws provider → consumer edges, wider with volume, coloured by their failure rate', () => {
    const s = series(toNetworkOption({ nodes, edges, lang: 'en', focus: null, narrow: false }));
    expect(s.links.map((l) => `${l.source}>${l.target}`)).toEqual(['a>b', 'a>c', 'c>a']);
    expect(s.links[0].lineStyle.width).toBeGreaterThan(s.links[1].lineStyle.width);
    expect(s.links[2].lineStyle.color).toBe(BAND_COLOR.high);
    expect(s.data.every((d) => d.itemStyle.opacity === 1)).toBe(true);
  });

  it('keeps a focused agency, its providers and consumers and their pairs in colour, fading the rest', () => {
    const s = series(toNetworkOption({ nodes, edges, lang: 'en', focus: 'c', narrow: false }));
    const opacity = Object.fromEntries(s.data.map((d) => [d.id, d.itemStyle.opacity]));
    expect(opacity.c).toBe(1);
    expect(opacity.a).toBe(1);
    expect(opacity.b).toBeLessThan(0.5);
    expect(opacity.d).toBeLessThan(0.5);
    expect(s.data.find((d) => d.id === 'c')!.itemStyle.borderWidth).toBeGreaterThan(1);
    expect(s.data.find((d) => d.id === 'b')!.label.show).toBe(false);
    const faded = s.links.filter((l) => l.lineStyle.opacity < 0.5).map((l) => `${l.source}>${l.target}`);
    expect(faded).toEqual(['a>b']);
  });

  it('ignores a focus on an agency that is not in the network', () => {
    const s = series(toNetworkOption({ nodes, edges, lang: 'en', focus: 'zz', narrow: false }));
    expect(s.data.every((d) => d.itemStyle.opacity === 1)).toBe(true);
  });

  it('labels only the busiest agencies on a phone', () => {
    const many = Array.from({ length: 20 }, (_, i) => node(`n${i}`, 'health', i * 10, 0, 1));
    const s = series(toNetworkOption({ nodes: many, edges: [], lang: 'fa', focus: null, narrow: true }));
    expect(s.data.filter((d) => d.label.show)).toHaveLength(NARROW_LABELS);
    expect(s.data.find((d) => d.id === 'n19')!.label.show).toBe(true);
    expect(s.data.find((d) => d.id === 'n0')!.label.show).toBe(false);
  });

  it('on a phone with a focus, labels the focused agency even when it is among the quietest', () => {
    const many = Array.from({ length: 20 }, (_, i) => node(`n${i}`, 'health', i * 10, 0, 1));
    const star = many.slice(1).map((n) => edge('n0', n.agencyId, 5, 1));
    const s = series(toNetworkOption({ nodes: many, edges: star, lang: 'fa', focus: 'n0', narrow: true }));
    expect(s.data.find((d) => d.id === 'n0')!.label.show).toBe(true);
    expect(s.data.filter((d) => d.label.show).length).toBeLessThanOrEqual(NARROW_LABELS + 1);
  });

  it('explains an edge in its tooltip, escaped, in the language', () => {
    const o = toNetworkOption({ nodes: [{ ...nodes[0], nameEn: '<b>A</b>' }, ...nodes.slice(1)], edges, lang: 'en', focus: null, narrow: false });
    const format = (o.tooltip as { formatter: (p: unknown) => string }).formatter;
    const tip = format({ dataType: 'edge', data: { source: 'a', target: 'b' } });
    expect(tip).toContain('&lt;b&gt;A&lt;/b&gt;');
    expect(tip).toContain('900');
    expect(tip).toContain('0.5%');
    expect(format({ dataType: 'node', data: { id: 'b' } })).toContain('serves no data');
  });
});

describe('neighbourhood', () => {
  it('holds the agency, its providers and its consumers', () => {
    expect([...neighbourhood('b', edges)!].sort()).toEqual(['a', 'b']);
    expect(neighbourhood(null, edges)).toBeNull();
  });
});
