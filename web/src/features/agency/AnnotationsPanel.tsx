/**
 * Notes and disputes on a week's figures. The agency's officer writes them for its own agency and
 * may withdraw an open one; an admin answers and resolves them (here and on the annotations page);
 * everyone else reads them.
 * A dispute changes no figure: the figure gets a marker beside it while the dispute is open.
 */
import { type FormEvent, useState } from 'react';
import { ANNOTATION_FIGURES, ANNOTATION_KINDS, type Annotation, type AnnotationFigure, type AnnotationKind, type MeResponse } from '@hamgam/shared';
import { ApiError, answerAnnotation, createAnnotation, resolveAnnotation, withdrawAnnotation } from '../../api/client';
import { PageLink } from '../../components/PageLink';
import { formatDay, formatShortInstant } from '../../format/format';
import { componentKey, type MessageKey } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';

export const figureKey = (f: AnnotationFigure): MessageKey => (f === 'index' ? 'agency.index' : componentKey(f));

const WHO = '\u0000';

/** A sentence naming a user: the username in its own <bdi>, so a Latin name keeps its place in Persian. */
function Byline({ text, who, testId }: { text: string; who: string; testId?: string }) {
  const [before, after = ''] = text.split(WHO);
  return (
    <p className="ann__meta" data-testid={testId}>
      {before}
      <bdi>{who}</bdi>
      {after}
    </p>
  );
}

