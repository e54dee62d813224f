// System tools some tests need (7zz, cpio, pre-commit…). On a machine with only Node and git those tests
// are skipped with one line naming the Debian package; under CI (CI=true, or AISA_GUARD_REQUIRE_TOOLS=1,
// set by .ci/run, which installs them all) a missing tool fails instead: a skip must never hide a gap.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

const found = new Map<string, boolean>();

/** `command` is an executable on PATH. */
export function hasTool(command: string): boolean {
  let known = found.get(command);
  if (known === undefined) {
    known = (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
      try {
        accessSync(path.join(dir || '.', command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    found.set(command, known);
  }
  return known;
}

/** Missing tools are failures, not skips: in CI, where .ci/run installs every one. */
export const toolsRequired = (): boolean => process.env.AISA_GUARD_REQUIRE_TOOLS === '1' || process.env.CI === 'true';

const announced = new Set<string>();

/**
 * The condition for `describe.skipIf(...)` / `it.skipIf(...)`: true (skip) when `command` is missing and
 * tools are not required, printing one line naming the Debian package. When they are required, a missing
 * tool throws at collection time, so the suite fails and names it.
 */
export function needsTool(command: string, debianPackage: string): boolean {
  if (hasTool(command)) return false;
  const line = `${command} not found: install the Debian package ${debianPackage} (apt-get install ${debianPackage})`;
  if (toolsRequired()) throw new Error(`${line}; required because ${process.env.AISA_GUARD_REQUIRE_TOOLS === '1' ? 'AISA_GUARD_REQUIRE_TOOLS=1' : 'CI=true'}`);
  if (!announced.has(command)) {
    announced.add(command);
    process.stderr.write(`skipped: tests that need ${line}\n`);
  }
  return true;
}

/** Any of several tools (e.g. the one archive maker present), for tests that need one of them. */
export function needsTools(tools: readonly [command: string, debianPackage: string][]): boolean {
  return tools.some(([command, pkg]) => needsTool(command, pkg));
}
