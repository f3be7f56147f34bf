// `npm run synth` / `npm run check:synth`: the catalogue of modules (modules/catalog.ts) through
// the synthesizer (generator/synth.ts).
//
//   npm run synth                 # main.tf, a file per section (iam.tf, ...), variables.tf outputs.tf
//                                 # versions.tf at the root and in every modules/<name>/ (and removes
//                                 # a generated .tf file it no longer writes); the terraform-docs tables in README.md,
//                                 # modules/<name>/README.md and examples/<name>/README.md; and
//                                 # wrappers/ (one module call per item, for each module); and
//                                 # docs/module-reference.md; and .gitattributes
//   npm run check:synth           # synthesizes into a temporary directory and fails, naming the
//                                 # file, when a committed file differs or is missing, or a .tf file
//                                 # beside generated ones is not generated any more
//   tsx scripts/synth.ts --out D  # writes into D instead of the repository
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleFiles, synthesize, writeFiles } from '../generator/synth.js';
import { CATALOG } from '../modules/catalog.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--check')) {
    const stale = await staleFiles(CATALOG, REPO_ROOT);
    for (const { path, problem } of stale) console.error(`stale: ${path} ${problem}`);
    if (stale.length === 0) console.error('generated HCL and docs are up to date');
    return stale.length ? 1 : 0;
  }
  const outIndex = argv.indexOf('--out');
  const root = outIndex >= 0 ? resolve(argv[outIndex + 1] ?? '.') : REPO_ROOT;
  const files = await synthesize(CATALOG, REPO_ROOT);
  const removed = writeFiles(root, files);
  for (const path of files.keys()) console.error(`wrote ${join(root, path)}`);
  for (const path of removed) console.error(`removed ${join(root, path)} (no longer generated)`);
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
