// `npm run synth` / `npm run check:synth`: the catalogue of modules (modules/catalog.ts) through
// the synthesizer (generator/synth.ts).
//
//   npm run synth                 # main.tf variables.tf outputs.tf versions.tf at the root and in
//                                 # every modules/<name>/; the terraform-docs tables in README.md,
//                                 # modules/<name>/README.md and examples/<name>/README.md; and
//                                 # wrappers/ (one module call per item, for each module); and
//                                 # docs/module-reference.md
//   npm run check:synth           # synthesizes into a temporary directory and fails, naming the
//                                 # file, when a committed file differs
//   tsx scripts/synth.ts --out D  # writes into D instead of the repository
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleFiles, synthesize, writeFiles } from '../generator/synth.js';
import { CATALOG } from '../modules/catalog.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--check')) {
    const stale = await staleFiles(CATALOG, REPO_ROOT);
    for (const path of stale) console.error(`stale: ${path} differs from a fresh synth; run \`npm run synth\` and commit it`);
    if (stale.length === 0) console.error('generated HCL and docs are up to date');
    return stale.length ? 1 : 0;
  }
  const outIndex = argv.indexOf('--out');
  const root = outIndex >= 0 ? resolve(argv[outIndex + 1] ?? '.') : REPO_ROOT;
  const files = await synthesize(CATALOG, REPO_ROOT);
  writeFiles(root, files);
  for (const path of files.keys()) console.error(`wrote ${join(root, path)}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
