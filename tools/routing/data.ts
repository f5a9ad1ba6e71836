/**
 * Labelled petitions as JSON lines: what training reads from `../shared/data/` and what
 * `npm run routing:eval -- --file` reads from the file it is given.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type ModelTopic, modelTopicSchema } from '../../domain/routing/topic-model.js';

/** One labelled message; a missing title reads as empty (the training copy lost many). */
const labelledPetitionSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  title: z
    .string()
    .nullish()
    .transform((t) => t ?? ''),
  content: z.string(),
  label: modelTopicSchema,
});

export interface LabelledPetition {
  readonly id: string;
  readonly title: string;
  readonly content: string;
  readonly label: ModelTopic;
}

/**
 * The rows of a JSON-lines file, validated; a row without an id gets `<file line>`.
 * @throws Error naming the line when a row is not a labelled petition
 */
export function readLabelled(path: string): LabelledPetition[] {
  const rows: LabelledPetition[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim().length === 0) return;
      const parsed = labelledPetitionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) {
        throw new Error(`${path}:${index + 1}: not a labelled petition: ${parsed.error.issues[0]?.message}`, {
          cause: parsed.error,
        });
      }
      const { id, title, content, label } = parsed.data;
      rows.push({ id: id ?? `line-${index + 1}`, title, content, label });
    });
  return rows;
}

/**
 * The shared data directory: `SHARED_DATA_DIR` when set, else `../shared/data` beside the project,
 * else the machines' shared folder (`/work/shared/data`, where a fresh clone elsewhere finds it).
 */
export const sharedDataDir = findSharedDataDir();

function findSharedDataDir(): string {
  const beside = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');
  const candidates = [process.env['SHARED_DATA_DIR'], beside, '/work/shared/data'];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(dir)) ?? beside;
}

/** The files the model is trained on, in this order. */
export const trainingFiles = [
  'petitions-labelled-train.zh.jsonl',
  'petitions-labelled-sample.zh.jsonl',
] as const;

/** Training rows from both files, each tagged with its file, sorted by file then id for determinism. */
export function readTrainingRows(dir = sharedDataDir): (LabelledPetition & { readonly file: string })[] {
  return trainingFiles.flatMap((file) =>
    readLabelled(join(dir, file))
      .map((row) => ({ ...row, file }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
}
