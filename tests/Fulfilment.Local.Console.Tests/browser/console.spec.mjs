// The execution console in headless Debian Chromium, driven by playwright-core (no browser download).
// Started by ConsoleBrowserTests with the console URL and the ids of the orders the fixture made; exits non-zero with
// the failed step on stderr. With SCREENSHOT_DIR set it saves a PNG of every view there (docs/img/console-*.png).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = name => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const consoleUrl = env('CONSOLE_URL');
const failed = env('FAILED_ORDER');
const completed = env('COMPLETED_ORDER');
const rejected = env('REJECTED_ORDER');
const deadLetter = env('DLQ_MESSAGE_ID');
const shots = process.env.SCREENSHOT_DIR || '';
const timeout = Number(process.env.STEP_TIMEOUT_MS || 60000);

const userDataDir = mkdtempSync(join(tmpdir(), 'fulfilment-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1440, height: 1000 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
context.setDefaultTimeout(timeout);
const page = context.pages()[0] || await context.newPage();
const problems = [];
page.on('pageerror', e => problems.push('page error: ' + e.message));
page.on('console', m => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });

let step = 'start';
const log = text => { step = text; process.stdout.write(`step: ${text}\n`); };
// Full page where the page is short or the whole of it is the point (the failed execution with its timeline), the
// viewport elsewhere, to keep the committed PNGs small.
const shot = async (name, fullPage = true) => {
  if (!shots) return;
  if (!fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, `console-${name}.png`), fullPage });
};
const open = async hash => {
  await page.goto(consoleUrl + hash);
  await page.waitForSelector('main[data-loaded="true"]');
};
const expect = (condition, message) => { if (!condition) throw new Error(message); };

try {
  log('executions list shows the three orders');
  await open('#/executions');
  for (const id of [completed, rejected, failed]) await page.waitForSelector(`a[href="#/executions/${id}"]`);
  const failedRow = page.locator('tr', { has: page.locator(`a[href="#/executions/${failed}"]`) });
  expect((await failedRow.innerText()).includes('CompensationFailed'), 'the failed row names neither its failing state nor its error');
  await shot('executions');

  log('filter by status FAILED');
  await page.selectOption('select[name="status"]', 'FAILED');
  await page.click('form.filters button[type="submit"]');
  await page.waitForFunction(id => !document.querySelector(`a[href="#/executions/${id}"]`), completed);
  await page.waitForSelector(`a[href="#/executions/${failed}"]`);

  log('execution graph shows the failed state');
  await open(`#/executions/${failed}`);
  const failedState = page.locator('svg .state[data-state="CompensationFailed"]');
  await failedState.waitFor();
  expect((await failedState.getAttribute('class')).includes('outcome-failed'), 'CompensationFailed is not drawn as failed');
  expect((await failedState.getAttribute('aria-label')).includes('failed'), 'CompensationFailed is not labelled failed');
  expect((await page.locator('svg .state[data-state="ChargePayment"]').getAttribute('class')).includes('outcome-caught'), 'ChargePayment is not drawn as caught');
  expect((await page.locator('svg .state[data-state="PaymentFailed"]').getAttribute('class')).includes('outcome-notReached'), 'PaymentFailed is not drawn as not reached');

  log('open the failed state with the keyboard and read its error');
  await failedState.focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.state-panel h2:text-is("CompensationFailed")');
  const panel = await page.locator('.state-panel').innerText();
  expect(panel.includes('kept failing after its retries'), 'the state panel does not show the error cause: ' + panel);

  log('open the refund and see its retried attempts');
  await page.locator('svg .state[data-state="RefundPayment"]').click();
  await page.waitForSelector('.state-panel h2:text-is("RefundPayment")');
  expect((await page.locator('.state-panel').innerText()).includes('PaymentProviderUnavailable'), 'the refund shows no PaymentProviderUnavailable attempt');
  await shot('execution-failed');

  log('redrive with confirmation and see the execution succeed');
  await page.click('#redrive');
  await page.waitForSelector('dialog#confirm[open]');
  await page.click('#confirm-ok');
  await page.waitForSelector('.exec-header .badge.status-succeeded', { timeout: Math.max(timeout, 150000) });
  await page.waitForFunction(() => document.querySelector('svg .state[data-state="PaymentFailed"]')?.classList.contains('outcome-succeeded'));
  await page.locator('svg .state[data-state="CompensationFailed"]').click();
  await shot('execution-redriven', false);

  log('order view shows status history, payment, ledger, notifications and events');
  await open(`#/orders/${failed}`);
  const order = await page.locator('main').innerText();
  for (const text of ['CompensationFailed', 'PaymentFailed', 'capture', 'refund', 'OrderStatusChanged']) {
    expect(order.includes(text), `the order view does not show "${text}"`);
  }
  await shot('order');

  log('completed execution: every state on the happy path succeeded');
  await open(`#/executions/${completed}`);
  await page.waitForSelector('svg .state[data-state="Completed"].outcome-succeeded');
  await shot('execution-completed', false);

  log('stock view passes the conservation check');
  await open('#/stock');
  expect((await page.locator('.check').innerText()).includes('passed'), 'the conservation check did not pass');
  await shot('stock');

  log('dead-letter view lists the message');
  await open('#/dlq');
  await page.waitForSelector(`text=${deadLetter}`);
  await shot('dlq');

  expect(problems.length === 0, 'the page reported errors:\n' + problems.join('\n'));
  process.stdout.write('console browser test passed\n');
} catch (e) {
  process.stderr.write(`console browser test failed at step "${step}": ${e.message}\n${problems.join('\n')}\n`);
  try { await page.screenshot({ path: join(tmpdir(), 'console-failure.png'), fullPage: true }); process.stderr.write(`screenshot: ${join(tmpdir(), 'console-failure.png')}\n`); } catch { }
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
