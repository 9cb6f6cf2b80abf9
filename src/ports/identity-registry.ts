/**
 * The IdentityRegistry port (EP-7): an official registry that certifies a person is a civil servant and may
 * name their organisation. polity never talks to a real registry; the integrator plugs one in.
 *
 * @module
 */

/** What a registry knows of a person. */
export interface RegistryEntry {
  /** Whether the registry certifies the person as a civil servant. */
  readonly civilServant: boolean;
  /** The person's organisation, by its official code (matched against `Organisation.code`), if known. */
  readonly organisationCode?: string;
  /** The person's unit, by name, if known. */
  readonly unitName?: string;
}

/** Looks people up in an official registry. */
export interface IdentityRegistry {
  /**
   * The registry's entry for a tax code, or `null` when it has none. MUST NOT throw for an unknown person;
   * a failure to reach the registry rejects.
   */
  lookup(taxCode: string): Promise<RegistryEntry | null>;
}
