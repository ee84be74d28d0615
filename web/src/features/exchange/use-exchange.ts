import type { AgencyExchangeResponse, ExchangeNetworkResponse } from '@hamgam/shared';
import { fetchAgencyExchange, fetchExchangeNetwork } from '../../api/client';
import { useResource } from '../../api/use-resource';
import { HISTORY_REFRESH_MS } from '../../api/use-scoreboard-history';

/**
 * The exchange aggregates close with the week, like the scoreboard: refresh as rarely as its
 * history. `skip`: nothing to fetch (the sector list needs the unfiltered network only when the
 * page shows a filtered one), answered null without a request.
 */
export const useExchangeNetwork = (from: string | null, to: string | null, sector: string | null, skip = false) =>
  useResource<ExchangeNetworkResponse | null>(
    `exchange-network|${from ?? ''}|${to ?? ''}|${sector ?? ''}|${skip}`,
    (signal) => (skip ? Promise.resolve(null) : fetchExchangeNetwork({ from, to, sector }, signal)),
    HISTORY_REFRESH_MS,
  );

export const useAgencyExchange = (agencyId: string, from: string, to: string) =>
  useResource<AgencyExchangeResponse>(`exchange-agency|${agencyId}|${from}|${to}`, (signal) => fetchAgencyExchange(agencyId, { from, to }, signal), HISTORY_REFRESH_MS);
