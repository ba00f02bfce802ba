import { describe, expect, it } from 'vitest';
import { fromWireFlags, fromWireSettings, toWireSettings } from '../../src/api/setting-fields.js';
import type { Settings } from '../../src/model/group.js';

describe('setting names between config and wire', () => {
  const full: Settings = {
    name: 'Engineering',
    description: 'All engineers',
    avatar: 'https://example.com/eng.png',
    public: false,
    max_users: 500,
    allow_invites: false,
    members_only: true,
    invite_need_confirm: false,
    custom: 'team=eng',
  };

  it('maps every config name to its wire field', () => {
    expect(toWireSettings(full)).toEqual({
      groupname: 'Engineering',
      description: 'All engineers',
      avatar: 'https://example.com/eng.png',
      public: false,
      maxusers: 500,
      allowinvites: false,
      membersonly: true,
      invite_need_confirm: false,
      custom: 'team=eng',
    });
  });

  it('leaves out settings that are not given', () => {
    expect(toWireSettings({ max_users: 10 })).toEqual({ maxusers: 10 });
  });

  it('round-trips through the wire names', () => {
    expect(fromWireSettings(toWireSettings(full))).toEqual(full);
  });

  it.each([
    ['the details call says name', { name: 'G' }, { name: 'G' }],
    ['modify says groupname', { groupname: 'G' }, { name: 'G' }],
    ['a string maxusers', { maxusers: '300' }, { max_users: 300 }],
    ['string booleans', { public: 'true', membersonly: 'false' }, { public: true, members_only: false }],
    ['an unreadable value is not known', { maxusers: 'lots', public: 'maybe' }, {}],
    ['fields that are not settings', { id: '1', owner: 'a', mute: false }, {}],
  ])('reads %s', (_label, wire, settings) => {
    expect(fromWireSettings(wire)).toEqual(settings);
  });

  it('maps the modify call booleans to config names', () => {
    expect(fromWireFlags({ groupname: true, maxusers: false, custom: true })).toEqual({
      name: true,
      max_users: false,
      custom: true,
    });
  });
});
