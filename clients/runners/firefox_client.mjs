// Run probe cases in Debian's Firefox ESR, driven over WebDriver BiDi by puppeteer-core (offline: no
// browser download, no background traffic): JSON cases on stdin, results ({id, status, text, error})
// on stdout.   node firefox_client.mjs navigation|form|fetch [--version]
import { readFileSync } from "node:fs";
import puppeteer from "puppeteer-core";

const mode = process.argv[2];
const FIREFOX = "/usr/bin/firefox-esr";
const PREFS = {
  "app.update.enabled": false, "browser.safebrowsing.malware.enabled": false, "browser.safebrowsing.phishing.enabled": false,
  "network.captive-portal-service.enabled": false, "network.connectivity-service.enabled": false,
  "datareporting.policy.dataSubmissionEnabled": false, "extensions.getAddons.cache.enabled": false,
  "network.http.http3.enable": false, "browser.contentblocking.category": "standard",
};

const browser = await puppeteer.launch({ browser: "firefox", executablePath: FIREFOX, headless: true,
                                         extraPrefsFirefox: PREFS, protocolTimeout: 30000 });
if (process.argv[3] === "--version") {
  console.log((await browser.version()).replace(/^Firefox\//, "").replace(/^firefox\//, ""));
  await browser.close();
  process.exit(0);
}

async function run(c) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const base = new URL(c.url).origin;
  try {
    await page.goto(`${base}/clients/probe/echo/`);
    await context.setCookie({ name: "probe", value: "1", domain: new URL(c.url).hostname, path: "/" });
    if (c.auth) await page.authenticate({ username: c.auth[0], password: c.auth[1] });
    const twice = c.scenario === "revalidate-304";  // the second request may revalidate the stored copy
    if (mode === "navigation") {
      if (twice) {
        await page.goto(c.url, { timeout: 15000 });
        await page.goto(`${base}/clients/probe/echo/`);
      }
      const response = await page.goto(c.url, { timeout: 15000 });
      return { status: response.status(), text: await page.evaluate(() => document.body.innerText) };
    }
    if (mode === "form") {
      const action = c.url.slice(base.length);
      await page.goto(`${base}/clients/probe/form/?action=${encodeURIComponent(action)}`);
      await Promise.all([page.waitForNavigation({ timeout: 15000 }), page.click("button")]);
      return { status: null, text: await page.evaluate(() => document.body.innerText) };
    }
    return await page.evaluate(async ([url, method, headers, body, twice]) => {
      if (twice) await (await fetch(url)).text();
      const response = await fetch(url, { method, headers, body: body ?? undefined });
      return { status: response.status, text: await response.text() };
    }, [c.url, c.method, c.headers, c.body, twice]);
  } finally {
    await context.close();
  }
}

const results = [];
for (const c of JSON.parse(readFileSync(0, "utf8"))) {
  try {
    results.push({ id: c.id, error: null, ...(await run(c)) });
  } catch (error) {
    results.push({ id: c.id, status: null, text: null, error: String(error.message || error).split("\n")[0].slice(0, 80) });
  }
}
await browser.close();
process.stdout.write(JSON.stringify(results));
