// `aisa-guard/eslint-plugin` moved to its own package, `eslint-plugin-aisa-guard`, so the CLI installs
// without ESLint, TypeScript or a parser. This re-export keeps old imports working once it is installed.
let plugin;
try {
  plugin = (await import('eslint-plugin-aisa-guard')).default;
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes("'eslint-plugin-aisa-guard'")) throw error;
  throw new Error('aisa-guard/eslint-plugin now lives in its own package: npm install --save-dev eslint-plugin-aisa-guard');
}
export default plugin;
