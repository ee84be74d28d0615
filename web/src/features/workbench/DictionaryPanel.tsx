/**
 * The data dictionary: every table and column analysts may query, typed, described in the page's
 * language (the other language on hover), from GET /query/schema, which reads the one dictionary in
 * the warehouse package. A name's button puts it into the editor at the cursor.
 */
import { useMemo, useState } from 'react';
import type { QuerySchemaResponse } from '@hamgam/shared';
import { formatInteger } from '../../format/format';
import { useI18n } from '../../i18n/use-i18n';

export function DictionaryPanel({ schema, onInsert }: { schema: QuerySchemaResponse; onInsert: (text: string) => void }) {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState('');
  const describe = (d: { descriptionFa: string; descriptionEn: string }) => (lang === 'fa' ? d.descriptionFa : d.descriptionEn);
  const other = (d: { descriptionFa: string; descriptionEn: string }) => (lang === 'fa' ? d.descriptionEn : d.descriptionFa);

  const tables = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!q) return schema.tables.map((table) => ({ table, columns: table.columns, open: false }));
    const hit = (s: string) => s.toLowerCase().includes(q);
    return schema.tables
      .map((table) => {
        const tableHit = hit(table.name) || hit(table.descriptionFa) || hit(table.descriptionEn);
        const columns = table.columns.filter((c) => hit(c.name) || hit(c.descriptionFa) || hit(c.descriptionEn));
        return { table, columns: tableHit ? table.columns : columns, open: true };
      })
      .filter((e) => e.columns.length > 0);
  }, [schema, filter]);

  return (
    <div className="dictionary" data-testid="dictionary">
      <label className="dictionary__filter">
        <span className="visually-hidden">{t('workbench.dictionary.filter')}</span>
        <input type="search" value={filter} placeholder={t('workbench.dictionary.filter')} onChange={(e) => setFilter(e.target.value)} data-testid="dictionary-filter" />
      </label>
      {tables.length === 0 && <p className="panel__meta">{t('workbench.dictionary.none')}</p>}
      {tables.map(({ table, columns, open }) => (
        <details key={`${table.name}-${open}`} className="dictionary__table" open={open} data-testid="dictionary-table" data-table={table.name}>
          <summary>
            <code dir="ltr">{table.name}</code>
            <span className="dictionary__count">{t('workbench.dictionary.columns', { count: formatInteger(table.columns.length, lang) })}</span>
            <span className="dictionary__description" title={other(table)}>
              {describe(table)}
            </span>
          </summary>
          <button type="button" className="link-button dictionary__insert" onClick={() => onInsert(table.name)} aria-label={t('workbench.dictionary.insert', { name: table.name })}>
            {t('workbench.dictionary.insert', { name: table.name })}
          </button>
          <table className="data-table dictionary__columns">
            <caption className="visually-hidden">{table.name}</caption>
            <thead>
              <tr>
                <th scope="col">{t('workbench.dictionary.column')}</th>
                <th scope="col">{t('workbench.dictionary.type')}</th>
                <th scope="col">{t('workbench.dictionary.description')}</th>
              </tr>
            </thead>
            <tbody>
              {columns.map((c) => (
                <tr key={c.name} data-testid="dictionary-column" data-column={`${table.name}.${c.name}`}>
                  <th scope="row">
                    <button type="button" className="link-button" dir="ltr" onClick={() => onInsert(c.name)} aria-label={t('workbench.dictionary.insert', { name: c.name })}>
                      <code>{c.name}</code>
                    </button>
                  </th>
                  <td>
                    <code className="dictionary__type" dir="ltr">
                      {c.type}
                    </code>
                  </td>
                  <td title={other(c)}>{describe(c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
      <section className="dictionary__functions" aria-labelledby="functions-heading">
        <h3 id="functions-heading">{t('workbench.dictionary.functions')}</h3>
        <p>
          {schema.tableFunctions.map((f) => (
            <button key={f} type="button" className="chip" dir="ltr" onClick={() => onInsert(`${f}(`)}>
              {f}()
            </button>
          ))}
        </p>
      </section>
    </div>
  );
}
