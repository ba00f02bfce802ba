/** The commands and their flags: the single source of --help (help.ts), completion and argument checking. */
import { describeDialects } from '../emulator/dialects.js';
// options.ts, not the index: --help must not load the emulator.
import { EMULATOR_TOKEN } from '../emulator/options.js';
import { type FlagSpecs } from './args.js';

const connection: FlagSpecs = {
  'base-url': { kind: 'string', value: 'URL', help: 'API base: https://HOST/ORG/APP or https://HOST/app-id/APPID (env GROUPCTL_BASE_URL)' },
  sandbox: {
    kind: 'optional-file',
    value: 'FILE',
    help: 'no remote: an embedded emulator whose state persists in FILE (default .groupctl/sandbox.json); the next word is FILE unless it is a config PATH (a .yaml/.yml, a folder)',
  },
  'sandbox-users': { kind: 'string', value: 'A,B,C', help: 'with --sandbox: register these users when the sandbox lacks them (it never registers the users a config names)' },
  'rate-limit': { kind: 'number', value: 'RPS', help: 'requests per second the client allows itself (env GROUPCTL_RATE_LIMIT, default 100)' },
  concurrency: { kind: 'string', value: 'N|auto', help: 'requests in flight at once (env GROUPCTL_CONCURRENCY, default auto: sized from the rate limit and the round trip)' },
  insecure: { kind: 'boolean', help: 'allow plain http to a host that is not loopback' },
  debug: { kind: 'boolean', help: 'print every HTTP call on stderr: method, path, status, time, attempt, retry reason; secrets masked (env GROUPCTL_LOG=debug)' },
};

const state: FlagSpecs = {
  state: { kind: 'string', value: 'FILE', help: 'state file of key -> group id bindings (default groupctl.state.json beside the config)' },
};

/** Flags of plan and apply alike, so that plan shows every refusal apply would give. */
const scope: FlagSpecs = {
  'allow-dismiss': { kind: 'boolean', help: 'allow dismiss steps (ensure: dismissed); without it plan and apply refuse them' },
  target: { kind: 'repeat', value: 'KEY', help: 'only this key (repeatable; * matches any characters); other keys are neither planned nor touched' },
  'max-removals': {
    kind: 'number',
    value: 'N',
    help: 'refuse a plan ending more memberships: remove-member and block steps, and members of dismissed groups (default max(10, 25% of live members))',
  },
  'allow-recreate': { kind: 'boolean', help: 'allow creating again more than max(3, 10% of the bound groups) that no longer exist live (a wrong base URL looks exactly like that)' },
  'max-forget': { kind: 'number', value: 'N', help: 'refuse a plan forgetting more bindings through removed: (default max(3, 10% of the bindings))' },
  'check-users': {
    kind: 'boolean',
    help: 'ask the service that every user a step adds exists (GET /users/NAME, one call per user); --no-check-users skips it',
  },
  'id-strategy': {
    kind: 'string',
    value: 'service|chosen',
    help: 'who picks new group ids: the service (default), or groupctl (state lineage + key: a lost create answer is adopted, never made twice); over the config\'s id_strategy:; env GROUPCTL_ID_STRATEGY',
  },
};

const common: FlagSpecs = {
  help: { kind: 'boolean', short: 'h', help: 'show this help' },
  color: { kind: 'boolean', help: 'force colour on or off (--no-color); FORCE_COLOR and NO_COLOR are respected' },
};

/** One command: its --help text and the flags parseArgs accepts for it. */
export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  description: string;
  flags: FlagSpecs;
  examples: string[];
  /** The words the first argument is one of, for shell completion (`completion bash|zsh|fish`). */
  arguments?: readonly string[];
}

