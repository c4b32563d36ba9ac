// A loopback TCP proxy in front of a unix socket or a TCP address, for cutting the path to a Docker
// Engine (or an sshd) mid-deploy without stopping the engine other tests share: `cut()` destroys
// every open connection and refuses new ones, `restore()` listens again on the same port.
import { connect, createServer, type Server, type Socket } from "node:net";

export interface SocketProxy {
  /** The port on 127.0.0.1 the proxy listens on. */
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function socketProxy(
  to: { path: string } | { host: string; port: number },
): Promise<SocketProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    // half-open: `docker exec -i` closes its write side (stdin EOF) and still reads the answer
    server = createServer({ allowHalfOpen: true }, (client) => {
      accepted++;
      const upstream = connect({ ...to, allowHalfOpen: true });
      open.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        open.delete(client);
        open.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server?.once("error", reject);
      server?.listen(port, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address && typeof address !== "string") port = address.port;
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    for (const socket of open) socket.destroy();
    open.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    get port() {
      return port;
    },
    connections: () => accepted,
    cut: stop,
    restore: listen,
    close: stop,
  };
}
