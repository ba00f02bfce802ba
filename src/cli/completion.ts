/**
 * `groupctl completion bash|zsh|fish`: shell completion scripts generated from the command
 * table (specs.ts), so a new command or flag completes without anyone editing a script.
 */
import { type FlagSpec } from './args.js';
import { type CommandSpec } from './specs.js';

/** The shells `groupctl completion` writes scripts for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
/** One of SHELLS. */
export type Shell = (typeof SHELLS)[number];

/** Words a flag's value is one of (`text|json|markdown`), if its placeholder lists them. */
function choices(flag: FlagSpec): string[] | undefined {
  return flag.value?.includes('|') ? flag.value.split('|') : undefined;
}

/** Values that are files or folders, completed as paths. */
function takesPath(flag: FlagSpec): boolean {
  return flag.kind === 'optional-file' || /^(FILE|DIR)$/.test(flag.value ?? '');
}

function takesValue(flag: FlagSpec): boolean {
  return flag.kind !== 'boolean' && flag.kind !== 'optional-file';
}

/** The completion script for `shell`, made from the command table so it never lags behind the flags. */
export function renderCompletion(shell: Shell, commands: readonly CommandSpec[]): string {
  if (shell === 'bash') return bash(commands);
  if (shell === 'zsh') return zsh(commands);
  return fish(commands);
}

function bash(commands: readonly CommandSpec[]): string {
  const cases = commands.map((c) => {
    const flags = Object.entries(c.flags).flatMap(([name, f]) => [
      `--${name}`,
      ...(f.short ? [`-${f.short}`] : []),
      ...(f.kind === 'boolean' && name !== 'help' && name !== 'version' ? [`--no-${name}`] : []),
    ]);
    const words = c.arguments ? ` words="${c.arguments.join(' ')}"` : '';
    return `    ${c.name}) flags="${flags.join(' ')}"${words} ;;`;
  });
  const valueCases: string[] = [];
  const seen = new Set<string>();
  for (const c of commands) {
    for (const [name, f] of Object.entries(c.flags)) {
      if (seen.has(name) || !takesValue(f)) continue;
      seen.add(name);
      const list = choices(f);
      valueCases.push(
        list
          ? `    --${name}) COMPREPLY=( $(compgen -W "${list.join(' ')}" -- "$cur") ); return ;;`
          : takesPath(f)
            ? `    --${name}) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;`
            : `    --${name}) COMPREPLY=(); return ;;`,
      );
    }
  }
  return `# groupctl completion for bash: source <(groupctl completion bash)
_groupctl() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" flags="" words=""
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${commands.map((c) => c.name).join(' ')} help --help --version" -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join('\n')}
  esac
  case "$prev" in
${valueCases.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "$flags" -- "$cur") )
  elif [ -n "$words" ]; then
    COMPREPLY=( $(compgen -W "$words" -- "$cur") )
  else
    COMPREPLY=( $(compgen -f -- "$cur") )
  fi
}
complete -o filenames -F _groupctl groupctl
`;
}

/** Text inside a zsh _arguments spec or _describe entry: brackets and colons are syntax. */
function zshText(text: string): string {
  return text.replace(/[\\[\]:']/g, (c) => (c === "'" ? "'\\''" : `\\${c}`));
}

/** --target's values: the config keys from `completion keys`, run as the user ran groupctl (npx or not). */
const ZSH_KEYS = `_groupctl_keys() {
  local -a paths keys
  local w
  for w in $words[2,-1]; do
    [[ $w != -* && ( -d $w || $w == *.yaml || $w == *.yml ) ]] && paths+=("$w")
  done
  keys=(\${(f)"$(\${=_groupctl_program:-groupctl} completion keys $paths 2>/dev/null)"})
  compadd -a keys
}

`;

// Loaded from fpath, the file's body runs on the first TAB and must complete then (not only
// define the function); sourced, it registers with compdef at once.
const ZSH_NPX_AND_LOAD = `_groupctl_npx() {
  if (( CURRENT == 2 )); then
    compadd groupctl
    _files
  elif [[ $words[2] == groupctl ]]; then
    local _groupctl_program='npx groupctl' service=groupctl
    shift words
    (( CURRENT-- ))
    _groupctl
  else
    _files
  fi
}

if [[ \${funcstack[1]} == _groupctl ]]; then
  _groupctl "$@"
else
  compdef _groupctl groupctl npx
fi
`;

/** A flag's zsh _arguments specs: `--no-NAME` beside each boolean (args.ts accepts it); config keys for --target. */
function zshSpecs(name: string, f: FlagSpec): string[] {
  const list = choices(f);
  const value =
    !takesValue(f) ? '' : list ? `:${f.value}:(${list.join(' ')})` : name === 'target' ? `:${f.value}:_groupctl_keys` : takesPath(f) ? `:${f.value}:_files` : `:${f.value}: `;
  const repeat = f.kind === 'repeat' ? '*' : '';
  const specs = [`'${repeat}--${name}[${zshText(f.help)}]${value}'`];
  if (f.kind === 'boolean' && name !== 'help' && name !== 'version') specs.push(`'--no-${name}[${zshText(`not --${name}`)}]'`);
  return specs;
}

function zsh(commands: readonly CommandSpec[]): string {
  const list = commands.map((c) => `    '${c.name}:${zshText(c.summary)}'`);
  const cases = commands.map((c) => {
    const specs = Object.entries(c.flags).flatMap(([name, f]) => zshSpecs(name, f));
    const rest = c.arguments ? `':${c.arguments.join('|')}:(${c.arguments.join(' ')})'` : "'*:PATH:_files'";
    return `    ${c.name}) _arguments -s ${[...specs, rest].join(' \\\n        ')} ;;`;
  });
  return `#compdef groupctl npx
# groupctl completion for zsh: groupctl completion zsh > "\${fpath[1]}/_groupctl"
# (or: source <(groupctl completion zsh) after compinit). Also completes "npx groupctl".
${ZSH_KEYS}_groupctl() {
  if [[ $service == npx ]]; then
    _groupctl_npx
    return
  fi
  local -a commands
  commands=(
${list.join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands 'groupctl command' commands
    return
  fi
  local command=$words[2]
  shift words
  (( CURRENT-- ))
  case $command in
${cases.join('\n')}
  esac
}

${ZSH_NPX_AND_LOAD}`;
}

function fishText(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function fish(commands: readonly CommandSpec[]): string {
  const lines = ['# groupctl completion for fish: groupctl completion fish > ~/.config/fish/completions/groupctl.fish', 'complete -c groupctl -f'];
  const names = commands.map((c) => c.name);
  for (const c of commands) {
    lines.push(`complete -c groupctl -n "not __fish_seen_subcommand_from ${names.join(' ')}" -a ${c.name} -d ${fishText(c.summary)}`);
  }
  for (const c of commands) {
    const when = `-n "__fish_seen_subcommand_from ${c.name}"`;
    for (const [name, f] of Object.entries(c.flags)) {
      const list = choices(f);
      const value = !takesValue(f) ? '' : list ? ` -x -a ${fishText(list.join(' '))}` : takesPath(f) ? ' -r -F' : ' -x';
      lines.push(`complete -c groupctl ${when} -l ${name}${f.short ? ` -s ${f.short}` : ''}${value} -d ${fishText(f.help)}`);
    }
    lines.push(c.arguments ? `complete -c groupctl ${when} -a ${fishText(c.arguments.join(' '))}` : `complete -c groupctl ${when} -F`);
  }
  return `${lines.join('\n')}\n`;
}
