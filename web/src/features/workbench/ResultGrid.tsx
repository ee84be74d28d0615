/**
 * The result grid: virtualised, so a 1M-row result costs the DOM only the rows in view (about forty
 * whatever the scroll position). One scroll box holds a sizer as tall as every row would be; the
 * sticky header and the rows in view are positioned inside it. Column order follows the page's
 * direction; each cell's text takes its own (dir=auto), so Persian reads right to left in English too.
 * A click on a column's header sorts the rows by it (ascending, descending, then as the query gave
 * them), in the browser: the query is not run again. The edge of a header drags (or, focused, takes
 * the arrow keys) to resize its column; a double click gives it back its own width.
 */
import { type KeyboardEvent, type PointerEvent as ReactPointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import { formatInteger } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { cellRaw, cellText, isNumericKind, reorderedModel, sortOrder, visibleRows, type GridModel, type GridSort } from './grid-model';

export const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 46;
const OVERSCAN = 10;
const MIN_WIDTH = 48;
const MAX_WIDTH = 1200;
/** Pixels an arrow key moves a column's edge. */
const KEY_STEP = 16;

const clampWidth = (w: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));

export function ResultGrid({ model, label }: { model: GridModel; label: string }) {
  const { lang, t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const [sort, setSort] = useState<GridSort>(null);
  const [widths, setWidths] = useState<Record<number, number>>({});
  const frame = useRef(0);
  const rtl = lang === 'fa';

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame.current);
    };
  }, []);

  // A new result starts at its top, in the query's own order.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setView((v) => ({ ...v, top: 0 }));
    setSort(null);
    setWidths({});
  }, [model]);

  const widthOf = (c: number) => widths[c] ?? model.columns[c].width;
  const setWidth = (c: number, width: number) => setWidths((w) => ({ ...w, [c]: clampWidth(width) }));
  /** Drags column c's edge: its inline end, which is the left edge in Persian (right to left). */
  const startResize = (c: number, event: ReactPointerEvent<HTMLElement>) => {
    event.preventDefault();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const startX = event.clientX;
    const startWidth = widthOf(c);
    const move = (e: PointerEvent) => setWidth(c, startWidth + (rtl ? startX - e.clientX : e.clientX - startX));
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  };
  const resizeByKey = (c: number, event: KeyboardEvent<HTMLElement>) => {
    const wider = rtl ? 'ArrowLeft' : 'ArrowRight';
    const narrower = rtl ? 'ArrowRight' : 'ArrowLeft';
    if (event.key !== wider && event.key !== narrower) return;
    event.preventDefault();
    setWidth(c, widthOf(c) + (event.key === wider ? KEY_STEP : -KEY_STEP));
  };

  const shown = useMemo(() => (sort && sort.column < model.columns.length ? reorderedModel(model, sortOrder(model, sort, lang)) : model), [model, sort, lang]);
  const sortBy = (column: number) =>
    setSort((s) => (s?.column !== column ? { column, direction: 'ascending' } : s.direction === 'ascending' ? { column, direction: 'descending' } : null));

  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => {
      const el = scroller.current;
      if (el) setView({ top: el.scrollTop, height: el.clientHeight });
    });
  };

  const { start, end } = visibleRows(view.top, view.height - HEADER_HEIGHT, ROW_HEIGHT, model.rowCount, OVERSCAN);
  const numberWidth = Math.max(48, formatInteger(model.rowCount, lang).length * 9 + 20);
  const template = `${numberWidth}px ${model.columns.map((_, c) => `${widthOf(c)}px`).join(' ')}`;
  const width = numberWidth + model.columns.reduce((s, _, c) => s + widthOf(c), 0);

  const rows = [];
  for (let r = start; r < end; r++) {
    rows.push(
      <div key={r} role="row" aria-rowindex={r + 2} className="result-grid__row" style={{ gridTemplateColumns: template, height: ROW_HEIGHT }} data-testid="result-row" data-row={r}>
        <div role="rowheader" className="result-grid__cell result-grid__cell--number">
          {formatInteger(r + 1, lang)}
        </div>
        {model.columns.map((column, c) => {
          const value = shown.value(r, c);
          const text = cellText(value, column, lang);
          const isNull = value === null;
          return (
            <div
              key={c}
              role="gridcell"
              className={`result-grid__cell result-grid__cell--${column.kind}${isNumericKind(column.kind) ? ' num' : ''}${isNull ? ' result-grid__cell--null' : ''}`}
              data-value={cellRaw(value, column)}
              title={text.length > 24 ? text : undefined}
            >
              <span dir={isNumericKind(column.kind) ? undefined : 'auto'}>{text}</span>
            </div>
          );
        })}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      className="result-grid"
      role="grid"
      aria-label={label}
      aria-rowcount={model.rowCount + 1}
      aria-colcount={model.columns.length + 1}
      tabIndex={0}
      onScroll={onScroll}
      data-testid="result-grid"
      data-row-count={model.rowCount}
    >
      <div className="result-grid__sizer" style={{ height: HEADER_HEIGHT + model.rowCount * ROW_HEIGHT, width }}>
        <div role="rowgroup" className="result-grid__head" style={{ height: HEADER_HEIGHT }}>
          <div role="row" aria-rowindex={1} className="result-grid__row result-grid__row--head" style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}>
            <div role="columnheader" className="result-grid__header result-grid__cell--number">
              {t('workbench.grid.rowNumber')}
            </div>
            {model.columns.map((column, c) => {
              const direction = sort?.column === c ? sort.direction : null;
              return (
                <div
                  key={c}
                  role="columnheader"
                  aria-sort={direction ?? 'none'}
                  className={`result-grid__header${isNumericKind(column.kind) ? ' num' : ''}`}
                  data-testid="result-column"
                  data-type={column.type}
                >
                  <button
                    type="button"
                    className="result-grid__sort"
                    onClick={() => sortBy(c)}
                    title={`${column.name} · ${column.type} — ${t(direction === 'ascending' ? 'workbench.grid.sortDescending' : direction === 'descending' ? 'workbench.grid.sortNone' : 'workbench.grid.sortAscending')}`}
                    data-testid="result-sort"
                  >
                    <span className="result-grid__name" dir="auto">
                      {column.name}
                      {direction && (
                        <span className="result-grid__arrow" aria-hidden="true">
                          {direction === 'ascending' ? ' ▲' : ' ▼'}
                        </span>
                      )}
                    </span>
                    <span className="result-grid__type" dir="ltr">
                      {column.type}
                    </span>
                  </button>
                  <span
                    role="separator"
                    aria-orientation="vertical"
                    aria-label={t('workbench.grid.resize', { name: column.name })}
                    aria-valuenow={widthOf(c)}
                    aria-valuemin={MIN_WIDTH}
                    aria-valuemax={MAX_WIDTH}
                    tabIndex={0}
                    className="result-grid__resize"
                    data-testid="result-resize"
                    onPointerDown={(e) => startResize(c, e)}
                    onKeyDown={(e) => resizeByKey(c, e)}
                    onDoubleClick={() => setWidths(({ [c]: _gone, ...rest }) => rest)}
                  />
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" className="result-grid__body" style={{ top: HEADER_HEIGHT + start * ROW_HEIGHT, width }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
