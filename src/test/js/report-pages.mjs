// Opens offline pages (report.html, sweep.html) from disk in headless Chromium and reports, for each, every chart
// (data-chart) with its series (data-series) and how wide each series' line is drawn, its markers, and every
// request made other than the page itself.
// Usage: node report-pages.mjs FILE.html SCREENSHOT.png [FILE.html SCREENSHOT.png ...]   (run by LivePageIT)
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const pages = [];
try {
  for (let i = 0; i < args.length; i += 2) {
    const url = pathToFileURL(args[i]).href;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const elsewhere = [];
    page.on('request', (r) => { if (r.url() !== url) elsewhere.push(r.url()); });
    await page.goto(url);
    const seen = await page.evaluate(() => ({
      title: document.title,
      charts: [...document.querySelectorAll('svg[data-chart]')].map((svg) => ({
        chart: svg.dataset.chart,
        series: [...svg.querySelectorAll('g[data-series]')].map((g) => {
          const path = g.querySelector('path');
          return { name: g.dataset.series, width: path ? path.getBBox().width : 0 };
        }),
        markers: [...svg.querySelectorAll('g[data-marker]')].map((g) => g.dataset.marker),
      })),
      pageWidth: document.documentElement.scrollWidth,
    }));
    await page.screenshot({ path: args[i + 1], fullPage: true });
    pages.push({ file: args[i], ...seen, elsewhere });
    await page.close();
  }
  console.log(JSON.stringify({ pages }));
} finally {
  await browser.close();
}
