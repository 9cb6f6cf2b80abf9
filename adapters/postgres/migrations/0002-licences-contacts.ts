/**
 * Migration 2: the foreign key of licence pools, the reported start and end of meetings, who holds which
 * licence (seats), requests for more licences (MB-3), personal contact directories (MB-7), and attendances
 * (each stay of a person in a meeting, as the host reported it; MB-9, MB-10). Same conventions as migration 1.
 *
 * @module
 */
import type { Migration } from './migration';

const sql = String.raw`
-- What the host reports (MB-9, MB-10 statistics): when a meeting really started and ended.
ALTER TABLE meetings ADD COLUMN started_at timestamptz;
ALTER TABLE meetings ADD COLUMN ended_at timestamptz;
ALTER TABLE meetings ADD CONSTRAINT "meetings.endedAt.ended_before_start" CHECK (ended_at IS NULL OR (started_at IS NOT NULL AND ended_at >= started_at));
-- Promised by migration 1: every conformance test now seeds the organisation its pools belong to.
ALTER TABLE licence_pools ADD CONSTRAINT "licencePools.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id);

CREATE TABLE licence_seats (
  id               text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  user_id          text COLLATE "C" NOT NULL,
  status           text COLLATE "C" NOT NULL,
  expires_at       timestamptz,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT "licenceSeats.id" PRIMARY KEY (id),
  CONSTRAINT "licenceSeats.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "licenceSeats.userId.ref" FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT "licenceSeats.status.enum" CHECK (status IN ('reserved', 'held')),
  CONSTRAINT "licenceSeats.expiresAt.reservation_expiry" CHECK ((status = 'reserved') = (expires_at IS NOT NULL))
);
CREATE UNIQUE INDEX "licenceSeats.user" ON licence_seats (user_id);
-- Housekeeping finds lapsed reservations; the licences service counts an organisation's seats.
CREATE INDEX licence_seats_organisation_idx ON licence_seats (organisation_id, status, id);
CREATE INDEX licence_seats_expiry_idx ON licence_seats (expires_at) WHERE status = 'reserved';

CREATE TABLE licence_requests (
  id               text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  requested_by_id  text COLLATE "C" NOT NULL,
  count            int4 NOT NULL,
  reason           text COLLATE "C",
  status           text COLLATE "C" NOT NULL,
  decided_by_id    text COLLATE "C",
  decided_at       timestamptz,
  decision_note    text COLLATE "C",
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT "licenceRequests.id" PRIMARY KEY (id),
  CONSTRAINT "licenceRequests.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "licenceRequests.requestedById.ref" FOREIGN KEY (requested_by_id) REFERENCES users (id),
  CONSTRAINT "licenceRequests.decidedById.ref" FOREIGN KEY (decided_by_id) REFERENCES users (id),
  CONSTRAINT "licenceRequests.count.too_small" CHECK (count >= 1),
  CONSTRAINT "licenceRequests.count.too_big" CHECK (count <= 100000),
  CONSTRAINT "licenceRequests.status.enum" CHECK (status IN ('requested', 'granted', 'refused')),
  CONSTRAINT "licenceRequests.decidedAt.decision_fields" CHECK ((status = 'requested') = (decided_at IS NULL AND decided_by_id IS NULL))
);
CREATE INDEX licence_requests_organisation_idx ON licence_requests (organisation_id, created_at, id);
CREATE INDEX licence_requests_open_idx ON licence_requests (created_at, id) WHERE status = 'requested';

CREATE TABLE contacts (
  id            text COLLATE "C" NOT NULL,
  owner_id      text COLLATE "C" NOT NULL,
  organisation_id text COLLATE "C",
  email         text COLLATE "C" NOT NULL,
  email_lower   text COLLATE "C" NOT NULL,
  display_name  text COLLATE "C" NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  CONSTRAINT "contacts.id" PRIMARY KEY (id),
  CONSTRAINT "contacts.ownerId.ref" FOREIGN KEY (owner_id) REFERENCES users (id),
  CONSTRAINT "contacts.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id)
);
CREATE UNIQUE INDEX "contacts.email" ON contacts (owner_id, email_lower);

-- One row per stay (a join and its leave), so a person who leaves and comes back is never counted present in between.
CREATE TABLE attendances (
  id               text COLLATE "C" NOT NULL,
  meeting_id       text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  user_id          text COLLATE "C" NOT NULL,
  joined_at        timestamptz NOT NULL,
  left_at          timestamptz,
  CONSTRAINT "attendances.id" PRIMARY KEY (id),
  CONSTRAINT "attendances.meetingId.ref" FOREIGN KEY (meeting_id) REFERENCES meetings (id),
  CONSTRAINT "attendances.organisationId.ref" FOREIGN KEY (organisation_id) REFERENCES organisations (id),
  CONSTRAINT "attendances.userId.ref" FOREIGN KEY (user_id) REFERENCES users (id),
  CONSTRAINT "attendances.leftAt.left_before_joining" CHECK (left_at IS NULL OR left_at >= joined_at)
);
-- At most one open stay per person and meeting.
CREATE UNIQUE INDEX "attendances.open" ON attendances (meeting_id, user_id) WHERE left_at IS NULL;
-- The host's reports find a person's stays; statistics scan an organisation's stays by join time.
CREATE INDEX attendances_member_idx ON attendances (meeting_id, user_id);
CREATE INDEX attendances_organisation_idx ON attendances (organisation_id, joined_at, id);
`;

/** Migration 2: licence seats and requests, contact directories, attendances. */
export const licencesContactsMigration: Migration = { version: 2, name: 'licences-contacts', sql };
