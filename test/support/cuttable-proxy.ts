import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback between the app and PostgreSQL that a test can cut and restore: cut,
 * new connections are refused and open ones are reset mid-conversation, which is what a stopped
 * (or crashed) PostgreSQL server looks like to the app, without stopping the machine's server.
 */
export class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  /** Proxies `url`'s server: answers the same URL pointed at the proxy. */
  static async for(url: string): Promise<{ proxy: CuttableProxy; url: string }> {
    const u = new URL(url);
    const proxy = new CuttableProxy(u.hostname, Number(u.port || 5432));
    await proxy.start();
    u.hostname = '127.0.0.1';
    u.port = String(proxy.port);
    return { proxy, url: u.toString() };
  }

  /** Listens (again, on the same port after a cut). */
  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      // One side gone, the other goes too, as on a direct connection: pipe() ends the peer on a clean end only, so an
      // app's socket reset mid-transaction (an instance dying) left its PostgreSQL session open, holding its locks.
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => server.listen(this.port, '127.0.0.1', r));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** New connections are refused; open ones are reset. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}
