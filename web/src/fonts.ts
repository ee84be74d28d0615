/**
 * Vazirmatn, bundled (Debian's chromium and many office machines have no Persian font). Each
 * weight's css carries the arabic, latin and latin-ext subsets; the browser fetches only the
 * subsets a page's text uses.
 */
import '@fontsource/vazirmatn/400.css';
import '@fontsource/vazirmatn/700.css';

/**
 * Resolves once the faces a chart draws with are loaded. Canvas text does not re-render when a
 * web font arrives, so charts are created only after this. The sample text matters: `load()` only
 * fetches faces whose unicode-range covers it, and the default sample is a Latin space.
 */
export const fontsReady: Promise<void> = (async () => {
  if (typeof document === 'undefined' || !document.fonts) return;
  const sample = 'همگام ۰۱۲۳۴۵۶۷۸۹ Hamgam 0123456789';
  try {
    await Promise.all([document.fonts.load(`16px Vazirmatn`, sample), document.fonts.load(`700 16px Vazirmatn`, sample)]);
  } catch {
    // A failed font load must not keep the charts away; they fall back to the system font.
  }
})();
