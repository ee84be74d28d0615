import type { ComponentExplanation } from '@hamgam/shared';
import { formatCount, formatScore } from '../../format/format';
import { componentKey, inputLabel } from '../../i18n/dictionary';
import { useI18n } from '../../i18n/use-i18n';
import { DisputeMarker } from '../../components/DisputeMarker';

/**
 * The five components, each with its value, its weight, the inputs the formula took and the
 * formula itself (as docs/methodology.md writes it, so it can be checked against the document).
 */
export function ComponentCards({ components, disputed }: { components: readonly ComponentExplanation[]; disputed?: ReadonlySet<string> }) {
  const { t, lang } = useI18n();
  const number = (v: number) => (Number.isInteger(v) ? formatCount(v, lang) : formatScore(v, lang));
  return (
    <section aria-labelledby="components-heading" className="panel">
      <h2 id="components-heading" className="panel__title">
        {t('agency.componentsHeading')}
      </h2>
      <ul className="components">
        {components.map((c) => (
          <li key={c.name} className="component" data-testid="component" data-component={c.name} data-value={c.value}>
            <h3 className="component__name">{t(componentKey(c.name))}</h3>
            <p className="component__value">
              <span className="component__score">{formatScore(c.value, lang)}</span>
              <span className="component__weight">{t('agency.weight', { weight: formatCount(c.weight, lang) })}</span>
              {disputed?.has(c.name) && <DisputeMarker figure={t(componentKey(c.name))} />}
            </p>
            <meter className="component__meter" min={0} max={100} value={c.value} aria-hidden="true" />
            <h4 className="component__sub">{t('agency.inputs')}</h4>
            <dl className="component__inputs">
              {Object.entries(c.inputs).map(([name, value]) => (
                <div key={name} data-input={name}>
                  <dt>
                    {inputLabel(lang, name)}
                    {/* The name the formula below uses, so each input can be found in it. */}
                    <code className="component__var" dir="ltr">
                      {name}
                    </code>
                  </dt>
                  <dd>{value === null ? t('input.none') : number(value)}</dd>
                </div>
              ))}
            </dl>
            <h4 className="component__sub">{t('agency.formula')}</h4>
            <code className="component__formula" dir="ltr" lang="en">
              {c.formula}
            </code>
          </li>
        ))}
      </ul>
    </section>
  );
}
