/**
 * Migration 1: every collection of the catalogue as a table. Runs on PostgreSQL 15 and on PGlite
 * (PostgreSQL 18), inside the target schema (the runner sets `search_path`).
 *
 * Conventions the adapter relies on:
 * - tables and columns are the snake_case of collection and field names; texts are `COLLATE "C"`, so they
 *   order by code point, as the memory store orders them;
 * - the primary key of `<collection>` is named `<collection>.id`, each unique index after the catalogue's
 *   constraint (`users.email`): a violation reports the name the port promises;
 * - a case-insensitive unique field has a `<column>_lower` key column that the adapter fills with
 *   JavaScript's `toLowerCase()` (SQL's `lower()` follows the server's locale, and differs from it);
 * - check constraints `<collection>.<field>.<reason>` mirror the schemas' rules across fields and the
 *   enumerations, foreign keys `<collection>.<field>.ref` the references (audit events and outbox messages
 *   have none: they outlive what they mention);
 * - `organisation_id` on every table of tenant data (nullable where the record may be platform-wide); product
 *   roles are platform data (defined per product code for every subscriber).
 *
 * @module
 */
import type { Migration } from './migration';

const sql = String.raw`
CREATE TABLE organisations (
  id          text COLLATE "C" NOT NULL,
  name        text COLLATE "C" NOT NULL,
  code        text COLLATE "C",
  code_lower  text COLLATE "C",
  status      text COLLATE "C" NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  CONSTRAINT "organisations.id" PRIMARY KEY (id),
  CONSTRAINT "organisations.status.enum" CHECK (status IN ('active', 'suspended')),
  CONSTRAINT "organisations.code.lower_key" CHECK ((code IS NULL) = (code_lower IS NULL))
);
CREATE UNIQUE INDEX "organisations.code" ON organisations (code_lower);

CREATE TABLE units (
  id               text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  parent_id        text COLLATE "C",
  name             text COLLATE "C" NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT "units.id" PRIMARY KEY (id),
  CONSTRAINT "units.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "units.parentId.ref" FOREIGN KEY (parent_id) REFERENCES units (id),
  CONSTRAINT "units.parentId.own_parent" CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX units_organisation_idx ON units (organisation_id, id);
CREATE INDEX units_parent_idx ON units (parent_id, id);

CREATE TABLE users (
  id                    text COLLATE "C" NOT NULL,
  organisation_id       text COLLATE "C",
  title                 text COLLATE "C",
  given_name            text COLLATE "C" NOT NULL,
  family_name           text COLLATE "C" NOT NULL,
  tax_code              text COLLATE "C",
  email                 text COLLATE "C" NOT NULL,
  email_lower           text COLLATE "C" NOT NULL,
  phone                 text COLLATE "C",
  work_phone            text COLLATE "C",
  country               text COLLATE "C",
  postcode              text COLLATE "C",
  time_zone             text COLLATE "C" NOT NULL,
  language              text COLLATE "C" NOT NULL,
  identity_source       text COLLATE "C" NOT NULL,
  identity_verified_at  timestamptz,
  email_confirmed_at    timestamptz,
  terms_accepted_at     timestamptz,
  active                boolean NOT NULL,
  manager_id            text COLLATE "C",
  last_sign_in_at       timestamptz,
  created_at            timestamptz NOT NULL,
  updated_at            timestamptz NOT NULL,
  deleted_at            timestamptz,
  CONSTRAINT "users.id" PRIMARY KEY (id),
  CONSTRAINT "users.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "users.managerId.ref" FOREIGN KEY (manager_id) REFERENCES users (id),
  CONSTRAINT "users.language.enum" CHECK (language IN ('el', 'it', 'sl', 'fr', 'en')),
  CONSTRAINT "users.identitySource.enum" CHECK (identity_source IN ('local', 'sso'))
);
CREATE UNIQUE INDEX "users.email" ON users (email_lower) WHERE deleted_at IS NULL;
CREATE INDEX users_organisation_idx ON users (organisation_id, id);
CREATE INDEX users_manager_idx ON users (manager_id, id);

CREATE TABLE products (
  id               text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  code             text COLLATE "C" NOT NULL,
  name             text COLLATE "C" NOT NULL,
  status           text COLLATE "C" NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT "products.id" PRIMARY KEY (id),
  CONSTRAINT "products.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "products.status.enum" CHECK (status IN ('active', 'suspended'))
);
CREATE UNIQUE INDEX "products.code" ON products (organisation_id, code);

CREATE TABLE assignments (
  id               text COLLATE "C" NOT NULL,
  user_id          text COLLATE "C" NOT NULL,
  role             text COLLATE "C" NOT NULL,
  scope_type       text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C",
  unit_id          text COLLATE "C",
  product_id       text COLLATE "C",
  status           text COLLATE "C" NOT NULL,
  granted_by_id    text COLLATE "C",
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT "assignments.id" PRIMARY KEY (id),
  CONSTRAINT "assignments.userId.ref" FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT "assignments.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "assignments.unitId.ref" FOREIGN KEY (unit_id) REFERENCES units (id),
  CONSTRAINT "assignments.productId.ref" FOREIGN KEY (product_id) REFERENCES products (id),
  CONSTRAINT "assignments.grantedById.ref" FOREIGN KEY (granted_by_id) REFERENCES users (id),
  CONSTRAINT "assignments.status.enum" CHECK (status IN ('invited', 'active', 'suspended', 'removed')),
  CONSTRAINT "assignments.scopeType.scope_mismatch" CHECK (
    (scope_type = 'platform' AND organisation_id IS NULL AND unit_id IS NULL AND product_id IS NULL)
    OR (scope_type = 'organisation' AND organisation_id IS NOT NULL AND unit_id IS NULL AND product_id IS NULL)
    OR (scope_type = 'unit' AND organisation_id IS NOT NULL AND unit_id IS NOT NULL AND product_id IS NULL)
    OR (scope_type = 'product' AND organisation_id IS NOT NULL AND product_id IS NOT NULL AND unit_id IS NULL)
  )
);
CREATE INDEX assignments_user_idx ON assignments (user_id, status);
CREATE INDEX assignments_organisation_idx ON assignments (organisation_id, created_at, id);
CREATE INDEX assignments_unit_idx ON assignments (unit_id, created_at, id);
CREATE INDEX assignments_product_idx ON assignments (product_id, created_at, id);

CREATE TABLE product_roles (
  id               text COLLATE "C" NOT NULL,
  product_code     text COLLATE "C" NOT NULL,
  code             text COLLATE "C" NOT NULL,
  label            text COLLATE "C" NOT NULL,
  description      text COLLATE "C" NOT NULL,
  category         text COLLATE "C" NOT NULL,
  allows_multiple  boolean NOT NULL,
  CONSTRAINT "productRoles.id" PRIMARY KEY (id),
  CONSTRAINT "productRoles.category.enum" CHECK (category IN ('admin', 'operator'))
);
CREATE UNIQUE INDEX "productRoles.code" ON product_roles (product_code, code);

CREATE TABLE groups (
  id               text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  product_id       text COLLATE "C" NOT NULL,
  name             text COLLATE "C" NOT NULL,
  name_lower       text COLLATE "C" NOT NULL,
  description      text COLLATE "C",
  status           text COLLATE "C" NOT NULL,
  member_ids       text[] COLLATE "C" NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT "groups.id" PRIMARY KEY (id),
  CONSTRAINT "groups.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "groups.productId.ref" FOREIGN KEY (product_id) REFERENCES products (id),
  CONSTRAINT "groups.status.enum" CHECK (status IN ('active', 'suspended', 'deleted'))
);
CREATE UNIQUE INDEX "groups.name" ON groups (organisation_id, product_id, name_lower) WHERE status <> 'deleted';
CREATE INDEX groups_product_idx ON groups (product_id, id);

-- No foreign key on organisation_id yet: the conformance suite (crud) inserts pools for an organisation it
-- never creates. A later migration adds "licencePools.organisationId.ref" once the suite seeds it.
CREATE TABLE licence_pools (
  id               text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  allocated        int4 NOT NULL,
  used             int4 NOT NULL,
  reserved         int4 NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT "licencePools.id" PRIMARY KEY (id),
  CONSTRAINT "licencePools.allocated.negative" CHECK (allocated >= 0),
  CONSTRAINT "licencePools.used.negative" CHECK (used >= 0),
  CONSTRAINT "licencePools.reserved.negative" CHECK (reserved >= 0),
  CONSTRAINT "licencePools.allocated.licences_oversubscribed" CHECK (used + reserved <= allocated)
);
CREATE UNIQUE INDEX "licencePools.organisation" ON licence_pools (organisation_id);

CREATE TABLE rooms (
  id                 text COLLATE "C" NOT NULL,
  organisation_id    text COLLATE "C" NOT NULL,
  name               text COLLATE "C" NOT NULL,
  participant_limit  int4,
  created_by_id      text COLLATE "C" NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  CONSTRAINT "rooms.id" PRIMARY KEY (id),
  CONSTRAINT "rooms.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "rooms.createdById.ref" FOREIGN KEY (created_by_id) REFERENCES users (id),
  CONSTRAINT "rooms.participantLimit.too_small" CHECK (participant_limit >= 1)
);
CREATE INDEX rooms_organisation_idx ON rooms (organisation_id, id);

CREATE TABLE meetings (
  id                 text COLLATE "C" NOT NULL,
  organisation_id    text COLLATE "C" NOT NULL,
  unit_id            text COLLATE "C",
  organiser_id       text COLLATE "C" NOT NULL,
  created_by_id      text COLLATE "C" NOT NULL,
  room_id            text COLLATE "C",
  title              text COLLATE "C" NOT NULL,
  description        text COLLATE "C",
  starts_at          timestamptz NOT NULL,
  ends_at            timestamptz NOT NULL,
  time_zone          text COLLATE "C" NOT NULL,
  status             text COLLATE "C" NOT NULL,
  participant_count  int4 NOT NULL,
  participant_limit  int4 NOT NULL,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  CONSTRAINT "meetings.id" PRIMARY KEY (id),
  CONSTRAINT "meetings.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "meetings.unitId.ref" FOREIGN KEY (unit_id) REFERENCES units (id),
  CONSTRAINT "meetings.organiserId.ref" FOREIGN KEY (organiser_id) REFERENCES users (id),
  CONSTRAINT "meetings.createdById.ref" FOREIGN KEY (created_by_id) REFERENCES users (id),
  CONSTRAINT "meetings.roomId.ref" FOREIGN KEY (room_id) REFERENCES rooms (id),
  CONSTRAINT "meetings.status.enum" CHECK (status IN ('scheduled', 'live', 'ended', 'cancelled')),
  CONSTRAINT "meetings.endsAt.ends_before_start" CHECK (ends_at > starts_at),
  CONSTRAINT "meetings.participantCount.too_small" CHECK (participant_count >= 1),
  CONSTRAINT "meetings.participantLimit.too_small" CHECK (participant_limit >= 1),
  CONSTRAINT "meetings.participantCount.too_many_participants" CHECK (participant_count <= participant_limit)
);
-- "Meetings I may manage", by scope, in start order: one ordered range scan per scope (see list-sql.ts).
CREATE INDEX meetings_organisation_starts_idx ON meetings (organisation_id, starts_at, id);
CREATE INDEX meetings_unit_starts_idx ON meetings (unit_id, starts_at, id);
CREATE INDEX meetings_organiser_starts_idx ON meetings (organiser_id, starts_at, id);
CREATE INDEX meetings_room_idx ON meetings (room_id, starts_at, id);

CREATE TABLE participants (
  id               text COLLATE "C" NOT NULL,
  meeting_id       text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  user_id          text COLLATE "C" NOT NULL,
  role             text COLLATE "C" NOT NULL,
  invited_at       timestamptz NOT NULL,
  joined_at        timestamptz,
  left_at          timestamptz,
  CONSTRAINT "participants.id" PRIMARY KEY (id),
  CONSTRAINT "participants.meetingId.ref" FOREIGN KEY (meeting_id) REFERENCES meetings (id),
  CONSTRAINT "participants.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "participants.userId.ref" FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT "participants.role.enum" CHECK (role IN ('organiser', 'participant')),
  CONSTRAINT "participants.leftAt.left_before_joining" CHECK (left_at IS NULL OR (joined_at IS NOT NULL AND left_at >= joined_at))
);
CREATE UNIQUE INDEX "participants.member" ON participants (meeting_id, user_id);
CREATE INDEX participants_user_idx ON participants (user_id, id);

CREATE TABLE room_aliases (
  id               text COLLATE "C" NOT NULL,
  room_id          text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  alias            text COLLATE "C" NOT NULL,
  alias_lower      text COLLATE "C" NOT NULL,
  created_at       timestamptz NOT NULL,
  CONSTRAINT "roomAliases.id" PRIMARY KEY (id),
  CONSTRAINT "roomAliases.roomId.ref" FOREIGN KEY (room_id) REFERENCES rooms (id),
  CONSTRAINT "roomAliases.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id)
);
CREATE UNIQUE INDEX "roomAliases.alias" ON room_aliases (alias_lower);
CREATE INDEX room_aliases_room_idx ON room_aliases (room_id, id);

CREATE TABLE resources (
  id               text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  unit_id          text COLLATE "C",
  owner_id         text COLLATE "C" NOT NULL,
  kind             text COLLATE "C" NOT NULL,
  title            text COLLATE "C" NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT "resources.id" PRIMARY KEY (id),
  CONSTRAINT "resources.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "resources.unitId.ref" FOREIGN KEY (unit_id) REFERENCES units (id),
  CONSTRAINT "resources.ownerId.ref" FOREIGN KEY (owner_id) REFERENCES users (id)
);
CREATE INDEX resources_organisation_idx ON resources (organisation_id, created_at, id);
CREATE INDEX resources_unit_idx ON resources (unit_id, created_at, id);
CREATE INDEX resources_owner_idx ON resources (owner_id, created_at, id);

CREATE TABLE role_change_requests (
  id               text COLLATE "C" NOT NULL,
  requester_id     text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  unit_id          text COLLATE "C",
  new_unit_name    text COLLATE "C",
  phone            text COLLATE "C" NOT NULL,
  purpose          text COLLATE "C" NOT NULL,
  requested_role   text COLLATE "C" NOT NULL,
  status           text COLLATE "C" NOT NULL,
  decided_by_id    text COLLATE "C",
  decided_at       timestamptz,
  decision_note    text COLLATE "C",
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT "roleChangeRequests.id" PRIMARY KEY (id),
  CONSTRAINT "roleChangeRequests.requesterId.ref" FOREIGN KEY (requester_id) REFERENCES users (id),
  CONSTRAINT "roleChangeRequests.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "roleChangeRequests.unitId.ref" FOREIGN KEY (unit_id) REFERENCES units (id),
  CONSTRAINT "roleChangeRequests.decidedById.ref" FOREIGN KEY (decided_by_id) REFERENCES users (id),
  CONSTRAINT "roleChangeRequests.status.enum" CHECK (status IN ('new', 'approved', 'rejected'))
);
CREATE UNIQUE INDEX "roleChangeRequests.open" ON role_change_requests (requester_id) WHERE status = 'new';
CREATE INDEX role_change_requests_queue_idx ON role_change_requests (status, created_at, id);
CREATE INDEX role_change_requests_organisation_idx ON role_change_requests (organisation_id, created_at, id);

CREATE TABLE activation_tokens (
  id               text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C",
  user_id          text COLLATE "C" NOT NULL,
  token_hash       text COLLATE "C" NOT NULL,
  purpose          text COLLATE "C" NOT NULL,
  email            text COLLATE "C" NOT NULL,
  expires_at       timestamptz NOT NULL,
  used_at          timestamptz,
  revoked_at       timestamptz,
  created_at       timestamptz NOT NULL,
  CONSTRAINT "activationTokens.id" PRIMARY KEY (id),
  CONSTRAINT "activationTokens.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "activationTokens.userId.ref" FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT "activationTokens.purpose.enum" CHECK (purpose IN ('activation', 'email_change')),
  CONSTRAINT "activationTokens.expiresAt.expires_before_creation" CHECK (expires_at > created_at)
);
CREATE UNIQUE INDEX "activationTokens.hash" ON activation_tokens (token_hash);
CREATE INDEX activation_tokens_user_idx ON activation_tokens (user_id, created_at, id);

CREATE TABLE former_oversights (
  id               text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  manager_id       text COLLATE "C" NOT NULL,
  user_id          text COLLATE "C" NOT NULL,
  ended_by_id      text COLLATE "C" NOT NULL,
  ended_at         timestamptz NOT NULL,
  CONSTRAINT "formerOversights.id" PRIMARY KEY (id),
  CONSTRAINT "formerOversights.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "formerOversights.managerId.ref" FOREIGN KEY (manager_id) REFERENCES users (id),
  CONSTRAINT "formerOversights.userId.ref" FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT "formerOversights.endedById.ref" FOREIGN KEY (ended_by_id) REFERENCES users (id),
  CONSTRAINT "formerOversights.userId.self_oversight" CHECK (manager_id <> user_id)
);
CREATE UNIQUE INDEX "formerOversights.pair" ON former_oversights (manager_id, user_id);
CREATE INDEX former_oversights_user_idx ON former_oversights (user_id, id);

CREATE TABLE audit (
  id               text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C",
  actor_id         text COLLATE "C",
  action           text COLLATE "C" NOT NULL,
  target_type      text COLLATE "C" NOT NULL,
  target_id        text COLLATE "C" NOT NULL,
  summary          text COLLATE "C" NOT NULL,
  changes          jsonb NOT NULL,
  at               timestamptz NOT NULL,
  CONSTRAINT "audit.id" PRIMARY KEY (id)
);
CREATE INDEX audit_organisation_idx ON audit (organisation_id, at, id);
CREATE INDEX audit_target_idx ON audit (target_type, target_id, at, id);
CREATE INDEX audit_actor_idx ON audit (actor_id, at, id);

CREATE TABLE outbox (
  id                 text COLLATE "C" NOT NULL,
  organisation_id    text COLLATE "C",
  kind               text COLLATE "C" NOT NULL,
  recipient_user_id  text COLLATE "C",
  recipient_email    text COLLATE "C" NOT NULL,
  language           text COLLATE "C" NOT NULL,
  payload            jsonb NOT NULL,
  idempotency_key    text COLLATE "C" NOT NULL,
  status             text COLLATE "C" NOT NULL,
  attempts           int4 NOT NULL,
  available_at       timestamptz NOT NULL,
  lease_until        timestamptz,
  last_error         text COLLATE "C",
  created_at         timestamptz NOT NULL,
  sent_at            timestamptz,
  CONSTRAINT "outbox.id" PRIMARY KEY (id),
  CONSTRAINT "outbox.status.enum" CHECK (status IN ('pending', 'sent', 'failed')),
  CONSTRAINT "outbox.language.enum" CHECK (language IN ('el', 'it', 'sl', 'fr', 'en')),
  CONSTRAINT "outbox.attempts.negative" CHECK (attempts >= 0)
);
CREATE UNIQUE INDEX "outbox.idempotencyKey" ON outbox (idempotency_key);
-- The dispatcher's queue: pending messages in the order they become due.
CREATE INDEX outbox_pending_idx ON outbox (available_at, id) WHERE status = 'pending';
CREATE INDEX outbox_organisation_idx ON outbox (organisation_id, created_at, id);
`;

/** Migration 1: the initial tables, constraints and indexes. */
export const initMigration: Migration = { version: 1, name: 'init', sql };
