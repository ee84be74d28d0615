import type { MoversResponse } from '@hamgam/shared';
import { PageLink } from '../../components/PageLink';
import { useI18n } from '../../i18n/use-i18n';
import { STATUS_COLOR } from './status-style';
import { MOVER_GROUP_KEY, MOVER_GROUPS, moverDetail } from './movers';

/**
 * This week's movers: who joined, slipped to lagging, went silent, and the biggest gains and falls.
 * Each name leads to the agency's detail for the same week. `links` off for print, where a link
 * is only underlined text.
 */
export function MoversPanel({ movers, links = true, headingLevel = 2 }: { movers: MoversResponse; links?: boolean; headingLevel?: 2 | 3 }) {
  const { t, lang } = useI18n();
  const Heading = `h${headingLevel}` as const;
  const SubHeading = `h${headingLevel + 1}` as 'h3' | 'h4';
  const previous = movers.previousWeek ? (lang === 'fa' ? movers.previousWeek.labelFa : movers.previousWeek.labelEn) : null;
  return (
    <section aria-labelledby="movers-heading" className="panel movers" data-testid="movers">
      <Heading id="movers-heading" className="panel__title">
        {t('movers.heading')}
      </Heading>
      <p className="panel__meta">{previous ? t('movers.since', { week: previous }) : t('movers.firstWeek')}</p>
      <div className="movers__groups">
        {MOVER_GROUPS.map((group) => (
          <div key={group} className={`movers__group movers__group--${group}`} data-testid={`movers-${group}`} data-count={movers[group].length}>
            <SubHeading className="movers__title">{t(MOVER_GROUP_KEY[group])}</SubHeading>
            {movers[group].length === 0 ? (
              <p className="movers__none">{t('movers.none')}</p>
            ) : (
              <ul className="movers__list">
                {movers[group].map((m) => {
                  const name = lang === 'fa' ? m.nameFa : m.nameEn;
                  const detail = moverDetail(m, group, lang);
                  return (
                    <li key={m.agencyId} data-agency-id={m.agencyId}>
                      <span className="dot" aria-hidden="true" style={{ backgroundColor: STATUS_COLOR[m.status] }} />
                      <span className="movers__name">
                        {links ? (
                          <PageLink page="agency" params={{ agency: m.agencyId, week: movers.week.end }}>
                            {name}
                          </PageLink>
                        ) : (
                          name
                        )}
                      </span>
                      {detail && <span className="movers__detail">{detail}</span>}
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
