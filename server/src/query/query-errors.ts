/** Query outcomes that are not results, as HTTP errors with a body an analyst can read. */
import { HttpException, HttpStatus } from '@nestjs/common';
import { lineAndColumn, type QueryError, type QueryOutcome } from '@hamgam/shared';

const STATUS_OF: Partial<Record<QueryOutcome, number>> = {
  refused: HttpStatus.BAD_REQUEST,
  failed: HttpStatus.BAD_REQUEST,
  timed_out: HttpStatus.REQUEST_TIMEOUT,
  cancelled: HttpStatus.CONFLICT,
  busy: HttpStatus.TOO_MANY_REQUESTS,
};

export function queryError(
  queryId: string | null,
  status: QueryOutcome,
  message: string,
  extra: { sql?: string; position?: number | null; code?: string | null; httpStatus?: number } = {},
): HttpException {
  const position = extra.position ?? null;
  const body: QueryError = { queryId, status, message, position, ...lineAndColumn(extra.sql ?? '', position), code: extra.code ?? null };
  return new HttpException(body, extra.httpStatus ?? STATUS_OF[status] ?? HttpStatus.BAD_REQUEST);
}
