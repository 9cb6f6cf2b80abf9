// A real SMTP server on 127.0.0.1 for the tests, which can be stopped and started again on the same port.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly messageId: string | undefined;
  readonly to: readonly string[];
  readonly raw: string;
}

export interface SmtpPeer {
  readonly port: number;
  readonly received: ReceivedMail[];
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Deliveries per Message-ID. */
  countsByMessageId(): Map<string, number>;
}

function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded)?.[1]?.trim();
}

/** Starts an SMTP server on a free port of 127.0.0.1. */
export async function smtpPeer(): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  let server: SMTPServer | null = null;
  let port = 0;
  const start = async (): Promise<void> => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          received.push({ messageId: header(raw, 'Message-ID'), to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => resolve());
    });
    port = (listening.server.address() as AddressInfo).port;
  };
  await start();
  return {
    get port() {
      return port;
    },
    received,
    start,
    async stop() {
      const running = server;
      server = null;
      if (running !== null) await new Promise<void>((resolve) => running.close(() => resolve()));
    },
    countsByMessageId() {
      const counts = new Map<string, number>();
      for (const mail of received) counts.set(mail.messageId ?? '(none)', (counts.get(mail.messageId ?? '(none)') ?? 0) + 1);
      return counts;
    },
  };
}
