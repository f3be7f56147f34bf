// The module's IAM policy documents as concrete JSON, rendered by Terraform with the real
// hashicorp/aws provider, for scripts/iam-lint.sh to lint.
//
//   tsx scripts/iam-lint/policies.ts OUT_DIR
//
// Nothing here renders a policy: one scratch configuration holds one `module` block per case below
// (the module staged as a user has it: the root *.tf with lambda/dist/reconciler.zip, and the
// submodules the cases use) and what the cases take as existing (an SNS topic, a hosted zone),
// with the provider aimed at a local emulator (testkit/e2e/stage.ts emulatorOverride). It is
// applied once, with one binary of the toolchain (ERDNS_TF_BINARIES), and `show -json` of the
// state gives every `data "aws_iam_policy_document"` as the provider rendered its `json`. The
// variables' validations and the resources' preconditions are Terraform's own, so every case is a
// configuration the module accepts. Each document must be the value of exactly one policy argument
// in its module (ATTACHMENTS, compared as JSON), which says what it is and what it is attached to;
// each case must yield exactly the documents it lists. Anything missing fails the run.
//
// OUT_DIR gets <case>/<module>.<document>.json (the provider's `json`, verbatim) and manifest.json
// (what each file is, what it is attached to), which scripts/iam-lint/lint.py reads.
import fs from "node:fs";
import path from "node:path";
import { hclLiteral, quote } from "../../generator/hcl-text.js";
import { startEmulator, type Emulator } from "../../testkit/emulator/emulator.js";
import {
  emulatorOverride,
  ROOT,
  stageDir,
  type Stage,
} from "../../testkit/e2e/stage.js";
import { Workdir } from "../../testkit/e2e/terraform.js";
import {
  toolchainBinaries,
  type Binary,
} from "../../testkit/e2e/toolchain.js";

const REGION = "eu-west-1";
const ZONE_NAME = "cache.example.internal";
const AZ_TEMPLATE = `read-{az}.${ZONE_NAME}`;

// ------------------------------------------------------------------------------------------------
// Cases: module directory and inputs
// ------------------------------------------------------------------------------------------------
type Kind = "identity" | "trust" | "resource";

/** What the cases take as existing, made beside them (the module would only look them up or subscribe to them). */
const EXISTING = `resource "aws_sns_topic" "existing" {
  name = "cache-events"
}

resource "aws_route53_zone" "existing" {
  name = ${quote(ZONE_NAME)}
}
`;

interface Case {
  readonly id: string;
  readonly module: "." | "modules/reconciler" | "modules/notification-topic" | "modules/zone-account-role";
  readonly description: string;
  /** Inputs: values (written as HCL literals), or { hcl } for an expression (a reference to EXISTING). */
  readonly vars: Record<string, unknown>;
  /** The policy documents the case yields (aws_iam_policy_document names): anything else fails. */
  readonly documents: readonly string[];
}

const hcl = (expression: string) => ({ hcl: expression });