export function AnnotationsPanel({ agency, week, weekLabel, annotations, caller, onChanged }: {
  agency: string;
  week: string;
  weekLabel: string;
  annotations: readonly Annotation[];
  caller: MeResponse | null | undefined;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const canWrite = caller?.role === 'agency' && caller.agencyId === agency;
  return (
    <section aria-labelledby="ann-heading" className="panel" data-testid="annotations">
      <h2 id="ann-heading" className="panel__title">
        {t('ann.heading')}
      </h2>
      <p className="panel__meta">{t('ann.intro')}</p>
      {canWrite && <AnnotationForm agency={agency} week={week} weekLabel={weekLabel} onCreated={onChanged} />}
      <AnnotationList annotations={annotations} caller={caller} onChanged={onChanged} showAgency={false} />
    </section>
  );
}

function AnnotationForm({ agency, week, weekLabel, onCreated }: { agency: string; week: string; weekLabel: string; onCreated: () => void }) {
  const { t } = useI18n();
  const [figure, setFigure] = useState<AnnotationFigure>('index');
  const [kind, setKind] = useState<AnnotationKind>('dispute');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      await createAnnotation({ agencyId: agency, week, figure, kind, text });
      setText('');
      setOutcome({ ok: true, message: t('ann.sent') });
      onCreated();
    } catch (err) {
      setOutcome({ ok: false, message: t('ann.failed', { detail: err instanceof ApiError ? err.message : String(err) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="ann-form" onSubmit={submit} data-testid="annotation-form" aria-labelledby="ann-form-heading">
      <h3 id="ann-form-heading" className="ann-form__title">
        {t('ann.formHeading', { week: weekLabel })}
      </h3>
      <div className="ann-form__row">
        <label className="filters__field">
          <span>{t('ann.figure')}</span>
          <select value={figure} onChange={(e) => setFigure(e.target.value as AnnotationFigure)} data-testid="annotation-figure">
            {ANNOTATION_FIGURES.map((f) => (
              <option key={f} value={f}>
                {t(figureKey(f))}
              </option>
            ))}
          </select>
        </label>
        <label className="filters__field">
          <span>{t('ann.kind')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as AnnotationKind)} data-testid="annotation-kind">
            {ANNOTATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`ann.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="ann-form__text">
        <span>{t('ann.text')}</span>
        <textarea value={text} onChange={(e) => setText(e.target.value)} required maxLength={2000} rows={3} placeholder={t('ann.textHint')} data-testid="annotation-text" />
      </label>
      <p className="ann-form__actions">
        <button type="submit" disabled={busy || text.trim() === ''} data-testid="annotation-submit">
          {t('ann.submit')}
        </button>
        {outcome && (
          <span role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ann-form__ok' : 'ann-form__error'} data-testid="annotation-outcome">
            {outcome.message}
          </span>
        )}
      </p>
    </form>
  );
}

/** Admins answer and resolve; an agency user withdraws its own agency's open ones; everyone reads. */
export function AnnotationList({ annotations, caller, onChanged, showAgency }: { annotations: readonly Annotation[]; caller: MeResponse | null | undefined; onChanged: () => void; showAgency: boolean }) {
  const { t } = useI18n();
  if (annotations.length === 0) return <p className="ann-empty" data-testid="annotations-empty">{t('ann.empty')}</p>;
  const admin = caller?.role === 'admin';
  const ownAgency = caller?.role === 'agency' ? caller.agencyId : null;
  return (
    <ul className="ann-list">
      {annotations.map((a) => (
        <AnnotationItem key={a.id} a={a} admin={admin} mayWithdraw={ownAgency !== null && a.agencyId === ownAgency && a.status === 'open'} onChanged={onChanged} showAgency={showAgency} />
      ))}
    </ul>
  );
}

function AnnotationItem({ a, admin, mayWithdraw, onChanged, showAgency }: { a: Annotation; admin: boolean; mayWithdraw: boolean; onChanged: () => void; showAgency: boolean }) {
  const { t, lang } = useI18n();
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  async function act(action: () => Promise<unknown>, failed: 'ann.failed' | 'ann.withdrawFailed' = 'ann.failed') {
    setBusy(true);
    setError(null);
    try {
      await action();
      setAnswer('');
      setConfirming(false);
      onChanged();
    } catch (err) {
      setError(t(failed, { detail: err instanceof ApiError ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  const inputId = `ann-answer-${a.id}`;
  return (
    <li className={`ann ann--${a.kind} ann--${a.status}`} data-testid="annotation" data-id={a.id} data-kind={a.kind} data-status={a.status} data-figure={a.figure} data-agency-id={a.agencyId}>
      <p className="ann__head">
        <span className={`badge ann__kind ann__kind--${a.kind}`}>{t(`ann.kind.${a.kind}`)}</span>
        <span className={`ann__status ann__status--${a.status}`}>{t(`ann.status.${a.status}`)}</span>
        <strong>{t(figureKey(a.figure))}</strong>
        <span>
          {t('ann.week')} {formatDay(a.week, lang)}
        </span>
        {showAgency && (
          <PageLink page="agency" params={{ agency: a.agencyId, week: a.week }} className="ann__agency" testId="annotation-agency-link">
            {lang === 'fa' ? a.nameFa : a.nameEn}
          </PageLink>
        )}
      </p>
      <p className="ann__text" dir="auto" data-testid="annotation-text-shown">
        {a.text}
      </p>
      <Byline text={t('ann.meta', { who: WHO, when: formatShortInstant(a.createdAt, lang) })} who={a.createdBy} />
      {a.answer && (
        <div className="ann__answer" data-testid="annotation-answer">
          <Byline text={t('ann.answerMeta', { who: WHO, when: a.answeredAt ? formatShortInstant(a.answeredAt, lang) : '' })} who={a.answeredBy ?? ''} />
          <p dir="auto">{a.answer}</p>
        </div>
      )}
      {a.status === 'resolved' && a.resolvedBy && (
        <Byline text={t('ann.resolvedMeta', { who: WHO, when: a.resolvedAt ? formatShortInstant(a.resolvedAt, lang) : '' })} who={a.resolvedBy} testId="annotation-resolved" />
      )}
      {a.status === 'withdrawn' && a.withdrawnBy && (
        <Byline text={t('ann.withdrawnMeta', { who: WHO, when: a.withdrawnAt ? formatShortInstant(a.withdrawnAt, lang) : '' })} who={a.withdrawnBy} testId="annotation-withdrawn" />
      )}
      {mayWithdraw &&
        (confirming ? (
          <div className="ann__withdraw" role="group" aria-label={t('ann.withdraw')} data-testid="annotation-withdraw-confirm">
            <span>{t(`ann.withdrawConfirm.${a.kind}`)}</span>
            <button type="button" className="ann__withdraw-yes" disabled={busy} onClick={() => act(() => withdrawAnnotation(a.id), 'ann.withdrawFailed')} data-testid="annotation-withdraw-yes">
              {t('ann.withdrawYes')}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)} data-testid="annotation-withdraw-no">
              {t('ann.withdrawNo')}
            </button>
            {error && (
              <span role="alert" className="ann-form__error">
                {error}
              </span>
            )}
          </div>
        ) : (
          <p className="ann__withdraw">
            <button type="button" onClick={() => setConfirming(true)} data-testid="annotation-withdraw">
              {t('ann.withdraw')}
            </button>
          </p>
        ))}
      {admin && a.status === 'open' && (
        <form className="ann__admin" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor={inputId}>{t('ann.answerLabel')}</label>
          <textarea id={inputId} value={answer} onChange={(e) => setAnswer(e.target.value)} rows={2} maxLength={2000} data-testid="annotation-answer-text" />
          <p className="ann-form__actions">
            <button type="button" disabled={busy || answer.trim() === ''} onClick={() => act(() => answerAnnotation(a.id, answer))} data-testid="annotation-answer-submit">
              {t('ann.answerSubmit')}
            </button>
            <button type="button" disabled={busy} onClick={() => act(() => resolveAnnotation(a.id, answer.trim() || undefined))} data-testid="annotation-resolve">
              {answer.trim() ? t('ann.resolveWithAnswer') : t('ann.resolve')}
            </button>
            {error && (
              <span role="alert" className="ann-form__error">
                {error}
              </span>
            )}
          </p>
        </form>
      )}
    </li>
  );
}

