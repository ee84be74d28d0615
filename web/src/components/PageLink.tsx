import type { MouseEvent, ReactNode } from 'react';
import { pageUpdates, type Page } from '../lib/page';
import { hrefWithParams, setSearchParams } from '../lib/use-search-param';

/**
 * A link to another page of the dashboard (an agency's detail, the scoreboard of a week): a real
 * link that opens in a new tab or copies, switching in place on a plain click. It keeps the
 * language, drops the current page's filters and sets `params`.
 */
export function PageLink({ page, params, children, className, testId, label }: {
  page: Page;
  params?: Record<string, string | null>;
  children: ReactNode;
  className?: string;
  testId?: string;
  label?: string;
}) {
  const updates = pageUpdates(page, new URLSearchParams(window.location.search), params);
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
    e.preventDefault();
    setSearchParams(updates);
    window.scrollTo(0, 0);
  };
  return (
    <a href={hrefWithParams(updates)} className={className} data-testid={testId} aria-label={label} onClick={onClick}>
      {children}
    </a>
  );
}