// All cases share one account (one emulator): the cases with default names get distinct
// replication group IDs, so that their roles, functions, log groups and queues do not collide.
// Where a case would need a replication group (the reconcile at apply invokes the function, which
// reads the group), reconcile_on_apply = false: it decides only whether aws_lambda_invocation exists.
const CASES: readonly Case[] = [
  {
    id: "root-defaults",
    module: ".",
    description:
      "root module, default inputs (creates the private zone and the notification topic)",
    vars: {
      replication_group_id: "orders-cache",
      zone_name: ZONE_NAME,
      vpc_ids: ["vpc-0a1b2c3d4e5f60789"],
      reconcile_on_apply: false,
    },
    documents: ["assume_role", "reconciler", "records", "topic"],
  },
  {
    id: "root-existing-zone-count8-az",
    module: ".",
    description:
      "root module, existing zone looked up by ID, record_count = 8, AZ template, existing topic",
    vars: {
      replication_group_id: "sessions-cache",
      create_zone: false,
      zone_id: hcl('"/hostedzone/${aws_route53_zone.existing.zone_id}"'),
      record_count: 8,
      az_record_name_template: `${AZ_TEMPLATE}.`,
      create_topic: false,
      topic_arn: hcl("aws_sns_topic.existing.arn"),
      reconcile_on_apply: false,
    },
    documents: ["assume_role", "reconciler", "records"],
  },
  {
    id: "reconciler-defaults",
    module: "modules/reconciler",
    description: "modules/reconciler, default inputs",
    vars: {
      replication_group_id: "catalog-cache",
      zone_id: "Z0123456789ABCDEFGHIJ",
      zone_name: ZONE_NAME,
      topic_arn: hcl("aws_sns_topic.existing.arn"),
      reconcile_on_apply: false,
    },
    documents: ["assume_role", "reconciler", "records"],
  },
  {
    id: "reconciler-aliases",
    module: "modules/reconciler",
    description:
      "modules/reconciler, AZ template and both alias names (primary_record_name, reader_record_name)",
    vars: {
      replication_group_id: "carts-cache",
      zone_id: "Z0123456789ABCDEFGHIJ",
      zone_name: ZONE_NAME,
      az_record_name_template: AZ_TEMPLATE,
      primary_record_name: `Primary.${ZONE_NAME}.`,
      reader_record_name: `reader.${ZONE_NAME}`,
      topic_arn: hcl("aws_sns_topic.existing.arn"),
      reconcile_on_apply: false,
    },
    documents: ["assume_role", "reconciler", "records"],
  },
  {
    id: "reconciler-count8-az",
    module: "modules/reconciler",
    description:
      "modules/reconciler, record_count = 8, AZ template, own record template and name prefix",
    vars: {
      replication_group_id: "orders-cache",
      name_prefix: "orders-dns",
      zone_id: "/hostedzone/Z0123456789ABCDEFGHIJ",
      zone_name: `${ZONE_NAME}.`,
      record_name_template: `Replica{n}.${ZONE_NAME}`,
      record_count: 8,
      az_record_name_template: AZ_TEMPLATE,
      topic_arn: hcl("aws_sns_topic.existing.arn"),
      reconcile_on_apply: false,
    },
    documents: ["assume_role", "reconciler", "records"],
  },
  {
    id: "reconciler-zone-role",
    module: "modules/reconciler",
    description: "modules/reconciler, zone in another account (zone_role_arn): no Route 53 statement, sts:AssumeRole on the zone role",
    vars: {
      replication_group_id: "billing-cache",
      zone_id: "Z0123456789ABCDEFGHIJ",
      zone_name: ZONE_NAME,
      zone_role_arn: "arn:aws:iam::222222222222:role/billing-cache-replica-dns-zone",
      topic_arn: hcl("aws_sns_topic.existing.arn"),
      reconcile_on_apply: false,
    },
    documents: ["assume_role", "reconciler", "records"],
  },
  {
    id: "zone-account-role-az",
    module: "modules/zone-account-role",
    description: "modules/zone-account-role (the role the reconciler assumes in the zone's account), AZ template",
    vars: {
      reconciler_role_arn: "arn:aws:iam::111111111111:role/billing-cache-replica-dns",
      zone_id: "/hostedzone/Z0123456789ABCDEFGHIJ",
      zone_name: ZONE_NAME,
      az_record_name_template: AZ_TEMPLATE,
    },
    documents: ["trust", "records"],
  },
  {
    id: "notification-topic-defaults",
    module: "modules/notification-topic",
    description: "modules/notification-topic, default inputs",
    vars: { name: "orders-cache-events" },
    documents: ["topic"],
  },
];

/** The argument that takes a document's `.json`, by resource type, and what the document then is. */
const ATTACHMENTS: Record<string, { attribute: string; kind: Kind }> = {
  aws_iam_role_policy: { attribute: "policy", kind: "identity" },
  aws_iam_role: { attribute: "assume_role_policy", kind: "trust" },
  aws_sns_topic_policy: { attribute: "policy", kind: "resource" },
};

