/**
 * The analyst workbench: SQL over the analysis replica (the sandbox of docs/decisions/0004), results
 * as Arrow decoded in the browser into a virtualised grid, a quick chart, exports, the data
 * dictionary, saved queries and the caller's history. In the URL: the open saved query (`saved`),
 * the side panel (`tab`) and the row limit (`limit`).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { EXPORT_FORMATS, lineAndColumn, WORKBENCH_ROLES, type QueryError, type SavedQuery } from '@hamgam/shared';
import { ApiError } from '../../api/client';
import {
  cancelQuery,
  createSavedQuery,
  deleteSavedQuery,
  exportHref,
  fetchQueryHistory,
  fetchQuerySchema,
  fetchSavedQueries,
  fetchSavedQuery,
  newQueryId,
  QueryFailure,
  runQuery,
  updateSavedQuery,
  type ArrowRun,
} from '../../api/query-client';
import { useResource } from '../../api/use-resource';
import { formatDecimal, formatDuration, formatInteger } from '../../format/format';
import { type Lang, type MessageKey, queryReasonKey, translate } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { setSearchParams, useSearchParam } from '../../lib/use-search-param';
import { useMe } from '../auth/use-me';
import { DictionaryPanel } from './DictionaryPanel';
import { HistoryPanel } from './HistoryPanel';
import { ResultChart } from './ResultChart';
import { ResultGrid } from './ResultGrid';
import { SavedQueriesPanel, type SaveInput } from './SavedQueriesPanel';
import { SqlEditor, type SqlEditorHandle } from './SqlEditor';
import type { StatementToRun } from './statements';
import { countLabel, toGridModel } from './grid-model';
import './workbench.css';

export const ROW_LIMITS = [1_000, 10_000, 100_000, 1_000_000] as const;
const DEFAULT_LIMIT = 10_000;
const TABS = ['dictionary', 'saved', 'history'] as const;
type Tab = (typeof TABS)[number];
const HISTORY_LIMIT = 50;
const DRAFT_KEY = 'hamgam.workbench.draft';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EXAMPLE_SQL = `select sector, count(*) as agencies
from agency
group by sector
order by agencies desc`;

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; queryId: string; startedAt: number; cancelling: boolean; received: number }
  | { kind: 'done'; run: ArrowRun; sql: string; part: StatementToRun['part'] }
  | { kind: 'error'; error: QueryError; sql: string; part: StatementToRun['part'] };

function readDraft(): string {
  try {
    return window.localStorage.getItem(DRAFT_KEY) ?? EXAMPLE_SQL;
  } catch {
    return EXAMPLE_SQL;
  }
}

function writeDraft(sql: string): void {
  try {
    window.localStorage.setItem(DRAFT_KEY, sql);
  } catch {
    // private mode or full: the draft is a convenience
  }
}

export function WorkbenchPage() {
  const { t } = useI18n();
  const me = useMe();
  if (!me) {
    return (
      <main id="main" className="page" aria-busy="true">
        <p className="state" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('workbench.checking')}
        </p>
      </main>
    );
  }
  if (!(WORKBENCH_ROLES as readonly string[]).includes(me.role)) {
    return (
      <main id="main" className="page">
        <div className="state state--error" role="alert" data-testid="workbench-forbidden">
          <h1 className="state__title">{t('workbench.forbidden.title')}</h1>
          <p>{t('workbench.forbidden.body')}</p>
        </div>
      </main>
    );
  }
  return <Workbench userId={me.userId} />;
}

function Workbench({ userId }: { userId: string }) {
  const { t, lang } = useI18n();
  const editor = useRef<SqlEditorHandle>(null);
  const savedParam = useSearchParam('saved');
  const savedId = savedParam && UUID.test(savedParam) ? savedParam : null;
  const tabParam = useSearchParam('tab');
  const tab: Tab = (TABS as readonly string[]).includes(tabParam ?? '') ? (tabParam as Tab) : savedId ? 'saved' : 'dictionary';
  const limitParam = Number(useSearchParam('limit'));
  const rowLimit = (ROW_LIMITS as readonly number[]).includes(limitParam) ? limitParam : DEFAULT_LIMIT;

  const schema = useResource('schema', fetchQuerySchema, 10 * 60_000);
  const history = useResource('history', (s) => fetchQueryHistory(HISTORY_LIMIT, s), 5 * 60_000);
  const saved = useResource('saved', fetchSavedQueries, 5 * 60_000);
  const schemaData = schema.state.kind === 'ready' ? schema.state.data : schema.state.kind === 'error' ? schema.state.data : null;

  // Opening the history shows what happened since (an export's re-run, a query in another tab).
  const refreshHistory = history.retry;
  useEffect(() => {
    if (tab === 'history') refreshHistory();
  }, [tab, refreshHistory]);

  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const [text, setText] = useState(() => (savedId ? '' : readDraft()));
  const [openSaved, setOpenSaved] = useState<SavedQuery | null>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const [now, setNow] = useState(Date.now());

  // The open saved query follows the URL: a reload or a shared link opens it again.
  useEffect(() => {
    if (!savedId) {
      setOpenSaved(null);
      return;
    }
    if (openSaved?.id === savedId) return;
    const controller = new AbortController();
    fetchSavedQuery(savedId, controller.signal).then(
      (q) => {
        setOpenSaved(q);
        editor.current?.setValue(q.sql);
        setText(q.sql);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setOpenSaved(null);
        setNotice({ kind: 'error', message: err instanceof ApiError && err.status === 404 ? t('workbench.saved.notFound') : t('workbench.loadError', { detail: String((err as Error).message) }) });
      },
    );
    return () => controller.abort();
    // openSaved is read to skip a reload of the query just saved or opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [savedId]);

  useEffect(() => {
    if (state.kind !== 'running') return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [state.kind]);

  const onChange = useCallback((sql: string) => {
    setText(sql);
    writeDraft(sql);
  }, []);

  const stateRef = useRef(state);
  stateRef.current = state;
  const limitRef = useRef(rowLimit);
  limitRef.current = rowLimit;

  const run = useCallback(async () => {
    const whole = editor.current?.value() ?? '';
    const { sql, offset, part } = editor.current?.toRun() ?? { sql: whole, offset: 0, part: null };
    if (sql.trim() === '' || stateRef.current.kind === 'running') return;
    const queryId = newQueryId();
    editor.current?.markError(null);
    editor.current?.markRan(part ? { from: offset, to: offset + sql.length } : null);
    setNotice(null);
    setState({ kind: 'running', queryId, startedAt: Date.now(), cancelling: false, received: 0 });
    setNow(Date.now());
    // A streamed result's bytes as they arrive, shown at most ten times a second.
    let shownAt = 0;
    const onBytes = (received: number) => {
      if (Date.now() - shownAt < 100) return;
      shownAt = Date.now();
      setState((s) => (s.kind === 'running' && s.queryId === queryId ? { ...s, received } : s));
    };
    try {
      const result = await runQuery(sql, limitRef.current, queryId, { onBytes });
      setState({ kind: 'done', run: result, sql, part });
    } catch (err) {
      const failure: QueryError =
        err instanceof QueryFailure
          ? err.body
          : { queryId, status: 'failed', message: t('workbench.error.network', { detail: err instanceof Error ? err.message : String(err) }), position: null, line: null, column: null, code: 'network' };
      // The sandbox counts from the start of what it was sent: in the editor, from where that starts.
      const error = failure.position === null || offset === 0 ? failure : { ...failure, position: failure.position + offset, ...lineAndColumn(whole, failure.position + offset) };
      setState({ kind: 'error', error, sql, part });
      if (error.position !== null && editor.current?.value() === whole) editor.current.markError(error.position);
    } finally {
      history.retry();
    }
  }, [history, t]);

  const cancel = async () => {
    if (state.kind !== 'running' || state.cancelling) return;
    setState({ ...state, cancelling: true });
    try {
      await cancelQuery(state.queryId);
    } catch {
      // the query's own answer says how it ended
    }
  };

  const model = useMemo(() => (state.kind === 'done' ? toGridModel(state.run.table, state.run.columns, lang) : null), [state, lang]);

  const insert = (s: string) => editor.current?.insert(s);
  const load = (sql: string) => {
    editor.current?.setValue(sql);
    editor.current?.focus();
  };

  const afterSave = (q: SavedQuery, message: MessageKey) => {
    setOpenSaved(q);
    setNotice({ kind: 'ok', message: t(message, { name: q.name }) });
    setSearchParams({ saved: q.id, tab: 'saved' });
    saved.retry();
  };
  const saveFailed = (err: unknown) => setNotice({ kind: 'error', message: t('workbench.saved.error', { detail: err instanceof Error ? err.message : String(err) }) });
  const saveNew = async (input: SaveInput) => {
    setSaving(true);
    try {
      afterSave(await createSavedQuery({ ...input, sql: editor.current?.value() ?? '' }), 'workbench.saved.created');
    } catch (err) {
      saveFailed(err);
    } finally {
      setSaving(false);
    }
  };
  const update = async (input: SaveInput) => {
    if (!openSaved) return;
    setSaving(true);
    try {
      afterSave(await updateSavedQuery(openSaved.id, { ...input, sql: editor.current?.value() ?? '' }), 'workbench.saved.updatedDone');
    } catch (err) {
      saveFailed(err);
    } finally {
      setSaving(false);
    }
  };
  const remove = async (q: SavedQuery) => {
    setSaving(true);
    try {
      await deleteSavedQuery(q.id);
      setOpenSaved(null);
      setNotice({ kind: 'ok', message: t('workbench.saved.deleted', { name: q.name }) });
      setSearchParams({ saved: null });
      saved.retry();
    } catch (err) {
      saveFailed(err);
    } finally {
      setSaving(false);
    }
  };
  const open = (q: SavedQuery) => {
    setOpenSaved(q);
    editor.current?.setValue(q.sql);
    setSearchParams({ saved: q.id });
  };

  const running = state.kind === 'running';
  const edited = openSaved !== null && text !== openSaved.sql;

  return (
    <main id="main" className="page page--workbench">
      <div className="page__head">
        <h1>{t('workbench.title')}</h1>
        <p className="meta">
          <span>{t('workbench.intro')}</span>
          {schemaData && <span>{t('workbench.dataVersion', { version: formatInteger(schemaData.dataVersion, lang) })}</span>}
        </p>
      </div>

      <div className="workbench">
        <div className="workbench__main">
          <section className="panel editor-panel" aria-labelledby="editor-heading">
            <div className="editor-panel__head">
              <h2 id="editor-heading" className="panel__title">
                {openSaved ? t('workbench.saved.open', { name: openSaved.name }) : t('workbench.editor.heading')}
              </h2>
              {openSaved && (
                <button type="button" className="link-button" onClick={() => setSearchParams({ saved: null })} data-testid="saved-close">
                  {t('workbench.saved.close')}
                </button>
              )}
            </div>
            {edited && <p className="panel__meta">{t('workbench.saved.edited')}</p>}
            <SqlEditor initialValue={text} schema={schemaData} onRun={run} onChange={onChange} handle={editor} />
            <div className="run-bar">
              {running ? (
                <button type="button" className="button button--danger" onClick={cancel} disabled={state.cancelling} data-testid="cancel-query">
                  {state.cancelling ? t('workbench.cancelling') : t('workbench.cancel')}
                </button>
              ) : (
                <button type="button" className="button button--primary" onClick={run} disabled={text.trim() === ''} data-testid="run-query">
                  {t('workbench.run')}
                </button>
              )}
              <label className="filters__field">
                <span>{t('workbench.rowLimit')}</span>
                <select value={rowLimit} onChange={(e) => setSearchParams({ limit: Number(e.target.value) === DEFAULT_LIMIT ? null : e.target.value })} data-testid="row-limit">
                  {ROW_LIMITS.map((n) => (
                    <option key={n} value={n}>
                      {formatInteger(n, lang)}
                    </option>
                  ))}
                </select>
              </label>
              <span id="sql-editor-hint" className="run-bar__hint">
                {t('workbench.editor.hint')}
              </span>
            </div>
          </section>

          {notice && (
            <p className={`notice notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="workbench-notice">
              {notice.message}
            </p>
          )}

          <ResultSection state={state} now={now} onShowPosition={(p) => editor.current?.markError(p)} />
          {model && state.kind === 'done' && (
            <>
              <section className="panel" aria-labelledby="result-heading" data-testid="result">
                <div className="result-head">
                  <h2 id="result-heading" className="panel__title">
                    {t('workbench.result.heading')}
                  </h2>
                  <p className="result-head__summary" data-testid="result-summary">
                    {t('workbench.result.summary', {
                      rows: countLabel(lang, state.run.rowCount, 'row'),
                      columns: countLabel(lang, model.columns.length, 'column'),
                      duration: formatDuration(state.run.durationMs, lang),
                    })}
                    {state.part && (
                      <span data-testid="result-part">
                        {' · '}
                        {partLabel(state.part, lang)}
                      </span>
                    )}
                    {state.run.truncated && (
                      <span className="badge badge--warn" data-testid="result-truncated-badge">
                        {t('workbench.result.truncatedBadge')}
                      </span>
                    )}
                  </p>
                </div>
                {state.run.truncated && (
                  <p className="notice notice--warn" role="status" data-testid="result-truncated">
                    {t('workbench.result.truncated', { limit: formatInteger(state.run.rowCount, lang) })}
                  </p>
                )}
                {model.rowCount === 0 ? (
                  <p className="panel__meta" data-testid="result-empty">
                    {t('workbench.result.empty')}
                  </p>
                ) : (
                  <ResultGrid model={model} label={t('workbench.grid.label', { rows: formatInteger(model.rowCount, lang) })} />
                )}
                <div className="exports" aria-label={t('workbench.export.heading')} role="group">
                  <span className="exports__label">{t('workbench.export.heading')}</span>
                  {EXPORT_FORMATS.map((f) => (
                    <a key={f} className="button" href={exportHref(state.run.queryId, f)} download data-testid={`export-${f}`}>
                      {t(`workbench.export.${f}` as MessageKey)}
                    </a>
                  ))}
                </div>
                <p className="table-note">{t('workbench.export.note')}</p>
              </section>
              {model.rowCount > 0 && <ResultChart model={model} />}
            </>
          )}
        </div>

        <aside className="panel workbench__side" aria-label={t('workbench.panels.label')}>
          <div
            className="tabs"
            role="tablist"
            aria-label={t('workbench.panels.label')}
            // The tabs pattern: arrows move between tabs (mirrored right to left), Home and End to the ends.
            onKeyDown={(e) => {
              const forward = lang === 'fa' ? 'ArrowLeft' : 'ArrowRight';
              const back = lang === 'fa' ? 'ArrowRight' : 'ArrowLeft';
              const i = TABS.indexOf(tab);
              const next = e.key === forward ? (i + 1) % TABS.length : e.key === back ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
              if (next < 0) return;
              e.preventDefault();
              setSearchParams({ tab: TABS[next] });
              document.getElementById(`tab-${TABS[next]}`)?.focus();
            }}
          >
            {TABS.map((k) => (
              <button
                key={k}
                type="button"
                role="tab"
                id={`tab-${k}`}
                aria-selected={tab === k}
                aria-controls={`tabpanel-${k}`}
                tabIndex={tab === k ? 0 : -1}
                className="tabs__tab"
                onClick={() => setSearchParams({ tab: k })}
                data-testid={`tab-${k}`}
              >
                {t(`workbench.tab.${k}` as MessageKey)}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`} className="tabs__panel" tabIndex={0}>
            {tab === 'dictionary' &&
              (schemaData ? (
                <DictionaryPanel schema={schemaData} onInsert={insert} />
              ) : schema.state.kind === 'error' ? (
                <p className="error-text">{t('workbench.loadError', { detail: schema.state.message })}</p>
              ) : (
                <p className="panel__meta">{t('workbench.dictionary.loading')}</p>
              ))}
            {tab === 'saved' &&
              (saved.state.kind === 'ready' ? (
                <SavedQueriesPanel items={saved.state.data.items} userId={userId} open={openSaved} busy={saving} onSaveNew={saveNew} onUpdate={update} onDelete={remove} onOpen={open} />
              ) : saved.state.kind === 'error' ? (
                <p className="error-text">{t('workbench.loadError', { detail: saved.state.message })}</p>
              ) : (
                <span className="spinner" aria-hidden="true" />
              ))}
            {tab === 'history' &&
              (history.state.kind === 'ready' ? (
                <HistoryPanel items={history.state.data.items} onLoad={load} />
              ) : history.state.kind === 'error' ? (
                <p className="error-text">{t('workbench.loadError', { detail: history.state.message })}</p>
              ) : (
                <span className="spinner" aria-hidden="true" />
              ))}
          </div>
        </aside>
      </div>
    </main>
  );
}

/** What the last run came to, when it is not a result: running (with its clock), refused, failed, cancelled. */
/** "Statement 2 of 3": which of the editor's statements ran. */
const partLabel = (part: NonNullable<StatementToRun['part']>, lang: Lang) => translate(lang, 'workbench.result.part', { index: formatInteger(part.index, lang), of: formatInteger(part.of, lang) });

