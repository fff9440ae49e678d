/**
 * Real-browser tests of the web UI: Debian's Chromium driven by playwright-core against a real
 * Strongroom server (temp data dir, random port). Steps run in order and share one signed-in
 * page; each saves a screenshot under test-artifacts/.
 *
 * Needs `npx vite build` first (the server serves web/dist).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

// Callbacks given to page.evaluate / waitForFunction run in the browser, where these exist.
// Declared here (module scope) rather than adding the DOM lib to the whole server program.
declare const document: any, navigator: any, localStorage: any, sessionStorage: any, location: any, Element: any;

interface RunningServer {
  url: string;
  stop(): Promise<void>;
  dataDir: string;
}
type StartServer = (opts?: Record<string, unknown>) => Promise<RunningServer>;

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const USER = 'ada';
const PASSWORD = 'correct-horse-battery';
const ORG = 'acme';
/** Secret values that must never show up in the DOM or in web storage. */
const CANARY = `canary-${Math.random().toString(36).slice(2)}-value`;
const CANARY2 = `canary2-${Math.random().toString(36).slice(2)}-value`;
const CANARY3 = `canary3-${Math.random().toString(36).slice(2)}-value`;

/** The server serves web/dist; testing an old build would test old code. */
function assertFreshBuild(): void {
  const index = join(process.cwd(), 'web', 'dist', 'index.html');
  assert.ok(existsSync(index), 'web/dist is missing: run `npx vite build` first');
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true })
    .reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
  const source = Math.max(newest(join(process.cwd(), 'web', 'src')), statSync(join(process.cwd(), 'web', 'index.html')).mtimeMs);
  assert.ok(statSync(index).mtimeMs >= source, 'web/dist is older than web/src: run `npx vite build` first');
}

async function loadStartServer(): Promise<StartServer> {
  // STRONGROOM_E2E_SERVER_MODULE lets a developer point at another starter with the same signature.
  const path = process.env.STRONGROOM_E2E_SERVER_MODULE ?? '../helpers/server.ts';
  const mod = (await import(path)) as { startServer: StartServer };
  return mod.startServer;
}