// ------------------------------------------------------------------------------------------------
// The scratch configuration
// ------------------------------------------------------------------------------------------------
/** The module as a user has it: root *.tf, the bundle, and the submodules the cases use. */
function stageModule(stage: Stage): string {
  const dir = path.join(stage.root, "module");
  const copy = (relative: string) => {
    const target = path.join(dir, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(ROOT, relative), target);
  };
  const tfFiles = (relative: string) =>
    fs.readdirSync(path.join(ROOT, relative)).filter((f) => f.endsWith(".tf"));
  for (const f of tfFiles(".")) copy(f);
  copy("lambda/dist/reconciler.zip");
  for (const sub of new Set(
    CASES.map((c) => c.module).filter((m) => m !== ".")
  ))
    for (const f of tfFiles(sub)) copy(path.join(sub, f));
  return dir;
}

function hclValue(value: unknown): string {
  if (value && typeof value === "object" && "hcl" in value)
    return (value as { hcl: string }).hcl;
  return hclLiteral(value);
}

function configuration(endpoint: string): string {
  const blocks = [
    `terraform {\n  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n}\n`,
    emulatorOverride(endpoint, REGION),
    EXISTING,
  ];
  for (const c of CASES) {
    const vars = Object.entries(c.vars).map(
      ([k, v]) => `  ${k} = ${hclValue(v)}`
    );
    const source = c.module === "." ? "../module" : `../module/${c.module}`;
    blocks.push(
      `# ${c.description}\nmodule ${quote(
        c.id
      )} {\n  source = ${quote(source)}\n\n${vars.join("\n")}\n}\n`
    );
  }
  return blocks.join("\n");
}

// ------------------------------------------------------------------------------------------------
// The state
// ------------------------------------------------------------------------------------------------
interface StateResource {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: number | string;
  values: Record<string, unknown>;
}
interface StateModule {
  address?: string;
  resources?: StateResource[];
  child_modules?: StateModule[];
}

/** JSON with object keys sorted, to compare two renderings of a policy. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map(
        (k) =>
          `${JSON.stringify(k)}:${canonical(
            (value as Record<string, unknown>)[k]
          )}`
      )
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function parsedPolicy(text: unknown, what: string): string {
  if (typeof text !== "string" || !text.trim())
    throw new Error(`${what} is not a JSON document: ${JSON.stringify(text)}`);
  return canonical(JSON.parse(text));
}

interface ManifestEntry {
  case: string;
  description: string;
  module: string;
  document: string;
  kind: Kind;
  attachedTo: string;
  file: string;
}

function documentsOf(
  c: Case,
  mod: StateModule | undefined,
  outDir: string
): ManifestEntry[] {
  if (!mod) throw new Error(`${c.id}: module.${c.id} is not in the state`);
  const resources = mod.resources ?? [];
  const slug = c.module === "." ? "root" : c.module.replace(/^modules\//, "");
  const entries: ManifestEntry[] = [];
  for (const doc of resources.filter(
    (r) => r.mode === "data" && r.type === "aws_iam_policy_document"
  )) {
    if (doc.index !== undefined && doc.index !== 0)
      throw new Error(
        `${doc.address}: more than one instance; name the files by instance first`
      );
    const json = doc.values.json;
    const rendered = parsedPolicy(json, `${doc.address}.json`);
    const attached = resources.filter((r) => {
      const a = r.mode === "managed" ? ATTACHMENTS[r.type] : undefined;
      return (
        a !== undefined &&
        typeof r.values[a.attribute] === "string" &&
        parsedPolicy(r.values[a.attribute], `${r.address}.${a.attribute}`) ===
          rendered
      );
    });
    if (attached.length !== 1) {
      throw new Error(
        `${doc.address} is the policy of ${attached.length} resources (${
          attached.map((r) => r.address).join(", ") || "none"
        }) of ${Object.keys(ATTACHMENTS).join(", ")}; expected exactly one`
      );
    }
    const target = attached[0]!;
    let attachedTo: unknown;
    if (target.type === "aws_iam_role_policy") {
      attachedTo = resources.find(
        (r) =>
          r.mode === "managed" &&
          r.type === "aws_iam_role" &&
          r.values.name === target.values.role
      )?.values.arn;
    } else attachedTo = target.values.arn; // aws_iam_role: the role; aws_sns_topic_policy: the topic
    if (typeof attachedTo !== "string" || !attachedTo.startsWith("arn:"))
      throw new Error(
        `${target.address}: no ARN of what it is attached to (${JSON.stringify(
          attachedTo
        )})`
      );
    const file = path.join(c.id, `${slug}.${doc.name}.json`);
    fs.mkdirSync(path.join(outDir, c.id), { recursive: true });
    fs.writeFileSync(
      path.join(outDir, file),
      (json as string).endsWith("\n") ? (json as string) : `${json as string}\n`
    );
    entries.push({
      case: c.id,
      description: c.description,
      module: c.module,
      document: doc.name,
      kind: ATTACHMENTS[target.type]!.kind,
      attachedTo,
      file,
    });
  }
  const got = entries.map((e) => e.document).sort();
  if (got.join() !== [...c.documents].sort().join()) {
    throw new Error(
      `${c.id}: the state holds policy documents [${got.join(
        ", "
      )}], the case expects [${[...c.documents].sort().join(", ")}]`
    );
  }
  return entries;
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------
/** The binary that applies: the newest Terraform, else OpenTofu, else the first listed (ERDNS_IAM_LINT_BINARY=<name@version> picks one). */
function pickBinary(binaries: readonly Binary[]): Binary {
  const wanted = process.env.ERDNS_IAM_LINT_BINARY;
  if (wanted) {
    const b = binaries.find((x) => `${x.family}@${x.version}` === wanted);
    if (!b)
      throw new Error(
        `ERDNS_IAM_LINT_BINARY=${wanted} is not in ERDNS_TF_BINARIES`
      );
    return b;
  }
  const byVersion = (a: Binary, b: Binary) =>
    b.version.localeCompare(a.version, "en", { numeric: true });
  return (
    [...binaries.filter((b) => b.family === "terraform")].sort(byVersion)[0] ??
    binaries.find((b) => b.family === "tofu") ??
    binaries[0]!
  );
}

