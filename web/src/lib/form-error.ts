/**
 * An API refusal of a form, turned into what the form shows: which field it is about (so that
 * field is marked invalid and described), a message in the page's language, and the server's own
 * words (English, kept as the detail: it names the exact rule). The server's 400 messages start
 * with the field's name ("password must be 10 to 1000 characters"), which is what this reads.
 */
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/dictionary';

export const FORM_FIELDS = ['username', 'displayName', 'role', 'agencyId', 'password', 'disabled', 'name', 'expiresAt'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export interface FormError {
  field: FormField | null;
  key: MessageKey;
  detail: string;
}

export function formError(err: unknown): FormError {
  const detail = err instanceof Error ? err.message : String(err);
  if (!(err instanceof ApiError)) return { field: null, key: 'form.error.network', detail };
  if (err.status === 0) return { field: null, key: 'form.error.network', detail };
  if (err.status === 401) return { field: null, key: 'form.error.signedOut', detail };
  if (err.status === 403) return { field: null, key: 'form.error.forbidden', detail };
  if (err.status === 404) return { field: null, key: 'form.error.notFound', detail };
  if (err.status === 409) return { field: 'username', key: 'form.error.username.taken', detail };
  if (err.status === 400) {
    if (/cannot disable or demote themselves/i.test(detail)) return { field: null, key: 'form.error.self', detail };
    if (/^an agency user needs agencyId|^only agency users are bound/i.test(detail)) return { field: 'agencyId', key: 'form.error.agencyId', detail };
    const field = FORM_FIELDS.find((f) => detail.startsWith(`${f} `)) ?? null;
    if (field === 'expiresAt' && /in the future/.test(detail)) return { field, key: 'form.error.expiresAt.past', detail };
    if (field === 'expiresAt' && /two years/.test(detail)) return { field, key: 'form.error.expiresAt.far', detail };
    if (field) return { field, key: `form.error.${field}` as MessageKey, detail };
    return { field: null, key: 'form.error.invalid', detail };
  }
  return { field: null, key: 'form.error.server', detail };
}