function ResultSection({ state, now, onShowPosition }: { state: RunState; now: number; onShowPosition: (position: number) => void }) {
  const { t, lang } = useI18n();
  if (state.kind === 'idle') {
    return (
      <p className="panel panel__meta" data-testid="result-none">
        {t('workbench.result.none')}
      </p>
    );
  }
  if (state.kind === 'running') {
    return (
      <p className="state" role="status" data-testid="query-running">
        <span className="spinner" aria-hidden="true" />
        {t('workbench.running', { elapsed: formatDuration(Math.max(0, now - state.startedAt), lang) })}
        {state.received > 0 && (
          <span className="query-receiving" data-testid="query-receiving" data-bytes={state.received}>
            {' '}
            {t('workbench.receiving', { size: formatDecimal(state.received / 1e6, lang, 1, 1) })}
          </span>
        )}
      </p>
    );
  }
  if (state.kind === 'done') return null;
  const { error } = state;
  const known = ['refused', 'failed', 'timed_out', 'cancelled', 'busy'] as const;
  const titleKey: MessageKey = (known as readonly string[]).includes(error.status) ? (`workbench.error.${error.status}` as MessageKey) : 'workbench.error.other';
  const cancelled = error.status === 'cancelled';
  const reasonKey = queryReasonKey(error.code);
  return (
    <div className={`state ${cancelled ? 'state--waiting' : 'state--error'}`} role={cancelled ? 'status' : 'alert'} data-testid="query-error" data-status={error.status} data-code={error.code ?? ''}>
      <h2 className="state__title">{t(titleKey)}</h2>
      {state.part && (
        <p className="query-error__part" data-testid="query-error-part">
          {partLabel(state.part, lang)}
        </p>
      )}
      {/* In Persian, the reason in Persian first; in English, the server's own sentence says it. */}
      {lang === 'fa' && reasonKey && (
        <p className="query-error__reason" data-testid="query-error-reason">
          {t(reasonKey)}
        </p>
      )}
      {lang === 'fa' && <p className="query-error__says">{t('workbench.error.says')}</p>}
      {/* The API's own sentence, in English: it names SQL, and translating DuckDB's errors would lose them. */}
      <p className="query-error__message" lang="en" dir="ltr" data-testid="query-error-message">
        {error.message}
      </p>
      {error.position !== null && (
        <p className="query-error__where">
          {error.line !== null && error.column !== null && (
            <span data-testid="query-error-position">{t('workbench.error.position', { line: formatInteger(error.line, lang), column: formatInteger(error.column, lang) })}</span>
          )}
          <button type="button" className="link-button" onClick={() => onShowPosition(error.position!)}>
            {t('workbench.error.showPosition')}
          </button>
        </p>
      )}
    </div>
  );
}

