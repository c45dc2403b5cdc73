// Run probe cases with Node's built-in fetch() or axios at their defaults: JSON cases on stdin,
// results ({id, status, text, error}) on stdout.   node node_client.mjs fetch|axios [--version]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const library = process.argv[2];
const require = createRequire(import.meta.url);

function basic(auth) {
  return "Basic " + Buffer.from(auth.join(":")).toString("base64");
}

async function runFetch(c) {
  const headers = { ...c.headers };
  if (c.auth) headers.Authorization = basic(c.auth);  // fetch() has no credentials option for Node
  const response = await fetch(c.url, { method: c.method, headers, body: c.body ?? undefined,
                                        signal: AbortSignal.timeout(15000) });
  return [response.status, await response.text()];
}

async function runAxios(c) {
  const axios = (await import("axios")).default;
  const response = await axios.request({
    url: c.url, method: c.method, headers: c.headers, data: c.body ?? undefined, timeout: 15000,
    auth: c.auth ? { username: c.auth[0], password: c.auth[1] } : undefined,
    validateStatus: () => true, responseType: "text", transformResponse: (data) => data,
  });
  return [response.status, response.data];
}

if (process.argv[3] === "--version") {
  console.log(library === "fetch" ? process.version.slice(1) : require("axios/package.json").version);
} else {
  const run = library === "fetch" ? runFetch : runAxios;
  const results = [];
  for (const c of JSON.parse(readFileSync(0, "utf8"))) {
    try {
      const [status, text] = await run(c);
      results.push({ id: c.id, status, text, error: null });
    } catch (error) {
      results.push({ id: c.id, status: null, text: null, error: error.code || error.name || "Error" });
    }
  }
  process.stdout.write(JSON.stringify(results));
}
