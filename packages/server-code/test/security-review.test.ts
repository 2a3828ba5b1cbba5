import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { looksLikeCredential } from '../src/index';
import { brief, review } from './helpers';

describe('security-review', () => {
  it('stays manual without hints for a plugin that checks the user header and marks its token secret', async () => {
    const { 'security-review': result } = await review('good');
    expect(result?.status).toBe('manual');
    expect(result?.findings).toEqual([]);
  });

  it('points at credentials not marked secret, TLS verification off, math/rand tokens, SQL concatenation, exec and an unchecked user header', async () => {
    const { 'security-review': result } = await review('security');
    expect(result?.status).toBe('manual');
    expect(result?.findings.map(brief)).toEqual([
      [
        'security-review/credential-not-secret',
        'plugin.json:9:21',
        'The setting "ClientSecret" looks like a credential but is not marked "secret": true, so the System Console shows it in clear and support packets include it; add "secret": true (honoured from Mattermost 10.1).',
      ],
      [
        'security-review/tls-verify-off',
        'server/plugin.go:25:78',
        "InsecureSkipVerify: true turns off TLS certificate verification, so anyone on the network path can impersonate the server; remove it, or add the server's CA to RootCAs instead.",
      ],
      [
        'security-review/weak-random',
        'server/plugin.go:29:27',
        'rand.Int63 comes from math/rand, which is predictable, in newToken; generate tokens and secrets with crypto/rand (or model.NewId()).',
      ],
      [
        'security-review/sql-concatenation',
        'server/plugin.go:37:11',
        'This SQL statement is built by string concatenation; if any part comes from a user, it is an SQL injection. Pass values as query parameters (?, $1) or use a query builder.',
      ],
      [
        'security-review/sql-concatenation',
        'server/plugin.go:42:21',
        'This SQL statement is built by fmt.Sprintf; if any part comes from a user, it is an SQL injection. Pass values as query parameters (?, $1) or use a query builder.',
      ],
      [
        'security-review/user-header-unchecked',
        'server/plugin.go:45:18',
        'The plugin serves HTTP requests but no code reads the Mattermost-User-ID header, which the server sets only for logged-in users; unless every route is meant to be public, reject requests where r.Header.Get("Mattermost-User-ID") is empty.',
      ],
      [
        'security-review/exec',
        'server/plugin.go:46:12',
        'exec.Command runs a program on the server host; check that no user input reaches the command or its arguments, and that the program exists on every node (and on Cloud).',
      ],
    ]);
  });

  it('asks for the default when TLS verification is switched by configuration, and ignores false', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'security-tls-'));
    try {
      mkdirSync(path.join(root, 'server'));
      writeFileSync(path.join(root, 'plugin.json'), '{"id": "x", "min_server_version": "9.0.0"}');
      writeFileSync(
        path.join(root, 'server/a.go'),
        'package main\n\nvar a = tls.Config{InsecureSkipVerify: cfg.SkipTLS}\nvar b = tls.Config{InsecureSkipVerify: false}\n',
      );
      const { 'security-review': result } = await review(root);
      expect(result?.findings.map(brief)).toEqual([
        [
          'security-review/tls-verify-off',
          'server/a.go:3:20',
          'TLS certificate verification is switched off by cfg.SkipTLS when it is true; make sure it defaults to verifying, and that the setting says it is unsafe.',
        ],
      ]);
      expect(result?.findings[0]?.severity).toBe('notice');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('tells credential-like setting keys from others', () => {
    const credentials = [
      'ClientSecret',
      'api_key',
      'APIToken',
      'Password',
      'EncryptionKey',
      'webhookSecret',
      'PrivateKey',
      'TurnSharedKey',
      'SALT',
      'TranscribeAPIAzureSpeechKey',
      'Key',
    ];
    expect(credentials.filter((key) => !looksLikeCredential(key))).toEqual([]);
    expect(
      [
        'KeyboardLayout',
        'ChannelKey',
        'EnableTokens',
        'Keywords',
        'MonkeyName',
        'GPGKeyServer',
        'PublicKey',
        'SecretaryName',
      ].filter(looksLikeCredential),
    ).toEqual([]);
  });
});
