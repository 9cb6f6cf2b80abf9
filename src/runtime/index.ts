/**
 * Default implementations of the Clock and Ids ports, used when `createPolity` is given none.
 *
 * @module
 */
export * from './system-clock';
export * from './nanoid-ids';
