// Opens the live page in headless Chromium and reports what it shows, twice, a few seconds apart; then takes a
// ticket through the page's "be a customer" panel and reports the visit.
// Usage: node live-page.mjs URL SCREENSHOT.png   (run by LivePageIT; playwright-core is installed by it)
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const failedRequests = [];
  page.on('requestfailed', (r) => failedRequests.push(r.url()));
  const offsite = [];
  page.on('request', (r) => { if (!r.url().startsWith(url.replace(/\/$/, ''))) offsite.push(r.url()); });
  await page.goto(url);
  await page.waitForSelector('[data-cashier]', { timeout: 30000 });
  const look = () => page.evaluate(() => ({
    connection: document.getElementById('connection').textContent,
    models: [...document.querySelectorAll('[data-model]')].map((e) => e.dataset.model),
    cashiers: [...document.querySelectorAll('[data-cashier]')].map((e) => e.dataset.cashier + '|' + e.dataset.busy + '|' + e.textContent),
    waiting: [...document.querySelectorAll('[data-waiting]')].map((e) => Number(e.dataset.waiting)),
    tickets: [...document.querySelectorAll('[data-ticket]')].map((e) => e.dataset.ticket),
    series: [...document.querySelectorAll('#throughput polyline[data-series]')].map((e) => ({
      model: e.dataset.series, points: Number(e.dataset.points), max: Number(e.dataset.max),
      drawn: e.getAttribute('points').split(' ').filter((p) => p.includes(',')).length,
    })),
  }));
  // Watch for up to 40 s: until someone has been seen waiting with a ticket and the cashiers have changed.
  const first = await look();
  let later = first;
  let maxTickets = first.tickets.length;
  let changes = 0;
  for (let i = 0; i < 80 && (maxTickets === 0 || changes < 3 || (later.series[0] || {points: 0}).points < 5); i++) {
    await page.waitForTimeout(500);
    const now = await look();
    if (JSON.stringify(now.cashiers) !== JSON.stringify(later.cashiers)) changes++;
    maxTickets = Math.max(maxTickets, now.tickets.length);
    later = now;
  }
  // The visitor becomes a customer through the page's own panel, in the queue with the load's customers.
  await page.click('#take-ticket');
  await page.waitForSelector('#customer[data-state="served"], #customer[data-state="failed"]', { timeout: 60000 });
  const visit = await page.evaluate(() => ({
    state: document.getElementById('customer').dataset.state,
    ticketSeen: document.getElementById('customer').dataset.ticketSeen || null,
    steps: [...document.querySelectorAll('#visit [data-step]')].map((e) => e.dataset.step + '|' + e.textContent),
  }));
  await page.screenshot({ path: screenshot, fullPage: true });
  // The browser tries to reach past the customer addresses: a credit sent straight to a ledger shard.
  const intruder = await page.evaluate(() => new Promise((resolve) => {
    const ws = new WebSocket('ws://' + location.host + '/eventbus/1/intruder/websocket');
    const timer = setTimeout(() => resolve('no answer'), 10000);
    ws.onmessage = (e) => {
      if (e.data === 'o') {
        ws.send(JSON.stringify([JSON.stringify({type: 'send', address: 'bankbus.ledger.0',
            body: {op: 'credit', opId: 'intruder/c', account: 'a', to: 'b', amount: 1}, replyAddress: 'intruder-reply'})]));
      } else if (e.data[0] === 'a') {
        clearTimeout(timer);
        resolve(JSON.parse(JSON.parse(e.data.slice(1))[0]));
        ws.close();
      }
    };
  }));
  console.log(JSON.stringify({ first, later, maxTickets, changes, failedRequests, offsite, visit, intruder }));
} finally {
  await browser.close();
}
