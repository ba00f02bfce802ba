/**
 * Puts a scenario on disk the way a user's repository and the service would hold it:
 * the emulator's data file (StoreData, src/emulator/store.ts), the config as YAML files
 * of 1,000 groups each, and groupctl.state.json binding every seeded key to its group.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';

const GROUPS_PER_FILE = 1000;

/** @returns {{ dataFile: string, configDir: string, boundIds: Map<string, string> }} */
export function writeScenario(dir, scenario) {
  const dataFile = path.join(dir, 'emulator.json');
  const configDir = path.join(dir, 'groups');
  mkdirSync(configDir, { recursive: true });

  // In the emulator's own layout (src/emulator/data-file.ts: one record per line), which it
  // reads a line at a time; written in pieces, as a million groups make a file larger than
  // the longest string V8 allows.
  const fd = openSync(dataFile, 'w');
  writeSync(fd, '{"users":[\n');
  writeRecords(fd, scenario.users);
  writeSync(fd, '],\n"groups":[\n');
  writeRecords(fd, scenario.live);
  writeSync(fd, ']\n}\n');
  closeSync(fd);

  for (let start = 0; start < scenario.desired.length; start += GROUPS_PER_FILE) {
    const slice = scenario.desired.slice(start, start + GROUPS_PER_FILE);
    const file = path.join(configDir, `groups-${String(start / GROUPS_PER_FILE).padStart(3, '0')}.yaml`);
    writeFileSync(file, `groups:\n${slice.map(groupYaml).join('')}`);
  }

  const boundIds = new Map();
  const liveIds = new Set(scenario.live.map((g) => g.id));
  scenario.live.forEach((g, i) => {
    const key = scenario.desired[i].key;
    if (liveIds.has(g.id)) boundIds.set(key, g.id);
  });
  const bindings = Object.fromEntries([...boundIds].map(([key, id]) => [key, { id }]));
  writeFileSync(path.join(configDir, 'groupctl.state.json'), JSON.stringify({ version: 1, bindings, intents: {} }, null, 2) + '\n');
  return { dataFile, configDir, boundIds };
}

/** One JSON record per line, commas between, in pieces of 10,000 lines. */
function writeRecords(fd, records) {
  for (let start = 0; start < records.length; start += 10_000) {
    const end = Math.min(start + 10_000, records.length);
    const lines = records.slice(start, end).map((r, i) => `${JSON.stringify(r)}${start + i < records.length - 1 ? ',' : ''}\n`);
    writeSync(fd, lines.join(''));
  }
}

/** JSON strings and flow sequences are valid YAML, and much faster to write than a YAML library. */
function groupYaml(d) {
  const lines = [`  ${d.key}:`];
  for (const [name, value] of Object.entries(d.settings)) lines.push(`    ${name}: ${JSON.stringify(value)}`);
  lines.push(`    owner: ${d.owner}`);
  if (d.admins !== undefined) lines.push(`    admins: [${d.admins.join(', ')}]`);
  if (d.members !== undefined) lines.push(`    members: [${d.members.join(', ')}]`);
  if (d.disabled !== undefined) lines.push(`    disabled: ${d.disabled}`);
  return lines.join('\n') + '\n';
}
