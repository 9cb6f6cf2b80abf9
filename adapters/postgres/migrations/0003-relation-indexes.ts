/**
 * Migration 3: the indexes the semi-joins of relation filters need (`related` nodes, compiled to `EXISTS`),
 * so that "the meetings I am invited to" and "the surveys of the users I oversee" never scan a person's whole
 * history. Same conventions as migration 1.
 *
 * - `participants (user_id, meeting_id)`: EP-3 `invitedMeetingIds` read from the person's side, an index-only
 *   scan of their meeting ids (the unique `(meeting_id, user_id)` index serves the probe from a meeting's side).
 * - `users (manager_id, id) WHERE deleted_at IS NULL`: KA-5 `overseenUserIds`, the live accounts a manager
 *   oversees, without visiting deleted ones. `former_oversights (manager_id, user_id)` (KA-11) exists since
 *   migration 1, as the unique pair.
 *
 * @module
 */
import type { Migration } from './migration';

const sql = String.raw`
CREATE INDEX participants_user_meeting_idx ON participants (user_id, meeting_id);
CREATE INDEX users_manager_live_idx ON users (manager_id, id) WHERE deleted_at IS NULL;
`;

/** Migration 3: indexes for relation semi-joins. */
export const relationIndexesMigration: Migration = { version: 3, name: 'relation-indexes', sql };
