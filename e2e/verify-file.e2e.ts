import { afterAll, describe, expect, it } from 'vitest';
import { appUrl } from './browser';
import { adminApi, DEMO_AUTHENTICATOR } from './wecom';

const NAME = 'WW_verify_E2eCheck42.txt';
const CONTENT = 'e2e-verify-content-0123';

interface Authenticator {
  id: number;
  options: { wecom: Record<string, unknown> } & Record<string, unknown>;
}

/**
 * The real NocoBase process (`nocobase start`, its gateway in front of the UI): the WeCom domain verification
 * file saved in the demo authenticator is served at the origin's root, and the UI takes the path back after.
 */
describe('WW_verify_*.txt through NocoBase’s gateway', () => {
  let original: Authenticator['options'] | undefined;
  let id: number | undefined;

  const demo = async () => (await adminApi<Authenticator[]>(`authenticators:list?filter=${encodeURIComponent(JSON.stringify({ name: DEMO_AUTHENTICATOR }))}`))[0];
  const save = (options: Authenticator['options']) => adminApi(`authenticators:update?filterByTk=${id}`, { method: 'POST', body: { enabled: true, options } });

  afterAll(async () => {
    if (id !== undefined && original) await save(original);
  });

  it('serves the file at the root while the authenticator has it, and not after', async () => {
    const authenticator = await demo();
    id = authenticator.id;
    original = authenticator.options;
    await save({ ...original, wecom: { ...original.wecom, verifyFileName: NAME, verifyFileContent: CONTENT } });
    const served = await fetch(appUrl(`/${NAME}`));
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await served.text()).toBe(CONTENT);

    await save(original);
    const after = await fetch(appUrl(`/${NAME}`));
    expect(await after.text()).not.toBe(CONTENT);
  });
});
