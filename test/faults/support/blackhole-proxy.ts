import { createServer, connect } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { ConnectionString } from 'mongodb-connection-string-url';

/**
 * A TCP proxy in front of the test server that can make one request go unanswered the way a
 * half-open connection does: the connection that sends a message containing a given string
 * (a command name, a collection name: BSON keeps them as plain bytes) stops forwarding in
 * both directions and is never closed, as when the peer vanished or a link drops its packets;
 * the other connections open then are reset, and later ones are forwarded as usual (the
 * network is back). The client's TCP stays healthy (this proxy answers at the TCP level), so
 * no keepalive notices: only a timeout of the client's own can.
 */
export interface BlackholeProxy {
  /** `url` (the test server's) with this proxy's address instead, and `options` as query options. */
  url(url: string, options?: Record<string, string>): string;
  /**
   * Every message containing `needle` from now on is swallowed on its connection, which then
   * hangs for good (a retry of the request meets the same fate).
   */
  swallowNext(needle: string | Buffer): void;
  /** Whether a message was swallowed, and how many connections there were. */
  readonly swallowed: () => boolean;
  close(): Promise<void>;
}

export async function startBlackholeProxy(target: string): Promise<BlackholeProxy> {
  const { hosts } = new ConnectionString(target);
  const [host, port] = (hosts[0] ?? '127.0.0.1:27017').split(':');
  const pairs = new Set<{ client: Socket; server: Socket; dead: boolean }>();
  let needle: Buffer | undefined;
  let swallowed = false;

  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), host);
    const pair = { client, server: upstream, dead: false };
    pairs.add(pair);
    client.on('data', (chunk: Buffer) => {
      if (pair.dead) return;
      if (needle && chunk.includes(needle)) {
        const first = !swallowed;
        swallowed = true;
        pair.dead = true;
        // The others open then are reset, as the issue saw it; this one just stops.
        for (const other of first ? pairs : []) {
          if (other === pair || other.dead) continue;
          other.client.destroy();
          other.server.destroy();
        }
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!pair.dead) client.write(chunk);
    });
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', () => (pair.dead ? undefined : end()));
    upstream.on('close', () => (pair.dead ? undefined : end()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;

  return {
    url(url, options = {}) {
      const parsed = new ConnectionString(url);
      parsed.hosts = [`127.0.0.1:${address.port}`];
      for (const [key, value] of Object.entries(options)) parsed.searchParams.set(key, value);
      return parsed.toString();
    },
    swallowNext(text) {
      needle = typeof text === 'string' ? Buffer.from(text) : text;
    },
    swallowed: () => swallowed,
    async close() {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
