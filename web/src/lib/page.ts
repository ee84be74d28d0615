/**
 * The dashboard's pages, named in the URL by `?page=` (absent: the scoreboard, the landing page).
 * A query parameter rather than a path, so the server's fallback to index.html, `?lang=` and
 * `?week=` keep working unchanged, and a link to any page is one URL.
 */
export const PAGES = ['scoreboard', 'pipelines'] as const;
export type Page = (typeof PAGES)[number];

export function parsePage(value: string | null): Page {
  return (PAGES as readonly string[]).includes(value ?? '') ? (value as Page) : 'scoreboard';
}

/** The `page` parameter for a page: none for the landing page, so its URL stays as it was. */
export const pageParam = (page: Page): string | null => (page === 'scoreboard' ? null : page);
