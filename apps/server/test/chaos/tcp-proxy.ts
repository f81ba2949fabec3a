import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** The loopback port the proxy listens on. */
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** An outage: every open connection is destroyed and new ones are refused (nothing listens) until `restore`. */
  drop(): Promise<void>;
  /** Ends the outage: listens again on the same port. */
  restore(): Promise<void>;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy on a loopback port in front of `target` (e.g. the shared PostgreSQL), to simulate a
 * database outage without touching the database: `drop()` resets every connection through it and
 * refuses new ones (ECONNREFUSED), `restore()` lets connections through again.
 *
 * @example
 * const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
 * const url = proxy.via('postgres://postgres@127.0.0.1:5432/test');
 * await proxy.drop(); … await proxy.restore();
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  const onConnection = (client: Socket) => {
    accepted++;
    const upstream = connect(target.port, target.host);
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer(onConnection);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  let server: Server | null = await listen(0);
  const port = (server.address() as { port: number }).port;
  const closeServer = async () => {
    const s = server;
    server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return {
    port,
    get accepted() {
      return accepted;
    },
    via(url) {
      const parsed = new URL(url);
      parsed.hostname = '127.0.0.1';
      parsed.port = String(port);
      return parsed.toString();
    },
    async drop() {
      const closing = closeServer();
      destroyAll();
      await closing;
    },
    async restore() {
      if (!server) server = await listen(port);
    },
    async close() {
      const closing = closeServer();
      destroyAll();
      await closing;
    },
  };
}
