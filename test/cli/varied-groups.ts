/**
 * A deterministic app of many varied groups for export round trips: every kind of setting,
 * disabled groups, admins, empty and huge member lists, names that clash, names that
 * slugify badly or not at all, unicode, and names YAML would misread.
 */
import type { StoreData } from '../../src/emulator/index.js';
import { makeRandom } from '../helpers/mulberry32.mjs';

type SeedGroup = StoreData['groups'][number];

/** Names chosen to break naive key making or YAML writing. */
export const AWKWARD_NAMES = [
  'Team',
  'team',
  'TEAM!',
  'Team ',
  '工程部',
  'Équipe de nuit',
  '🚀 launch',
  '---',
  '123',
  '0x1F',
  '1e3',
  'yes',
  'no',
  'null',
  'true',
  '~',
  ': colon first',
  '# not a comment',
  "it's",
  '"quoted"',
  'a: b',
  '[flow]',
  '{map}',
  '&anchor',
  '*alias',
  '!tag',
  '%directive',
  '@at',
  '`tick`',
  'group-228000000000001',
  'x'.repeat(128),
  'tab\there',
  'line\nbreak',
  '   padded   ',
  'dots.and_underscores-ok',
  '<<',
];

/** Seeded, so the app is the same on every run. */
const random = makeRandom;

export function variedApp(count: number, options: { hugeMembers?: number } = {}): StoreData {
  const rnd = random(20240601);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const users = Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? `user.${i}` : i % 11 === 0 ? `user-${i}_x` : `u${i}`));
  const sample = (n: number, except: Set<string>): string[] => {
    const out = new Set<string>();
    while (out.size < n) {
      const u = pick(users);
      if (!except.has(u)) out.add(u);
    }
    return [...out];
  };
  const groups: SeedGroup[] = [];
  for (let i = 0; i < count; i++) {
    const owner = pick(users);
    const admins = rnd() < 0.5 ? [] : sample(1 + Math.floor(rnd() * 4), new Set([owner]));
    const size = rnd() < 0.2 ? 0 : rnd() < 0.9 ? Math.floor(rnd() * 12) : 60 + Math.floor(rnd() * 140);
    const members = [...admins, ...sample(size, new Set([owner, ...admins]))];
    const name = i < AWKWARD_NAMES.length ? AWKWARD_NAMES[i]! : rnd() < 0.3 ? pick(AWKWARD_NAMES) : `Group ${i % 700}`;
    groups.push({
      groupname: name,
      description: pick(['', 'plain', 'multi\nline\ndescription', 'émoji 🎉 and "quotes"', 'key: value', '  spaced  ']),
      avatar: pick(['', 'https://example.com/a.png', 'https://example.com/a b.png?x=1&y=2']),
      public: rnd() < 0.5,
      maxusers: Math.max(members.length + 1, pick([1, 20, 200, 500, 3000])),
      allowinvites: rnd() < 0.5,
      membersonly: rnd() < 0.5,
      invite_need_confirm: rnd() < 0.5,
      custom: pick(['', 'team=eng', '{"json":true}', 'a=1;b=2', '#hash', 'yes']),
      owner,
      admins,
      members,
      disabled: rnd() < 0.1,
      created: 1_700_000_000_000 + (i % 50) * 1000,
    });
  }
  if (options.hugeMembers) {
    const many = Array.from({ length: options.hugeMembers }, (_, i) => `member${i}`);
    groups.push({ groupname: 'Huge', owner: users[0]!, admins: [], members: many, maxusers: options.hugeMembers + 1, public: true });
  }
  return { users, groups };
}
