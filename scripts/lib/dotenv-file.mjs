import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';

/** Creates .env from .env.example on the first start, with a fresh APP_KEY, then loads it (the shell wins). */
export function loadDotEnv(root) {
  const envFile = path.join(root, '.env');
  let created = false;
  if (!fs.existsSync(envFile)) {
    const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
    const appKey = crypto.randomBytes(24).toString('hex');
    fs.writeFileSync(envFile, example.replace(/^APP_KEY=.*$/m, `APP_KEY=${appKey}`));
    created = true;
  }
  dotenv.config({ path: envFile });
  return { envFile, created };
}
