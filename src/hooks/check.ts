// `aisa-guard init --check`: follows what git will really run for each hook (core.hooksPath, husky's
// `_/` wrappers) and says whether that ends in aisa-guard, and if not, why.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { HOOK_MARKER, HOOK_NAMES, isHuskyLine, type HookName } from './scripts.js';
import { locate, type HookPlace } from './where.js';

export interface HookStatus {
  hook: HookName;
  active: boolean;
  /** Why (not) active, in words; paths relative to the work tree root. */
  reason: string;
}

export async function checkHooks(cwd: string): Promise<HookStatus[]> {
  const place = await locate(cwd);
  return HOOK_NAMES.map((hook) => checkHook(place, hook));
}

function checkHook(place: HookPlace, hook: HookName): HookStatus {
  const show = (file: string) => path.relative(place.root, file) || file;
  const file = path.join(place.hooksDir, hook);
  const via = place.hooksPath ? ` (core.hooksPath = ${place.hooksPath.value}, ${place.hooksPath.scope} config)` : '';
  const no = (reason: string): HookStatus => ({ hook, active: false, reason });
  if (process.env.HUSKY === '0' && place.hooksPath?.value.endsWith('_')) return no('HUSKY=0 is set: husky skips every hook');
  const text = readText(file);
  if (text === undefined) return no(`git runs ${show(file)}${via}, which does not exist`);
  if (!executable(file)) return no(`${show(file)} is not executable (chmod +x ${show(file)})`);
  if (text.includes(HOOK_MARKER)) return cliStatus(place, hook, `${show(file)} runs aisa-guard`);
  // husky 9: `_/<hook>` sources `_/h`, which runs `<husky dir>/<hook>` with sh.
  if (/\/h"?\s*$/m.test(text) && path.basename(place.hooksDir) === '_') {
    const user = path.join(path.dirname(place.hooksDir), hook);
    const body = readText(user);
    if (body === undefined) return no(`husky runs ${show(user)}, which does not exist (run "aisa-guard init")`);
    if (!body.split('\n').some((l) => isHuskyLine(l, hook))) {
      return no(`husky runs ${show(user)}, which does not call aisa-guard (replaced by "husky init"? run "aisa-guard init" again)`);
    }
    return cliStatus(place, hook, `husky runs ${show(user)}, which calls aisa-guard`);
  }
  if (text.split('\n').some((l) => isHuskyLine(l, hook))) return cliStatus(place, hook, `${show(file)} calls aisa-guard`);
  return no(`git runs ${show(file)}${via}, which does not call aisa-guard (run "aisa-guard init")`);
}

/** The hook is in place; is the CLI it calls there? */
function cliStatus(place: HookPlace, hook: HookName, reason: string): HookStatus {
  if (process.env.AISA_GUARD_BIN) return { hook, active: true, reason: `${reason} ($AISA_GUARD_BIN)` };
  const project = place.global ? undefined : place.cli.project;
  if (project && existsSync(path.join(place.root, project))) return { hook, active: true, reason: `${reason} (${project})` };
  if (place.cli.installed && existsSync(place.cli.installed)) return { hook, active: true, reason: `${reason} (${place.cli.installed})` };
  return { hook, active: false, reason: `${reason}, but no installed aisa-guard CLI was found: run "npm install -D aisa-guard" in ${path.relative(place.root, place.packageDir) || '.'}` };
}

function readText(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
