/** `web-webhook` → `WebWebhook`: construct ids and logical ids derived from topology names. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** `intake` → `DEAD_LETTER_QUEUE_URL_INTAKE`, for a function that counts the queue's dead letters. */
export function deadLetterQueueUrlVariable(queueName: string): string {
  return `DEAD_LETTER_QUEUE_URL_${queueName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** `notifications` → `QUEUE_URL_NOTIFICATIONS`, the variable `functions/runtime/environment.ts` reads. */
export function queueUrlVariable(queueName: string): string {
  return `QUEUE_URL_${queueName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}
