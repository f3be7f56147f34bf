// The terraform-docs port (generator/terraform-docs.ts) against terraform-docs' own golden files.
//
// Inputs: terraform-docs/terraform-docs examples/variables.tf and examples/main.tf (the module its
// format tests render). Expected rows: format/testdata/markdown/table-EscapeCharacters.golden
// (escape on, no anchors) and table-WithAnchor.golden (anchors, escape off), v0.22.0 (commit
// 0069445, "Use spaces consistently for Markdown table formatting"). Those tests render without
// the Required column and without sorting, so rows are compared one by one, and sorting separately.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { docsModel } from '../../generator/docs-model.js';
import { BEGIN_MARKER, DEFAULT_SETTINGS, END_MARKER, injectTables, renderTables, TerraformDocsError, type DocsSettings } from '../../generator/terraform-docs.js';

// examples/variables.tf, without the inputs whose description terraform-docs reads from a comment
// (read-comments, which .terraform-docs.yml turns off), except input_with_underscores, map-1 and
// list-1, which get that comment as their description.
const VARIABLES_TF = `variable unquoted {}

variable "bool-3" {
  default = true
}

variable "bool-2" {
  description = "It's bool number two."
  default = false
}

variable "string-3" {
  default = ""
}

variable "string-2" {
  description = "It's string number two."
  type        = "string"
}

variable "number-3" {
  type    = number
  default = "19"
}

variable "number-4" {
  type    = number
  default = 15.75
}

variable "number-2" {
  description = "It's number number two."
  type        = "number"
}

variable "map-3" {
  default = {}
}

variable "map-2" {
  description = "It's map number two."
  type        = "map"
}

variable "map-1" {
  description = "It's map number one."
  default = {
    a = 1
    b = 2
    c = 3
  }

  type = "map"
}

variable "list-3" {
  default = []
}

variable "list-2" {
  description = "It's list number two."
  type        = "list"
}

variable "list-1" {
  description = "It's list number one."
  default = ["a", "b", "c"]
  type    = "list"
}

variable "input_with_underscores" {
  description = "A variable with underscores."
}

variable "input-with-pipe" {
  description = "It includes v1 | v2 | v3"
  default     = "v1"
}

variable "input-with-code-block" {
  description = <<EOD
This is a complicated one. We need a newline.  
And an example in a code block
\`\`\`
default     = [
  "machine rack01:neptune"
]
\`\`\`
EOD
  default     = [
    "name rack:location"
  ]
}

variable "long_type" {
  type = object({
    name = string,
    foo  = object({ foo = string, bar = string }),
    bar  = object({ foo = string, bar = string }),
    fizz = list(string),
    buzz = list(string)
  })
  default = {
    name = "hello"
    foo = {
      foo = "foo"
      bar = "foo"
    }
    bar = {
      foo = "bar"
      bar = "bar"
    },
    fizz = []
    buzz = ["fizz", "buzz"]
  }
  description = <<EOF
This description is itself markdown.

It spans over multiple lines.
EOF
}

variable "no-escape-default-value" {
  description = "The description contains \`something_with_underscore\`. Defaults to 'VALUE_WITH_UNDERSCORE'."
  default     = "VALUE_WITH_UNDERSCORE"
}

variable "with-url" {
  description = "The description contains url. https://www.domain.com/foo/bar_baz.html"
  default     = ""
}

variable "string_default_empty" {
  type    = string
  default = ""
}

variable "string_default_null" {
  type    = string
  default = null
}

variable "string_no_default" {
  type    = string
}

variable "number_default_zero" {
  type    = number
  default = 0
}

variable "bool_default_false" {
  type    = bool
  default = false
}

variable "list_default_empty" {
  type    = list(string)
  default = []
}

variable "object_default_empty" {
  type    = object({})
  default = {}
}
`;

// examples/main.tf (without its header comment).
const MAIN_TF = `terraform {
  required_version = ">= 0.12"
  required_providers {
    random = ">= 2.2.0"
    aws    = ">= 2.15.0"
  }
}

resource "tls_private_key" "baz" {}

data "aws_caller_identity" "current" {
  provider = "aws"
}

data "aws_caller_identity" "ident" {
  provider = "aws.ident"
}

resource "null_resource" "foo" {}

module "bar" {
  source  = "baz"
  version = "4.5.6"
}

module "foo" {
  source  = "bar"
  version = "1.2.3"
}

module "baz" {
  source  = "baz"
  version = "4.5.6"
}

module "foobar" {
  source  = "git@github.com:module/path?ref=v7.8.9"
}
`;

