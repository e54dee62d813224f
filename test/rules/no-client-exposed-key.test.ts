import rule from '../../rules/no-client-exposed-key.js';
import { ruleTester, testerRule } from './tester.js';

const exposed = (name: string, prefix: string, line: number, column: number, endColumn: number) => ({
  messageId: 'exposedEnv' as const,
  data: { name, prefix },
  line,
  column,
  endColumn,
});

ruleTester.run('no-client-exposed-key', testerRule(rule), {
  valid: [
    // Server-only names, and public names that hold no key.
    'const key = process.env.AISA_API_KEY;',
    'const key = import.meta.env.AISA_API_KEY;',
    'const url = import.meta.env.VITE_AISA_BASE_URL;',
    'const id = process.env.NEXT_PUBLIC_ANALYTICS_KEY;',
    'const { VITE_APP_TITLE } = import.meta.env;',
    'const key = config.VITE_AISA_API_KEY;',
    // A browser client for another provider, and an AIsa client on the server.
    'new OpenAI({ apiKey, baseURL: "https://api.example.com/v1", dangerouslyAllowBrowser: true });',
    'new OpenAI({ apiKey, baseURL: "https://api.aisa.one/v1" });',
    'new OpenAI({ apiKey, baseURL: "https://api.aisa.one/v1", dangerouslyAllowBrowser: false });',
    { code: 'const key = process.env.VITE_LLM_KEY;', options: [{ keyNames: ['OTHER_KEY'] }] },
  ],
  invalid: [
    {
      code: 'const key = import.meta.env.VITE_AISA_API_KEY;',
      errors: [exposed('VITE_AISA_API_KEY', 'VITE_', 1, 13, 46)],
    },
    {
      code: 'const key = process.env.NEXT_PUBLIC_AISA_API_KEY;',
      errors: [exposed('NEXT_PUBLIC_AISA_API_KEY', 'NEXT_PUBLIC_', 1, 13, 49)],
    },
    {
      code: 'const key = process.env["REACT_APP_AISA_KEY"];',
      errors: [exposed('REACT_APP_AISA_KEY', 'REACT_APP_', 1, 13, 46)],
    },
    {
      code: 'const name = "EXPO_PUBLIC_AISA_TOKEN";\nconst key = process.env[name];',
      errors: [exposed('EXPO_PUBLIC_AISA_TOKEN', 'EXPO_PUBLIC_', 2, 13, 30)],
    },
    {
      code: 'const { NUXT_PUBLIC_AISA_SECRET, OTHER } = process.env;',
      errors: [exposed('NUXT_PUBLIC_AISA_SECRET', 'NUXT_PUBLIC_', 1, 9, 32)],
    },
    {
      code: 'const { VITE_AISA_API_KEY: apiKey } = import.meta.env;',
      errors: [exposed('VITE_AISA_API_KEY', 'VITE_', 1, 9, 26)],
    },
    {
      code: 'let key;\n({ GATSBY_AISA_API_KEY: key } = process.env);',
      errors: [exposed('GATSBY_AISA_API_KEY', 'GATSBY_', 2, 4, 23)],
    },
    {
      code: 'const key = process.env.STORYBOOK_AISA_KEY ?? process.env.PUBLIC_AISA_KEY;',
      errors: [exposed('STORYBOOK_AISA_KEY', 'STORYBOOK_', 1, 13, 43), exposed('PUBLIC_AISA_KEY', 'PUBLIC_', 1, 47, 74)],
    },
    {
      code: "import { PUBLIC_AISA_API_KEY } from '$env/static/public';",
      errors: [exposed('PUBLIC_AISA_API_KEY', 'PUBLIC_', 1, 10, 29)],
    },
    {
      code: 'export function App() {\n  return <Chat apiKey={import.meta.env.VITE_AISA_API_KEY} />;\n}',
      filename: 'App.tsx',
      errors: [exposed('VITE_AISA_API_KEY', 'VITE_', 2, 24, 57)],
    },
    {
      // Options: a house prefix, and a key stored under a generic name.
      code: 'const a = process.env.CLIENT_AISA_KEY;\nconst b = import.meta.env.VITE_LLM_KEY;',
      options: [{ prefixes: ['CLIENT_'], keyNames: ['LLM_KEY'] }],
      errors: [exposed('CLIENT_AISA_KEY', 'CLIENT_', 1, 11, 38), exposed('VITE_LLM_KEY', 'VITE_', 2, 11, 39)],
    },
    {
      code: [
        'const client = new OpenAI({',
        '  apiKey: userKey,',
        '  baseURL: "https://api.aisa.one/v1",',
        '  dangerouslyAllowBrowser: true,',
        '});',
      ].join('\n'),
      errors: [{ messageId: 'browserClient', line: 4, column: 3, endColumn: 32 }],
    },
    {
      // The options object in a constant, the URL in another, any class name.
      code: [
        'const AISA_URL = "https://api.aisa.one/v1";',
        'const settings = { apiKey: key, baseURL: AISA_URL, dangerouslyAllowBrowser: true };',
        'const client = new ChatClient(settings);',
      ].join('\n'),
      errors: [{ messageId: 'browserClient', line: 2, column: 52, endColumn: 81 }],
    },
    {
      // Not static, but named after AIsa.
      code: 'new OpenAI({ baseURL: import.meta.env.VITE_AISA_BASE_URL, dangerouslyAllowBrowser: true });',
      errors: [{ messageId: 'browserClient', line: 1, column: 59, endColumn: 88 }],
    },
  ],
});
