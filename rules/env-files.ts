// Env files that are templates, meant to be committed.
import path from 'node:path';

const TEMPLATE_PARTS = new Set(['example', 'sample', 'template']);

/** `.env.example`, `.env.sample`, `.env.template` (also `.env.local.example`): committed on purpose. */
export function isTemplateEnvFile(file: string): boolean {
  return path.basename(file).toLowerCase().split('.').some((part) => TEMPLATE_PARTS.has(part));
}
