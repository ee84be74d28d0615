import { describe, expect, it } from 'vitest';
import { BAND_COLOR, edgeWidth, failureBand, nodeCalls, nodeSize } from './exchange-style';

describe('failureBand', () => {
  it('puts a rate in the band the legend names, bounds going to the worse band', () => {
    expect(failureBand(0)).toBe('low');
    expect(failureBand(0.99)).toBe('low');
    expect(failureBand(1)).toBe('mid');
    expect(failureBand(2.99)).toBe('mid');
    expect(failureBand(3)).toBe('high');
    expect(failureBand(40)).toBe('high');
  });

  it('keeps an agency that serves no data apart from a perfect one', () => {
    expect(failureBand(null)).toBe('none');
    expect(BAND_COLOR.none).not.toBe(BAND_COLOR.low);
  });
});

describe('nodeSize and edgeWidth', () => {
  it('grows a node with the square root of its calls, within bounds', () => {
    expect(nodeSize(0, 1000)).toBe(10);
    expect(nodeSize(1000, 1000)).toBe(44);
    // a quarter of the calls: half the way in diameter
    expect(nodeSize(250, 1000)).toBe(27);
    expect(nodeSize(5000, 1000)).toBe(44);
    expect(nodeSize(10, 0)).toBe(10);
  });

  it('sums calls served and made', () => {
    expect(nodeCalls({ callsServed: 3, callsMade: 4 })).toBe(7);
  });

  it('widens an edge linearly with its calls', () => {
    expect(edgeWidth(0, 100)).toBe(0.75);
    expect(edgeWidth(100, 100)).toBe(7);
    expect(edgeWidth(50, 100)).toBeCloseTo(3.88, 2);
    expect(edgeWidth(80, 100)).toBeGreaterThan(edgeWidth(20, 100));
  });
});
