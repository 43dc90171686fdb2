// A line-oriented bridge from JUnit to headless Chromium (Debian's /usr/bin/chromium) through playwright-core.
// stdin: one JSON command per line {id, op, ...}; stdout: one JSON reply per line {id, ok, value | error}.
// Every operation has its own timeout, so a test never hangs on a browser that does not answer.
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const TIMEOUT = Number(process.env.SILAS_BROWSER_TIMEOUT_MS || 20000);
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

const browser = await chromium.launch({ executablePath: process.env.SILAS_CHROMIUM || '/usr/bin/chromium', args: ARGS });
const contexts = new Map(); // profile name -> BrowserContext (separate storage: separate IndexedDB, separate keys)
const pages = new Map();    // page name -> { page, sent: [frames], received: [frames] }

async function context(profile) {
  if (!contexts.has(profile)) contexts.set(profile, await browser.newContext({ viewport: { width: 420, height: 900 } }));
  return contexts.get(profile);
}

function entry(name) {
  const found = pages.get(name);
  if (!found) throw new Error(`no page ${name}`);
  return found;
}

const ops = {
  async open({ page, profile, url }) {
    const p = await (await context(profile)).newPage();
    const record = { page: p, sent: [], received: [], console: [] };
    p.on('websocket', (ws) => {
      ws.on('framesent', (f) => record.sent.push(f.payload));
      ws.on('framereceived', (f) => record.received.push(f.payload));
    });
    p.on('console', (m) => record.console.push(m.text()));
    p.on('pageerror', (e) => record.console.push(`pageerror: ${e.message}`));
    pages.set(page, record);
    await p.goto(url, { timeout: TIMEOUT });
    return p.url();
  },
  async fill({ page, selector, text }) { await entry(page).page.fill(selector, text, { timeout: TIMEOUT }); },
  async press({ page, selector, key }) { await entry(page).page.press(selector, key, { timeout: TIMEOUT }); },
  async click({ page, selector }) { await entry(page).page.click(selector, { timeout: TIMEOUT }); },
  async waitFor({ page, selector }) {
    await entry(page).page.waitForSelector(selector, { timeout: TIMEOUT, state: 'attached' });
  },
  async waitText({ page, selector, text }) {
    await entry(page).page.waitForFunction(([s, t]) => [...document.querySelectorAll(s)]
      .some((n) => n.textContent.includes(t)), [selector, text], { timeout: TIMEOUT });
  },
  async texts({ page, selector }) { return entry(page).page.$$eval(selector, (ns) => ns.map((n) => n.textContent)); },
  async attr({ page, selector, name }) { return entry(page).page.getAttribute(selector, name, { timeout: TIMEOUT }); },
  async content({ page }) { return entry(page).page.content(); },
  async value({ page, selector }) { return entry(page).page.inputValue(selector, { timeout: TIMEOUT }); },
  async storage({ page }) {
    return entry(page).page.evaluate(() => JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage } }));
  },
  async sent({ page }) { return entry(page).sent; },
  async received({ page }) { return entry(page).received; },
  async console({ page }) { return entry(page).console; },
  // Runs an async function body in the page with `arg` bound; returns its JSON-able result.
  async evaluate({ page, body, arg }) {
    return entry(page).page.evaluate(`(async (arg) => { ${body} })(${JSON.stringify(arg ?? null)})`);
  },
  async screenshot({ page, path }) { await entry(page).page.screenshot({ path, fullPage: true }); },
  async close({ page }) { await entry(page).page.close(); pages.delete(page); },
};

const rl = readline.createInterface({ input: process.stdin });
process.stdout.write(`${JSON.stringify({ id: 0, ok: true, value: browser.version() })}\n`);
for await (const lineText of rl) {
  if (!lineText.trim()) continue;
  const command = JSON.parse(lineText);
  let reply;
  try {
    const value = await ops[command.op](command);
    reply = { id: command.id, ok: true, value: value ?? null };
  } catch (e) {
    reply = { id: command.id, ok: false, error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}
await browser.close();
