// The app every bundler test builds: one key arriving through each way a key reaches a client bundle.
// Keys are generated per run (test/helpers/keys.ts); `clean` swaps every key for a placeholder.
import { fakeKey } from '../helpers/keys.js';

export interface Leaks {
  define: string;
  env: string;
  json: string;
  dependency: string;
  literal: string;
  /** Only in server code. */
  server: string;
}

export function leaks(bundler: string): Leaks {
  const key = (way: string) => fakeKey(`bundler:${bundler}:${way}:${process.pid}`);
  return { define: key('define'), env: key('env'), json: key('json'), dependency: key('dependency'), literal: key('literal'), server: key('server') };
}

export const PLACEHOLDER = 'sk-aisa-your-key-here';

/**
 * Source files (`ext`: js or ts) reading the five keys: `__AISA_KEY__` (a define), `envRead` (an env
 * variable as the bundler exposes it), src/config.json, the leaky-sdk package, a literal in src/literal.
 */
export function appFiles(keys: Leaks | undefined, ext: 'js' | 'ts', envRead: string): Record<string, string> {
  return {
    [`src/leaks.${ext}`]: [
      "import config from './config.json';",
      `import { literalKey } from './literal.${ext}';`,
      "import { sdkKey } from 'leaky-sdk';",
      ext === 'ts' ? 'declare const __AISA_KEY__: string;' : '// the next line reads a define',
      'export const fromDefine = __AISA_KEY__;',
      `export const fromEnv = ${envRead};`,
      'export const all = [config.aisaKey, literalKey, sdkKey, fromDefine, fromEnv];',
      '',
    ].join('\n'),
    [`src/main.${ext}`]: `import { all } from './leaks.${ext}';\nconsole.log(all.join(','));\n`,
    // What only the server bundle holds.
    [`src/server.${ext}`]: `const serverKey = '${keys?.server ?? PLACEHOLDER}';\nconsole.log(serverKey);\n`,
    'src/config.json': JSON.stringify({ name: 'demo', aisaKey: keys?.json ?? PLACEHOLDER }, null, 2) + '\n',
    [`src/literal.${ext}`]: `// the key pasted in by hand\nexport const literalKey = '${keys?.literal ?? PLACEHOLDER}';\n`,
    'node_modules/leaky-sdk/package.json': JSON.stringify({ name: 'leaky-sdk', version: '1.0.0', type: 'module', main: 'index.js' }),
    'node_modules/leaky-sdk/index.js': `// a dependency that ships its vendor's key\nexport const sdkKey = '${keys?.dependency ?? PLACEHOLDER}';\n`,
  };
}

/** What each key's report line must name besides the output file. */
export function expectedOrigins(keys: Leaks, env: string, extension: 'js' | 'ts', define = '\\(define __AISA_KEY__\\b'): [string, RegExp][] {
  return [
    [keys.define, new RegExp(`from src/leaks\\.${extension}:5:\\d+ ${define}`)],
    [keys.env, new RegExp(`from src/leaks\\.${extension}:6:\\d+ \\(.*env ${env}\\b`)],
    [keys.json, /from src\/config\.json:3:\d+$/],
    [keys.dependency, /from node_modules\/leaky-sdk\/index\.js:2:\d+ \(package leaky-sdk\)$/],
    [keys.literal, new RegExp(`from src/literal\\.${extension}:2:\\d+$`)],
  ];
}

/** The redacted form the report prints (aisa-guard's redactKey: first 4 and last 4 of the body). */
export function redacted(key: string): string {
  const body = key.slice('sk-aisa-'.length);
  return `sk-aisa-${body.slice(0, 4)}…${body.slice(-4)}`;
}
