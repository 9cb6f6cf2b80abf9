/**
 * Scopes: where a role assignment applies. Platform ⊃ organisation ⊃ unit; a product sits inside an
 * organisation. An assignment covers everything inside its scope.
 *
 * @module
 */

/** The kinds of scope, outermost first. */
export const scopeTypes = ['platform', 'organisation', 'unit', 'product'] as const;

/** One of the {@link scopeTypes}. */
export type ScopeType = (typeof scopeTypes)[number];

/** Where a role applies. */
export type Scope =
  | { readonly type: 'platform' }
  | { readonly type: 'organisation'; readonly organisationId: string }
  | { readonly type: 'unit'; readonly organisationId: string; readonly unitId: string }
  | { readonly type: 'product'; readonly organisationId: string; readonly productId: string };

/** A scope flattened into columns, as stored with a role assignment. */
export interface ScopeFields {
  readonly scopeType: ScopeType;
  readonly organisationId: string | null;
  readonly unitId: string | null;
  readonly productId: string | null;
}

/** Flattens a scope into the columns stored with an assignment. */
export function scopeFields(scope: Scope): ScopeFields {
  switch (scope.type) {
    case 'platform':
      return { scopeType: 'platform', organisationId: null, unitId: null, productId: null };
    case 'organisation':
      return { scopeType: 'organisation', organisationId: scope.organisationId, unitId: null, productId: null };
    case 'unit':
      return { scopeType: 'unit', organisationId: scope.organisationId, unitId: scope.unitId, productId: null };
    case 'product':
      return { scopeType: 'product', organisationId: scope.organisationId, unitId: null, productId: scope.productId };
  }
}

/**
 * Rebuilds a scope from stored columns, or returns `null` when the columns disagree with the scope type
 * (an organisation scope without an organisation id, a platform scope with one …).
 */
export function scopeFromFields(fields: ScopeFields): Scope | null {
  const { scopeType, organisationId, unitId, productId } = fields;
  switch (scopeType) {
    case 'platform':
      return organisationId === null && unitId === null && productId === null ? { type: 'platform' } : null;
    case 'organisation':
      return organisationId !== null && unitId === null && productId === null ? { type: 'organisation', organisationId } : null;
    case 'unit':
      return organisationId !== null && unitId !== null && productId === null ? { type: 'unit', organisationId, unitId } : null;
    case 'product':
      return organisationId !== null && productId !== null && unitId === null ? { type: 'product', organisationId, productId } : null;
  }
}

/** A readable name for a scope, for explanations and logs: `organisation org_1`, `unit u_2 of organisation org_1`. */
export function describeScope(scope: Scope): string {
  switch (scope.type) {
    case 'platform':
      return 'the platform';
    case 'organisation':
      return `organisation ${scope.organisationId}`;
    case 'unit':
      return `unit ${scope.unitId} of organisation ${scope.organisationId}`;
    case 'product':
      return `product ${scope.productId} of organisation ${scope.organisationId}`;
  }
}
