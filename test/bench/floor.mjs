/**
 * The floor of issue 23 for a settings-only drift plan: what any tool must do at least,
 * parse the same YAML (js-yaml) and state file, and fetch and JSON-parse the same detail
 * pages (100 ids a call, 8 in flight), against the same emulator as groupctl. Not yet run
 * by bench.mjs; measured by hand under /usr/bin/time (user+sys CPU, peak RSS):
 *   node test/bench/floor.mjs SCENARIO_DIR BASE_URL
 * where SCENARIO_DIR holds groups/ as write-files.mjs writes it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const [dir, base] = process.argv.slice(2);
const configDir = path.join(dir, 'groups');
const state = JSON.parse(readFileSync(path.join(configDir, 'groupctl.state.json'), 'utf8'));
let groups = 0;
for (const file of readdirSync(configDir).filter((f) => f.endsWith('.yaml'))) {
  groups += Object.keys(yaml.load(readFileSync(path.join(configDir, file), 'utf8')).groups).length;
}
const ids = Object.values(state.bindings).map((binding) => binding.id);
const batches = [];
for (let i = 0; i < ids.length; i += 100) batches.push(ids.slice(i, i + 100));
let next = 0;
let details = 0;
async function readBatches() {
  while (next < batches.length) {
    const batch = batches[next++];
    const res = await fetch(`${base}/chatgroups/${batch.join(',')}`, { headers: { authorization: 'Bearer emulator-token' } });
    details += JSON.parse(await res.text()).data.length;
  }
}
await Promise.all(Array.from({ length: 8 }, readBatches));
console.error(`floor: ${groups} config groups, ${ids.length} bound ids, ${details} details read`);
