import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { type PlaygroundOptions, startPlayground } from '../src/server.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots go here (gitignored). */
export const SHOTS = new URL('../test-results/', import.meta.url).pathname;

export type Playground = Awaited<ReturnType<typeof startPlayground>>;

export interface Tab {
  page: Page;
  /** Errors the page threw or printed (failed loads included). */
  problems: string[];
}

/** A playground server, a headless Chromium, and what the server logged. */
export async function launch(options: PlaygroundOptions = {}) {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: apt-get install chromium (.ci/run does)`);
  mkdirSync(SHOTS, { recursive: true });
  const logged: string[] = [];
  const playground = await startPlayground({ ...options, log: (line) => logged.push(line) });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // tests drive two tabs at once: a tab in the background must not be throttled
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  return {
    playground,
    logged,
    /** A new browser profile (its own cookies) with one tab on the playground, ready. */
    open: async (width = 1280, height = 1000): Promise<Tab> => {
      const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
      return tab(context, playground.url);
    },
    close: async () => {
      await browser.close();
      await playground.close();
    },
  };
}

/** A tab on `url` in `context` (tabs of one context share cookies, not sessionStorage). */
export async function tab(context: BrowserContext, url: string): Promise<Tab> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.goto(url);
  await ready(page);
  return { page, problems };
}

export async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
}

/** expect.poll with room for the page's refresh. */
export const poll = <T>(fn: () => Promise<T> | T): ReturnType<typeof expect.poll<T>> =>
  expect.poll(fn, { timeout: 10_000, interval: 100 });

/** Warp with the custom form, submitted with Enter. */
export async function warp(page: Page, amount: number, unit: 'minutes' | 'hours' | 'days' | 'years') {
  const before = await page.locator('#timeline .warp').count();
  await page.fill('#warp-amount', String(amount));
  await page.selectOption('#warp-unit', { label: unit });
  await page.press('#warp-amount', 'Enter');
  await poll(() => page.locator('#timeline .warp').count()).toBe(before + 1);
}

export interface ExportedEvent {
  id: number;
  lane: string;
  type: string;
  at: number;
  from?: number;
  token?: string;
  expiresAt?: number | null;
  reason?: string;
  detail?: string;
}

/** The timeline as the Export JSON button downloads it. */
export async function exported(page: Page): Promise<ExportedEvent[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#timeline-export')]);
  return JSON.parse(await readFile(await download.path(), 'utf8')).events;
}

/** The tab's id, to look at its playground from the server side. */
export const sessionOf = (page: Page) => page.evaluate(() => sessionStorage.getItem('playground-session')!);

export const text = (page: Page, selector: string) => page.locator(selector).textContent();
