import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/util/did-you-mean.js';

const GROUP_FIELDS = ['name', 'description', 'avatar', 'public', 'max_users', 'allow_invites', 'members_only', 'invite_need_confirm', 'custom', 'owner', 'admins', 'members', 'disabled', 'id', 'ensure', 'protect'];

describe('suggest', () => {
  it.each([
    ['onwer', 'owner'],
    ['admin', 'admins'],
    ['member', 'members'],
    ['memebrs', 'members'],
    ['maxusers', 'max_users'],
    ['max-users', 'max_users'],
    ['Max_Users', 'max_users'],
    ['allowinvites', 'allow_invites'],
    ['descripton', 'description'],
    ['disable', 'disabled'],
    ['protected', 'protect'],
    ['OWNER', 'owner'],
  ])('%s -> %s', (typo, expected) => {
    expect(suggest(typo, GROUP_FIELDS)).toBe(expected);
  });

  it.each(['colour', 'x', 'settings', 'group_owner_name'])('suggests nothing for %s', (word) => {
    expect(suggest(word, GROUP_FIELDS)).toBeUndefined();
  });
});

describe('editDistance', () => {
  it.each([
    ['owner', 'owner', 0],
    ['onwer', 'owner', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3],
  ])('%s / %s = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});
