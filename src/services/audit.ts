/**
 * Appending to the audit trail, always inside the command's transaction.
 *
 * @module
 */
import type { AuditEvent } from '../domain/audit-event';
import type { StoreSession } from '../ports/store';
import type { ServiceContext } from './context';

/** What a command says about what it did; time and id are filled in. */
export type AuditEntry = Omit<AuditEvent, 'id' | 'at' | 'changes'> & { readonly changes?: AuditEvent['changes'] };

/**
 * Writes one audit event in the given transaction, so the trail has it exactly when the change committed.
 */
export async function appendAudit(tx: StoreSession, context: Pick<ServiceContext, 'clock' | 'ids'>, entry: AuditEntry): Promise<AuditEvent> {
  return tx.audit.insert({ ...entry, changes: entry.changes ?? {}, id: context.ids.id('audit'), at: context.clock.now() });
}
