// `import aisaGuard from 'unplugin-aisa-guard/rspack'`: the rspack plugin.
import { unplugin } from './index.js';

export default unplugin.rspack;