test('web UI end to end', { timeout: 120_000 }, async (t) => {
  assertFreshBuild();
  mkdirSync(ARTIFACTS, { recursive: true });
  const startServer = await loadStartServer();
  const server = await startServer();
  const profile = mkdtempSync(join(tmpdir(), 'strongroom-pw-'));
  let ctx: BrowserContext | undefined;
  const pageErrors: string[] = [];
  const cspViolations: string[] = [];
  try {
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 860 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    page.setDefaultTimeout(8000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // Record where a CSP violation comes from (the console text alone does not say).
    await ctx.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e: any) => {
        const el = e.target instanceof Element ? e.target.outerHTML.slice(0, 160) : String(e.target);
        console.error(`CSP violation ${e.violatedDirective} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} on ${el}`);
      });
    });
    page.on('console', (msg) => {
      const text = msg.text();
      if (/Content Security Policy|Refused to (apply|load|execute|connect)|CSP violation/i.test(text)) cspViolations.push(text);
    });
    const base = server.url;
    const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `ui-${name}.png`), fullPage: true });
    const toast = (text: string | RegExp) => page.locator('.toasts').getByRole('status').filter({ hasText: text }).first();
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    const secretRows = () => page.getByRole('table', { name: 'Secrets' }).locator('tbody tr');
    const rowKeys = async () => secretRows().locator('th code').allTextContents();
    let orgID = '';

    /** The editor's text, and a way to replace it (insertText avoids auto-closing brackets). */
    const editorText = (scope: Page | Locator = page) =>
      scope.locator('.cm-content').first().locator('.cm-line').allTextContents().then((lines) => lines.join('\n'));
    async function setEditor(text: string) {
      await page.locator('.cm-content').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(text);
    }
    async function assertNoCanary(...values: string[]) {
      const html = await page.content();
      const storage = await page.evaluate(() => JSON.stringify({ l: { ...localStorage }, s: { ...sessionStorage }, u: location.href }));
      for (const v of values) {
        assert.ok(!html.includes(v), 'secret value must not remain in the DOM');
        assert.ok(!storage.includes(v), 'secret value must not be in web storage or the URL');
      }
      // Inputs' live values are not in the serialized HTML; check them too.
      const inputs = await page.evaluate(() =>
        [...document.querySelectorAll('input, textarea')].map((i: { value: string }) => i.value).join('\n'));
      for (const v of values) assert.ok(!inputs.includes(v), 'secret value must not remain in an input');
    }

    await t.test('first run: / leads to setup, which signs in and opens the org', async () => {
      await page.goto(base);
      await page.waitForURL(/\/onboarding$/);
      await page.getByLabel('Username').fill(USER);
      await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Confirm password').fill(PASSWORD);
      await page.getByLabel('Organization name').fill(ORG);
      await shot('onboarding');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(/\/orgs\/[^/]+\/settings\/secrets$/);
      orgID = /\/orgs\/([^/]+)\//.exec(page.url())![1]!;
      await page.getByText('No secrets yet').waitFor();
      await shot('secrets-empty');
    });

    await t.test('sign out, failed sign-in, sign in; / goes to the current org', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/signin/);
      // Signed out, `/` and any org page lead to sign-in (which then returns to the page asked for).
      await page.goto(`${base}/`);
      await page.waitForURL(/\/signin$/);
      await page.goto(`${base}/orgs/${orgID}/audit?key=DB_PASSWORD`);
      await page.waitForURL(/\/signin\?returnTo=/);
      await page.getByLabel('Username').fill(USER);
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: /wrong username or password|unauthorized/i }).waitFor();
      await page.getByLabel('Password').fill(PASSWORD);
      await shot('signin');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(new RegExp(`/orgs/${orgID}/audit\\?key=DB_PASSWORD$`));
      await page.goto(`${base}/`);
      await page.waitForURL(new RegExp(`/orgs/${orgID}/settings/secrets$`));
      await page.goto(`${base}/me/secrets`);
      await page.waitForURL(new RegExp(`/orgs/${orgID}/settings/secrets$`));
      const stored = await page.evaluate(() => ({ ...localStorage }));
      assert.deepEqual(Object.values(stored), [orgID], 'only the current org id is kept in localStorage');
    });

    await t.test('Add Secret dialog: focus, Escape, live key rules, masked value, value dropped', async () => {
      const opener = page.getByRole('button', { name: 'Add Secret', exact: true }).first();
      await opener.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Add Secret' });
      await dialog.waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), await dialog.getByLabel('Key', { exact: true }).getAttribute('id'),
        'focus moves to the Key field');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), '+ Add Secret', 'focus returns to the opener');

      await opener.click();
      const key = dialog.getByLabel('Key', { exact: true });
      const value = dialog.getByLabel('Value', { exact: true });
      const submit = dialog.getByRole('button', { name: 'Add Secret' });
      await key.fill('db/password');
      await dialog.getByText('must not contain "/"').waitFor();
      assert.equal(await key.getAttribute('aria-invalid'), 'true');
      assert.equal(await value.getAttribute('type'), 'password', 'value input is masked by default');
      await key.fill('DB_PASSWORD');
      await value.fill(CANARY);
      assert.ok(await submit.isEnabled());
      await dialog.getByRole('button', { name: 'Show value' }).click();
      assert.equal(await value.getAttribute('type'), 'text', 'reveal toggle shows the value');
      await dialog.getByRole('button', { name: 'Hide value' }).click();
      assert.equal(await value.getAttribute('type'), 'password');
      // Multi-line values use a textarea that stays masked until revealed.
      await dialog.getByLabel('Multi-line value').check();
      assert.equal(await value.evaluate((el: { tagName: string }) => el.tagName), 'TEXTAREA');
      assert.equal(await value.inputValue(), CANARY, 'switching to multi-line keeps the value');
      assert.equal(await value.evaluate((el: unknown) => (globalThis as any).getComputedStyle(el).webkitTextSecurity), 'disc');
      await dialog.getByLabel('Multi-line value').uncheck();
      await shot('add-secret-dialog');
      await submit.click();
      await toast('Secret “DB_PASSWORD” added').waitFor();
      await dialog.waitFor({ state: 'detached' });
      await secretRows().filter({ hasText: 'DB_PASSWORD' }).waitFor();
      await assertNoCanary(CANARY);
    });

    await t.test('server rejections are shown with the server message', async () => {
      // More keys for filter and sort, added through the real API from the signed-in page.
      const status = await page.evaluate(async ({ orgID, values }) => {
        const res = await fetch(`/api/v2/orgs/${orgID}/secrets`, {
          method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(values),
        });
        return res.status;
      }, { orgID, values: { api_token: 'x-not-a-canary-1', zeta_key: 'x-not-a-canary-2' } });
      assert.equal(status, 204);
      await page.reload();
      await secretRows().nth(2).waitFor();
      await page.getByRole('button', { name: 'Add Secret', exact: true }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Add Secret' });
      await dialog.getByLabel('Key', { exact: true }).fill('api_token');
      await dialog.getByText('already exists').waitFor();
      // A value over the server's size limit is refused by the server; its message is shown.
      await dialog.getByLabel('Key', { exact: true }).fill('TOO_BIG');
      await dialog.getByLabel('Value', { exact: true }).fill('x'.repeat(64 * 1024 + 1));
      await dialog.getByRole('button', { name: 'Add Secret' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'larger than 65536 bytes' }).waitFor();
      await page.locator('.toasts').getByRole('alert').filter({ hasText: 'larger than 65536 bytes' }).waitFor();
      await shot('add-secret-server-error');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
    });

    await t.test('filter (case-insensitive) and sort with empty states', async () => {
      assert.deepEqual(await rowKeys(), ['api_token', 'DB_PASSWORD', 'zeta_key']);
      const filter = page.getByLabel('Filter secrets');
      await filter.fill('db_');
      await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length === 1);
      assert.deepEqual(await rowKeys(), ['DB_PASSWORD']);
      await filter.fill('no-such-key');
      await page.getByText('No secrets match “no-such-key”').waitFor();
      await shot('secrets-no-match');
      await filter.fill('');
      const sort = page.getByLabel('Sort by');
      await sort.selectOption({ label: 'Name (Z → A)' });
      assert.deepEqual(await rowKeys(), ['zeta_key', 'DB_PASSWORD', 'api_token']);
      await sort.selectOption({ label: 'Recently updated' });
      assert.equal((await rowKeys()).at(-1), 'DB_PASSWORD');
      await sort.selectOption({ label: 'Name (A → Z)' });
      const row = secretRows().filter({ hasText: 'DB_PASSWORD' });
      assert.match(await row.innerText(), new RegExp(USER), 'row shows who updated it');
      await shot('secrets-list');
    });

    await t.test('copy snippet and copy key', async () => {
      await page.getByRole('button', { name: 'Copy snippet for DB_PASSWORD' }).click();
      await toast('Copied').waitFor();
      assert.equal(await clipboard(), 'secrets.get(key: "DB_PASSWORD")');
      await page.getByRole('button', { name: 'Copy key DB_PASSWORD' }).click();
      await page.waitForFunction(() => navigator.clipboard.readText().then((t: string) => t === 'DB_PASSWORD'));
    });

    await t.test('odd keys (spaces, quotes, ?#%) round-trip through URLs and snippets', async () => {
      const odd = 'odd key?#%"x';
      await page.getByRole('button', { name: 'Add Secret', exact: true }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Add Secret' });
      await dialog.getByLabel('Key', { exact: true }).fill(odd);
      await dialog.getByLabel('Value', { exact: true }).fill('x-not-a-canary-3');
      await dialog.getByRole('button', { name: 'Add Secret' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: `Copy snippet for ${odd}` }).click();
      await page.waitForFunction(
        (want: string) => navigator.clipboard.readText().then((t: string) => t === want),
        'secrets.get(key: "odd key?#%\\"x")',
      );
      await page.getByRole('button', { name: `History of ${odd}` }).click();
      const history = page.getByRole('dialog', { name: `History of ${odd}` });
      await history.locator('tbody tr').first().waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: `Delete ${odd}` }).click();
      await page.getByRole('dialog', { name: `Delete secret ${odd}?` }).getByRole('button', { name: 'Delete secret' }).click();
      await toast(`Secret “${odd}” deleted.`).waitFor();
      await secretRows().filter({ hasText: odd }).waitFor({ state: 'detached' });
    });

    await t.test('replace value keeps the key fixed and drops the new value', async () => {
      await page.getByRole('button', { name: 'Replace value of DB_PASSWORD' }).click();
      const dialog = page.getByRole('dialog', { name: 'Replace value of DB_PASSWORD' });
      await dialog.getByText('No task or script uses this key yet.').waitFor();
      assert.equal(await dialog.getByRole('textbox', { name: 'Key' }).count(), 0, 'the key is not editable');
      const value = dialog.getByLabel('New value', { exact: true });
      assert.equal(await value.getAttribute('type'), 'password');
      await value.fill(CANARY2);
      await shot('replace-dialog');
      await dialog.getByRole('button', { name: 'Replace value' }).click();
      await toast('Value of “DB_PASSWORD” replaced').waitFor();
      await dialog.waitFor({ state: 'detached' });
      await assertNoCanary(CANARY, CANARY2);
    });

    await t.test('history lists versions with author and restores one', async () => {
      await page.getByRole('button', { name: 'History of DB_PASSWORD' }).click();
      const dialog = page.getByRole('dialog', { name: 'History of DB_PASSWORD' });
      await dialog.getByRole('button', { name: 'Restore version 1' }).waitFor();
      const rows = dialog.locator('tbody tr');
      assert.equal(await rows.count(), 2);
      assert.match(await rows.first().innerText(), /current/);
      assert.match(await dialog.innerText(), new RegExp(USER));
      await shot('history-dialog');
      await dialog.getByRole('button', { name: 'Restore version 1' }).click();
      await toast('Restored version 1 of “DB_PASSWORD”').waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await assertNoCanary(CANARY, CANARY2);
    });

    /** Names an endpoint a step needs that the server does not route, so the step fails saying so. */
    async function missing(method: string, path: string, body?: unknown): Promise<string | null> {
      const res = await page.evaluate(async ({ method, path, body }) => {
        const r = await fetch(path, {
          method, headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: r.status, text: await r.text() };
      }, { method, path, body });
      return res.status === 404 && /404 page not found/.test(res.text) ? `server has no ${method} ${path.split('?')[0]} yet` : null;
    }
    const open = async (path: string) => {
      await page.goto(`${base}/orgs/${orgID}/${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
    };

    await t.test('script editor: completion of secret keys and the side panel', async () => {
      await open('settings/secrets');
      await nav('Script editor');
      await page.waitForURL(/\/data-explorer$/);
      await page.getByRole('complementary', { name: 'Secrets' }).getByRole('button', { name: 'Insert zeta_key' }).waitFor();
      await setEditor('import "array"\n\narray.from(rows: [{a: 1}])\n');
      // Flux highlighting (classes from the tokenizer, styled inside the editor's shadow root).
      await page.locator('.cm-content .tok-keyword', { hasText: 'import' }).first().waitFor();
      await page.locator('.cm-content .tok-string', { hasText: '"array"' }).first().waitFor();
      await page.keyboard.type('x = secrets.get(key: "');
      const list = page.locator('.cm-tooltip-autocomplete');
      await list.waitFor();
      const options = await list.locator('li').allInnerTexts();
      for (const k of ['api_token', 'DB_PASSWORD', 'zeta_key']) {
        assert.ok(options.some((o) => o.includes(k)), `completion offers ${k} (got ${options.join(' | ')})`);
      }
      await page.keyboard.type('zet');
      await shot('editor-completion');
      await page.keyboard.press('Enter');
      let text = await editorText();
      assert.match(text, /x = secrets\.get\(key: "zeta_key"\)/);
      assert.match(text, /^import "array"\nimport "influxdata\/influxdb\/secrets"/, 'the secrets import is added');

      await page.getByRole('button', { name: 'Insert api_token' }).click();
      text = await editorText();
      assert.match(text, /secrets\.get\(key: "api_token"\)/);
      assert.equal(text.match(/influxdata\/influxdb\/secrets/g)?.length, 1, 'the import is not added twice');
    });

    await t.test('secrets side panel adds a secret without leaving the editor', async () => {
      await open('data-explorer');
      const panel = page.getByRole('complementary', { name: 'Secrets' });
      await panel.getByRole('button', { name: 'Insert zeta_key' }).waitFor();
      await panel.getByRole('button', { name: 'Add Secret' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add Secret' });
      await dialog.getByLabel('Key', { exact: true }).fill('SMTP_PASSWORD');
      await dialog.getByLabel('Value', { exact: true }).fill(CANARY3);
      await dialog.getByRole('button', { name: 'Add Secret' }).click();
      await dialog.waitFor({ state: 'detached' });
      await panel.getByRole('button', { name: 'Insert SMTP_PASSWORD' }).waitFor();
      assert.match(page.url(), /\/data-explorer$/);
      await assertNoCanary(CANARY3);
    });

    await t.test('script editor: diagnostics, run with result tables, error position', async () => {
      const gap = (await missing('POST', '/api/v2/query/analyze', { query: '' }))
        ?? (await missing('POST', `/api/v2/query?orgID=${orgID}`, { query: '', type: 'flux' }));
      assert.equal(gap, null, gap ?? '');
      await open('data-explorer');
      // Two results, the first grouped into two tables: annotated CSV with several blocks.
      await setEditor([
        'import "array"',
        '',
        'array.from(rows: [{g: "a", v: 1}, {g: "b", v: 42}]) |> group(columns: ["g"]) |> yield(name: "first")',
        'array.from(rows: [{msg: "hello, world"}]) |> yield(name: "second")',
      ].join('\n'));
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const results = page.getByRole('region', { name: 'Results' });
      await results.getByText('2 results, 3 tables').waitFor();
      const first = results.getByRole('region', { name: 'Result first' });
      assert.equal(await first.locator('table').count(), 2);
      assert.match(await first.locator('table').nth(1).innerText(), /b\s+42/);
      assert.match(await first.locator('caption').first().innerText(), /group key: g/);
      assert.match(await results.getByRole('region', { name: 'Result second' }).innerText(), /hello, world/);
      await shot('editor-results');

      // Diagnostics from /api/v2/query/analyze appear as the user types.
      await setEditor('import "array"\n\narray.from(rows: [{a: 1}]\n');
      await page.locator('.cm-lint-marker-error').first().waitFor();
      await shot('editor-diagnostic');
      // Keys that do not exist in the org are flagged before the script runs.
      await setEditor('import "influxdata/influxdb/secrets"\n\nx = secrets.get(key: "NO_SUCH_KEY")\n');
      await page.locator('.cm-lintRange-warning').first().waitFor();
      await page.locator('.cm-lintRange-error').waitFor({ state: 'detached' });

      await setEditor('import "array"\n\nbogus_identifier\n');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const error = results.getByRole('alert');
      await error.waitFor();
      assert.match(await error.innerText(), /bogus_identifier/);
      await page.locator('.cm-lintRange-error').first().waitFor();
      await error.getByRole('button', { name: 'Go to line 3, column 1' }).click();
      await shot('editor-error');
    });

    await t.test('script editor: save as script, open it again', async () => {
      const gap = await missing('GET', `/api/v2/scripts?orgID=${orgID}`);
      assert.equal(gap, null, gap ?? '');
      await open('data-explorer');
      await setEditor('import "array"\n\narray.from(rows: [{name: "saved", value: 1}])\n');
      await page.getByRole('button', { name: 'Save as script' }).click();
      const dialog = page.getByRole('dialog', { name: 'Save as script' });
      await dialog.getByLabel('Script name').fill('my-script');
      await dialog.getByRole('button', { name: 'Save script' }).click();
      await toast('Script “my-script” saved.').waitFor();
      await setEditor('// scratch\n');
      await page.getByLabel('Open saved script').selectOption({ label: 'my-script' });
      await page.locator('.cm-line', { hasText: '"saved"' }).waitFor();
    });

    let tasksAvailable = false;
    await t.test('tasks: create in the editor, deactivate/activate, run now, runs and logs', async () => {
      const gap = await missing('GET', `/api/v2/tasks?orgID=${orgID}`);
      assert.equal(gap, null, gap ?? '');
      tasksAvailable = true;
      await open('settings/secrets');
      await nav('Tasks');
      await page.getByText('No tasks yet').waitFor();
      await page.getByRole('link', { name: 'Create Task' }).first().click();
      await page.waitForURL(/\/tasks\/new$/);
      await setEditor([
        'import "array"',
        'import "influxdata/influxdb/secrets"',
        '',
        'option task = {name: "nightly-sync", every: 1h}',
        '',
        'pw = secrets.get(key: "DB_PASSWORD")',
        'array.from(rows: [{ok: pw != ""}])',
      ].join('\n'));
      await page.getByLabel('Description').fill('copies rows every night');
      await shot('task-new');
      await page.getByRole('button', { name: 'Create task' }).click();
      await page.waitForURL(/\/tasks$/);
      const row = page.getByRole('table', { name: 'Tasks' }).locator('tr', { hasText: 'nightly-sync' });
      await row.waitFor();
      assert.match(await row.innerText(), /active/);
      assert.match(await row.innerText(), /1h/);
      await page.getByRole('button', { name: 'Deactivate nightly-sync' }).click();
      await toast('deactivated').waitFor();
      await row.getByText('inactive', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Activate nightly-sync' }).click();
      await toast('activated').waitFor();
      await shot('tasks');

      await page.getByRole('link', { name: 'Edit nightly-sync' }).click();
      await page.waitForURL(/\/edit$/);
      await page.locator('.cm-line', { hasText: 'nightly-sync' }).waitFor();
      await page.getByLabel('Description').fill('copies rows at night');
      await page.getByRole('button', { name: 'Save task' }).click();
      await toast('Task “nightly-sync” saved.').waitFor();
      await page.waitForURL(/\/tasks$/);
      await row.getByText('copies rows at night').waitFor();

      await page.getByRole('button', { name: 'Run now nightly-sync' }).click();
      await page.waitForURL(/\/runs$/);
      const runRow = page.getByRole('table', { name: 'Runs' }).locator('tbody tr').first();
      await runRow.waitFor();
      await page.waitForFunction(() => {
        const badge = document.querySelector('table[aria-label="Runs"] tbody tr .badge');
        return badge && /success|failed|canceled/.test(badge.textContent ?? '');
      }, undefined, { timeout: 15_000 });
      await runRow.getByRole('button', { name: 'View logs' }).click();
      const logs = page.getByRole('list', { name: /Logs of run/ });
      await logs.locator('li').first().waitFor();
      await assertNoCanary(CANARY, CANARY2, CANARY3);
      await shot('task-runs');

      // A failing run whose error would quote the secret: the server masks it, the UI shows that.
      const leaky = await page.evaluate(async ({ orgID }) => {
        const flux = 'import "influxdata/influxdb/secrets"\n\noption task = {name: "leaky", every: 1h}\n\n'
          + 'die(msg: "leaked " + secrets.get(key: "DB_PASSWORD"))\n';
        const res = await fetch('/api/v2/tasks', {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ orgID, flux, status: 'active' }),
        });
        return res.status;
      }, { orgID });
      assert.equal(leaky, 201);
      await open('tasks');
      await page.getByRole('button', { name: 'Run now leaky' }).click();
      await page.waitForURL(/\/runs$/);
      await page.locator('table[aria-label="Runs"] tbody tr .badge', { hasText: 'failed' }).first().waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: 'View logs' }).first().click();
      await page.getByRole('list', { name: /Logs of run/ }).getByText('***').first().waitFor();
      await open('tasks');
      await page.locator('tr[data-task="leaky"]').getByText('failed').waitFor();
      await assertNoCanary(CANARY, CANARY2, CANARY3);
      await shot('task-failed-masked');

      // A script from the editor becomes a task with the name and schedule asked for.
      await open('data-explorer');
      await setEditor('import "array"\n\narray.from(rows: [{a: 1}])\n');
      await page.getByRole('button', { name: 'Save as task' }).click();
      const dialog = page.getByRole('dialog', { name: 'Save as task' });
      await dialog.getByLabel('Task name').fill('from-editor');
      await dialog.getByLabel('Every').fill('10m');
      await dialog.getByRole('button', { name: 'Save task' }).click();
      await page.waitForURL(/\/tasks$/);
      const saved = page.getByRole('table', { name: 'Tasks' }).locator('tr', { hasText: 'from-editor' });
      await saved.waitFor();
      assert.match(await saved.innerText(), /10m/);

      await page.getByRole('button', { name: 'Delete leaky' }).click();
      await page.getByRole('dialog', { name: 'Delete task leaky?' }).getByRole('button', { name: 'Delete task' }).click();
      await toast('Task “leaky” deleted.').waitFor();
      await page.locator('tr[data-task="leaky"]').waitFor({ state: 'detached' });
    });

    await t.test('delete asks for confirmation naming the users of the key', async () => {
      await open('settings/secrets');
      if (tasksAvailable) {
        await page.getByRole('button', { name: /^\d+ users? of DB_PASSWORD$/ }).click();
        const users = page.getByRole('dialog', { name: 'Users of DB_PASSWORD' });
        await users.getByRole('link', { name: 'nightly-sync' }).waitFor();
        await page.keyboard.press('Escape');
        await users.waitFor({ state: 'detached' });
      }
      await page.getByRole('button', { name: 'Delete DB_PASSWORD' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete secret DB_PASSWORD?' });
      if (tasksAvailable) await dialog.getByTestId('used-by').getByText(/nightly-sync/).waitFor();
      else await dialog.getByText('No task or script uses this key.').waitFor();
      await shot('delete-dialog');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.equal(await secretRows().filter({ hasText: 'DB_PASSWORD' }).count(), 1, 'cancel keeps the secret');
      await page.getByRole('button', { name: 'Delete zeta_key' }).click();
      const zeta = page.getByRole('dialog', { name: 'Delete secret zeta_key?' });
      await zeta.getByText('No task or script uses this key.').waitFor();
      await zeta.getByRole('button', { name: 'Delete secret' }).click();
      await toast('Secret “zeta_key” deleted.').waitFor();
      await secretRows().filter({ hasText: 'zeta_key' }).waitFor({ state: 'detached' });
    });

    await t.test('API tokens: generate (shown once, copy), deactivate, delete', async () => {
      await open('settings/secrets');
      await nav('API tokens');
      await page.waitForURL(/\/load-data\/tokens$/);
      await page.getByRole('button', { name: 'Generate API Token' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Generate API Token' });
      await dialog.getByLabel('Description').fill('ci-reader');
      await dialog.getByLabel('Read secrets').check();
      await shot('token-generate');
      await dialog.getByRole('button', { name: 'Generate' }).click();
      const shown = page.getByRole('dialog', { name: 'Your new API token' });
      const token = await shown.getByLabel('Token').inputValue();
      assert.ok(token.length > 10, 'the new token is shown');
      await shown.getByRole('button', { name: 'Copy token' }).click();
      await toast('Token copied').waitFor();
      assert.equal(await clipboard(), token);
      await shown.getByRole('button', { name: 'Done' }).click();
      await shown.waitFor({ state: 'detached' });
      assert.ok(!(await page.content()).includes(token), 'the token is not shown again');
      const row = page.locator('tr[data-token="ci-reader"]');
      await row.waitFor();
      assert.match(await row.innerText(), /read secrets/);
      await page.getByRole('button', { name: 'Deactivate ci-reader' }).click();
      await row.getByText('inactive', { exact: true }).waitFor();
      await shot('tokens');
      await page.getByRole('button', { name: 'Delete ci-reader' }).click();
      await page.getByRole('dialog', { name: 'Delete token ci-reader?' }).getByRole('button', { name: 'Delete token' }).click();
      await toast('Token “ci-reader” deleted.').waitFor();
      await row.waitFor({ state: 'detached' });
    });

    await t.test('audit log filters by key, actor and action', async () => {
      await open('settings/secrets');
      await nav('Audit log');
      const table = page.getByRole('table', { name: 'Audit events' });
      await table.waitFor();
      const actions = () => table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
      const all = await actions();
      for (const a of ['create', 'replace', 'restore', 'delete']) assert.ok(all.includes(a), `audit has a ${a} event (got ${all})`);
      await page.getByLabel('Action').selectOption('delete');
      await page.waitForURL(/action=delete/);
      await page.waitForFunction(() => [...document.querySelectorAll('tbody tr')].every((r) => r.getAttribute('data-action') === 'delete'));
      assert.match(await table.innerText(), /zeta_key/);
      if (tasksAvailable) {
        // Reads by tasks are audited too, with the task as the actor.
        await page.getByLabel('Action').selectOption('read');
        await page.waitForURL(/action=read/);
        await table.locator('tbody tr', { hasText: 'nightly-sync' }).filter({ hasText: '(task)' }).first().waitFor();
      }
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await page.getByLabel('Key').fill('DB_PASSWORD');
      await page.getByLabel('Actor').fill(USER);
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL(/key=DB_PASSWORD/);
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('table[aria-label="Audit events"] tbody tr')];
        return rows.length > 0 && rows.every((r) => r.querySelector('code')?.textContent === 'DB_PASSWORD');
      });
      await shot('audit');
      await assertNoCanary(CANARY, CANARY2, CANARY3);
    });

    await t.test('org switcher keeps the section and remembers the org', async () => {
      const created = await page.evaluate(async () => {
        const res = await fetch('/api/v2/orgs', {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'second-org' }),
        });
        return { status: res.status, body: await res.json() };
      });
      assert.equal(created.status, 201);
      const otherID = (created.body as { id: string }).id;
      await open('settings/secrets');
      await page.getByLabel('Organization').selectOption({ label: 'second-org' });
      await page.waitForURL(new RegExp(`/orgs/${otherID}/settings/secrets$`));
      await page.getByText('No secrets yet').waitFor();
      assert.deepEqual(Object.values(await page.evaluate(() => ({ ...localStorage }))), [otherID]);
      await page.goto(`${base}/me/secrets`);
      await page.waitForURL(new RegExp(`/orgs/${otherID}/settings/secrets$`));
      await page.getByLabel('Organization').selectOption({ label: ORG });
      await page.waitForURL(new RegExp(`/orgs/${orgID}/settings/secrets$`));
      await secretRows().first().waitFor();
      await shot('org-switched-back');
    });

    await t.test('no uncaught page errors and no CSP violations', () => {
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(cspViolations, []);
    });
  } finally {
    await ctx?.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
});
