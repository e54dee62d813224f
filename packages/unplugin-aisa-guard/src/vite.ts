// `import aisaGuard from 'unplugin-aisa-guard/vite'`: the vite plugin.
import { unplugin } from './index.js';

export default unplugin.vite;
