/**
 * Plumbing every Store adapter shares so they behave alike: keyset ordering and opaque cursors, the page
 * size rule, and the field whitelist for filters, orderings and changes. Pure.
 *
 * @module
 */
export * from './cursor';
export * from './page-limit';
export * from './known-fields';
export * from './mutex';
export * from './repository-input';
export * from './joinable';
