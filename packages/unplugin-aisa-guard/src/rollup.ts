// `import aisaGuard from 'unplugin-aisa-guard/rollup'`: the rollup plugin.
import { unplugin } from './index.js';

export default unplugin.rollup;
