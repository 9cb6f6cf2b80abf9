/**
 * Principals, resources and questions in words, for failure messages and test titles.
 *
 * @module
 */
import type { PolicyResource, Principal, PrincipalAssignment } from 'polity';

function assignmentWords(a: PrincipalAssignment): string {
  const where =
    a.scopeType === 'platform'
      ? 'the platform'
      : a.scopeType === 'unit'
        ? `unit ${String(a.unitId)} of ${String(a.organisationId)}`
        : a.scopeType === 'product'
          ? `product ${String(a.productId)} of ${String(a.organisationId)}`
          : String(a.organisationId);
  return `${a.role} at ${where}${a.status === 'active' ? '' : ` (${a.status})`}`;
}

/** `uc1 [unit_coordinator at unit u_2 of org_1]`, or `p1 [no role]`. */
export function principalWords(principal: Principal): string {
  const roles = principal.assignments.map(assignmentWords);
  return `${principal.id} [${roles.length === 0 ? 'no role' : roles.join(', ')}]`;
}

/** `meeting m_1`, or `a meeting of org_1` when it has no id. */
export function resourceWords(resource: PolicyResource): string {
  const kind = String(resource.kind);
  if (typeof resource.id === 'string') return `${kind} ${resource.id}`;
  return resource.organisationId === null ? `a platform-level ${kind}` : `a ${kind} of ${String(resource.organisationId)}`;
}
