/**
 * The people and organisations the command benches act with, set up through polity's public API only
 * (`createPolity`, `bootstrapPlatformAdmin`, `as(id).organisations.create`, `users.add`,
 * `activation.confirm`, `roleRequests`, `licences.allocate`), the way a host would: so the set-up keeps
 * working when the services behind that API are rewritten (issue #12).
 *
 * Activation links are caught where polity builds them (`activationUrl(token)`), not read back from the
 * outbox: the last link built belongs to the last account added, since set-up adds one account at a time.
 *
 * @module
 */
import { createPolity, profiles, type Polity, type Profile, type Store } from 'polity';

/** A polity over a store, remembering the last activation secret it put in a link. */
export interface BenchPolity {
  readonly polity: Polity;
  /** The secret of the last activation link built (set-up adds one account at a time). */
  lastToken(): string;
}

/** A polity over `store` with `profile`, on the system clock and nanoid ids (as a host runs it). */
export function benchPolity(store: Store, profile: Profile): BenchPolity {
  let token: string | null = null;
  const polity = createPolity({
    store,
    profile,
    activationUrl: (secret) => {
      token = secret;
      return `https://portal.bench/activate?token=${encodeURIComponent(secret)}`;
    },
  });
  return {
    polity,
    lastToken: () => {
      if (token === null) throw new Error('no activation link was built yet');
      return token;
    },
  };
}

/** The platform's first administrator, past the e-mail gate (terms accepted). */
export async function platformAdmin(world: BenchPolity, email: string): Promise<string> {
  const { user } = await world.polity.bootstrapPlatformAdmin({ email, givenName: 'Ada', familyName: 'Admin' });
  await world.polity.as(user.id).account.acceptTerms();
  return user.id;
}

/** Adds a person as `adderId` and confirms their link at once (terms accepted): an active account. */
export async function addActive(world: BenchPolity, adderId: string, input: { organisationId: string; role: string; email: string; familyName: string }): Promise<string> {
  await world.polity.as(adderId).users.add({ ...input, givenName: 'Bench' });
  const { user } = await world.polity.activation.confirm({ token: world.lastToken(), acceptTerms: true });
  return user.id;
}

/** An e:Presence organisation and its coordinator, who came to be as EP-6 says: added as a user, activated, request approved. */
export interface EPresenceOrganisation {
  readonly organisationId: string;
  readonly coordinatorId: string;
  readonly unitId: string;
}

/** Creates an e:Presence organisation (as the platform admin) with an active organisation coordinator and one unit. */
export async function ePresenceOrganisation(world: BenchPolity, adminId: string, label: string): Promise<EPresenceOrganisation> {
  const admin = world.polity.as(adminId);
  const { organisation } = await admin.organisations.create({ name: `Ministry ${label}`, code: `BENCH-${label}` });
  const coordinatorId = await addActive(world, adminId, { organisationId: organisation.id, role: 'user', email: `coordinator.${label}@bench.gov`, familyName: `Coordinator ${label}` });
  const request = await world.polity.as(coordinatorId).roleRequests.file({ role: 'organisation_coordinator', organisationId: organisation.id, phone: '+30 210 1111111', purpose: 'run the organisation' });
  await admin.roleRequests.approve({ requestId: request.id });
  const unit = await world.polity.as(coordinatorId).units.create({ organisationId: organisation.id, name: `Directorate ${label}` });
  return { organisationId: organisation.id, coordinatorId, unitId: unit.id };
}

/** The e:Presence profile, as shipped. */
export const ePresence: Profile = profiles.ePresence;
/** The Mégalis profile, as shipped (every role of an organisation takes a named licence, MB-12). */
export const megalis: Profile = profiles.megalis;
