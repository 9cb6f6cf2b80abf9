/**
 * An in-memory IdentityRegistry for tests and demos: a fixed table of tax codes.
 *
 * @module
 */
import type { IdentityRegistry, RegistryEntry } from 'polity';

/** The form in which tax codes are compared: trimmed and upper-cased (they are kept as typed elsewhere). */
function normaliseTaxCode(taxCode: string): string {
  return taxCode.trim().toUpperCase();
}

/**
 * Creates an {@link IdentityRegistry} that knows exactly the given people. Tax codes match
 * case-insensitively and ignoring surrounding spaces. The entries are copied, so changing the object
 * afterwards changes nothing, and each lookup returns a fresh copy.
 *
 * @param entries - Registry entries by tax code.
 * @returns a registry whose `lookup` resolves to the entry, or to `null` for an unknown tax code; it never rejects.
 *
 * @example
 * ```ts
 * import { memoryIdentityRegistry } from 'polity/adapters/memory';
 *
 * const registry = memoryIdentityRegistry({ RSSMRA80A01H501U: { civilServant: true, organisationCode: 'c_h501' } });
 * await registry.lookup('rssmra80a01h501u'); // → { civilServant: true, organisationCode: 'c_h501' }
 * ```
 */
export function memoryIdentityRegistry(entries: Readonly<Record<string, RegistryEntry>>): IdentityRegistry {
  const known = new Map<string, RegistryEntry>();
  for (const [taxCode, entry] of Object.entries(entries)) known.set(normaliseTaxCode(taxCode), structuredClone(entry));
  return {
    lookup: async (taxCode: string): Promise<RegistryEntry | null> => {
      const entry = known.get(normaliseTaxCode(taxCode));
      return entry === undefined ? null : structuredClone(entry);
    },
  };
}
