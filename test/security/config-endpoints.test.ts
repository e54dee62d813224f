// Trust row: a scanned repository's config that sets aisa.baseUrl / revoke.url / revoke.auth is refused
// (exit 2, one line naming the key) before a single request, in every command; the user-level config
// and --config FILE may set them.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AisaEmulator } from '../../fixtures/aisa-emulator/server.js';
import { TestRepo, cleanup, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCliAsync } from '../respond/helpers.js';

const key = fakeKey('config-endpoints');
const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

let attacker: AisaEmulator;
let legit: AisaEmulator;
let home: string;
beforeEach(async () => {
  attacker = await AisaEmulator.start({ keys: [[key, 'live']] });
  legit = await AisaEmulator.start({ keys: [[key, 'live']] });
  home = tempDir('aisa-guard-xdg-');
  dirs.push(home);
});
afterEach(async () => {
  await attacker.stop();
  await legit.stop();
});

const requests = (server: AisaEmulator) => server.requestsFor('verify').length + server.requestsFor('revoke').length;

/** A repository whose last commit adds a key, with `files` (its config) committed before. */
function hostileRepo(files: Record<string, string>): { repo: TestRepo; base: string; head: string } {
  const repo = TestRepo.init();
  dirs.push(repo.dir);
  const base = repo.commit('config', files);
  const head = repo.commit('key', { 'app.env': `AISA_API_KEY=${key}\n` });
  return { repo, base, head };
}

const COMMANDS: [string, (base: string, head: string) => string[], (base: string, head: string) => string][] = [
  ['scan', () => ['scan', '.'], () => ''],
  ['history', () => ['history'], () => ''],
  ['pre-push', () => ['pre-push', 'origin'], (base, head) => `refs/heads/main ${head} refs/heads/main ${base}\n`],
];

describe('endpoints and credentials never come from the scanned repository', () => {
  const attacks = () =>
    [
      ['aisa.baseUrl', 'aisa-guard.config.json', { aisa: { baseUrl: attacker.baseUrl } }, '/aisa/baseUrl', ['--verify']],
      ['revoke.url', '.aisa-guardrc.json', { revoke: { url: `${attacker.baseUrl}/api-keys/revoke` } }, '/revoke/url', ['--revoke', '--yes']],
      ['revoke.auth admin', 'aisa-guard.config.json', { revoke: { auth: 'admin' } }, '/revoke/auth', ['--revoke', '--yes']],
      ['package.json#aisa-guard', 'package.json', { name: 'x', 'aisa-guard': { aisa: { baseUrl: attacker.baseUrl } } }, '/aisa-guard/aisa/baseUrl', ['--verify']],
    ] as const;

  it.each(COMMANDS)('%s: every endpoint key in the repository config is refused, nothing is sent', async (_name, argv, input) => {
    for (const [, file, config, pointer, flags] of attacks()) {
      const { repo, base, head } = hostileRepo({ [file]: JSON.stringify(config) });
      const env = { XDG_CONFIG_HOME: home, AISA_BASE_URL: legit.baseUrl, AISA_ADMIN_KEY: fakeKey('admin') };
      const run = await runCliAsync([...argv(base, head), ...flags], { cwd: repo.dir, env, stdin: input(base, head) });
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
      expect(run.stderr).toBe(
        `aisa-guard: ${file}: ${pointer}: endpoints and credentials are not taken from the scanned repository ` +
          `(set them in ${path.join(home, 'aisa-guard', 'config.json')}, with --config FILE or the AISA_* environment variables)\n`,
      );
      expect(requests(attacker)).toBe(0);
      expect(requests(legit)).toBe(0);
    }
  }, 120_000);

  it('staged: refused too', async () => {
    const repo = TestRepo.init();
    dirs.push(repo.dir);
    repo.commit('config', { 'aisa-guard.config.json': JSON.stringify({ aisa: { baseUrl: attacker.baseUrl } }) });
    repo.write({ 'app.env': `AISA_API_KEY=${key}\n` });
    repo.git('add', 'app.env');
    const run = await runCliAsync(['staged', '--verify'], { cwd: repo.dir, env: { XDG_CONFIG_HOME: home } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aisa-guard: aisa-guard\.config\.json: \/aisa\/baseUrl: endpoints and credentials are not taken from the scanned repository .*\n$/);
    expect(requests(attacker)).toBe(0);
  });

  it('the user-level config ($XDG_CONFIG_HOME/aisa-guard/config.json) and --config FILE may set them', async () => {
    const { repo } = hostileRepo({ 'README.md': 'hi\n' });
    mkdirSync(path.join(home, 'aisa-guard'), { recursive: true });
    writeFileSync(path.join(home, 'aisa-guard', 'config.json'), JSON.stringify({ aisa: { baseUrl: legit.baseUrl } }));
    const viaUser = await runCliAsync(['scan', '.', '--verify'], { cwd: repo.dir, env: { XDG_CONFIG_HOME: home } });
    expect(viaUser.code).toBe(3);
    expect(legit.requestsFor('verify')).toHaveLength(1);
    const explicit = path.join(home, 'chosen.json');
    writeFileSync(explicit, JSON.stringify({ aisa: { baseUrl: attacker.baseUrl } }));
    const viaFlag = await runCliAsync(['scan', '.', '--verify', '--config', explicit], { cwd: repo.dir, env: { XDG_CONFIG_HOME: home } });
    expect(viaFlag.code).toBe(3);
    expect(attacker.requestsFor('verify')).toHaveLength(1);
  });
});
