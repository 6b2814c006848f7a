import path from 'node:path';

// NocoBase reads its configuration from the environment; tests run on in-memory SQLite unless told otherwise.
const root = path.resolve(__dirname, '..');
const defaults: Record<string, string> = {
  APP_ENV: 'test',
  APP_KEY: 'test-key-for-vitest-only',
  DB_DIALECT: 'sqlite',
  DB_STORAGE: ':memory:',
  DB_LOGGING: 'off',
  LOGGER_LEVEL: 'error',
  NODE_MODULES_PATH: path.join(root, 'node_modules'),
  INIT_ROOT_EMAIL: 'admin@nocobase.com',
  INIT_ROOT_PASSWORD: 'admin123',
  INIT_ROOT_USERNAME: 'nocobase',
};
for (const [key, value] of Object.entries(defaults)) {
  process.env[key] ??= value;
}
