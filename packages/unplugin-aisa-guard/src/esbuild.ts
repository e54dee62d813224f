// `import aisaGuard from 'unplugin-aisa-guard/esbuild'`: the esbuild plugin.
import { unplugin } from './index.js';

export default unplugin.esbuild;
