/**
 * What the policy engine is given: the acting principal with their role assignments, and the resource
 * being acted on.
 *
 * @module
 */
import type { ScopeType } from '../domain/scope';

/**
 * One role held at one scope, as the engine reads it. A stored `RoleAssignment` satisfies it. Only
 * `status: 'active'` grants anything; other statuses are shown in explanations and otherwise ignored.
 */
export interface PrincipalAssignment {
  readonly role: string;
  readonly scopeType: ScopeType;
  readonly organisationId: string | null;
  readonly unitId?: string | null;
  readonly productId?: string | null;
  readonly status: string;
}

/**
 * Who is acting. Treat a principal as an immutable snapshot: the engine caches what it compiles for it by
 * object identity, so when assignments or attributes change, build a new object.
 *
 * Attributes are what rules read as `principal.<name>` (`principal.overseenUserIds`,
 * `principal.invitedMeetingIds` …); `principal.id` is always {@link Principal.id}.
 *
 * **Relations.** An attribute the definition declares as a relation (`relations.invitedMeetingIds`: the
 * `meetingId`s of the `participants` records whose `userId` is the principal's) need not be given. When it is
 * (`attributes.invitedMeetingIds` is a list: tests, hand-built principals), it is used as a list, exactly as
 * an undeclared attribute. When it is absent (`undefined`), `plan` answers it with a `related` filter, which
 * the Store runs as a semi-join (`EXISTS` in SQL), and `check`, `decide` and `explain` find
 * `resource.<field> in principal.<relation>` false (fail closed: the engine holds no Store). So the kernel
 * answers relations for the resource at hand with one point look-up before a check (and passes the answer as
 * the attribute, `[resource.id]` or `[]`), and plans carry them as `EXISTS`: nobody loads a principal's whole
 * list.
 */
export interface Principal {
  readonly id: string;
  readonly assignments: readonly PrincipalAssignment[];
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/**
 * The thing acted on. `kind` names its type (`meeting`, `user` …) and must match the action's prefix
 * (`meeting.manage` acts on a `meeting`); a resource of another kind is denied. Every other field is an
 * attribute rules read as `resource.<name>`. `organisationId`, `unitId` and `productId` place it in the
 * scope tree: `null` for platform-level things.
 */
export interface PolicyResource {
  readonly kind: string;
  readonly id?: string;
  readonly organisationId: string | null;
  readonly unitId?: string | null;
  readonly productId?: string | null;
  readonly [attribute: string]: unknown;
}

/** Where an assignment applies, as `scope.*` attributes read it. */
export interface ScopeView {
  readonly type: ScopeType;
  readonly organisationId: string | null;
  readonly unitId: string | null;
  readonly productId: string | null;
  /** The role held there. */
  readonly role: string;
}

/**
 * The view of an assignment's scope, or `null` when its columns disagree with its scope type (an
 * organisation scope without an organisation id …): such an assignment grants nothing.
 */
export function scopeViewOf(assignment: PrincipalAssignment): ScopeView | null {
  const organisationId = assignment.organisationId ?? null;
  const unitId = assignment.unitId ?? null;
  const productId = assignment.productId ?? null;
  const role = assignment.role;
  // Ids that do not belong to the scope type are dropped, so `scope.unitId` of an organisation scope is null.
  switch (assignment.scopeType) {
    case 'platform':
      return { type: 'platform', organisationId: null, unitId: null, productId: null, role };
    case 'organisation':
      return organisationId === null ? null : { type: 'organisation', organisationId, unitId: null, productId: null, role };
    case 'unit':
      return organisationId === null || unitId === null ? null : { type: 'unit', organisationId, unitId, productId: null, role };
    case 'product':
      return organisationId === null || productId === null ? null : { type: 'product', organisationId, unitId: null, productId, role };
    default:
      return null;
  }
}
