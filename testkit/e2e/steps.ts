// Steps of one life that share state and run in order: a step after a failed one fails at once,
// naming the step that failed (the rest depends on it).
import { it } from 'vitest';

export type Step = (title: string, fn: () => Promise<void>, timeout?: number) => void;

export function steps(): Step {
  let broken: string | undefined;
  return (title, fn, timeout = 300_000) =>
    it(title, async () => {
      if (broken) throw new Error(`not run: the step "${broken}" failed`);
      try {
        await fn();
      } catch (error) {
        broken = title;
        throw error;
      }
    }, timeout);
}
