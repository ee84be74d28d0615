import { createContext, useContext } from 'react';
import type { MeResponse } from '@hamgam/shared';

/** Who is signed in (from GET /auth/me); null when the server could not be asked. */
export const MeContext = createContext<MeResponse | null>(null);

export const useMe = (): MeResponse | null => useContext(MeContext);
