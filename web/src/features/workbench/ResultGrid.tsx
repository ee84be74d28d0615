/**
 * The result grid: virtualised, so a 1M-row result costs the DOM only the rows in view (about forty
 * whatever the scroll position). One scroll box holds a sizer as tall as every row would be; the
 * sticky header and the rows in view are positioned inside it. Column order follows the page's
 * direction; each cell's text takes its own (dir=auto), so Persian reads right to left in English too.
 * A click on a column's header sorts the rows by it (ascending, descending, then as the query gave
 * them), in the browser: the query is not run again.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatInteger } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { cellRaw, cellText, isNumericKind, reorderedModel, sortOrder, visibleRows, type GridModel, type GridSort } from './grid-model';

export const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 46;
const OVERSCAN = 10;

export function ResultGrid({ model, label }: { model: GridModel; label: string }) {
  const { lang, t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const [sort, setSort] = useState<GridSort>(null);
  const frame = useRef(0);

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
  }, [model]);

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
  const template = `${numberWidth}px ${model.columns.map((c) => `${c.width}px`).join(' ')}`;
  const width = numberWidth + model.columns.reduce((s, c) => s + c.width, 0);

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
