/**
 * The Mégalis story `npm run demo` plays after the e:Presence one: named licences running out and granted,
 * a delegated booking refused for an unlicensed colleague and explained, a concierge's booking across the
 * night clocks go forward, a permanent room found by its alias, what the video platform reports, and the
 * organisation's planning and statistics.
 *
 * @module
 */
import { createPolity, isPolityError, profiles, type Explanation, type LicenceSummary, type Polity, type Store } from 'polity';
import { memoryStore } from 'polity/adapters/memory';
import { linkSentTo, storyClock, type DemoOptions, type Output } from './story-kit';

/** `3 used + 1 reserved of 5 (1 free)`. */
function seats(licences: LicenceSummary): string {
  return `${licences.used} used + ${licences.reserved} reserved of ${licences.allocated} (${licences.free} free)`;
}

/** The person follows the latest link e-mailed to them: their invitation's reservation becomes a licence. */
async function activates(polity: Polity, store: Store, email: string): Promise<string> {
  const { user } = await polity.activation.confirm({ token: await linkSentTo(store, email), acceptTerms: true });
  return user.id;
}

/**
 * Plays the Mégalis story and writes it line by line.
 *
 * @param output - Receives each line.
 * @param options - The store to play on (closed at the end).
 * @example
 * ```ts
 * import { runMegalisDemo } from './megalis-story';
 *
 * await runMegalisDemo((line) => console.log(line));
 * ```
 */
