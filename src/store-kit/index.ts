/**
 * `polity/store-kit`: plumbing every Store adapter shares so they behave alike: keyset ordering and opaque cursors, the page
 * size rule, the field whitelist for filters, orderings and changes, and how a unique key is read. Pure.
 *
 * @module polity/store-kit
 */
export * from './cursor';
export * from './page-limit';
export * from './known-fields';
export * from './mutex';
export * from './repository-input';
export * from './joinable';
export * from './unique-key';
export * from './predicate-paging';
