/** The --help texts, rendered from the command table (specs.ts), so help and argument checking never disagree. */
import { COMMANDS, type CommandSpec } from './specs.js';

/** `groupctl COMMAND --help`: usage, description, one row per flag, examples. */
export function renderHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.flags).map(([name, f]) => {
    const label = `${f.short ? `-${f.short}, ` : ''}--${name}${f.value ? ` ${f.kind === 'optional-file' ? `[${f.value}]` : f.value}` : ''}`;
    return [label, f.help] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [
    `Usage: ${spec.usage}`,
    '',
    spec.description,
    '',
    'Flags:',
    ...rows.map(([l, h]) => `  ${l.padEnd(width)}${h}`),
    '',
    'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

/** `groupctl --help`: the commands and how to connect. */
export function renderMainHelp(version: string): string {
  const names = Object.values(COMMANDS);
  const width = Math.max(...names.map((c) => c.name.length)) + 2;
  return [
    `groupctl ${version}: Easemob / Agora Chat groups as code`,
    '',
    'Usage: groupctl COMMAND [PATH...] [flags]',
    '',
    'Commands:',
    ...names.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Connection: GROUPCTL_BASE_URL (or --base-url) and one of GROUPCTL_TOKEN,',
    'GROUPCTL_CLIENT_ID + GROUPCTL_CLIENT_SECRET, GROUPCTL_AGORA_APP_ID + GROUPCTL_AGORA_APP_CERTIFICATE;',
    'or --sandbox for a local emulator. PATH defaults to groups/.',
    'On a pipe (CI), long reads and applies print "Still reading... [20s elapsed, ...]" every',
    'GROUPCTL_PROGRESS_INTERVAL ms (default 20000; 0: never). GROUPCTL_LOG=debug logs every HTTP call.',
    '',
    'Examples:',
    '  groupctl validate',
    '  groupctl plan --detailed-exitcode',
    '  groupctl apply --auto-approve',
    '',
    'Run "groupctl COMMAND --help" for the flags of a command.',
    '',
  ].join('\n');
}
