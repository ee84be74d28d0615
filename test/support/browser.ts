/**
 * Launches Debian's chromium through playwright-core for the browser tests. The flags keep it off
 * the network it would otherwise try to reach (component updates, sync, QUIC probes), and the XDG
 * folders point at a temp dir because chromium writes crash-report folders under $HOME even with
 * a fresh profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export async function launchChromium(options: Omit<LaunchOptions, 'executablePath' | 'args'> = {}): Promise<Browser> {
  const home = mkdtempSync(join(tmpdir(), 'hamgam-chromium-'));
  const browser = await chromium.launch({
    headless: true,
    ...options,
    executablePath: chromiumPath(),
    args: [...CHROMIUM_ARGS],
    env: {
      ...process.env,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      ...(options.env ?? {}),
    },
  });
  browser.on('disconnected', () => rmSync(home, { recursive: true, force: true }));
  return browser;
}
