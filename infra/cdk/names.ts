/** `web-webhook` → `WebWebhook`: construct ids and logical ids derived from topology names. */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/** `notifications` → `QUEUE_URL_NOTIFICATIONS`, the variable `functions/runtime/environment.ts` reads. */
export function queueUrlVariable(queueName: string): string {
  return `QUEUE_URL_${queueName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}