/** Every command, in the order --help lists them. */
export const COMMANDS: Record<string, CommandSpec> = {
  validate: {
    name: 'validate',
    usage: 'groupctl validate [PATH...]',
    summary: 'check the configuration only (no network)',
    description:
      'Reads every *.yaml / *.yml below each PATH (default groups/) and checks it against the schema\n' +
      'and the service limits. Every problem is reported as file:line:col: field: message.\n' +
      'Then reads the state file (never the network) and reports what plan would refuse without\n' +
      'it: a group to create without an owner, an id: that disagrees with the state file. Exit 1 on any.',
    flags: { ...common, ...state, sandbox: connection.sandbox! },
    examples: ['groupctl validate', 'groupctl validate examples/organisation', 'groupctl validate examples/small-team --sandbox .groupctl/demo.json'],
  },
  doctor: {
    name: 'doctor',
    usage: 'groupctl doctor [--base-url URL]',
    summary: 'check the connection to your app before the first plan',
    description:
      'Checks, in order, each failure with what to fix: the base URL and its style (org/app or\n' +
      'app-id), that the host answers, that the credential is accepted (a token obtained, and how\n' +
      'long it lives), one cheap read (GET {base}/chatgroups?limit=1). Changes nothing; exit 0 or 1.',
    flags: { ...common, 'base-url': connection['base-url']!, 'rate-limit': connection['rate-limit']!, insecure: connection.insecure!, debug: connection.debug! },
    examples: ['groupctl doctor', 'groupctl doctor --base-url https://a1.easemob.com/ORG/APP'],
  },
  plan: {
    name: 'plan',
    usage: 'groupctl plan [PATH...] [--out FILE] [--format text|json|markdown] [--detailed-exitcode] [--target KEY] [--allow-dismiss]',
    summary: 'show the steps that would make the live groups match the configuration',
    description:
      'Reads the configuration and the live groups it names, and prints an ordered plan.\n' +
      'Bound keys the configuration does not declare keep their bindings and are listed only.\n' +
      'Exit codes: 0 no changes, 1 error (also a plan that apply would refuse: a guard),\n' +
      '2 changes pending (with --detailed-exitcode).\n' +
      'When GITHUB_STEP_SUMMARY is set, the Markdown plan is appended to it.',
    flags: {
      ...common,
      out: { kind: 'string', value: 'FILE', help: 'save the plan (with live fingerprints) for `apply --plan FILE`' },
      format: { kind: 'string', value: 'text|json|markdown', help: 'output format (default text)' },
      'detailed-exitcode': { kind: 'boolean', help: 'exit 2 when there are changes' },
      ...scope,
      ...state,
      ...connection,
    },
    examples: [
      'groupctl plan',
      'groupctl plan groups/ --out plan.json',
      'groupctl plan --format markdown > plan.md',
      'groupctl plan --detailed-exitcode   # nightly drift check: 2 means drift',
      'groupctl plan examples/small-team --sandbox --sandbox-users alice,bob,carol,dave,erin',
      "groupctl plan --target 'eng-*'   # only the keys starting with eng-",
    ],
  },
  apply: {
    name: 'apply',
    usage: 'groupctl apply [PATH...] [--plan FILE] [--auto-approve] [--concurrency N] [--allow-dismiss] [--allow-recreate] [--target KEY]',
    summary: 'carry out the plan',
    description:
      'Plans (or loads a saved plan), shows it, asks for confirmation on a TTY, and applies it:\n' +
      'the steps of a group in order, groups concurrently, within the rate limit. A failed step\n' +
      'skips the rest of its group; other groups go on. Exit 1 if anything failed.\n' +
      'On SIGINT/SIGTERM it starts nothing new, lets the calls in flight finish, writes every\n' +
      'binding to the state file and exits 130/143.',
    flags: {
      ...common,
      plan: { kind: 'string', value: 'FILE', help: 'apply a plan saved by `plan --out`; refused if its groups changed since' },
      'auto-approve': { kind: 'boolean', help: 'do not ask for confirmation (needed without a TTY)' },
      ...scope,
      report: { kind: 'string', value: 'FILE', help: 'write a JSON report of every step' },
      json: { kind: 'boolean', help: 'stream one JSON event per line on stdout ({"version":1,"event":"step.start",...}; schemas/apply-events.schema.json); the plan text goes to stderr' },
      ...state,
      ...connection,
    },
    examples: [
      'groupctl apply',
      'groupctl plan --out plan.json && groupctl apply --plan plan.json',
      'groupctl apply --auto-approve --report apply-report.json   # in CI',
      'groupctl apply groups/eng.yaml   # one file: the other keys keep their bindings',
    ],
  },
  export: {
    name: 'export',
    usage: 'groupctl export [--out DIR] [--group ID...] [--members]',
    summary: 'write live groups as configuration that plans with no changes',
    description:
      'Reads live groups (all, or the ones named) and writes DIR/groups.yaml with their settings,\n' +
      'owner and admins (and members with --members), plus the bindings in DIR/groupctl.state.json.',
    flags: {
      ...common,
      out: { kind: 'string', value: 'DIR', help: 'folder to write (default groups/)' },
      group: { kind: 'list', value: 'ID...', help: 'only these group ids' },
      members: { kind: 'boolean', help: 'also write members (membership becomes managed)' },
      force: { kind: 'boolean', help: 'overwrite an existing DIR/groups.yaml' },
      state: { kind: 'string', value: 'FILE', help: 'write the bindings to FILE (default DIR/groupctl.state.json)' },
      ...connection,
    },
    examples: ['groupctl export --out adopted/', 'groupctl export --group 228000000000001 --members'],
  },
  import: {
    name: 'import',
    usage: 'groupctl import KEY GROUP_ID [PATH...]',
    summary: 'bind a declared key to an existing live group',
    description:
      'Records in the state file that config key KEY is the live group GROUP_ID, after checking\n' +
      'that the key is declared and the group exists. The next plan compares them.',
    flags: { ...common, ...state, ...connection },
    examples: ['groupctl import eng-all 228000000000001', 'groupctl import eng-all 228000000000001 teams/'],
  },
  emulator: {
    name: 'emulator',
    usage: 'groupctl emulator [--port N] [--data FILE] [--dialect NAME[,NAME...]] [--latency MS] [--rate-limit RPS] [--fault-rate P]',
    summary: 'run a local emulator of the group REST API',
    description:
      'Serves the group API of both URL styles on 127.0.0.1 for tests and demos:\n' +
      '  http://127.0.0.1:PORT/{org}/{app}  and  http://127.0.0.1:PORT/app-id/{appid}\n' +
      'It accepts the --token, or a token issued by POST {base}/token for the client id/secret.\n' +
      'Where the vendor\'s sources disagree, --dialect picks the reading to answer with (dialects of different topics combine,\ntwo of one topic are refused; a dialect changes only how a request is read and an answer or refusal is worded,\nnever the store\'s rules, so a data file replays the same under any; in-process: startEmulator({ dialects })):\n' +
      describeDialects('  '),
    flags: {
      help: common.help!,
      port: { kind: 'number', value: 'N', help: 'port (default 0: any free port)' },
      data: { kind: 'string', value: 'FILE', help: 'persist state in FILE (survives restarts)' },
      seed: { kind: 'string', value: 'FILE', help: 'load users and groups from FILE ({"users": [...], "groups": [...]})' },
      dialect: { kind: 'string', value: 'NAME[,NAME...]', help: 'answer in these dialects of the API (listed above; default docs)' },
      latency: { kind: 'number', value: 'MS', help: 'delay every response' },
      'rate-limit': { kind: 'number', value: 'RPS', help: 'answer 429 above this many requests per second' },
      'retry-after': { kind: 'number', value: 'S', help: 'send Retry-After on 429s' },
      'fault-rate': { kind: 'number', value: 'P', help: 'fraction of requests that fail (503 or a dropped connection)' },
      'call-quota': { kind: 'number', value: 'N', help: 'answer 429 to every call after the first N (a used-up free-edition quota)' },
      org: { kind: 'string', value: 'NAME', help: 'org name (default demo)' },
      app: { kind: 'string', value: 'NAME', help: 'app name (default demo)' },
      'app-id': { kind: 'string', value: 'ID', help: 'Agora app id (default demo)' },
      'app-certificate': { kind: 'string', value: 'HEX', help: 'also accept Agora app tokens built from --app-id and this certificate' },
      token: { kind: 'string', value: 'TOKEN', help: `accepted bearer token (default ${EMULATOR_TOKEN})` },
      'client-id': { kind: 'string', value: 'ID', help: 'client id for POST /token (default emulator)' },
      'client-secret': { kind: 'string', value: 'SECRET', help: 'client secret for POST /token (default emulator-secret)' },
    },
    examples: [
      'groupctl emulator --port 8080 --data .groupctl/emulator.json',
      'groupctl emulator --latency 20 --rate-limit 100 --fault-rate 0.05',
      'groupctl emulator --dialect create-desc,modify-name,user-pages-1',
    ],
  },
  comment: {
    name: 'comment',
    usage: 'groupctl comment --plan FILE [--pr N] [--note TEXT] [--verify]',
    summary: 'post or update the plan as one pull-request / merge-request comment',
    description:
      'Renders the saved plan as Markdown and keeps exactly one groupctl comment on the pull request\n' +
      '(GitHub Actions: GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_API_URL) or merge\n' +
      'request (GitLab CI: GITLAB_TOKEN, CI_API_V4_URL, CI_PROJECT_ID, CI_MERGE_REQUEST_IID): the first\n' +
      'run creates it, later runs edit it. It stays under 65,536 characters. On a push to the main\n' +
      'branch the merged pull request is found by the commit (GITHUB_SHA / CI_COMMIT_SHA).\n' +
      'With --verify: exit 0 when FILE plans the same changes as the plan the comment shows (the\n' +
      'reviewed plan); else exit 1, with a note added above the reviewed plan in the comment.\n' +
      "Only comments written by the token's own identity are edited or trusted. The command ends\n" +
      'within GROUPCTL_COMMENT_TIMEOUT seconds (default 60), retrying 5xx and 429 (Retry-After up to 10 s).',
    flags: {
      ...common,
      plan: { kind: 'string', value: 'FILE', help: 'the plan: saved by `plan --out FILE` (or `plan --format json`)' },
      pr: { kind: 'number', value: 'N', help: 'the pull request number / merge request iid, instead of the CI run\'s' },
      note: { kind: 'string', value: 'TEXT', help: 'a sentence shown above the plan (e.g. why it was not applied)' },
      verify: { kind: 'boolean', help: 'compare FILE with the reviewed plan in the comment; exit 1 (and a note) when they differ' },
    },
    examples: [
      'groupctl comment --plan plan.json   # in a pull-request job',
      'groupctl comment --plan plan.json --verify   # on main: is this the reviewed plan?',
      'groupctl comment --plan plan.json --note "Not applied: the plan was stale."',
    ],
  },
  completion: {
    name: 'completion',
    usage: 'groupctl completion bash|zsh|fish',
    summary: 'print a shell completion script',
    description:
      'Prints a completion script for the shell, generated from the commands and flags above.\n' +
      '  bash: source <(groupctl completion bash)           (or add that line to ~/.bashrc)\n' +
      '  zsh:  groupctl completion zsh > "${fpath[1]}/_groupctl"   (then restart zsh)\n' +
      '  fish: groupctl completion fish > ~/.config/fish/completions/groupctl.fish\n' +
      'With a project install (npm i -D ./groupctl-VERSION.tgz), run it as "npx groupctl completion bash";\n' +
      'the zsh script completes "npx groupctl ..." too. --target completes the config\'s keys, which the\n' +
      'scripts get offline from "groupctl completion keys [PATH...]" (one key a line).',
    flags: { help: common.help! },
    examples: ['groupctl completion bash > ~/.local/share/bash-completion/completions/groupctl', 'groupctl completion fish > ~/.config/fish/completions/groupctl.fish'],
    arguments: ['bash', 'zsh', 'fish'],
  },
};
