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
