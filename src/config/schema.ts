// Validates a config object against the JSON Schema we ship (schema/aisa-guard.schema.json) and turns
// the first problem into "JSON path: what is wrong", the way a user can fix it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { AisaGuardConfig } from './types.js';

// Loaded only when a config file exists: a plain scan never pays for ajv. Self-reference through
// package.json `exports` finds the schema from src/ (tests) and dist/ (installed) alike.
const require = createRequire(import.meta.url);

let validator: ValidateFunction | undefined;

function validate(value: unknown): ErrorObject | undefined {
  if (!validator) {
    const { Ajv } = require('ajv') as typeof import('ajv');
    const schema = JSON.parse(readFileSync(require.resolve('aisa-guard/schema.json'), 'utf8'));
    validator = new Ajv({ allowUnionTypes: true, verbose: true }).compile(schema);
  }
  return validator(value) ? undefined : (validator.errors ?? [])[0];
}

/** Why patterns exist, said in words rather than as a regular expression. */
const PATTERN_MEANING: Record<string, string> = {
  allowFingerprints: 'must be a sha256 fingerprint (64 lowercase hex characters)',
  maxFileSize: 'must be a size like 500KB, 10MB or 1GB',
  maxArchiveBytes: 'must be a size like 500KB, 10MB or 1GB',
  baseUrl: 'must be an http(s) URL',
  url: 'must be an http(s) URL',
};

/** `undefined` when valid; otherwise `"<json path>: <problem>"`, the path prefixed with `pointerPrefix`. */
export function configProblem(value: unknown, pointerPrefix = ''): string | undefined {
  const error = validate(value);
  if (error) return `${pointerPrefix}${describe(error)}`;
  const globs = (value as AisaGuardConfig).ignore ?? [];
  for (const [index, glob] of globs.entries()) {
    if (!isValidGlob(glob)) return `${pointerPrefix}/ignore/${index}: ${JSON.stringify(glob)} is not a valid glob`;
  }
  return undefined;
}

function describe(error: ErrorObject): string {
  const at = error.instancePath || '';
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
      return `${at}/${key}: unknown key (known: ${known.join(', ')})`;
    }
    case 'type': {
      const types = ([] as string[]).concat((error.params as { type: string | string[] }).type);
      return `${at || '/'}: must be ${types.map(article).join(' or ')}`;
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
      return `${at}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    case 'pattern': {
      const name = at.split('/').filter((part) => !/^\d+$/.test(part)).pop() ?? '';
      return `${at}: ${PATTERN_MEANING[name] ?? error.message}`;
    }
    case 'minLength':
      return `${at}: must not be empty`;
    default:
      return `${at || '/'}: ${error.message}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** picomatch with strict brackets throws on unbalanced [ { ( — the mistakes that silently match nothing. */
export function isValidGlob(glob: string): boolean {
  try {
    (require('picomatch') as typeof import('picomatch')).makeRe(glob, { strictBrackets: true });
    return true;
  } catch {
    return false;
  }
}
