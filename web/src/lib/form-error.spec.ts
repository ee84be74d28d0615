import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { dictionaries } from '../i18n/dictionary';
import { formError } from './form-error';

const refused = (status: number, message: string) => formError(new ApiError(status, '/admin/users', message));

describe('formError', () => {
  it("names the field the server's 400 is about, keeping its words as the detail", () => {
    expect(refused(400, 'password must be 10 to 1000 characters')).toEqual({ field: 'password', key: 'form.error.password', detail: 'password must be 10 to 1000 characters' });
    expect(refused(400, 'username must be 2–64 lower-case letters, digits, . _ or -').field).toBe('username');
    expect(refused(400, 'role is required (minister, analyst, agency, admin)').field).toBe('role');
    expect(refused(400, 'name is required (a string)').field).toBe('name');
  });

  it('tells the agency binding, the taken username and the self-demotion apart', () => {
    expect(refused(400, 'an agency user needs agencyId, the id of a known agency')).toMatchObject({ field: 'agencyId', key: 'form.error.agencyId' });
    expect(refused(400, 'only agency users are bound to an agency')).toMatchObject({ field: 'agencyId' });
    expect(refused(409, 'The username "sara" is taken.')).toMatchObject({ field: 'username', key: 'form.error.username.taken' });
    expect(refused(400, 'An admin cannot disable or demote themselves.')).toMatchObject({ field: null, key: 'form.error.self' });
  });

  it("says why an expiry was refused", () => {
    expect(refused(400, 'expiresAt must be in the future').key).toBe('form.error.expiresAt.past');
    expect(refused(400, 'expiresAt must be within two years').key).toBe('form.error.expiresAt.far');
  });

  it('has a general message for every other answer, and for no answer at all', () => {
    expect(refused(400, 'the body must be a JSON object')).toMatchObject({ field: null, key: 'form.error.invalid' });
    expect(refused(403, 'Forbidden').key).toBe('form.error.forbidden');
    expect(refused(500, 'Internal server error').key).toBe('form.error.server');
    expect(refused(0, 'Failed to fetch').key).toBe('form.error.network');
    expect(formError(new TypeError('boom')).key).toBe('form.error.network');
  });

  it('only ever answers keys the dictionary has', () => {
    const cases = ['username x', 'displayName x', 'role x', 'agencyId x', 'password x', 'disabled x', 'name x', 'expiresAt x', 'what'];
    for (const message of cases) for (const status of [0, 400, 401, 403, 404, 409, 500]) expect(dictionaries.fa[refused(status, message).key], `${status} ${message}`).toBeTruthy();
  });
});
