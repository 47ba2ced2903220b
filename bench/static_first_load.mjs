// Bytes a first load of the portal transfers: Debian chromium (via playwright-core, as the
// browser tests) opens SUIJI_BASE_URL/ with an empty cache and `Accept-Encoding: br, gzip`,
// waits until the network is idle and sums every response's transferred size (headers and
// encoded body). Prints one JSON object; used by bench/run_static_bench.sh.
import { base, launchBrowser } from '../tests/browser/harness.mjs';

const browser = await launchBrowser();
try {
  const context = await browser.newContext({ extraHTTPHeaders: { 'Accept-Encoding': 'br, gzip' } });
  const page = await context.newPage();
  const responses = [];
  page.on('response', (res) => responses.push(res));
  await page.goto(base + '/', { waitUntil: 'networkidle' });
  const total = { static_requests: 0, static_bytes: 0, static_identity_bytes: 0, api_requests: 0, api_bytes: 0, encodings: {} };
  for (const res of responses) {
    const sizes = await res.request().sizes();
    const bytes = sizes.responseHeadersSize + sizes.responseBodySize;
    if (new URL(res.url()).pathname.startsWith('/api/')) {
      total.api_requests += 1;
      total.api_bytes += bytes;
      continue;
    }
    total.static_requests += 1;
    total.static_bytes += bytes;
    total.static_identity_bytes += (await res.body()).length;
    const encoding = res.headers()['content-encoding'] || 'identity';
    total.encodings[encoding] = (total.encodings[encoding] || 0) + 1;
  }
  console.log(JSON.stringify(total));
} finally {
  await browser.close();
}
