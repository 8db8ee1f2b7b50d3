// dist/server.js: starts the language server bundle (dist/server-main.js) with the code cache (see codeCache.ts).
import * as path from 'node:path';
import { runCached } from './codeCache';

runCached(path.join(__dirname, 'server-main.js'), { whenReady: true });
