// `import aisaGuard from 'unplugin-aisa-guard/webpack'`: the webpack plugin.
import { unplugin } from './index.js';

export default unplugin.webpack;
