/**
 * Triggered by the table's stream (new images): publishes the events of the history lines written,
 * in the order the stream gives them (application/events). Other items' records are passed over.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import {
  type RelayCommittedEventsPorts,
  relayCommittedEvents,
} from '../../application/events/relay-committed-events.js';
import type { CaseEvent } from '../../domain/case/events.js';
import { committedEventOf } from '../adapters/dynamodb/table.js';
import { eventPublisher } from '../adapters/eventbridge-publisher.js';
import type { Env } from '../runtime/environment.js';
import { onLambda } from '../runtime/lambda.js';
import { granted, type LocalServices } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';

export type EventRelayPorts = RelayCommittedEventsPorts;

/** The events of the history lines a stream delivery inserted, in its order. */
export function committedEvents(delivery: DynamoDBStreamEvent): CaseEvent[] {
  return delivery.Records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    const event = committedEventOf(unmarshall(image as Record<string, AttributeValue>));
    return event ? [event] : [];
  });
}

export function createEventRelay(ports: EventRelayPorts) {
  return async (delivery: DynamoDBStreamEvent): Promise<void> => {
    const { published } = await relayCommittedEvents(ports, committedEvents(delivery));
    if (published > 0) ports.logger.info('relayed', { published, records: delivery.Records.length });
  };
}

export async function composeEventRelay(env: Env, local: LocalServices = {}): Promise<EventRelayPorts> {
  return {
    events: granted(() => eventPublisher(env), local.events),
    logger: local.logger ?? lambdaLogger('event-relay'),
  };
}

export const handler = onLambda(() => composeEventRelay(process.env), createEventRelay);
