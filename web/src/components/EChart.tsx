/**
 * The one ECharts wrapper: owns init (after the fonts load), theme, option updates, resize and
 * dispose. Features pass a plain option from a pure `to-*-option.ts` builder. The container is one
 * labelled image; the feature's table is the data behind it (so the ECharts aria module, and its
 * bytes, are left out).
 */
import { useEffect, useRef, useState } from 'react';
import { init, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { fontsReady } from '../fonts';
// Registers the ECharts modules and theme; imported here so they load with the first chart.
import { THEME } from './echarts-setup';

export interface EChartProps {
  option: EChartsCoreOption;
  /** CSS height of the chart area; the width follows the container. */
  height: number;
  /** Short accessible name for the chart region. */
  label: string;
  className?: string;
  testId?: string;
  /** The language of the chart's text, so the canvas shapes and orders it with the right direction. */
  lang: string;
  dir: 'rtl' | 'ltr';
  /** A click on a series item (a node, a bar); the chart's params as ECharts gives them. */
  onItemClick?: (params: { dataType?: string; data?: unknown }) => void;
}

export function EChart({ option, height, label, className, testId, lang, dir, onItemClick }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  // The latest handler, read at click time: a new closure each render must not re-create the chart.
  const clickRef = useRef(onItemClick);
  clickRef.current = onItemClick;
  // The option to draw when a chart is (re-)created: after a language switch the old chart is
  // disposed and a new one made, and `ready` may go false and back to true within one render, so
  // the option effect below would not run again and the new canvas would stay blank.
  const optionRef = useRef(option);
  optionRef.current = option;
  const chart = useRef<EChartsType | null>(null);
  // The option the chart last drew: when `ready` turns true the option effect runs, and setting
  // the option init has just drawn again would lay out and draw the whole chart a second time.
  const drawn = useRef<EChartsCoreOption | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const el = ref.current;
    if (!el) return;
    let observer: ResizeObserver | undefined;
    void fontsReady.then(() => {
      if (cancelled) return;
      chart.current = init(el, THEME, { renderer: 'canvas' });
      chart.current.setOption(optionRef.current, { notMerge: true });
      drawn.current = optionRef.current;
      chart.current.on('click', (params) => clickRef.current?.(params as { dataType?: string; data?: unknown }));
      // The observer also fires once on observe, with the size init just read: skip that one.
      observer = new ResizeObserver(() => resizeIfChanged(chart.current, el));
      observer.observe(el);
      setReady(true);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
      drawn.current = null;
      setReady(false);
    };
    // The canvas takes its text direction from the document when created: re-create on a switch.
  }, [dir]);

  useEffect(() => {
    if (!ready || !chart.current || drawn.current === option) return;
    chart.current.setOption(option, { notMerge: true });
    drawn.current = option;
  }, [ready, option]);

  useEffect(() => {
    if (ready && ref.current) resizeIfChanged(chart.current, ref.current);
  }, [ready, height]);

  return (
    <div
      ref={ref}
      className={className}
      data-testid={testId}
      data-ready={ready ? 'true' : 'false'}
      role="img"
      aria-label={label}
      lang={lang}
      dir={dir}
      style={{ height, width: '100%' }}
    />
  );
}

/**
 * `resize()` lays out and draws the whole chart again even when nothing changed: for the national
 * scoreboard (500 bars, a 13,000 px canvas) that is ~100–200 ms each, twice after every init
 * (the observer's first call and the height effect). Only a real change of size is worth it.
 */
function resizeIfChanged(chart: EChartsType | null, el: HTMLElement): void {
  if (chart && !chart.isDisposed() && (chart.getWidth() !== el.clientWidth || chart.getHeight() !== el.clientHeight)) chart.resize();
}
