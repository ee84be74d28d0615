/**
 * The result grid: virtualised, so a 1M-row result costs the DOM only the rows in view (about forty
 * whatever the scroll position). One scroll box holds a sizer as tall as every row would be; the
 * sticky header and the rows in view are positioned inside it. Column order follows the page's
 * direction; each cell's text takes its own (dir=auto), so Persian reads right to left in English too.
 * A click on a column's header sorts the rows by it (ascending, descending, then as the query gave
 * them), in the browser: the query is not run again. The edge of a header drags (or, focused, takes
 * the arrow keys) to resize its column; a double click gives it back its own width.
 *
 * Cells are selected as in a spreadsheet: a click (or a row's number, for the whole row), Shift+click
 * or a drag for a rectangle, Shift+arrows to grow it, Ctrl+A for all; Ctrl+C (or the Copy buttons,
 * which can add the column names) puts the cells' raw values on the clipboard as tab-separated text.
 * One selected cell is shown whole below the grid (CellValue), which is where an EXPLAIN's plan opens.
 */
import { type KeyboardEvent, type PointerEvent as ReactPointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import { formatInteger } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';
import { cellRaw, cellText, clampCell, countLabel, isNumericKind, reorderedModel, selectionBounds, selectionText, sortOrder, visibleRows, type GridCell, type GridModel, type GridSelection, type GridSort } from './grid-model';

export const ROW_HEIGHT = 30;
const HEADER_HEIGHT = 46;
const OVERSCAN = 10;
const MIN_WIDTH = 48;
const MAX_WIDTH = 1200;
/** Pixels an arrow key moves a column's edge. */
const KEY_STEP = 16;

const clampWidth = (w: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));

/** An EXPLAIN's answer: DuckDB's plan as text, in the second column of its one row. */
const isExplain = (model: GridModel) => model.rowCount > 0 && model.columns.length === 2 && model.columns[0].name === 'explain_key' && model.columns[1].name === 'explain_value';

/** The cell a pointer event is over, from the data-row and data-column of the cells. */
function cellAt(target: EventTarget | null): GridCell | null {
  const cell = target instanceof Element ? target.closest<HTMLElement>('[data-column]') : null;
  const row = cell?.closest<HTMLElement>('[data-row]');
  if (!cell || !row) return null;
  return { row: Number(row.dataset.row), column: Number(cell.dataset.column) };
}

/**
 * Puts text on the clipboard: through the Clipboard API where the page may use it (https, localhost),
 * else through a copy command, which plain http allows while a key or click is being handled.
 */
async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) return navigator.clipboard.writeText(text);
  const put = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', text);
    e.preventDefault();
  };
  document.addEventListener('copy', put);
  try {
    if (!document.execCommand('copy')) throw new Error('copy refused');
  } finally {
    document.removeEventListener('copy', put);
  }
}

