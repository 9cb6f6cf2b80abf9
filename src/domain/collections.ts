/**
 * The catalogue of stored collections: for each, its entity schema and the unique constraints every Store
 * adapter enforces. Adapters are generic over this catalogue, so a new aggregate is one entry here.
 *
 * @module
 */
import type { z } from 'zod';
import { activationTokenSchema } from './activation-token';
import { attendanceSchema } from './attendance';
import { auditEventSchema } from './audit-event';
import { where, type Filter } from './filter';
import { formerOversightSchema } from './former-oversight';
import { groupSchema } from './group';
import { contactSchema } from './contact';
import { licencePoolSchema } from './licence-pool';
import { licenceRequestSchema } from './licence-request';
import { licenceSeatSchema } from './licence-seat';
import { meetingParticipantSchema, meetingSchema } from './meeting';
import { organisationSchema } from './organisation';
import { outboxMessageSchema } from './outbox-message';
import { productRoleSchema, productSchema } from './product';
import { resourceSchema } from './resource';
import { roleAssignmentSchema } from './role-assignment';
import { roleChangeRequestSchema } from './role-change-request';
import { roomAliasSchema, roomSchema } from './room';
import { unitSchema } from './unit';
import { userSchema } from './user';

/**
 * A uniqueness rule: no two records that satisfy `where` (all records when absent) share the values of
 * `fields`. Text fields listed in `caseInsensitive` compare lower-cased. As in SQL, a record with a `null`
 * in any of the fields is never a duplicate.
 */
export interface UniqueConstraint {
  /** Reported in `conflict` errors as `details.constraint`, e.g. `users.email`. */
  readonly name: string;
  readonly fields: readonly string[];
  readonly caseInsensitive?: readonly string[];
  readonly where?: Filter;
}

/** An object schema whose fields a store can list (zod objects keep their shape under refinements). */
export type EntitySchema = z.ZodObject<z.ZodRawShape & { id: z.ZodType<string> }>;

/** One stored collection. */
export interface CollectionDefinition<S extends EntitySchema = EntitySchema> {
  readonly name: string;
  readonly schema: S;
  readonly uniques: readonly UniqueConstraint[];
}

function collection<S extends EntitySchema>(name: string, schema: S, uniques: readonly UniqueConstraint[] = []): CollectionDefinition<S> {
  return { name, schema, uniques };
}

/** Every collection polity stores, by the name its repository has on a {@link Store}. */
export const collections = {
  organisations: collection('organisations', organisationSchema, [
    { name: 'organisations.code', fields: ['code'], caseInsensitive: ['code'] },
  ]),
  units: collection('units', unitSchema),
  users: collection('users', userSchema, [
    { name: 'users.email', fields: ['email'], caseInsensitive: ['email'], where: where.isNull('deletedAt') },
  ]),
  assignments: collection('assignments', roleAssignmentSchema),
  products: collection('products', productSchema, [{ name: 'products.code', fields: ['organisationId', 'code'] }]),
  productRoles: collection('productRoles', productRoleSchema, [{ name: 'productRoles.code', fields: ['productCode', 'code'] }]),
  groups: collection('groups', groupSchema, [
    {
      name: 'groups.name',
      fields: ['organisationId', 'productId', 'name'],
      caseInsensitive: ['name'],
      where: where.not(where.eq('status', 'deleted')),
    },
  ]),
  licencePools: collection('licencePools', licencePoolSchema, [{ name: 'licencePools.organisation', fields: ['organisationId'] }]),
  meetings: collection('meetings', meetingSchema),
  participants: collection('participants', meetingParticipantSchema, [
    { name: 'participants.member', fields: ['meetingId', 'userId'] },
  ]),
  // One open stay per person and meeting: a second join while one is open is refused even under a race.
  attendances: collection('attendances', attendanceSchema, [
    { name: 'attendances.open', fields: ['meetingId', 'userId'], where: where.isNull('leftAt') },
  ]),
  rooms: collection('rooms', roomSchema),
  roomAliases: collection('roomAliases', roomAliasSchema, [{ name: 'roomAliases.alias', fields: ['alias'], caseInsensitive: ['alias'] }]),
  resources: collection('resources', resourceSchema),
  roleChangeRequests: collection('roleChangeRequests', roleChangeRequestSchema, [
    { name: 'roleChangeRequests.open', fields: ['requesterId'], where: where.eq('status', 'new') },
  ]),
  activationTokens: collection('activationTokens', activationTokenSchema, [{ name: 'activationTokens.hash', fields: ['tokenHash'] }]),
  formerOversights: collection('formerOversights', formerOversightSchema, [
    { name: 'formerOversights.pair', fields: ['managerId', 'userId'] },
  ]),
  licenceSeats: collection('licenceSeats', licenceSeatSchema, [{ name: 'licenceSeats.user', fields: ['userId'] }]),
  licenceRequests: collection('licenceRequests', licenceRequestSchema),
  contacts: collection('contacts', contactSchema, [{ name: 'contacts.email', fields: ['ownerId', 'email'], caseInsensitive: ['email'] }]),
  audit: collection('audit', auditEventSchema),
  outbox: collection('outbox', outboxMessageSchema, [{ name: 'outbox.idempotencyKey', fields: ['idempotencyKey'] }]),
} as const;

/** The name of a stored collection. */
export type CollectionName = keyof typeof collections;

/** The entity type stored in a collection. */
export type EntityOf<N extends CollectionName> = z.output<(typeof collections)[N]['schema']>;

/** Every collection name, in catalogue order. */
export const collectionNames = Object.keys(collections) as CollectionName[];

/** The field names of a collection's entity (the whitelist filters and orderings are checked against). */
export function collectionFields(definition: CollectionDefinition): readonly string[] {
  return Object.keys(definition.schema.shape);
}
