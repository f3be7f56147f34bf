// The emulator's operation scripts and docs/lifecycle.md agree: every step of
// lifecycle_catalogue.json cites a row the catalogue has, every operation is catalogued under its
// name, and every event it publishes is one AWS documents (the emulator's list, notifications.py).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

interface Step {
  row: string;
  steps?: Step[];
  events?: Array<[string, string]>;
}

const catalogue = Object.entries(JSON.parse(read('testkit/emulator/replica_dns_emulator/lifecycle_catalogue.json')) as Record<string, { steps: Step[] }>).filter(
  ([name]) => !name.startsWith('_'),
);
const doc = read('docs/lifecycle.md');
const notifications = read('testkit/emulator/replica_dns_emulator/notifications.py');
const flat = (steps: Step[]): Step[] => steps.flatMap((s) => [s, ...flat(s.steps ?? [])]);
/** Row ids of the document's tables: the first cell, e.g. `| B1 |`, `| U5 / U6 |`, `| Z1–Z4 |`. */
const docRows = new Set(
  [...doc.matchAll(/^\| ([A-Z]\d+(?:\s*[/–]\s*[A-Z]\d+)?) \|/gm)].flatMap((m) => {
    const [a, b] = m[1]!.split(/\s*[/–]\s*/);
    if (!b) return [a!];
    const [letter, from, to] = [a![0]!, Number(a!.slice(1)), Number(b.slice(1))];
    return Array.from({ length: to - from + 1 }, (_, i) => `${letter}${from + i}`);
  }),
);

describe('lifecycle_catalogue.json and docs/lifecycle.md', () => {
  it('has operations', () => {
    expect(catalogue.length).toBeGreaterThan(15);
  });

  it.each(catalogue)('%s: catalogued under its name, every step citing a row of the document', (name, entry) => {
    expect(doc, `docs/lifecycle.md names ${name}`).toContain(`\`${name}\``);
    for (const step of flat(entry.steps)) expect(docRows, `${name}: row ${step.row}`).toContain(step.row);
  });

  it.each(catalogue)('%s: publishes only events the emulator knows from the SNS event list', (name, entry) => {
    for (const step of flat(entry.steps)) {
      for (const [event] of step.events ?? []) {
        expect(notifications, `${name}: ${event}`).toContain(`"${event}"`);
        expect(doc, `${name}: docs/lifecycle.md lists ElastiCache:${event}`).toContain(`ElastiCache:${event}`);
      }
    }
  });
});
