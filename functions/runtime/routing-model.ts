/**
 * The trained topic model of the routing function, read at cold start from the file shipped
 * beside its code (models/routing/topic-model.json, written by `npm run routing:train`) and
 * validated before it classifies anything. It is data, not code: no bundle carries it.
 */
import { readFile } from 'node:fs/promises';
import {
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
