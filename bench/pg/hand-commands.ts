/**
 * The hand-written equivalents of two polity commands: one transaction on the same pool writing the same
 * rows (checked row by row against polity's, see row-shapes.ts), as an application without polity would
 * write them: it knows the actor may do this (no reads), and a brand-new account has no activation link to
 * revoke (polity sends that UPDATE, which changes nothing, so it is left out).
 *
 *   users.add         BEGIN · INSERT users · INSERT assignments · INSERT activation_tokens · INSERT outbox · INSERT audit · COMMIT
 *   meetings.schedule BEGIN · INSERT meetings · INSERT participants · INSERT audit · COMMIT
 *
 * Every statement is a node-postgres named (prepared) statement, as polity's are.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { nanoid } from 'nanoid';
import type pg from 'pg';

const id = (kind: string) => `${kind}_${nanoid()}`;
const DAY_MS = 86_400_000;
/** polity's default activation-link lifetime (`accounts.activationTokenTtlMs`). */
const ACTIVATION_TTL_MS = 7 * DAY_MS;

const SQL = {
  user: `INSERT INTO users (id, organisation_id, title, given_name, family_name, tax_code, email, email_lower, phone, work_phone, country, postcode,
  time_zone, language, identity_source, identity_verified_at, email_confirmed_at, terms_accepted_at, active, manager_id, last_sign_in_at, created_at, updated_at, deleted_at)
VALUES ($1, $2, NULL, $3, $4, NULL, $5, lower($5), NULL, NULL, NULL, NULL, 'UTC', $6, 'local', NULL, NULL, NULL, true, NULL, NULL, $7, $7, NULL)`,
  assignment: `INSERT INTO assignments (id, user_id, role, scope_type, organisation_id, unit_id, product_id, status, granted_by_id, created_at, updated_at)
VALUES ($1, $2, $3, 'organisation', $4, NULL, NULL, 'active', $5, $6, $6)`,
  token: `INSERT INTO activation_tokens (id, organisation_id, user_id, token_hash, purpose, email, expires_at, used_at, revoked_at, created_at)
VALUES ($1, $2, $3, $4, 'activation', $5, $6, NULL, NULL, $7)`,
  outbox: `INSERT INTO outbox (id, organisation_id, kind, recipient_user_id, recipient_email, language, payload, idempotency_key, status, attempts,
  available_at, lease_until, last_error, created_at, sent_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $3 || ':' || $1, 'pending', 0, $8, NULL, NULL, $8, NULL)`,
  audit: `INSERT INTO audit (id, organisation_id, actor_id, action, target_type, target_id, summary, changes, at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
  meeting: `INSERT INTO meetings (id, organisation_id, unit_id, organiser_id, created_by_id, room_id, title, description, starts_at, ends_at,
  time_zone, status, participant_count, participant_limit, created_at, updated_at, started_at, ended_at)
VALUES ($1, $2, NULL, $3, $3, NULL, $4, NULL, $5, $6, 'UTC', 'scheduled', 1, $7, $8, $8, NULL, NULL)`,
  participant: `INSERT INTO participants (id, meeting_id, organisation_id, user_id, role, invited_at, joined_at, left_at)
VALUES ($1, $2, $3, $4, 'organiser', $5, NULL, NULL)`,
} as const;

type Client = pg.PoolClient;
const run = (client: Client, name: keyof typeof SQL, values: unknown[]) => client.query({ name: `hand_cmd_${name}`, text: SQL[name], values });

/** BEGIN … COMMIT on one connection of the pool (ROLLBACK on error). */
async function transaction(pool: pg.Pool, body: (client: Client) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await body(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}

/** Who acts and where, known to the application from its session. */
export interface HandActor {
  readonly id: string;
  readonly name: string;
  readonly organisationId: string;
  readonly organisationName: string;
}

/** users.add of a plain user at organisation scope, by hand. Returns the new user's id. */
export async function handAddUser(pool: pg.Pool, actor: HandActor, input: { email: string; givenName: string; familyName: string; role: string; language: string }, activationUrl: (secret: string) => string): Promise<string> {
  const now = new Date();
  const userId = id('user');
  const secret = nanoid(32);
  const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_MS);
  const payload = {
    organisationName: actor.organisationName,
    role: input.role,
    invitedBy: actor.name,
    purpose: 'activation',
    givenName: input.givenName,
    link: activationUrl(secret),
    expiresAt: expiresAt.toISOString(),
  };
  const changes = { email: input.email, role: input.role, scope: 'organisation', unitId: null, productId: null, managerId: null };
  await transaction(pool, async (client) => {
    await run(client, 'user', [userId, actor.organisationId, input.givenName, input.familyName, input.email, input.language, now]);
    await run(client, 'assignment', [id('assignment'), userId, input.role, actor.organisationId, actor.id, now]);
    await run(client, 'token', [id('token'), actor.organisationId, userId, createHash('sha256').update(secret).digest('hex'), input.email, expiresAt, now]);
    await run(client, 'outbox', [id('msg'), actor.organisationId, 'account.activation', userId, input.email, input.language, payload, now]);
    await run(client, 'audit', [
      id('audit'),
      actor.organisationId,
      actor.id,
      'user.add',
      'user',
      userId,
      `added ${input.email} to organisation ${actor.organisationName} as ${input.role}; activation e-mail sent`,
      changes,
      now,
    ]);
  });
  return userId;
}

/** meetings.schedule of an organisation-level meeting organised by the actor, by hand. Returns the meeting's id. */
export async function handSchedule(pool: pg.Pool, actor: HandActor, input: { title: string; startsAt: Date; endsAt: Date; participantLimit: number }): Promise<string> {
  const now = new Date();
  const meetingId = id('meeting');
  const changes = {
    title: input.title,
    startsAt: input.startsAt.toISOString(),
    endsAt: input.endsAt.toISOString(),
    timeZone: 'UTC',
    organiserId: actor.id,
    unitId: null,
    roomId: null,
    participantLimit: input.participantLimit,
  };
  await transaction(pool, async (client) => {
    await run(client, 'meeting', [meetingId, actor.organisationId, actor.id, input.title, input.startsAt, input.endsAt, input.participantLimit, now]);
    await run(client, 'participant', [id('participant'), meetingId, actor.organisationId, actor.id, now]);
    await run(client, 'audit', [
      id('audit'),
      actor.organisationId,
      actor.id,
      'meeting.schedule',
      'meeting',
      meetingId,
      `scheduled "${input.title}" from ${input.startsAt.toISOString()} to ${input.endsAt.toISOString()}`,
      changes,
      now,
    ]);
  });
  return meetingId;
}

/** How many statements each hand-written transaction sends, BEGIN and COMMIT included. */
export const HAND_STATEMENTS = { add: 7, schedule: 5 } as const;

/**
 * Removes a meeting a bench call scheduled, with its participants and audit events (untimed, after each
 * call), so the actor's history stays at its size however many calls are timed.
 */
export async function forgetMeeting(pool: pg.Pool, meetingId: string): Promise<void> {
  await pool.query({ name: 'forget_participants', text: 'DELETE FROM participants WHERE meeting_id = $1', values: [meetingId] });
  await pool.query({ name: 'forget_audit', text: "DELETE FROM audit WHERE target_type = 'meeting' AND target_id = $1", values: [meetingId] });
  await pool.query({ name: 'forget_meeting', text: 'DELETE FROM meetings WHERE id = $1', values: [meetingId] });
}
