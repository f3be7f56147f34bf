// Input and output definitions shared by the HCL generator and the CDKTF constructs.
//
// A module's inputs are declared once, as `VariableSpec`s beside its construct. `generator/synth.ts`
// turns them into `variable` blocks (with their `validation` blocks, under their sections' banners),
// the docs table and the validation cases (each validation's `rejects`, generator/tftest.ts); a CDKTF app
// that uses a construct directly gets the same validation conditions as `precondition`s on the
// construct's main resource, with the literal values substituted for `var.<name>`.
import { Construct, TerraformDataSource, TerraformLocal, TerraformOutput, TerraformResource, TerraformVariable } from './cdktf.js';
import { hcl, raw } from './expr.js';
import { comment } from './hcl.js';
import { escapeTemplate, interpolation } from './hcl-text.js';

/**
 * A value a validation must reject, as one line of plain HCL (`"Orders"`, `17`, `["vpc-xyz"]`): the
 * synthesizer writes one `run` per value into the module's generated `validation.tftest.hcl`.
 * The object form adds why the value is wrong (a comment above the run) or other inputs the run sets.
 */
export type Rejected = string | { readonly value: string; readonly why?: string; readonly with?: Readonly<Record<string, string>> };

export interface Validation {
  /** HCL condition over `var.<name>` only (Terraform 1.5 allows no other references). */
  readonly condition: string;
  /** Says what is wrong and how to fix it. */
  readonly message: string;
  /** The values it must reject, by case name (the run is `<variable>_<case>`); at least one. */
  readonly rejects: Readonly<Record<string, Rejected>>;
}

export interface VariableSpec {
  readonly name: string;
  readonly description: string;
  /** HCL type constraint. */
  readonly type: string;
  /** Omitted: the variable is required. `null` is a real default. */
  readonly default?: unknown;
  /** `false` for inputs whose default is not null: passing `null` then means "use the default". */
  readonly nullable?: boolean;
  readonly validations?: readonly Validation[];
  /** The banner it is listed under in variables.tf (set by `specSection()`). */
  readonly section?: string;
  /** A valid value (one line of HCL) that the generated validation cases give a required input. */
  readonly example?: string;
}

export interface OutputSpec {
  readonly name: string;
  readonly description: string;
  /** The banner it is listed under in outputs.tf (set by `specSection()`). */
  readonly section?: string;
}

/**
 * Specs under one banner of variables.tf / outputs.tf: the same specs, each marked with the title.
 * A module's list is made of sections; the files list them by section, in order of first appearance
 * (a spec without a section goes under that of the spec before it: a module's own input).
 */
export function specSection<K extends string>(title: string, specs: Record<K, VariableSpec>): Record<K, VariableSpec>;
export function specSection<K extends string>(title: string, specs: Record<K, OutputSpec>): Record<K, OutputSpec>;
export function specSection(title: string, specs: Record<string, VariableSpec | OutputSpec>): Record<string, VariableSpec | OutputSpec> {
  return Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, { ...spec, section: title }]));
}

/** A module's inputs or outputs: the specs of whole sections, in order. */
export function specsOf<S extends VariableSpec | OutputSpec>(...sections: Array<Readonly<Record<string, S>> | readonly S[]>): S[] {
  return sections.flatMap((s) => (Array.isArray(s) ? [...s] : Object.values(s)));
}

/** Declares the `variable`s of a generated module; returns them by name. */
export function declareVariables(scope: Construct, specs: readonly VariableSpec[]): Record<string, TerraformVariable> {
  const vars: Record<string, TerraformVariable> = {};
  for (const spec of specs) {
    const v = new TerraformVariable(scope, `variable-${spec.name}`, {
      description: spec.description,
      type: spec.type,
      // cdktf cannot emit `default = null`; the HCL renderer writes variables from these specs.
      ...(spec.default !== undefined && spec.default !== null ? { default: spec.default } : {}),
      ...(spec.nullable === false ? { nullable: false } : {}),
      // In Terraform JSON the message is a template (the description and default are taken as written).
      validation: (spec.validations ?? []).map((c) => ({ condition: interpolation(c.condition), errorMessage: escapeTemplate(c.message) })),
    });
    v.overrideLogicalId(spec.name);
    vars[spec.name] = v;
  }
  return vars;
}

/** Declares the `output`s of a generated module from their specs and values. */
export function declareOutputs(scope: Construct, specs: readonly OutputSpec[], values: Readonly<Record<string, string>>): void {
  for (const spec of specs) {
    const value = values[spec.name];
    if (value === undefined) throw new Error(`no value for output ${spec.name}`);
    new TerraformOutput(scope, `output-${spec.name}`, { description: spec.description, value }).overrideLogicalId(spec.name);
  }
}

/**
 * Construct prop name → module variable name: every variable is a prop, in camelCase
 * (`record_ttl` → `recordTtl`), so the mapping follows from the specs.
 */
function propNames(specs: readonly VariableSpec[]): Record<string, string> {
  return Object.fromEntries(specs.map((s) => [propName(s.name), s.name]));
}

