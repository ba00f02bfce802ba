import { describe, expect, it } from 'vitest';
import { parseBaseUrl, isLoopback } from '../../src/api/base-url.js';

describe('parseBaseUrl', () => {
  it.each([
    ['easemob style', 'https://a1.easemob.com/org1/app1', { origin: 'https://a1.easemob.com', basePath: '/org1/app1', style: 'easemob', org: 'org1', app: 'app1' }],
    ['easemob with a trailing slash', 'https://a1.easemob.com/org1/app1/', { origin: 'https://a1.easemob.com', basePath: '/org1/app1', style: 'easemob', org: 'org1', app: 'app1' }],
    ['agora style', 'https://a41.chat.agora.io/app-id/abc123', { origin: 'https://a41.chat.agora.io', basePath: '/app-id/abc123', style: 'agora', appId: 'abc123' }],
    ['a port', 'https://h:8443/o/a', { origin: 'https://h:8443', basePath: '/o/a', style: 'easemob', org: 'o', app: 'a' }],
    ['plain http to loopback', 'http://127.0.0.1:4000/demo/demo', { origin: 'http://127.0.0.1:4000', basePath: '/demo/demo', style: 'easemob', org: 'demo', app: 'demo' }],
    ['plain http to localhost', 'http://localhost:4000/app-id/demo', { origin: 'http://localhost:4000', basePath: '/app-id/demo', style: 'agora', appId: 'demo' }],
    ['plain http to ::1', 'http://[::1]:4000/o/a', { origin: 'http://[::1]:4000', basePath: '/o/a', style: 'easemob', org: 'o', app: 'a' }],
  ])('accepts %s', (_label, text, expected) => {
    expect(parseBaseUrl(text)).toEqual(expected);
  });

  it.each([
    ['not a URL', 'a1.easemob.com/org/app', /not a URL/],
    ['one segment', 'https://h/org', /1 path segment/],
    ['three segments', 'https://h/org/app/chatgroups', /3 path segment/],
    ['no path', 'https://h', /0 path segment/],
    ['an empty segment', 'https://h//app', /empty path segment/],
    ['ftp', 'ftp://h/o/a', /unsupported scheme/],
    ['a query', 'https://h/o/a?x=1', /query/],
    ['credentials in the URL', 'https://me:pw@h/o/a', /credentials/],
  ])('refuses %s', (_label, text, message) => {
    expect(() => parseBaseUrl(text)).toThrow(message);
  });

  it('refuses plain http to a remote host and says what to do', () => {
    expect(() => parseBaseUrl('http://a1.easemob.com/o/a')).toThrow(/use https, or pass --insecure/);
  });

  it('allows plain http to a remote host with insecure', () => {
    expect(parseBaseUrl('http://a1.easemob.com/o/a', { insecure: true }).origin).toBe('http://a1.easemob.com');
  });

  it('never echoes a password', () => {
    expect(() => parseBaseUrl('https://me:hunter2@h/o/a')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});

describe('isLoopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['[::1]', true],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['example.com', false],
    ['127.example.com', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
