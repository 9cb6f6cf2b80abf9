/**
 * The e:Presence story `npm run demo` plays, on the memory store: a platform admin sets up an organisation
 * and two units, invites a unit coordinator who activates their account, approves a role-change request,
 * and an attempt to delete someone who took part in a meeting is refused, with the reason in plain words.
 *
 * @module
 */
import { createPolity, formatError, isPolityError, profiles, type Explanation } from 'polity';
import { memoryStore } from 'polity/adapters/memory';
import { linkSentTo, storyClock, type DemoOptions, type Output } from './story-kit';

export type { DemoOptions, Output } from './story-kit';

/**
 * Plays the story and writes it line by line.
 *
 * @param output - Receives each line.
 * @param options - The store to play on.
 * @example
 * ```ts
 * import { runDemo } from './story';
 *
 * await runDemo((line) => console.log(line));
 * ```
 */
export async function runDemo(output: Output, options: DemoOptions = {}): Promise<void> {
  const store = options.store ?? memoryStore();
  const storeName = options.storeName ?? 'the memory store';
  const clock = storyClock('2026-03-02T08:00:00.000Z');
  const polity = createPolity({
    store,
    profile: profiles.ePresence,
    clock,
    activationUrl: (token) => `https://presence.example.gov/activate?token=${encodeURIComponent(token)}`,
  });
  const say = (line: string) => output(line);
  say(`e:Presence, on ${storeName}`);
  say('');

  // 1. The platform gets its first administrator, the one act no role authorises.
  const { user: adaUser } = await polity.bootstrapPlatformAdmin({ email: 'ada.admin@presence.example.gov', givenName: 'Ada', familyName: 'Admin' });
  const ada = polity.as(adaUser.id);
  await ada.account.acceptTerms();
  say('1. Ada Admin is the platform administrator; she accepts the terms of use.');

  // 2. An organisation and two units.
  const { organisation } = await ada.organisations.create({ name: 'Ministry of Digital Governance', code: 'MDG' });
  say(`2. Ada creates the organisation "${organisation.name}".`);
  const directorate = await ada.units.create({ organisationId: organisation.id, name: 'Directorate of Digital Services' });
  const press = await ada.units.create({ organisationId: organisation.id, name: 'Press Office' });
  say(`   and its units "${directorate.name}" and "${press.name}".`);

  // 3. A unit coordinator is invited and activates the account.
  const nikosEmail = 'nikos.georgiou@digital.example.gov';
  const { user: nikosUser } = await ada.users.add({ organisationId: organisation.id, unitId: directorate.id, role: 'unit_coordinator', email: nikosEmail, givenName: 'Nikos', familyName: 'Georgiou' });
  say(`3. Ada invites Nikos Georgiou as unit coordinator of "${directorate.name}".`);
  say(`   An "Account activation" e-mail goes to ${nikosEmail} with a single-use link (valid 7 days); no password is ever sent.`);
  clock.advance(5);
  const steps = { confirm_email: 'confirm his e-mail address', accept_terms: 'accept the terms' } as const;
  const { pending } = await polity.signIn({ userId: nikosUser.id });
  say(`   He may sign in, but until he confirms his account is pending: he must ${pending.map((step) => steps[step]).join(' and ')}.`);
  clock.advance(60);
  await polity.activation.confirm({ token: await linkSentTo(store, nikosEmail), acceptTerms: true });
  say('   Nikos follows the link, confirms his address and accepts the terms: his account is active.');

  // 4. A role-change request, approved.
  const mariaEmail = 'maria.papadopoulou@digital.example.gov';
  const { user: mariaUser } = await ada.users.add({ organisationId: organisation.id, role: 'user', email: mariaEmail, givenName: 'Maria', familyName: 'Papadopoulou' });
  await polity.activation.confirm({ token: await linkSentTo(store, mariaEmail), acceptTerms: true });
  const maria = polity.as(mariaUser.id);
  const request = await maria.roleRequests.file({ role: 'organisation_coordinator', organisationId: organisation.id, phone: '+30 210 1234567', purpose: 'Coordinate the ministry’s videoconferences' });
  say('4. Maria Papadopoulou, a user of the ministry, asks to become organisation coordinator.');
  clock.advance(30);
  await ada.roleRequests.approve({ requestId: request.id, note: 'Welcome aboard' });
  say('   Ada approves the request: Maria is now organisation coordinator, and an e-mail tells her so.');
  try {
    await ada.roleRequests.approve({ requestId: request.id });
  } catch (error) {
    say(`   Approving it a second time changes nothing: ${formatError(error)}`);
  }

  // 5. A refused delete, explained.
  const nikos = polity.as(nikosUser.id);
  const weekly = await nikos.meetings.schedule({
    unitId: directorate.id,
    title: 'Weekly digital services review',
    startsAt: new Date(clock.now().getTime() + 30 * 60_000),
    endsAt: new Date(clock.now().getTime() + 90 * 60_000),
    timeZone: 'Europe/Athens',
  });
  // The video platform reports what happened; polity never guesses it.
  clock.advance(30);
  await polity.meetingEvents.started({ meetingId: weekly.id });
  await polity.meetingEvents.joined({ meetingId: weekly.id, userId: nikosUser.id });
  clock.advance(60);
  await polity.meetingEvents.ended({ meetingId: weekly.id });
  say('5. Nikos schedules and holds a meeting for his directorate (EP-5).');
  try {
    await maria.users.delete({ userId: nikosUser.id });
    say('   Maria deletes Nikos.');
  } catch (error) {
    if (!isPolityError(error, 'forbidden')) throw error;
    const explanation = error.details?.explanation as Explanation | undefined;
    say(`   Maria tries to delete Nikos's account: refused (${error.code}).`);
    const rule = polity.profile.rules.find((r) => r.id === explanation?.forbiddenBy[0]?.ruleId);
    say(`   Why: ${explanation?.summary ?? error.message}`);
    if (rule?.description !== undefined) say(`   In plain words (${rule.source}): ${rule.description}`);
  }
  await maria.users.deactivate({ userId: nikosUser.id });
  say('   Maria deactivates the account instead (EP-11): nothing is lost, and it can be reactivated.');
  try {
    await polity.signIn({ userId: nikosUser.id });
  } catch (error) {
    say(`   Nikos can no longer sign in: ${formatError(error)}`);
  }

  // 6. The trail.
  const trail = await ada.audit.trail({ targetType: 'user', targetId: nikosUser.id });
  say('');
  say(`The audit trail of Nikos's account holds ${trail.items.length} events:`);
  for (const event of trail.items) say(`   ${event.at.toISOString().slice(0, 16).replace('T', ' ')}  ${event.action.padEnd(18)} ${event.summary}`);
  await store.close();
}
