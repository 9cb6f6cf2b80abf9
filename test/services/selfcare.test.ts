// Profile rules of PagoPA selfcare (SC-7, SC-9); product admin roles are recorded through the store until
// the products service lands.
import { describe, expect, it } from 'vitest';
import { profiles } from 'polity';
import { bootstrapAdmin, makeWorld, rejects, seedAssignment, seedUser, sourcesOf } from './world';
import { storeTargets, useStoreTargets, type StoreTarget } from '../targets';

useStoreTargets();

async function selfcareWorld(target: StoreTarget) {
  const world = await makeWorld(target, profiles.selfcare);
  const supportId = await bootstrapAdmin(world);
  const { organisation } = await world.polity.as(supportId).organisations.create({ name: 'Comune di Roma', code: 'c_h501' });
  const at = new Date('2026-01-01T00:00:00.000Z');
  const product = await world.store.products.insert({ id: 'prod_io', organisationId: organisation.id, code: 'prod-io', name: 'App IO', status: 'active', createdAt: at, updatedAt: at });
  const admin = await seedUser(world.store, { email: 'giulia.rossi@comune.test', organisationId: organisation.id, givenName: 'Giulia', familyName: 'Rossi', taxCode: 'RSSGLI80A41H501X' });
  await seedAssignment(world.store, { userId: admin.id, role: 'product_admin', scopeType: 'product', organisationId: organisation.id, productId: product.id });
  const { user: operator } = await world.polity.as(admin.id).users.add({
    organisationId: organisation.id,
    productId: product.id,
    role: 'product_operator',
    email: 'marco.bianchi@comune.test',
    givenName: 'Marco',
    familyName: 'Bianco',
    taxCode: 'BNCMRC85T10H501Y',
  });
  return { world, organisation, product, adminId: admin.id, operatorId: operator.id, admin: world.polity.as(admin.id), operator: world.polity.as(operator.id) };
}

for (const target of storeTargets) {
  describe(`${target.name}: selfcare profile rules`, () => {
    it('SC-7: the work phone is set only by its owner, and only while they hold an admin role', async () => {
      const { world, admin, adminId, operator, operatorId, organisation, product } = await selfcareWorld(target);
      expect((await admin.users.setWorkPhone({ userId: adminId, workPhone: '+39 06 1234567' })).workPhone).toBe('+39 06 1234567');
      const notAdmin = await rejects(operator.users.setWorkPhone({ userId: operatorId, workPhone: '+39 06 7654321' }), 'forbidden');
      expect(sourcesOf(notAdmin)).toContain('SC-7');
      await rejects(admin.users.setWorkPhone({ userId: operatorId, workPhone: '+39 06 7654321' }), 'forbidden');
      const other = await seedUser(world.store, { email: 'paola.verdi@comune.test', organisationId: organisation.id });
      await seedAssignment(world.store, { userId: other.id, role: 'product_admin', scopeType: 'product', organisationId: organisation.id, productId: product.id });
      await rejects(admin.users.setWorkPhone({ userId: other.id, workPhone: '+39 06 7654321' }), 'forbidden');
      expect((await world.store.users.get(operatorId))?.workPhone).toBeNull();
      expect((await admin.users.setWorkPhone({ userId: adminId, workPhone: null })).workPhone).toBeNull();
    });

    it('SC-9: the tax code never changes', async () => {
      const { world, admin, operator, operatorId } = await selfcareWorld(target);
      const error = await rejects(admin.users.update({ userId: operatorId, taxCode: 'XXXXXX85T10H501Y' }), 'forbidden');
      expect(sourcesOf(error)).toContain('SC-9');
      await rejects(operator.users.update({ userId: operatorId, taxCode: 'XXXXXX85T10H501Y' }), 'forbidden');
      await rejects(world.polity.signIn({ userId: operatorId, method: 'sso', taxCode: 'XXXXXX85T10H501Y' }), 'conflict');
      expect((await world.store.users.get(operatorId))?.taxCode).toBe('BNCMRC85T10H501Y');
    });

    it('SC-9: names change only while not verified by the identity provider, and only by a product admin', async () => {
      const { world, admin, operator, operatorId, adminId } = await selfcareWorld(target);
      expect((await admin.users.update({ userId: operatorId, familyName: 'Bianchi' })).familyName).toBe('Bianchi');
      await rejects(operator.users.update({ userId: adminId, familyName: 'Neri' }), 'forbidden');
      const { user } = await world.polity.signIn({ userId: operatorId, method: 'sso', taxCode: 'bncmrc85t10h501y' });
      expect(user.identityVerifiedAt).toEqual(world.clock.now());
      const verified = await rejects(admin.users.update({ userId: operatorId, givenName: 'Marcello' }), 'forbidden');
      expect(sourcesOf(verified)).toContain('SC-9');
      expect((await world.store.users.get(operatorId))?.givenName).toBe('Marco');
    });

    it('SC-9: a user edits their own contact e-mail; an admin does not edit it for them', async () => {
      const { admin, operator, operatorId } = await selfcareWorld(target);
      await rejects(admin.users.changeEmail({ userId: operatorId, email: 'm.bianchi@comune.test' }), 'forbidden');
      expect((await operator.users.changeEmail({ userId: operatorId, email: 'm.bianchi@comune.test' })).email).toBe('m.bianchi@comune.test');
    });
  });
}
