// The validation cases of a module as a native Terraform test file, generated from its variable
// specs: one `run` per value a validation `rejects`. Each run plans a copy of the module's
// variables.tf alone (no resources, so no provider starts) and expects exactly that variable's
// validation to fail. Accepted values and rules across inputs stay in hand-written test files.
import { posix } from 'node:path';
import { tidy } from './hcl.js';
import type { Rejected, VariableSpec } from './spec.js';

export interface ValidationTestOptions {
  /** The module's directory, relative to the repository root (`.`, `modules/reconciler`). */
  readonly moduleDir: string;
  /** The directory holding the copy of its variables.tf alone, relative to the repository root. */
  readonly variablesDir: string;
  /** The hand-written file with the accepted values, named in the header. */
  readonly acceptedIn: string;
  /** The first line: what the file is generated from (the synthesizer's header line). */
  readonly generatedFrom: string;
}

const HEADER = (o: ValidationTestOptions): string[] => [
  o.generatedFrom,
  '#',
  '# One run per value a validation block must reject: it plans the module\'s variables.tf alone',
  `# (the copy in ${o.variablesDir}: no provider starts) and expects exactly that variable to fail.`,
  `# Accepted values and rules across inputs: ${o.acceptedIn}.`,
  '# Run by scripts/terraform-checks.sh: `terraform test` (>= 1.7) and `tofu test`; for Terraform 1.5.7',
  '# it reads the cases from this file and plans each with `-var-file` (values are one line of plain HCL).',
  '',
];

/** The `<name>.tftest.hcl` text: a run per rejected value, file-level values for the required inputs. */
export async function renderValidationTests(specs: readonly VariableSpec[], o: ValidationTestOptions): Promise<string> {
  const relative = posix.relative(o.moduleDir, o.variablesDir);
  const source = relative.startsWith('..') ? relative : `./${relative}`;
  const required = specs.filter((s) => !('default' in s));
  const lines = [...HEADER(o)];
  if (required.length) {
    lines.push('# Valid values for the required inputs a run does not set.', 'variables {');
    for (const s of required) {
      if (s.example === undefined) throw new Error(`${o.moduleDir}: required variable ${s.name} needs an example (a valid value) for its validation cases`);
      lines.push(`${s.name} = ${s.example}`);
    }
    lines.push('}', '');
  }
  const names = new Set<string>();
  for (const spec of specs) {
    const seen = new Set<string>();
    for (const validation of spec.validations ?? []) {
      const cases = Object.entries(validation.rejects);
      if (!cases.length) throw new Error(`${o.moduleDir}: a validation of ${spec.name} rejects no value; give it at least one`);
      for (const [label, rejected] of cases) {
        const c = typeof rejected === 'string' ? { value: rejected } : rejected;
        if (seen.has(c.value)) continue; // the same value under another validation block of the variable
        seen.add(c.value);
        const name = `${spec.name}_${label}`;
        if (names.has(name)) throw new Error(`${o.moduleDir}: two validation cases named ${name}`);
        names.add(name);
        lines.push(...runBlock(name, spec.name, c, source));
      }
    }
  }
  return tidy(lines);
}

function runBlock(name: string, variable: string, c: Exclude<Rejected, string>, source: string): string[] {
  if (/\n/.test(c.value) || Object.values(c.with ?? {}).some((v) => /\n/.test(v))) throw new Error(`validation case ${name}: values must be one line of HCL`);
  return [
    ...(c.why ? [`# ${c.why}`] : []),
    `run "${name}" {`,
    'command = plan',
    '',
    'module {',
    `source = "${source}"`,
    '}',
    '',
    'variables {',
    ...Object.entries(c.with ?? {}).map(([k, v]) => `${k} = ${v}`),
    `${variable} = ${c.value}`,
    '}',
    '',
    `expect_failures = [var.${variable}]`,
    '}',
    '',
  ];
}