export function ResultGrid({ model, label }: { model: GridModel; label: string }) {
  const { lang, t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const [sort, setSort] = useState<GridSort>(null);
  const [widths, setWidths] = useState<Record<number, number>>({});
  const [selection, setSelection] = useState<GridSelection | null>(null);
  const [copied, setCopied] = useState<{ ok: boolean; text: string } | null>(null);
  const dragging = useRef(false);
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
    // An EXPLAIN's plan is one long cell: it opens in the value viewer at once.
    setSelection(isExplain(model) ? { anchor: { row: 0, column: 1 }, focus: { row: 0, column: 1 } } : null);
    setCopied(null);
  }, [model]);


  useEffect(() => {
    const stop = () => (dragging.current = false);
    window.addEventListener('pointerup', stop);
    return () => window.removeEventListener('pointerup', stop);
  }, []);

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
  const sortBy = (column: number) => {
    // A new order puts other values under the selected cells: the selection goes.
    setSelection(null);
    setSort((s) => (s?.column !== column ? { column, direction: 'ascending' } : s.direction === 'ascending' ? { column, direction: 'descending' } : null));
  };

  const lastColumn = model.columns.length - 1;
  const bounds = selection ? selectionBounds(selection, model) : null;
  const isSelected = (r: number, c: number) => bounds !== null && r >= bounds.top && r <= bounds.bottom && c >= bounds.left && c <= bounds.right;

  const onCellPointerDown = (event: ReactPointerEvent<HTMLElement>) => {
    if (event.button !== 0) return;
    const cell = cellAt(event.target);
    if (!cell) return;
    dragging.current = true;
    setSelection((s) => (event.shiftKey && s ? { anchor: s.anchor, focus: cell } : { anchor: cell, focus: cell }));
  };
  const onCellPointerOver = (event: ReactPointerEvent<HTMLElement>) => {
    if (!dragging.current || (event.buttons & 1) === 0) return;
    const cell = cellAt(event.target);
    if (cell) setSelection((s) => (s ? { anchor: s.anchor, focus: cell } : s));
  };
  /** A row's number selects the whole row; with Shift, every row from the selection's first. */
  const selectRow = (row: number, extend: boolean) =>
    setSelection((s) => (extend && s ? { anchor: { row: s.anchor.row, column: 0 }, focus: { row, column: lastColumn } } : { anchor: { row, column: 0 }, focus: { row, column: lastColumn } }));

  const copy = (withNames: boolean) => {
    if (!selection) return;
    const out = selectionText(shown, selection, withNames);
    const cells = formatInteger(out.rows * out.columns, lang);
    writeClipboard(out.text).then(
      () =>
        setCopied({
          ok: true,
          text: out.cut ? t('workbench.grid.copiedCut', { rows: formatInteger(out.rows, lang), cells }) : out.rows * out.columns === 1 ? t('workbench.grid.copiedOne') : t('workbench.grid.copied', { cells }),
        }),
      () => setCopied({ ok: false, text: t('workbench.grid.copyFailed') }),
    );
  };

  /** Keeps a row in view below the sticky header, after the keyboard moved the selection to it. */
  const scrollToRow = (row: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = row * ROW_HEIGHT;
    const bottom = HEADER_HEIGHT + (row + 1) * ROW_HEIGHT - el.clientHeight;
    if (el.scrollTop > top) el.scrollTop = top;
    else if (el.scrollTop < bottom) el.scrollTop = bottom;
  };

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Keys on the header's buttons and edges are theirs (sorting, resizing).
    if (event.target !== event.currentTarget || model.rowCount === 0) return;
    const command = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (command && key === 'a') {
      event.preventDefault();
      setSelection({ anchor: { row: 0, column: 0 }, focus: { row: model.rowCount - 1, column: lastColumn } });
    } else if (command && key === 'c') {
      event.preventDefault();
      copy(false);
    } else if (event.key === 'Escape') {
      setSelection(null);
    } else if (selection && ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(event.key)) {
      event.preventDefault();
      // Left is the next column in Persian (right to left), as the columns are laid out.
      const forward = rtl ? 'ArrowLeft' : 'ArrowRight';
      const dr = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
      const dc = event.key === 'ArrowUp' || event.key === 'ArrowDown' ? 0 : event.key === forward ? 1 : -1;
      const focus = clampCell({ row: selection.focus.row + dr, column: selection.focus.column + dc }, model);
      setSelection(event.shiftKey ? { anchor: selection.anchor, focus } : { anchor: focus, focus });
      scrollToRow(focus.row);
    }
  };

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
        <div role="rowheader" className="result-grid__cell result-grid__cell--number" onPointerDown={(e) => e.button === 0 && selectRow(r, e.shiftKey)} data-testid="result-row-number">
          {formatInteger(r + 1, lang)}
        </div>
        {model.columns.map((column, c) => {
          const value = shown.value(r, c);
          const text = cellText(value, column, lang);
          const isNull = value === null;
          const selected = isSelected(r, c);
          return (
            <div
              key={c}
              role="gridcell"
              aria-selected={selected}
              className={`result-grid__cell result-grid__cell--${column.kind}${isNumericKind(column.kind) ? ' num' : ''}${isNull ? ' result-grid__cell--null' : ''}${selected ? ' result-grid__cell--selected' : ''}`}
              data-column={c}
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
    <>
      <div
        ref={scroller}
        className="result-grid"
        role="grid"
        aria-label={label}
        aria-multiselectable="true"
        aria-rowcount={model.rowCount + 1}
        aria-colcount={model.columns.length + 1}
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onGridKeyDown}
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
          <div
            role="rowgroup"
            className="result-grid__body"
            style={{ top: HEADER_HEIGHT + start * ROW_HEIGHT, width }}
            onPointerDown={onCellPointerDown}
            onPointerOver={onCellPointerOver}
          >
            {rows}
          </div>
        </div>
      </div>
      {bounds && bounds.top === bounds.bottom && bounds.left === bounds.right && <CellValue model={shown} row={bounds.top} column={bounds.left} />}
      <div className="grid-copy" data-testid="grid-copy">
        {bounds ? (
          <>
            <span className="grid-copy__size" data-testid="grid-selection">
              {t('workbench.grid.selection', { rows: countLabel(lang, bounds.bottom - bounds.top + 1, 'row'), columns: countLabel(lang, bounds.right - bounds.left + 1, 'column') })}
            </span>
            <button type="button" className="button button--quiet" onClick={() => copy(false)} data-testid="grid-copy-values">
              {t('workbench.grid.copy')}
            </button>
            <button type="button" className="button button--quiet" onClick={() => copy(true)} data-testid="grid-copy-names">
              {t('workbench.grid.copyWithNames')}
            </button>
          </>
        ) : (
          <span className="grid-copy__hint">{t('workbench.grid.selectHint')}</span>
        )}
        <span role="status" className={copied && !copied.ok ? 'grid-copy__status grid-copy__status--error' : 'grid-copy__status'} data-testid="grid-copied">
          {copied?.text}
        </span>
      </div>
    </>
  );
}

/**
 * The whole of one selected cell, which the grid cuts to its width and one line: long text with its
 * own line breaks and direction (an EXPLAIN's plan, a JSON value, a Persian paragraph), and for a
 * number or date the raw value beside the formatted one.
 */
function CellValue({ model, row, column }: { model: GridModel; row: number; column: number }) {
  const { lang, t } = useI18n();
  const col = model.columns[column];
  const value = model.value(row, column);
  const text = cellText(value, col, lang);
  const raw = cellRaw(value, col);
  return (
    <figure className="cell-value" data-testid="cell-value">
      <figcaption className="cell-value__caption">
        {t('workbench.grid.cellValue', { row: formatInteger(row + 1, lang), column: col.name })}{' '}
        <span className="result-grid__type" dir="ltr">
          {col.type}
        </span>
        {value !== null && raw !== text && (
          <span className="cell-value__raw" dir="ltr" data-testid="cell-value-raw">
            {raw}
          </span>
        )}
      </figcaption>
      <pre className={`cell-value__text${value === null ? ' result-grid__cell--null' : ''}`} dir="auto" data-testid="cell-value-text">
        {text}
      </pre>
    </figure>
  );
}