export async function runMegalisDemo(output: Output, options: DemoOptions = {}): Promise<void> {
  const store = options.store ?? memoryStore();
  const storeName = options.storeName ?? 'the memory store';
  // Monday 23 March 2026, 09:00 in Rennes: the clocks go forward on Sunday night.
  const clock = storyClock('2026-03-23T08:00:00.000Z');
  const polity = createPolity({
    store,
    profile: profiles.megalis,
    clock,
    activationUrl: (token) => `https://visio.megalis.example.fr/activer?token=${encodeURIComponent(token)}`,
  });
  const say = (line: string) => output(line);
  say(`Mégalis Bretagne, on ${storeName}`);
  say('');

  // 1. The operator enrols an organisation, allocates its licences and appoints the concierge.
  const { user: yannUser } = await polity.bootstrapPlatformAdmin({ email: 'yann@megalis.example.fr', givenName: 'Yann', familyName: 'Le Gall', language: 'fr', timeZone: 'Europe/Paris' });
  const yann = polity.as(yannUser.id);
  await yann.account.acceptTerms();
  const { organisation: rennes } = await yann.organisations.create({ name: 'Rennes Métropole', code: 'RM' });
  await yann.licences.allocate({ organisationId: rennes.id, allocated: 3 });
  say(`1. Yann (Mégalis services) enrols "${rennes.name}" and allocates it 3 named licences (MB-3).`);
  await yann.users.add({ role: 'concierge', email: 'camille@capvisio.example.fr', givenName: 'Camille', familyName: 'Morvan', timeZone: 'Europe/Paris' });
  const camille = polity.as(await activates(polity, store, 'camille@capvisio.example.fr'));
  say('   He appoints Camille as concierge (CapVisio support, MB-6): platform staff, holding no licence.');

  // 2. Licences: reservations, then the cap.
  await yann.users.add({ organisationId: rennes.id, role: 'administrator', email: 'anne@rennes.example.fr', givenName: 'Anne', familyName: 'Le Bihan', timeZone: 'Europe/Paris' });
  const anneId = await activates(polity, store, 'anne@rennes.example.fr');
  const anne = polity.as(anneId);
  say(`2. Yann adds Anne as administrator; she activates her account: ${seats(await anne.licences.summary({ organisationId: rennes.id }))}.`);
  await anne.users.add({ organisationId: rennes.id, role: 'user', email: 'jean@rennes.example.fr', givenName: 'Jean', familyName: 'Kerjean', timeZone: 'Europe/Paris' });
  await anne.users.add({ organisationId: rennes.id, role: 'delegated_organiser', email: 'claire@rennes.example.fr', givenName: 'Claire', familyName: 'Guillou', timeZone: 'Europe/Paris' });
  say(`   Anne invites Jean (user) and Claire (delegated organiser); each pending invitation reserves a licence: ${seats(await anne.licences.summary({ organisationId: rennes.id }))}.`);
  try {
    await anne.users.add({ organisationId: rennes.id, role: 'user', email: 'paul@rennes.example.fr', givenName: 'Paul', familyName: 'Le Roux', timeZone: 'Europe/Paris' });
  } catch (error) {
    if (!isPolityError(error, 'limit_exceeded')) throw error;
    const d = error.details as { allocated?: number; used?: number; reserved?: number } | undefined;
    say(`   Anne invites Paul: refused (${error.code}): ${d?.used} used + ${d?.reserved} reserved of ${d?.allocated} allocated (MB-3: a hard cap).`);
  }
  const jeanId = await activates(polity, store, 'jean@rennes.example.fr');
  const claire = polity.as(await activates(polity, store, 'claire@rennes.example.fr'));
  say(`   Jean and Claire activate their accounts; their reservations become licences: ${seats(await anne.licences.summary({ organisationId: rennes.id }))}.`);

  // 3. More licences, requested and granted.
  const request = await anne.licences.request({ organisationId: rennes.id, count: 2, reason: 'Two new agents in the digital services team.' });
  const { licences: afterGrant } = await camille.licences.grant({ requestId: request.id, note: 'Granted for the new agents.' });
  say(`3. Anne asks for 2 more licences; Camille grants them (MB-3), and Anne is told by e-mail: ${seats(afterGrant)}.`);
  await anne.users.add({ organisationId: rennes.id, role: 'user', email: 'paul@rennes.example.fr', givenName: 'Paul', familyName: 'Le Roux', timeZone: 'Europe/Paris' });
  const paulId = await activates(polity, store, 'paul@rennes.example.fr');
  say(`   Anne invites Paul again, and he activates his account: ${seats(await anne.licences.summary({ organisationId: rennes.id }))}.`);
  await anne.users.deactivate({ userId: paulId });
  say(`   Paul goes on leave: Anne deactivates him, which frees his licence (MB-5, MB-12): ${seats(await anne.licences.summary({ organisationId: rennes.id }))}.`);

  // 4. Bookings: a delegated booking refused and explained, one accepted, the concierge's across a DST night.
  say('4. Bookings.');
  try {
    await claire.meetings.schedule({ organiserId: paulId, title: 'Weekly digital team meeting', startsAt: '2026-03-26T10:00', endsAt: '2026-03-26T11:00', timeZone: 'Europe/Paris' });
  } catch (error) {
    if (!isPolityError(error, 'forbidden')) throw error;
    const explanation = error.details?.explanation as Explanation | undefined;
    say(`   Claire books a meeting for Paul: refused (${error.code}).`);
    // The near miss: the delegated organiser's own rule, and what it needed.
    const miss = explanation?.unmetConditions.find((unmet) => unmet.source === 'MB-8');
    const rule = polity.profile.rules.find((r) => r.id === miss?.ruleId);
    say(`   Why: rule ${miss?.ruleId} (${miss?.source}) needs ${miss?.condition}; Paul is deactivated, so he holds no licence.`);
    if (rule?.description !== undefined) say(`   In plain words: ${rule.description}`);
  }
  const weekly = await claire.meetings.schedule({ organiserId: jeanId, title: 'Weekly digital team meeting', startsAt: '2026-03-26T10:00', endsAt: '2026-03-26T11:30', timeZone: 'Europe/Paris' });
  await claire.meetings.invite({ meetingId: weekly.id, invitees: [{ userId: anneId }, { email: 'lena@quimper.example.fr', givenName: 'Léna', familyName: 'Tanguy' }] });
  say('   Claire books it for Jean instead, a licensed user of Rennes (MB-8), and invites Anne and Léna from Quimper,');
  say('   who has no account yet: a pending one is made for the invitation (EP-17).');
  const night = await camille.meetings.schedule({ organiserId: anneId, title: 'Data centre migration watch', startsAt: '2026-03-28T20:00', endsAt: '2026-03-29T09:00', timeZone: 'Europe/Paris' });
  const hours = (night.endsAt.getTime() - night.startsAt.getTime()) / 3_600_000;
  say(`   Camille books a night watch for Anne (MB-10), 20:00 Saturday to 09:00 Sunday: 13 hours on the wall clock, but the`);
  say(`   clocks go forward that night, so it lasts ${hours} hours: exactly the limit, accepted (duration is elapsed time).`);

  // 5. A permanent room, found by its alias.
  const room = await camille.rooms.create({ organisationId: rennes.id, name: 'Salle du conseil', aliases: ['conseil-rennes', 'council.rennes'], participantLimit: 50 });
  const found = await anne.rooms.findByAlias({ alias: 'Conseil-Rennes' });
  say(`5. Camille creates the permanent room "${room.name}" (MB-10) with aliases ${room.aliases.join(' and ')};`);
  say(`   dialling "Conseil-Rennes" reaches it (${found.id === room.id ? 'the same room' : 'another room'}), with no booking needed.`);

  // 6. What the video platform reports.
  clock.set('2026-03-26T09:01:00.000Z');
  await polity.meetingEvents.started({ meetingId: weekly.id, at: '2026-03-26T09:00:00Z' });
  await polity.meetingEvents.joined({ meetingId: weekly.id, userId: jeanId, at: '2026-03-26T09:00:00Z' });
  await polity.meetingEvents.joined({ meetingId: weekly.id, userId: anneId, at: '2026-03-26T09:01:00Z' });
  clock.set('2026-03-26T10:31:00.000Z');
  await polity.meetingEvents.left({ meetingId: weekly.id, userId: anneId, at: '2026-03-26T10:01:00Z' });
  await polity.meetingEvents.ended({ meetingId: weekly.id, at: '2026-03-26T10:30:00Z' });
  say('6. The video platform reports the weekly meeting: started, Jean and Anne joined, Anne left after an hour, ended.');

  // 7. Planning and statistics.
  say('');
  const planning = await anne.planning.list({ organisationId: rennes.id, from: '2026-03-23T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00' });
  say(`The planning of ${rennes.name} for the week, in Europe/Paris (what Anne sees):`);
  for (const entry of planning.items) say(`   ${entry.local.startsAt.slice(0, 16).replace('T', ' ')} → ${entry.local.endsAt.slice(0, 16).replace('T', ' ')}  ${entry.title} (${entry.status})`);
  const stats = await camille.statistics.get({ organisationId: rennes.id, from: '2026-03-23T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00' });
  say(`Statistics of the week (what Camille sees): ${stats.meetingsHeld} meeting held, ${stats.participants} participants, ${stats.participantHours.toFixed(2)} participant-hours,`);
  say(`   licences ${stats.licences.used} used of ${stats.licences.allocated}.`);
  await store.close();
}
