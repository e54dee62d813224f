// The checks every bundler's test file runs on its own real build (one file per bundler, so vitest
// builds them in parallel): the five ways in fail the build with the right origin, a clean app passes,
// and a key only in server output passes unless `includeServer` is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf, redactKey } from '../../src/detect/index.js';
import { INSTALL_TIMEOUT, project, reportLines, toolchain, type Project, type Toolchain } from './harness.js';
import { appFiles, expectedOrigins, leaks, PLACEHOLDER } from './app.js';

export interface BundlerSpec {
  /** `rollup@4.69.3`: the cache folder. */
  label: string;
  dependencies: Record<string, string>;
  /** How the app reads the env variable (`process.env.PUBLIC_AISA_KEY`). */
  envRead: string;
  envName: string;
  /** Build files: a config or script that reads DEFINE_KEY, SERVER and INCLUDE_SERVER from the environment. */
  files: Record<string, string>;
  /** `node` arguments for a build, given the toolchain. */
  command(chain: Toolchain): string[];
  /** The client output file that holds the keys. */
  output: RegExp;
  /** The server output file; absent: the bundler has no notion of server output. */
  serverOutput?: RegExp;
  /** The define's expected origin text when it differs (a plugin the check cannot read). */
  define?: string;
}

export function bundlerSuite(spec: BundlerSpec): void {
  const keys = leaks(spec.label);
  describe(`unplugin-aisa-guard on ${spec.label}`, () => {
    let chain: Toolchain;
    let leaky: Project;
    let clean: Project;
    const env = (more: Record<string, string> = {}) => ({ DEFINE_KEY: keys.define, [spec.envName]: keys.env, ...more });

    beforeAll(async () => {
      chain = await toolchain(spec.label, spec.dependencies);
      leaky = project(chain, { ...appFiles(keys, 'js', spec.envRead), ...spec.files });
      clean = project(chain, { ...appFiles(undefined, 'js', spec.envRead), ...spec.files });
    }, INSTALL_TIMEOUT);
    afterAll(() => {
      leaky?.remove();
      clean?.remove();
    });

    it('fails the build with one line per key: output file, source file and line, define / env / package', async () => {
      const { code, output } = await leaky.build(spec.command(chain), env());
      if (process.env.SHOW_BUILD_OUTPUT) console.log(output);
      expect(code, output).toBe(1);
      expect(output).toMatch(/aisa-guard: \d+ AIsa API keys in the client output:/);
      const lines = reportLines(output);
      const outputLine = new RegExp(`^${spec.output.source}:\\d+:\\d+: AIsa API key `);
      for (const [key, origin] of expectedOrigins(keys, spec.envName, 'js', spec.define)) {
        const line = lines.find((l) => l.includes(redactKey(key)) && outputLine.test(l));
        expect(line, `no line for ${redactKey(key)} in:\n${output}`).toBeDefined();
        expect(line).toMatch(origin);
      }
      for (const key of Object.values(keys)) expect(output).not.toContain(key);
    }, 300_000);

    it("options: failOn 'warn' reports without failing; allowFingerprints accepts keys", async () => {
      const warned = await leaky.build(spec.command(chain), env({ GUARD_OPTIONS: JSON.stringify({ failOn: 'warn' }) }));
      expect(warned.code, warned.output).toBe(0);
      expect(reportLines(warned.output).some((l) => l.includes(redactKey(keys.literal)))).toBe(true);
      const allowFingerprints = Object.values(keys).map(fingerprintOf);
      const allowed = await leaky.build(spec.command(chain), env({ GUARD_OPTIONS: JSON.stringify({ allowFingerprints }) }));
      expect(allowed.output).not.toContain('AIsa API key');
      expect(allowed.code, allowed.output).toBe(0);
    }, 300_000);

    it('passes a clean build (placeholders only)', async () => {
      const { code, output } = await clean.build(spec.command(chain), { DEFINE_KEY: PLACEHOLDER, [spec.envName]: PLACEHOLDER });
      expect(output).not.toContain('aisa-guard');
      expect(code, output).toBe(0);
    }, 300_000);

    // Rollup has no server output of its own (Vite's SSR builds are tested in vite.test.ts).
    if (spec.serverOutput) it('does not flag a key only in server output, unless includeServer is set', async () => {
      const server = await leaky.build(spec.command(chain), env({ SERVER: '1' }));
      expect(server.output).not.toContain('aisa-guard');
      expect(server.code, server.output).toBe(0);
      const included = await leaky.build(spec.command(chain), env({ SERVER: '1', INCLUDE_SERVER: '1' }));
      expect(included.code, included.output).toBe(1);
      expect(included.output).toMatch(/aisa-guard: \d+ AIsa API keys? in the server output:/);
      const serverLine = new RegExp(`^${spec.serverOutput!.source}:\\d+:\\d+: .* from src/server\\.js:1:\\d+$`);
      expect(reportLines(included.output).filter((l) => l.includes(redactKey(keys.server)) && serverLine.test(l))).toHaveLength(1);
    }, 300_000);
  });
}
