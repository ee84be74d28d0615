import { Fragment, type ReactNode } from 'react';
import { useI18n } from '../i18n/use-i18n';

/**
 * One column of a DataTable: its header, how a row fills its cell, and its class (`num` for
 * figures, which line up at the end of the cell in both directions; `col-name`, `nowrap`…).
 */
export interface Column<T> {
  id: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  className?: string;
  /** A class for one row's cell only (a failing count in red), added to `className`. */
  cellClassName?: (row: T) => string | undefined;
  /** The cell that names the row (`<th scope="row">`): what a screen reader reads with each figure. */
  rowHeader?: boolean;
}

/** `data-*` attributes and a class for a row: what tests and styles find it by. */
export type RowAttributes = { className?: string } & { [data: `data-${string}`]: string | number | undefined };

export interface DataTableProps<T> {
  /** Read by screen readers; hidden on screen, where the panel's heading says it. */
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowAttributes?: (row: T) => RowAttributes;
  /** A second row under a row (a failed run's reason), spanning every column. */
  rowDetail?: (row: T) => { content: ReactNode; attributes?: RowAttributes } | null;
  /** Shown in one full-width row when there are no rows; omit to show an empty body. */
  empty?: string;
  testId?: string;
}

/** A table of rows with a header row: the markup (scopes, caption, classes) every table shares. */
export function DataTable<T>({ caption, columns, rows, rowKey, rowAttributes, rowDetail, empty, testId }: DataTableProps<T>) {
  return (
    <table className="data-table" data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th scope="col" className={c.className} key={c.id}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty !== undefined && (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        )}
        {rows.map((row) => {
          const detail = rowDetail?.(row);
          return (
            <Fragment key={rowKey(row)}>
              <tr {...rowAttributes?.(row)}>
                {columns.map((c) => {
                  const className = [c.className, c.cellClassName?.(row)].filter(Boolean).join(' ') || undefined;
                  return c.rowHeader ? (
                    <th scope="row" className={className} key={c.id}>
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td className={className} key={c.id}>
                      {c.cell(row)}
                    </td>
                  );
                })}
              </tr>
              {detail && (
                <tr {...detail.attributes}>
                  <td colSpan={columns.length}>{detail.content}</td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * A panel holding a wide table: its heading, an optional line under it, and a scroll region a
 * keyboard can reach (on a phone the table scrolls sideways inside it, not the page).
 */
export function TablePanel({
  id,
  heading,
  level = 2,
  meta,
  tall = false,
  scrollHint = true,
  emptyMessage,
  emptyTestId,
  children,
}: {
  id: string;
  heading: ReactNode;
  level?: 2 | 3;
  meta?: ReactNode;
  tall?: boolean;
  scrollHint?: boolean;
  /** When set, shown instead of the table: a sentence reads better than an empty grid. */
  emptyMessage?: string | null;
  emptyTestId?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const Heading = level === 2 ? 'h2' : 'h3';
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} className="panel">
      <Heading id={headingId} className="panel__title">
        {heading}
      </Heading>
      {meta}
      {emptyMessage ? (
        <p className="panel__meta" data-testid={emptyTestId}>
          {emptyMessage}
        </p>
      ) : (
        <>
          {scrollHint && <p className="scroll-hint">{t('table.scrollHint')}</p>}
          <div className={tall ? 'table-scroll table-scroll--tall' : 'table-scroll'} role="region" aria-labelledby={headingId} tabIndex={0}>
            {children}
          </div>
        </>
      )}
    </section>
  );
}
