import { createContext, useContext } from 'react';
import type { MeResponse } from '@hamgam/shared';

/** The signed-in user as GET /auth/me answered; null until it has (or when it could not be asked). */
export const MeContext = createContext<MeResponse | null>(null);

export const useMe = (): MeResponse | null => useContext(MeContext);
