// Principal attributes the services set from the account (`organisationId`, `active`) reach the rules that
// read them: only attributes polity cannot load default to an empty list.
import { describe, expect, it } from 'vitest';
import { extendProfile, profiles, when } from 'polity';
import { activate, ePresenceOrganisation, makeWorld, rejects } from './world';
import { storeTargets, useStoreTargets } from '../targets';

useStoreTargets();

/** e:Presence where members list the units of the organisation their account belongs to, and nothing else. */
const ownOrganisationUnits = extendProfile(profiles.ePresence, {
  id: 'own-organisation-units',
  removeRules: ['ep-6-members-see-units'],
  rules: [
    {
      id: 'ours-own-organisation-units',
      source: 'OURS-1',
      effect: 'allow',
      roles: '*',
      actions: ['unit.read'],
      resource: 'unit',
      when: when.eq('resource.organisationId', when.ref('principal.organisationId')),
      description: 'Everyone lists the units of the organisation their account belongs to.',
    },
  ],
});

for (const target of storeTargets) {
  describe(`${target.name}: principal attributes read by rules`, () => {
    it('a rule on principal.organisationId sees the organisation of the acting account', async () => {
      const world = await makeWorld(target, ownOrganisationUnits);
      const a = await ePresenceOrganisation(world, 'a');
      const b = await ePresenceOrganisation(world, 'b');
      await world.polity.as(a.coordinatorId).users.add({ organisationId: a.organisation.id, email: 'eleni@gov.test', givenName: 'Eleni', familyName: 'P', role: 'user' });
      const eleni = world.polity.as(await activate(world, 'eleni@gov.test'));

      const page = await eleni.units.list({ organisationId: a.organisation.id });
      expect(page.items.map((unit) => unit.id)).toEqual([a.unit.id]);
      const refused = await rejects(eleni.units.list({ organisationId: b.organisation.id }), 'forbidden');
      expect(refused.details).toMatchObject({ action: 'unit.read' });

      // The coordinator of b, whose account belongs to b, the other way round.
      expect((await world.polity.as(b.coordinatorId).units.list({ organisationId: b.organisation.id })).items.map((unit) => unit.id)).toEqual([b.unit.id]);
      await rejects(world.polity.as(b.coordinatorId).units.list({ organisationId: a.organisation.id }), 'forbidden');
    });
  });
}
