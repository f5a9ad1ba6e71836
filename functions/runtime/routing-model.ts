/**
 * The trained topic model of the routing function, read at cold start from the file shipped
 * beside its code (models/routing/topic-model.json, written by `npm run routing:train`) and
 * validated before it classifies anything. It is data, not code: no bundle carries it.
 */
import { readFile } from 'node:fs/promises';
import type { PetitionText } from '../../application/hotspots/group-case.js';
import { termVector } from '../../domain/hotspots/terms.js';
import {
  createNgramIdf,
  createTopicClassifier,
  parseTopicModel,
  type TopicClassifier,
} from '../../domain/routing/topic-model.js';
import { type Env, required } from './environment.js';

const loaded = new Map<string, Promise<TopicClassifier>>();

export function topicClassifierOf(env: Env): Promise<TopicClassifier> {
  const file = required(env, 'ROUTING_MODEL_FILE');
  let classifier = loaded.get(file);
  if (!classifier) {
    classifier = readFile(file, 'utf8').then((text) =>
      createTopicClassifier(parseTopicModel(JSON.parse(text))),
    );
    classifier.catch(() => loaded.delete(file));
    loaded.set(file, classifier);
  }
  return classifier;
}

/**
 * What hot-issue grouping reads from a petition (issue 16): its term vector, weighted by the idf
 * the topic model learnt, and the model's topic.
 */
export async function petitionTextOf(env: Env): Promise<PetitionText> {
  const classifier = await topicClassifierOf(env);
  const idf = createNgramIdf(classifier.model);
  return {
    read: (title, content) => ({
      vector: termVector(title, content, idf),
      topic: classifier.predict({ title, content }).topic,
    }),
  };
}