// table-EscapeCharacters.golden, the Inputs rows of the variables above.
const ESCAPED_INPUT_ROWS = String.raw`| unquoted | n/a | ${'`any`'} | n/a |
| bool-3 | n/a | ${'`bool`'} | ${'`true`'} |
| bool-2 | It's bool number two. | ${'`bool`'} | ${'`false`'} |
| string-3 | n/a | ${'`string`'} | ${'`""`'} |
| string-2 | It's string number two. | ${'`string`'} | n/a |
| number-3 | n/a | ${'`number`'} | ${'`"19"`'} |
| number-4 | n/a | ${'`number`'} | ${'`15.75`'} |
| number-2 | It's number number two. | ${'`number`'} | n/a |
| map-3 | n/a | ${'`map`'} | ${'`{}`'} |
| map-2 | It's map number two. | ${'`map`'} | n/a |
| map-1 | It's map number one. | ${'`map`'} | <pre>{<br/>  "a": 1,<br/>  "b": 2,<br/>  "c": 3<br/>}</pre> |
| list-3 | n/a | ${'`list`'} | ${'`[]`'} |
| list-2 | It's list number two. | ${'`list`'} | n/a |
| list-1 | It's list number one. | ${'`list`'} | <pre>[<br/>  "a",<br/>  "b",<br/>  "c"<br/>]</pre> |
| input\_with\_underscores | A variable with underscores. | ${'`any`'} | n/a |
| input-with-pipe | It includes v1 \| v2 \| v3 | ${'`string`'} | ${'`"v1"`'} |
| input-with-code-block | This is a complicated one. We need a newline.<br/>And an example in a code block<pre>default     = [<br/>  "machine rack01:neptune"<br/>]</pre> | ${'`list`'} | <pre>[<br/>  "name rack:location"<br/>]</pre> |
| long\_type | This description is itself markdown.<br/><br/>It spans over multiple lines. | <pre>object({<br/>    name = string,<br/>    foo  = object({ foo = string, bar = string }),<br/>    bar  = object({ foo = string, bar = string }),<br/>    fizz = list(string),<br/>    buzz = list(string)<br/>  })</pre> | <pre>{<br/>  "bar": {<br/>    "bar": "bar",<br/>    "foo": "bar"<br/>  },<br/>  "buzz": [<br/>    "fizz",<br/>    "buzz"<br/>  ],<br/>  "fizz": [],<br/>  "foo": {<br/>    "bar": "foo",<br/>    "foo": "foo"<br/>  },<br/>  "name": "hello"<br/>}</pre> |
| no-escape-default-value | The description contains ${'`something_with_underscore`'}. Defaults to 'VALUE\_WITH\_UNDERSCORE'. | ${'`string`'} | ${'`"VALUE_WITH_UNDERSCORE"`'} |
| with-url | The description contains url. https://www.domain.com/foo/bar_baz.html | ${'`string`'} | ${'`""`'} |
| string\_default\_empty | n/a | ${'`string`'} | ${'`""`'} |
| string\_default\_null | n/a | ${'`string`'} | ${'`null`'} |
| string\_no\_default | n/a | ${'`string`'} | n/a |
| number\_default\_zero | n/a | ${'`number`'} | ${'`0`'} |
| bool\_default\_false | n/a | ${'`bool`'} | ${'`false`'} |
| list\_default\_empty | n/a | ${'`list(string)`'} | ${'`[]`'} |
| object\_default\_empty | n/a | ${'`object({})`'} | ${'`{}`'} |`.split('\n');

// table-WithAnchor.golden: anchors without escaping.
const ANCHORED_ROWS = [
  '| <a name="input_input_with_underscores"></a> [input_with_underscores](#input_input_with_underscores) | A variable with underscores. | `any` | n/a |',
  '| <a name="input_string_default_null"></a> [string_default_null](#input_string_default_null) | n/a | `string` | `null` |',
  '| <a name="requirement_terraform"></a> [terraform](#requirement_terraform) | >= 0.12 |',
  '| <a name="provider_aws.ident"></a> [aws.ident](#provider_aws.ident) | >= 2.15.0 |',
  '| <a name="module_foobar"></a> [foobar](#module_foobar) | git@github.com:module/path | v7.8.9 |',
];

