/**
 * Runs before routing (and before the aggregate cache, whose key is the caller's scope): resolves
 * the caller from a bearer token or the session cookie into req.caller, and answers 401 for any
 * /api/v1 route but sign-in and sign-out when there is none.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AuthService } from './auth.service.js';
import type { RequestWithCaller } from './caller.js';

const OPEN = new Set(['/auth/sign-in', '/auth/sign-out']);

export function authMiddleware(auth: AuthService) {
  return (req: Request, res: Response, next: NextFunction) => {
    auth.resolve(req).then(
      (caller) => {
        if (caller) (req as RequestWithCaller).caller = caller;
        else if (!OPEN.has(req.path)) return void res.status(401).json({ statusCode: 401, message: 'Sign in first.', error: 'Unauthorized' });
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
