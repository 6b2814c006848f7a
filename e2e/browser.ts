import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** A User-Agent of the WeCom app on iOS (docs/wecom-protocol.md A8): what the in-client flows key on. */
export const WECOM_MOBILE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)  Mobile/15E148 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh ColorScheme/Light wwmver/3.26.13.714';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

/** Debian's Chromium, headless; the extra flags keep it off the network this machine does not have. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...extraArgs,
    ],
  });
}

export function appUrl(path = ''): string {
  const base = process.env.E2E_APP_URL;
  if (!base) throw new Error('E2E_APP_URL is not set: run the browser tests through vitest.e2e.config.mts');
  return `${base}${path}`;
}

export function emulatorUrl(path = ''): string {
  const base = process.env.E2E_EMULATOR_URL;
  if (!base) throw new Error('E2E_EMULATOR_URL is not set: run the browser tests through vitest.e2e.config.mts');
  return `${base}${path}`;
}

/** A name for the dev app that is not localhost (WeCom's login panel refuses localhost): Chromium maps it to 127.0.0.1. */
export const PANEL_APP_HOSTNAME = 'wecom-panel.test';

export function panelAppUrl(path = ''): string {
  const url = new URL(appUrl());
  return `http://${PANEL_APP_HOSTNAME}:${url.port}${path}`;
}
