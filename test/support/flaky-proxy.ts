import net from 'node:net';

/** How the proxy fails a connection: cut it (RST), hold it unanswered, or answer an HTTP status itself. */
export type Failure = 'reset' | 'hang' | { status: number };

/**
 * A TCP proxy in front of a real server that fails the way networks, servers and load balancers
 * do: `stop()` refuses connections (a stopped server), `failNext` fails the next connections.
 */
export class FlakyProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly failures: Failure[] = [];
  private port = 0;

  constructor(private readonly target: URL) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens (on the same port as before, after a `stop`); does nothing when listening. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Closes the port and every connection: connecting is refused until `start`. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  /** Forgets failures not yet used, so that one test's leftovers do not fail the next. */
  reset(): void {
    this.failures.length = 0;
  }

  failNext(failure: Failure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const failure = this.failures.shift();
    if (failure === 'reset') return void socket.resetAndDestroy();
    if (failure === 'hang') return void socket.resume();
    if (failure) {
      const body = `proxy says ${failure.status}`;
      socket.once('data', () =>
        socket.end(`HTTP/1.1 ${failure.status} Proxy\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`),
      );
      return;
    }
    const upstream = net.connect(Number(this.target.port), this.target.hostname);
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
  }
}