// table-EscapeCharacters.golden, the other sections (rows of its foo provider/resource left out).
const ESCAPED_OTHER_ROWS = {
  Requirements: ['| terraform | >= 0.12 |', '| aws | >= 2.15.0 |', '| random | >= 2.2.0 |'],
  Providers: ['| tls | n/a |', '| aws | >= 2.15.0 |', '| aws.ident | >= 2.15.0 |', '| null | n/a |'],
  Modules: ['| bar | baz | 4.5.6 |', '| foo | bar | 1.2.3 |', '| baz | baz | 4.5.6 |', '| foobar | git@github.com:module/path | v7.8.9 |'],
  Resources: [
    '| [null_resource.foo](https://registry.terraform.io/providers/hashicorp/null/latest/docs/resources/resource) | resource |',
    '| [tls_private_key.baz](https://registry.terraform.io/providers/hashicorp/tls/latest/docs/resources/private_key) | resource |',
    '| [aws_caller_identity.current](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/caller_identity) | data source |',
    '| [aws_caller_identity.ident](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/caller_identity) | data source |',
  ],
};

// table-WithRequired.golden: the Required column (escape and anchors off).
const REQUIRED_ROWS = [
  '| unquoted | n/a | `any` | n/a | yes |',
  '| bool-3 | n/a | `bool` | `true` | no |',
  '| string-2 | It\'s string number two. | `string` | n/a | yes |',
  '| input_with_underscores | A variable with underscores. | `any` | n/a | yes |',
  '| input-with-pipe | It includes v1 \\| v2 \\| v3 | `string` | `"v1"` | no |',
  '| string_default_null | n/a | `string` | `null` | no |',
  '| string_no_default | n/a | `string` | n/a | yes |',
  '| object_default_empty | n/a | `object({})` | `{}` | no |',
];

const ESCAPED: DocsSettings = { anchor: false, escape: true, required: false, sortBy: 'name' };
const ANCHORED: DocsSettings = { anchor: true, escape: false, required: false, sortBy: 'name' };

async function golden(settings: DocsSettings): Promise<string> {
  return renderTables(await docsModel({ 'main.tf': MAIN_TF, 'variables.tf': VARIABLES_TF }), settings);
}

/** The table rows of one `## Section`. */
function rowsOf(doc: string, title: string): string[] {
  const body = doc.split(`## ${title}\n\n`)[1]?.split('\n\n')[0] ?? '';
  return body.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Name |') && !l.startsWith('| ---'));
}

const cellName = (row: string): string => row.split(' | ')[0]?.slice(2) ?? '';

describe('terraform-docs markdown table port, against terraform-docs golden files', () => {
  it('writes each input row as table-EscapeCharacters.golden does', async () => {
    const rows = rowsOf(await golden(ESCAPED), 'Inputs');
    const byName = new Map(rows.map((r) => [cellName(r), r]));
    for (const expected of ESCAPED_INPUT_ROWS) {
      const name = cellName(expected);
      expect(byName.get(name), name).toBe(expected);
    }
    expect(rows).toHaveLength(ESCAPED_INPUT_ROWS.length);
  });

  it('writes the requirements, providers, modules and resources rows of table-EscapeCharacters.golden', async () => {
    const doc = await golden(ESCAPED);
    // The header and delimiter rows, as in the golden file.
    for (const header of [
      '## Requirements\n\n| Name | Version |\n| ---- | ------- |\n',
      '## Providers\n\n| Name | Version |\n| ---- | ------- |\n',
      '## Modules\n\n| Name | Source | Version |\n| ---- | ------ | ------- |\n',
      '## Resources\n\n| Name | Type |\n| ---- | ---- |\n',
      '## Inputs\n\n| Name | Description | Type | Default |\n| ---- | ----------- | ---- | ------- |\n',
    ]) {
      expect(doc).toContain(header);
    }
    for (const [title, expected] of Object.entries(ESCAPED_OTHER_ROWS)) {
      const rows = rowsOf(doc, title);
      // Resources are always sorted (managed first, then by address), the rest only by us.
      if (title === 'Resources') expect(rows, title).toEqual(expected);
      else expect([...rows].sort(), title).toEqual([...expected].sort());
    }
  });

  it('writes anchors as table-WithAnchor.golden does', async () => {
    const doc = await golden(ANCHORED);
    for (const row of ANCHORED_ROWS) expect(doc.split('\n'), row).toContain(row);
  });

  it('writes the Required column as table-WithRequired.golden does', async () => {
    const doc = await golden({ anchor: false, escape: false, required: true, sortBy: 'name' });
    expect(doc).toContain('## Inputs\n\n| Name | Description | Type | Default | Required |\n| ---- | ----------- | ---- | ------- | :------: |\n');
    for (const row of REQUIRED_ROWS) expect(rowsOf(doc, 'Inputs'), row).toContain(row);
  });

  it('sorts inputs by name, or required first, and adds the Required column', async () => {
    const model = await docsModel({ 'variables.tf': VARIABLES_TF });
    const byName = rowsOf(renderTables(model, { ...ESCAPED, required: true }), 'Inputs').map(cellName);
    expect(byName).toEqual([...byName].sort((a, b) => (a.replace(/\\/g, '') < b.replace(/\\/g, '') ? -1 : 1)));
    const required = rowsOf(renderTables(model, { ...ESCAPED, required: true, sortBy: 'required' }), 'Inputs');
    const flags = required.map((r) => r.split(' | ').pop());
    expect(flags.indexOf('no |')).toBe(flags.lastIndexOf('yes |') + 1);
    expect(required.find((r) => r.startsWith('| string\\_no\\_default '))).toMatch(/ \| n\/a \| yes \|$/);
  });

  it('writes the empty sections and the section order terraform-docs writes', async () => {
    const doc = renderTables(await docsModel({ 'main.tf': 'terraform {}\n' }));
    expect(doc).toBe(
      ['## Requirements', 'No requirements.', '## Providers', 'No providers.', '## Modules', 'No modules.', '## Resources', 'No resources.', '## Inputs', 'No inputs.', '## Outputs', 'No outputs.']
        .join('\n\n'),
    );
  });

  it('refuses a default it cannot render as terraform-docs does, naming the input', async () => {
    const model = await docsModel({ 'variables.tf': 'variable "pattern" {\n  type    = string\n  default = "a\\\\.b"\n}\n' });
    expect(() => renderTables(model)).toThrow(TerraformDocsError);
    expect(() => renderTables(model)).toThrow(/input pattern/);
  });

  it('injects between the markers and keeps the rest; no markers is an error naming the file', () => {
    const doc = '# Title\n\n<!-- BEGIN_TF_DOCS -->\nold\n<!-- END_TF_DOCS -->\n\nAfter.\n';
    expect(injectTables(doc, 'new', 'README.md')).toBe('# Title\n\n<!-- BEGIN_TF_DOCS -->\nnew\n<!-- END_TF_DOCS -->\n\nAfter.\n');
    expect(() => injectTables('# Title\n', 'new', 'examples/x/README.md')).toThrow(/examples\/x\/README\.md lacks/);
  });
});

