/**
 * The week's movers as the panel and the report word them. Pure: a mover and the language in,
 * the line under its name out. The server decides who moved; this only says how much.
 */
import type { MoverRow, MoversResponse } from '@hamgam/shared';
import { formatCount, formatSignedScore } from '../../format/format';
import { statusKey, translate, type Lang, type MessageKey } from '../../i18n/dictionary';

export const MOVER_GROUPS = ['joined', 'slippedToLagging', 'wentSilent', 'gains', 'falls'] as const;
export type MoverGroup = (typeof MOVER_GROUPS)[number];

export const MOVER_GROUP_KEY: Record<MoverGroup, MessageKey> = {
  joined: 'movers.joined',
  slippedToLagging: 'movers.slippedToLagging',
  wentSilent: 'movers.wentSilent',
  gains: 'movers.gains',
  falls: 'movers.falls',
};

/** ▲ climbed, ▼ fell, with the places: the same marks as the ranked table. */
export function rankChangeText(rankChange: number | null, lang: Lang): string | null {
  if (rankChange === null || rankChange === 0) return null;
  return `${rankChange > 0 ? '▲' : '▼'} ${formatCount(Math.abs(rankChange), lang)}`;
}

/**
 * The detail under a mover's name: for a change of status, what it was; for a gain or a fall, the
 * points of index and the places of rank.
 */
export function moverDetail(row: MoverRow, group: MoverGroup, lang: Lang): string {
  if (group === 'gains' || group === 'falls') {
    const parts = [translate(lang, 'movers.points', { value: formatSignedScore(row.indexChange ?? 0, lang) })];
    const rank = rankChangeText(row.previousRank === null ? null : row.previousRank - row.rank, lang);
    if (rank) parts.push(rank);
    return parts.join(lang === 'fa' ? '، ' : ', ');
  }
  return row.previousStatus ? translate(lang, 'movers.fromStatus', { status: translate(lang, statusKey(row.previousStatus)) }) : '';
}

/** How many agencies moved at all, for the panel's heading and the report's summary. */
export const moverCount = (movers: MoversResponse): number => MOVER_GROUPS.reduce((n, g) => n + movers[g].length, 0);