async function main(): Promise<void> {
  if (!process.argv[2])
    throw new Error("usage: tsx scripts/iam-lint/policies.ts OUT_DIR");
  const outDir = path.resolve(process.argv[2]);
  fs.mkdirSync(outDir, { recursive: true });
  const binary = pickBinary(toolchainBinaries());
  const stage = stageDir("iam-lint");
  let emulator: Emulator | undefined;
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  try {
    emulator = await startEmulator({ region: REGION, redis: false });
    stageModule(stage);
    const dir = path.join(stage.root, "cases");
    fs.mkdirSync(dir);
    fs.writeFileSync(
      path.join(dir, "main.tf"),
      configuration(emulator.endpoint)
    );
    // ERDNS_IAM_LINT_LOG=<file>: every command's output is appended there.
    const tf = new Workdir(
      binary,
      dir,
      {},
      process.env.ERDNS_IAM_LINT_LOG || undefined
    );
    process.stderr.write(
      `    ${CASES.length} cases, emulator at ${
        emulator.endpoint
      } (${elapsed()}); ${binary.label}: init, apply, show -json\n`
    );
    await tf.init();
    await tf.must(
      ["apply", "-auto-approve", "-input=false", "-parallelism=50"],
      "apply"
    );
    process.stderr.write(`    applied (${elapsed()})\n`);
    const state = JSON.parse(
      (await tf.must(["show", "-json"], "show")).stdout
    ) as { values?: { root_module?: StateModule } };
    const modules = state.values?.root_module?.child_modules ?? [];
    const manifest = CASES.flatMap((c) =>
      documentsOf(
        c,
        modules.find((m) => m.address === `module.${c.id}`),
        outDir
      )
    );
    fs.writeFileSync(
      path.join(outDir, "manifest.json"),
      JSON.stringify(manifest, null, 2) + "\n"
    );
    process.stderr.write(
      `    ${manifest.length} policy documents from ${
        CASES.length
      } cases in ${outDir} (${elapsed()})\n`
    );
  } finally {
    await emulator?.stop();
    stage.remove();
  }
}

main().then(
  // exit at once: the emulator's stop() leaves a timer behind that would hold the process 10 s
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `iam-lint: ${error instanceof Error ? error.message : String(error)}\n`
    );
    process.exit(1);
  }
);
