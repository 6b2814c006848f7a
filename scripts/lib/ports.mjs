import net from 'node:net';

/** Resolves when nothing listens on the port (on any interface); rejects with a clear message otherwise. */
export async function assertPortFree(port, what) {
  for (const host of ['0.0.0.0', '127.0.0.1']) {
    await new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', (error) => {
        if (error.code === 'EADDRINUSE') {
          reject(new Error(`Port ${port} (${what}) is already in use. Stop whatever uses it, or choose another port.`));
        } else {
          reject(error);
        }
      });
      server.listen(port, host, () => server.close(resolve));
    });
  }
}

/** A port nothing listens on right now, on 127.0.0.1 (the system picks it). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
