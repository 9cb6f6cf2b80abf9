/**
 * The command lines of `bench:pg` (issue #12): polity's commands through its public API on the real server,
 * each against a hand-written equivalent in the same run. (k) `users.add` and `meetings.schedule` latency
 * and statements, (h) their cost against the actor's history, on one e:Presence platform in one schema;
 * (s) concurrent licensed adds on a Mégalis platform in a second schema. Both schemas are created here and
 * dropped at the end (unless KEEP_SCHEMA).
 *
 * @module
 */
import { dropSchema, freshSchema, openCommandDb } from './command-db';
import { measureCommands, type CommandsResult } from './commands';
import { measureHistory, type HistoryResult } from './history';
import { measureSeatCommands, type SeatCommandsResult } from './seat-commands';
import { benchPolity, ePresence, platformAdmin } from './world';

/** What the command lines measured; a part skipped is `null`. */
export interface CommandLinesResult {
  readonly commands: CommandsResult | null;
  readonly history: HistoryResult | null;
  readonly seatCommands: SeatCommandsResult | null;
}

/** Sizes and switches of the command lines. */
export interface CommandLinesConfig {
  readonly url: string;
  /** The e:Presence schema; (s) uses `${schema}_s`. */
  readonly schema: string;
  readonly keepSchema: boolean;
  readonly commands: { readonly skip: boolean; readonly runs: number; readonly warmup: number };
  readonly history: { readonly skip: boolean; readonly sizes: readonly number[]; readonly runs: number; readonly warmup: number };
  readonly seatCommands: { readonly skip: boolean; readonly claims: number; readonly seats: number; readonly connections: number; readonly repeats: number; readonly timeoutMs: number };
}

/** Runs the parts not skipped, in order (k), (h), (s). */
export async function commandLines(config: CommandLinesConfig, log: (...parts: unknown[]) => void): Promise<CommandLinesResult> {
  let commands: CommandsResult | null = null;
  let history: HistoryResult | null = null;
  let seatCommands: SeatCommandsResult | null = null;
  if (!config.commands.skip || !config.history.skip) {
    await freshSchema(config.url, config.schema);
    // Two connections, as the filtering bench's pool: calls are sequential, one side at a time.
    const db = openCommandDb(config.url, config.schema, 2);
    try {
      const world = benchPolity(db.store, ePresence);
      const adminId = await platformAdmin(world, 'admin@bench.gov');
      if (!config.commands.skip) commands = await measureCommands(db, world, adminId, config.commands.runs, config.commands.warmup, log);
      if (!config.history.skip) history = await measureHistory(db, world, adminId, config.history.sizes, config.history.runs, config.history.warmup, log);
    } finally {
      await db.close();
      if (!config.keepSchema) await dropSchema(config.url, config.schema);
    }
  }
  if (!config.seatCommands.skip) {
    const schema = `${config.schema}_s`;
    const s = config.seatCommands;
    await freshSchema(config.url, schema);
    const db = openCommandDb(config.url, schema, s.connections);
    try {
      seatCommands = await measureSeatCommands(db, s.claims, s.seats, s.connections, s.repeats, s.timeoutMs, log);
    } finally {
      await db.close();
      if (!config.keepSchema) await dropSchema(config.url, schema);
    }
  }
  return { commands, history, seatCommands };
}
