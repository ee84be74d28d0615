/** What an edit of a user sends: only what changed, and an agency only where the role needs one. */
import type { AdminUser, CallerRole } from '@hamgam/shared';
import type { UserChange } from '../../api/client';

export interface UserEdit {
  displayName: string;
  role: CallerRole;
  agencyId: string;
  disabled: boolean;
  /** Empty: keep the password. */
  password: string;
}

export const editOf = (user: AdminUser): UserEdit => ({ displayName: user.displayName, role: user.role, agencyId: user.agencyId ?? '', disabled: user.disabled, password: '' });

/** The PATCH body for `edit` of `user`; empty when nothing changed. */
export function userChange(user: AdminUser, edit: UserEdit): UserChange {
  const change: UserChange = {};
  const displayName = edit.displayName.trim();
  if (displayName && displayName !== user.displayName) change.displayName = displayName;
  if (edit.role !== user.role) change.role = edit.role;
  // An agency user needs its agency named whenever the role or the binding changes (an empty
  // choice is sent as it is, so the server's "needs agencyId" reaches the form).
  if (edit.role === 'agency' && (edit.role !== user.role || edit.agencyId !== (user.agencyId ?? ''))) change.agencyId = edit.agencyId || null;
  if (edit.disabled !== user.disabled) change.disabled = edit.disabled;
  if (edit.password) change.password = edit.password;
  return change;
}
