// dist/cli.js: runs the command-line bundle (dist/cli-main.js) with the code cache (see codeCache.ts).
import * as path from 'node:path';
import { runCached } from './codeCache';

runCached(path.join(__dirname, 'cli-main.js'));
