import net from 'node:net';

/**
 * Whether something accepts TCP connections on 127.0.0.1:`port` within a second.
 * Used by `npm test` and the cluster suites to tell whether PostgreSQL and Redis are here.
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function reachable(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