function propName(variable: string): string {
  return variable.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The props with the specs' defaults where a prop was not given. */
export function withDefaults<T extends object>(props: T, specs: readonly VariableSpec[]): T {
  const out: Record<string, unknown> = { ...(props as Record<string, unknown>) };
  for (const spec of specs) {
    const prop = propName(spec.name);
    if (out[prop] === undefined && 'default' in spec) out[prop] = spec.default;
  }
  return out as T;
}

/**
 * The props that the specs name, for a composition that passes its inputs on to a part: the
 * part's own variable list decides what is forwarded.
 */
export function pickProps<T extends object>(props: T, specs: readonly VariableSpec[]): Partial<T> {
  const given = props as Record<string, unknown>;
  const names = specs.map((s) => propName(s.name)).filter((prop) => given[prop] !== undefined);
  return Object.fromEntries(names.map((prop) => [prop, given[prop]])) as Partial<T>;
}

const MODULE_SYNTH_CONTEXT = 'elasticache-replica-dns:module-synth';

/** Set by `generator/synth.ts` on the stacks it turns into HCL modules. */
export function markModuleSynth(scope: Construct): void {
  scope.node.setContext(MODULE_SYNTH_CONTEXT, true);
}

/** Whether this construct is being generated as a Terraform module (inputs are `var.*`). */
export function isModuleSynth(scope: Construct): boolean {
  return scope.node.tryGetContext(MODULE_SYNTH_CONTEXT) === true;
}

/** Stable, hand-written-looking addresses (`aws_lambda_function.this`) in generated modules only. */
export function stableId<T extends { overrideLogicalId(id: string): void }>(scope: Construct, element: T, id: string): T {
  if (isModuleSynth(scope)) element.overrideLogicalId(id);
  return element;
}

/** A construct's `local(name, expression, ...comments)`: declares the local (stable address) and returns its reference. */
export function localsIn(scope: Construct): (name: string, expression: string, ...comments: string[]) => string {
  return (name, expression, ...comments) => {
    const l = stableId(scope, new TerraformLocal(scope, name, expression), name);
    if (comments.length) comment(l, ...comments);
    return hcl`${l.fqn}`;
  };
}

/** `<element>[0].<attribute>`: an attribute of a counted element's only instance. */
export function first(element: { fqn: string }, attribute: string): string {
  return hcl`${element.fqn}[0].${raw(attribute)}`;
}

export interface Precondition {
  readonly condition: string;
  readonly errorMessage: string;
}

/**
 * In a CDKTF app, the variable validations of a construct's props, as preconditions (Terraform
 * evaluates them at plan) with the prop values substituted for `var.<name>`. In a generated module
 * the `variable` blocks do this, so there are none.
 */
export function propPreconditions(scope: Construct, specs: readonly VariableSpec[], props: object): Precondition[] {
  if (isModuleSynth(scope)) return [];
  const given = props as Record<string, unknown>;
  const out: Precondition[] = [];
  for (const spec of specs) {
    const value = given[propName(spec.name)];
    if (value === undefined || value === null) continue; // null: the default applies, or "not set"
    for (const v of spec.validations ?? []) {
      const parts = v.condition.split(new RegExp(`\\bvar\\.${spec.name}\\b`));
      const strings = Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray;
      out.push({ condition: hcl(strings, ...parts.slice(1).map(() => value)), errorMessage: escapeTemplate(v.message) }); // literal text, as in the variable block
    }
  }
  return out;
}

/** Sets the `lifecycle { precondition { ... } }` blocks of a resource (none: no lifecycle). */
export function setPreconditions(resource: TerraformResource | TerraformDataSource, preconditions: readonly Precondition[]): void {
  const scope = resource.node.scope as Construct;
  const anchor = isModuleSynth(scope) ? undefined : literalAnchor(scope);
  if (!preconditions.length) return;
  resource.addOverride(
    'lifecycle.precondition',
    preconditions.map((p) => ({ condition: anchor ? hcl`${p.condition} && ${anchor}` : p.condition, error_message: p.errorMessage })),
  );
}

/**
 * In a CDKTF app the props are literals, so their checks are constant expressions, which Terraform
 * up to 1.5 rejects ("must refer to at least one object"). Each check also refers to this local,
 * always true, so it is still evaluated at plan with the same result. Modules need none: their
 * conditions refer to variables.
 */
function literalAnchor(scope: Construct): string {
  const id = 'literal-props-checked';
  const local = (scope.node.tryFindChild(id) as TerraformLocal | undefined) ?? new TerraformLocal(scope, id, true);
  return local.asString;
}

/** `var.name` as a typed token, for passing variables as construct props. */
export function varProps(vars: Record<string, TerraformVariable>, specs: readonly VariableSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [prop, name] of Object.entries(propNames(specs))) {
    const v = vars[name];
    if (!v) throw new Error(`no variable ${name}`);
    out[prop] = variableToken(v);
  }
  return out;
}

function variableToken(v: TerraformVariable): unknown {
  const type = v.type ?? 'any';
  if (type === 'number') return v.numberValue;
  if (type === 'string') return v.stringValue;
  if (type === 'bool') return v.booleanValue;
  if (type.startsWith('list(') || type.startsWith('set(')) return v.listValue;
  return v.value;
}

/**
 * The one way to reuse a shared spec with changes (unchanged: use the spec itself). A new `name`
 * carries the conditions and messages over to it; `required` drops the default.
 */
export function reuse<S extends VariableSpec | OutputSpec>(spec: S, changes: Partial<S> & { required?: boolean }): S {
  const { required, ...rest } = changes;
  const out: Record<string, unknown> = { ...spec, ...rest };
  const name = changes.name;
  if (name && 'type' in spec) {
    const pattern = new RegExp(`\\bvar\\.${spec.name}\\b`, 'g');
    out.validations = (spec.validations ?? []).map((v) => ({
      ...v,
      condition: v.condition.replace(pattern, `var.${name}`),
      message: v.message.replace(new RegExp(`\\b${spec.name}\\b`, 'g'), name),
    }));
  }
  if (required) {
    delete out.default;
    delete out.nullable;
  }
  return out as S;
}
