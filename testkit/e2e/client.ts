// A real client reading through the names, configured as the node-redis recipe of docs/clients.md says:
// node-redis (npm `redis`) resolves the name at every (re)connect through the given resolver (the
// `socket.lookup` option, which node-redis hands to net.createConnection), checks which node
// answered (`ROLE` on the same connection, pipelined with the read) and applies the recipe's rule:
// a connection whose node reports `master` is closed and opened again, after a short pause, by
// name. Every read is kept with its time and the role of the node that served it.
// With TLS (a transit-encrypted group, docs/clients.md): at every (re)connect the name's CNAME is
// resolved and the client connects to its target, the ElastiCache endpoint, verifying the node's
// certificate against that host name (the certificate never names ours) and sending the AUTH token.
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { createClient } from 'redis';

/** Pause between reads on a healthy connection. */
const READ_INTERVAL_MS = 20;
/** Pause before reconnecting after the node said `master` or the connection failed. */
export const RECONNECT_PAUSE_MS = 100;

export interface Read {
  /** When the answer arrived (ms since epoch). */
  readonly at: number;
  readonly name: string;
  /** 'replica' or 'primary': what the node said (ROLE); 'error': the read failed. */
  readonly node: 'replica' | 'primary' | 'error';
  /** The address the name resolved to for this connection. */
  readonly address: string | undefined;
  /** When that lookup answered (ms since epoch): what the resolver knew then decided the node. */
  readonly resolvedAt: number | undefined;
  /** Which connection of this reader served it (1, 2, …). */
  readonly connection: number;
  readonly value?: string | null;
  readonly error?: string;
}

/** A `lookup` for net.connect that asks `resolver` (`127.0.0.1:<port>`), never the system's. */
export function resolverLookup(resolver: string): LookupFunction {
  const r = new dns.promises.Resolver({ timeout: 1_000, tries: 2 });
  r.setServers([resolver]);
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    r.resolve4(hostname).then(
      (addresses) => (options.all ? callback(null, addresses.map((address) => ({ address, family: 4 }))) : callback(null, addresses[0], 4)),
      (error: Error) => callback(error),
    );
  }) as LookupFunction;
}

/** What a client of a transit-encrypted group needs: the CA to trust (on AWS: the system's store, Amazon's public CA) and the AUTH token. */
export interface ClientTls {
  /** PEM of the CA that issued the nodes' certificates (the emulator's: emu.tlsCaFile). */
  readonly ca: string;
  readonly password?: string;
}

/**
 * The recipe's client options: resolve `host` through `resolver` at each connect, no automatic
 * reconnect (the loop reconnects by name itself). `maintNotifications: 'disabled'`: with RESP3
 * (node-redis 6's default) the Redis Enterprise maintenance handshake resolves the host with the
 * system resolver on its own, past `socket.lookup`; ElastiCache does not speak it. With `secure`:
 * TLS, verifying the certificate against `servername` (default `host`), and AUTH.
 */
export function recipeOptions(host: string, port: number, lookup: LookupFunction, secure?: ClientTls, servername = host) {
  const socket = { host, port, lookup, connectTimeout: 2_000, reconnectStrategy: false as const };
  if (!secure) return { socket, maintNotifications: 'disabled' as const };
  return { socket: { ...socket, tls: true as const, servername, ca: secure.ca }, password: secure.password, maintNotifications: 'disabled' as const };
}

/** The host name behind `name` (its CNAME's target) as `resolver` answers now: what a verifying client connects to. */
export async function endpointOf(name: string, resolver: string): Promise<string> {
  const r = new dns.promises.Resolver({ timeout: 1_000, tries: 2 });
  r.setServers([resolver]);
  const [target] = await r.resolveCname(name);
  if (!target) throw new Error(`${name} has no CNAME`);
  return target;
}

export interface NameReader {
  readonly name: string;
  readonly reads: readonly Read[];
  /** Connections opened (the first one included). */
  readonly connections: number;
  stop(): Promise<void>;
}

/** Reads `key` through `name` until stop(), reconnecting by the recipe's rule (with `secure`: the TLS recipe). */
export function readThrough(name: string, port: number, resolver: string, key: string, secure?: ClientTls): NameReader {
  const reads: Read[] = [];
  const lookup = resolverLookup(resolver);
  let address: string | undefined;
  let resolvedAt: number | undefined;
  let connections = 0;
  let stopped = false;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  // Which address each connection went to: the lookup node-redis's socket calls.
  const recordingLookup = ((host: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) =>
    lookup(host, options, (error: unknown, result: unknown, family?: unknown) => {
      address = Array.isArray(result) ? (result[0] as { address: string } | undefined)?.address : (result as string | undefined);
      // With TLS the CNAME lookup before it decided the node (and set resolvedAt).
      if (!secure) resolvedAt = Date.now();
      (callback as (...args: unknown[]) => void)(error, result, family);
    })) as LookupFunction;

  const loop = (async () => {
    while (!stopped) {
      connections++;
      [address, resolvedAt] = [undefined, undefined];
      let client: ReturnType<typeof createClient> | undefined;
      try {
        // The TLS recipe: connect to the endpoint the name points at now, verifying against it.
        const host = secure ? await endpointOf(name, resolver) : name;
        if (secure) resolvedAt = Date.now();
        client = createClient(recipeOptions(host, port, recordingLookup, secure));
        client.on('error', () => undefined); // each failure is recorded as a read below
        await client.connect();
        while (!stopped) {
          const [value, role] = await Promise.all([client.get(key), client.sendCommand(['ROLE']) as Promise<unknown[]>]);
          const primary = role[0] === 'master';
          reads.push({ at: Date.now(), name, node: primary ? 'primary' : 'replica', address, resolvedAt, connection: connections, value });
          if (primary) break; // the recipe: a master is not a replica any more, ask DNS again
          await sleep(READ_INTERVAL_MS);
        }
      } catch (error) {
        reads.push({ at: Date.now(), name, node: 'error', address, resolvedAt, connection: connections, error: (error as Error).message });
      }
      if (client?.isOpen) client.destroy();
      if (!stopped) await sleep(RECONNECT_PAUSE_MS);
    }
  })();

  return {
    name,
    reads,
    get connections() {
      return connections;
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
