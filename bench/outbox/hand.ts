/**
 * The hand-written baseline: the least a SKIP LOCKED outbox worker can do per batch in polity's own table.
 * One claim statement (the same picking query as the Postgres store's queue, returning every column), each
 * message handed to the notifier as is (no template, no validation), then one statement marking the batch
 * sent under its lease. Named (prepared) statements on the worker's own pool.
 *
 * @module
 */
import type pg from 'pg';
import type { Language, Notifier } from 'polity';

const qualified = (schema: string) => `"${schema}"."outbox"`;

/** The baseline's statements, for the report (`$schema` stands for the benchmark's schema). */
export const HAND_SQL = {
  claim: (schema: string) => `WITH picked AS MATERIALIZED (
  SELECT id FROM ${qualified(schema)}
  WHERE status = 'pending' AND available_at <= now() AND (lease_until IS NULL OR lease_until < now())
  ORDER BY available_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
UPDATE ${qualified(schema)} SET lease_until = $2
WHERE id IN (SELECT id FROM picked)
RETURNING *`,
  mark: (schema: string) => `UPDATE ${qualified(schema)} SET status = 'sent', sent_at = now(), lease_until = NULL
WHERE id = ANY($1::text[]) AND status = 'pending' AND lease_until = $2`,
} as const;

interface Row {
  readonly id: string;
  readonly kind: string;
  readonly recipient_email: string;
  readonly language: Language;
  readonly payload: Record<string, unknown>;
  readonly idempotency_key: string;
}

/** Drains the outbox with the hand-written statements until a claim leases nothing; returns the batches it took. */
export async function handDrain(pool: pg.Pool, schema: string, batchSize: number, notifier: Notifier, claims: number[], marks: number[]): Promise<number> {
  const claim = { name: `hand_claim_${schema}`, text: HAND_SQL.claim(schema) };
  const mark = { name: `hand_mark_${schema}`, text: HAND_SQL.mark(schema) };
  let batches = 0;
  for (;;) {
    // The lease comes from the client, as a dispatcher's does, so the mark can name it exactly (a JS Date
    // holds milliseconds, now() microseconds).
    const lease = new Date(Date.now() + 60_000);
    const t0 = performance.now();
    const { rows } = await pool.query<Row>({ ...claim, values: [batchSize, lease] });
    claims.push(performance.now() - t0);
    if (rows.length === 0) return batches;
    batches += 1;
    for (const row of rows) {
      await notifier.send({
        idempotencyKey: row.idempotency_key,
        kind: row.kind,
        to: { email: row.recipient_email },
        language: row.language,
        subject: String(row.payload['subject']),
        text: String(row.payload['body']),
        data: row.payload,
      });
    }
    const t1 = performance.now();
    await pool.query({ ...mark, values: [rows.map((row) => row.id), lease] });
    marks.push(performance.now() - t1);
  }
}
