/**
 * The Ids port: where new ids and secrets come from, so tests can pin them.
 *
 * @module
 */

/** Makes ids for new records and secrets for tokens. */
export interface Ids {
  /**
   * A new id for a record of the given kind (`org`, `user`, `meeting` …). MUST be unique in the store and
   * match `[A-Za-z0-9_:-]{1,64}`; the default prefixes the kind: `org_V1StGXR8_Z5jdHi6B-myT`.
   */
  id(kind: string): string;
  /**
   * A new unguessable secret (activation tokens). MUST come from a cryptographically secure source in
   * production and carry at least 128 bits of entropy; only its hash is ever stored.
   */
  secret(): string;
}
