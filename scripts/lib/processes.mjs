import { spawn } from 'node:child_process';

/** Starts a command in its own process group, so the whole tree it spawns can be stopped at once. */
export function startGroup(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return child;
}

/** Stops a process group: SIGTERM, then SIGKILL after the grace period. */
export async function stopGroup(child, graceMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
  signalGroup('SIGKILL'); // grandchildren that ignored SIGTERM
}

/** Polls an HTTP URL until it answers 200 with the expected body, the process dies, or time runs out. */
export async function waitForHttp(url, { expect = undefined, timeoutMs = 180_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`the process stopped before ${url} answered`);
    }
    try {
      const response = await fetch(url);
      const body = await response.text();
      if (response.ok && (expect === undefined || body.trim() === expect)) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}

/** Copies a child's output to ours, minus lines that only say what is expected (e.g. NocoBase's 503s while it boots). */
export function forwardOutput(child, noise) {
  for (const [stream, target] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ]) {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) if (!noise.some((pattern) => pattern.test(line))) target.write(`${line}\n`);
    });
    stream.on('end', () => {
      if (pending && !noise.some((pattern) => pattern.test(pending))) target.write(pending);
    });
  }
}