describe('.terraform-docs.yml', () => {
  // A flat YAML file: `key: value` lines, two-space nesting, `- item` lists.
  const yml = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../.terraform-docs.yml'), 'utf8');
  const block = (name: string): Record<string, string> => {
    const body = yml.split(new RegExp(`^${name}:\\n`, 'm'))[1]?.split(/^\S/m)[0] ?? '';
    return Object.fromEntries([...body.matchAll(/^ {2}([\w-]+): *([^#\n]*?) *(?:#.*)?$/gm)].map((m) => [m[1], m[2]]));
  };
  const top = (key: string): string | undefined => yml.match(new RegExp(`^${key}: *(.*?) *(?:#.*)?$`, 'm'))?.[1];

  it('asks for what the port writes: markdown table, injected into README.md, the default settings', () => {
    expect(top('formatter')).toBe('markdown table');
    expect(top('version')).toBe('">= 0.22.0, < 1.0.0"');
    expect(block('output')).toMatchObject({ file: 'README.md', mode: 'inject' });
    expect(yml).toContain(`    ${BEGIN_MARKER}\n    {{ .Content }}\n    ${END_MARKER}\n`);
    expect(block('sort')).toEqual({ enabled: 'true', by: DEFAULT_SETTINGS.sortBy });
    const settings = block('settings');
    expect(settings).toMatchObject({
      anchor: String(DEFAULT_SETTINGS.anchor),
      escape: String(DEFAULT_SETTINGS.escape),
      required: String(DEFAULT_SETTINGS.required),
      // What the port implements and nothing else: HTML line breaks, headings at ##, empty sections
      // shown, constraints rather than lock-file versions, descriptions only from `description`.
      html: 'true',
      indent: '2',
      'hide-empty': 'false',
      lockfile: 'false',
      'read-comments': 'false',
      default: 'true',
      type: 'true',
    });
    expect(block('output-values')).toMatchObject({ enabled: 'false' });
  });

  it('shows the sections the port renders, in its order', () => {
    const show = (yml.split(/^ {2}show:\n/m)[1] ?? '').split('\n').filter((l) => l.startsWith('    - ')).map((l) => l.slice(6));
    expect(show).toEqual(['requirements', 'providers', 'modules', 'resources', 'data-sources', 'inputs', 'outputs']);
  });
});
