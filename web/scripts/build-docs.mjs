// Copies Swagger UI's prebuilt bundle and stylesheet from swagger-ui-dist into
// dist/docs/, where the API reference page (public/docs.html, served at /docs)
// loads them: served by policymap itself, no CDN.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const from = dirname(require.resolve('swagger-ui-dist/package.json'));
const to = join(here, '..', 'dist', 'docs');
mkdirSync(to, { recursive: true });
for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE', 'NOTICE']) {
  copyFileSync(join(from, file), join(to, file === 'LICENSE' || file === 'NOTICE' ? `swagger-ui-${file}.txt` : file));
}
