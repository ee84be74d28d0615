/**
 * Accounts: users with a role (and an agency for agency users), browser sessions, API tokens, and
 * the audit log of sign-ins, exports, token use and admin changes. Sessions and tokens are stored
 * as SHA-256 hashes only: a copy of the warehouse never holds a usable credential.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table app_user (
      user_id varchar primary key,
      username varchar not null unique,
      display_name varchar not null,
      role varchar not null check (role in ('minister', 'analyst', 'agency', 'admin')),
      agency_id varchar,
      password_hash varchar not null,
      created_at timestamptz not null,
      disabled boolean not null default false,
      check ((role = 'agency') = (agency_id is not null))
    );
    create table user_session (
      session_hash varchar primary key,
      user_id varchar not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      last_seen_at timestamptz not null
    );
    create index user_session_user_idx on user_session (user_id);
    create table api_token (
      token_id varchar primary key,
      token_hash varchar not null unique,
      user_id varchar not null,
      name varchar not null,
      created_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_token_user_idx on api_token (user_id);
    create sequence audit_log_seq;
    create table audit_log (
      audit_id bigint primary key default nextval('audit_log_seq'),
      "at" timestamptz not null,
      actor varchar,
      action varchar not null,
      target varchar,
      detail json,
      ip varchar
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table audit_log; drop sequence audit_log_seq; drop table api_token; drop table user_session; drop table app_user;`.execute(db);
}
