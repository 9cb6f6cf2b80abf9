/**
 * Turning zod's verdicts into {@link PolityError}s: every refused value becomes `invalid_input` with one
 * {@link InputIssue} per problem, each naming the exact field.
 *
 * @module
 */
import type { z } from 'zod';
import { invalidInputs, isInputIssueCode, type InputIssue } from '../errors';

/** Converts zod issues into polity's {@link InputIssue}s (dotted paths, polity's own reason codes kept). */
export function toInputIssues(issues: readonly z.core.$ZodIssue[]): InputIssue[] {
  return issues.map((issue) => {
    const reason = (issue as { params?: { reason?: unknown } }).params?.reason;
    // A schema's own reason (`params.reason`) is one of polity's issue codes (a test checks every one in the
    // sources); zod's codes are in the union too.
    return {
      path: issue.path.map(String).join('.'),
      message: issue.message,
      code: typeof reason === 'string' && isInputIssueCode(reason) ? reason : isInputIssueCode(issue.code) ? issue.code : 'custom',
    };
  });
}

/**
 * Parses a value with a schema, or throws `invalid_input` naming every bad field.
 *
 * @param schema - The zod schema the value must satisfy.
 * @param value - The untrusted value.
 * @param what - What the value is, for the error message (`"meeting"`, `"input of users.add"`).
 * @throws {@link PolityError} `invalid_input` with `details.issues`.
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidInputs(toInputIssues(result.error.issues), what, result.error);
}
