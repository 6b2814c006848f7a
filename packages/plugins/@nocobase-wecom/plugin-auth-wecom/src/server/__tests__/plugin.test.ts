import { createMockServer, MockServer } from '@nocobase/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PluginAuthWeComServer from '..';

describe('plugin registration', () => {
  let app: MockServer;

  beforeAll(async () => {
    app = await createMockServer({
      plugins: ['field-sort', 'users', 'auth', 'acl', 'data-source-manager', 'system-settings', PluginAuthWeComServer],
    });
  });

  afterAll(async () => {
    await app?.destroy();
  });

  it('registers the WeCom authenticator type', async () => {
    const types = app.authManager.listTypes().map((type) => type.name);
    expect(types).toContain('WeCom');
  });
});
