// Build the reconciler artifact: one minified ESM file bundled with the pinned AWS SDK v3
// clients, zipped deterministically (same sources → same bytes) so it can be committed and
// consumers need no Node.js to apply the module.
//
//   tsx lambda/build.ts             write lambda/dist/reconciler.zip and .sha256
//   tsx lambda/build.ts --check     rebuild in a temp dir, fail if the committed zip differs
//   tsx lambda/build.ts --analyze   also print what dominates the bundle
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import yazl from 'yazl';

const here = dirname(fileURLToPath(import.meta.url));
export const ENTRY = join(here, 'src', 'index.ts');
export const DIST = join(here, 'dist');
export const ZIP_NAME = 'reconciler.zip';
export const ENTRY_NAME = 'index.mjs';

// Fixed zip metadata: DOS timestamp 1980-01-01 00:00 (built from local fields, so the same in
// every time zone), regular file rw-r--r--, deflate level 9.
const ZIP_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const ZIP_MODE = 0o100644;
const ZIP_LEVEL = 9;

/**
 * The SDK's default credential chain (SSO, INI files, STS web identity, IMDS...) is about a
 * third of the bundle. Lambda and the emulator provide credentials in the environment, so the
 * bundle reads only those (lambda/src/credentials.ts). RECONCILER_FULL_CREDENTIAL_CHAIN=1
 * builds with the full chain instead.
 */
const envCredentialsOnly: esbuild.Plugin = {
  name: 'env-credentials-only',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: join(here, 'src', 'credentials.ts'),
    }));
  },
};

export interface BundleResult {
  readonly code: Buffer;
  readonly metafile: esbuild.Metafile;
}

export async function bundleReconciler(): Promise<BundleResult> {
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    treeShaking: true,
    // ESM builds of the SDK (dist-es) tree-shake; the CJS ones (dist-cjs) do not.
    mainFields: ['module', 'main'],
    legalComments: 'none',
    charset: 'utf8',
    // No createRequire banner: the ESM builds of the SDK import Node built-ins, and the
    // bundle has no require() call (checked after each build below).
    plugins: process.env.RECONCILER_FULL_CREDENTIAL_CHAIN === '1' ? [] : [envCredentialsOnly],
    write: false,
    metafile: true,
    logLevel: 'warning',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output');
  if (/\b__require\(/.test(output.text)) throw new Error('bundle calls require(): add a createRequire banner');
  return { code: Buffer.from(output.contents), metafile: result.metafile };
}

export function zipDeterministic(code: Buffer, entryName = ENTRY_NAME): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(code, entryName, {
      mtime: ZIP_MTIME,
      mode: ZIP_MODE,
      compress: true,
      compressionLevel: ZIP_LEVEL,
      forceDosTimestamp: true,
    });
    zip.end();
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolvePromise(Buffer.concat(chunks)));
  });
}

/** As Terraform's filebase64sha256(). */
export function base64Sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

/** The first entry of a zip written by zipDeterministic (enough to compare contents). */
export function readSingleEntry(zip: Buffer): { name: string; data: Buffer } {
  if (zip.readUInt32LE(0) !== 0x04034b50) throw new Error('not a zip file');
  const method = zip.readUInt16LE(8);
  const nameLength = zip.readUInt16LE(26);
  const extraLength = zip.readUInt16LE(28);
  const name = zip.subarray(30, 30 + nameLength).toString('utf8');
  // yazl streams entries with a data descriptor: sizes live in the central directory.
  const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  const compressedSize = zip.readUInt32LE(central + 20);
  const start = 30 + nameLength + extraLength;
  const raw = zip.subarray(start, start + compressedSize);
  return { name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) };
}

export async function buildArtifact(outDir: string): Promise<{ zipPath: string; zip: Buffer; code: Buffer; sha256: string; metafile: esbuild.Metafile }> {
  const { code, metafile } = await bundleReconciler();
  const zip = await zipDeterministic(code);
  const sha256 = base64Sha256(zip);
  mkdirSync(outDir, { recursive: true });
  const zipPath = join(outDir, ZIP_NAME);
  writeFileSync(zipPath, zip);
  writeFileSync(`${zipPath}.sha256`, `${sha256}\n`);
  return { zipPath, zip, code, sha256, metafile };
}

async function check(): Promise<number> {
  const committedPath = join(DIST, ZIP_NAME);
  if (!existsSync(committedPath)) {
    console.error(`check:lambda: ${committedPath} is missing; run npm run build:lambda and commit lambda/dist`);
    return 1;
  }
  const temp = mkdtempSync(join(tmpdir(), 'reconciler-check-'));
  try {
    const fresh = await buildArtifact(temp);
    const committed = readFileSync(committedPath);
    const committedSha = readFileSync(`${committedPath}.sha256`, 'utf8').trim();
    if (committedSha !== base64Sha256(committed)) {
      console.error(`check:lambda: ${ZIP_NAME}.sha256 does not match ${ZIP_NAME}; run npm run build:lambda and commit lambda/dist`);
      return 1;
    }
    if (fresh.zip.equals(committed)) {
      console.log(`check:lambda: committed ${ZIP_NAME} matches a fresh build (sha256 ${fresh.sha256}, ${committed.length} bytes)`);
      return 0;
    }
    const inner = readSingleEntry(committed);
    if (inner.name === ENTRY_NAME && inner.data.equals(fresh.code)) {
      // Same bundle, different deflate output: another zlib (Node.js version) compressed it.
      console.warn(
        `check:lambda: ${ZIP_NAME} holds the same ${ENTRY_NAME} as a fresh build, but its compressed bytes differ ` +
          `(zlib ${process.versions.zlib} here); rebuild with the Node.js version that built it to get identical bytes`,
      );
      return 0;
    }
    console.error(
      `check:lambda: committed lambda/dist/${ZIP_NAME} (sha256 ${committedSha}) differs from a fresh build of lambda/src ` +
        `(sha256 ${fresh.sha256}): run npm run build:lambda and commit lambda/dist`,
    );
    return 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--check')) return check();
  const outIndex = args.indexOf('--out');
  const outDir = outIndex >= 0 && args[outIndex + 1] ? resolve(args[outIndex + 1]!) : DIST;
  const built = await buildArtifact(outDir);
  console.log(`build:lambda: ${built.zipPath} ${built.zip.length} bytes (${ENTRY_NAME} ${built.code.length} bytes), sha256 ${built.sha256}`);
  if (args.includes('--analyze')) console.log(await esbuild.analyzeMetafile(built.metafile, { verbose: false }));
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
