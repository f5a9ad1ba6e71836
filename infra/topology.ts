/**
 * The wiring of the platform: every function and what triggers it (HTTP routes, queues, event-bus
 * rules, schedules), and every queue with its delivery settings. The CDK stacks and the local
 * runtime both read this module, so there is no second list that can drift
 * (docs/decisions/0003-one-topology-two-runtimes.md).
 */
import { countedEventTypes } from '../domain/assessment/kpis.js';
import type { CaseEventType } from '../domain/case/events.js';
import { lateRegistrationAlerted, staffAlertedEvents } from '../domain/notifications/staff-alerts.js';
import { caseEventSource } from '../events/case-event-source.js';
import { petitionerNotifiedEvents } from '../events/case-events.js';
import { type HttpRoute, httpApi } from '../events/http-api.js';
import type { EventPattern } from './local/event-pattern.js';

export type QueueName =
  | 'intake'
  | 'routing'
  | 'casework'
  | 'notifications'
  | 'staff-alerts'
  | 'assessment'
  | 'hotspots'
  | 'sms';

export interface QueueSpec {
  readonly name: QueueName;
  readonly description: string;
  /** Longer than the consumer's timeout, so a record is not redelivered while still in work. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a record moves to the queue's dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly retentionDays: number;
}

export type { HttpRoute } from '../events/http-api.js';

/** What a function may touch: the CDK stack grants exactly this and nothing more. */
export interface FunctionAccess {
  /** The province configuration file shipped beside the code. */
  readonly province: boolean;
  /** The trained topic model file shipped beside the code (docs/decisions/0013-trained-topic-router.md). */
  readonly routingModel: boolean;
  readonly table: 'none' | 'read' | 'readwrite';
  readonly sendTo: readonly QueueName[];
  readonly publishEvents: boolean;
  readonly webhookSecrets: boolean;
  readonly personalDataKey: 'none' | 'encrypt' | 'decrypt';
  readonly sendsSms: boolean;
  /** Receives from every dead-letter queue and sends back to its queue (the operator's redrive). */
  readonly redrivesDeadLetters: boolean;
  /** The Open311 partner keys (a secret on AWS). */
  readonly open311PartnerKeys: boolean;
  /** Reads the message counts of these queues and their dead-letter queues (GetQueueAttributes). */
  readonly countsQueues?: readonly QueueName[];
  /** Scans the whole table (with `table` read): an operator's rare recovery, never a request's path. */
  readonly scansTable?: boolean;
}

type Trigger =
  | { readonly kind: 'http'; readonly routes: readonly HttpRoute[] }
  | { readonly kind: 'queue'; readonly queue: QueueName }
  | {
      readonly kind: 'schedule';
      readonly name: string;
      readonly expression: string;
      readonly description: string;
    }
  /**
   * The table's stream (new images), read in order per shard. A failed delivery is given again
   * (bisected on AWS) until it succeeds or outlives the stream's 24 hours.
   */
  | {
      readonly kind: 'tableStream';
      readonly batchSize: number;
      readonly maxBatchingWindowSeconds: number;
    }
  /** No trigger: an operator invokes it by hand (`aws lambda invoke`). */
  | { readonly kind: 'manual'; readonly description: string };

export interface FunctionSpec {
  /** Logical name, used for resource ids and logs. */
  readonly name: string;
  readonly description: string;
  /** Source file, relative to the project root. It exports `handler` for Lambda. */
  readonly entry: string;
  /** The factory the file exports, `(ports) => handler`. */
  readonly factory: string;
  /** The composition the file exports, `(environment, local services) => ports`, used by the local runtime. */
  readonly compose: string;
  readonly trigger: Trigger;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly access: FunctionAccess;
  /**
   * The largest its bundle may be (minified, without source map), held by
   * tests/infra/bundle-budget.test.ts: bytes do not depend on the machine.
   */
  readonly bundleBudgetKiB: number;
}

/** An event-bus rule: events matching `pattern` are sent to a queue. */
/** A pattern on case events: their source, and the event types it lets through (typed: a misspelt one does not compile). */
export type CaseEventPattern = EventPattern & {
  readonly source: readonly string[];
  readonly 'detail-type'?: readonly CaseEventType[];
};

export interface BusRule {
  readonly name: string;
  readonly description: string;
  readonly pattern: CaseEventPattern;
  readonly targetQueue: QueueName;
}

export interface Topology {
  readonly eventSource: string;
  readonly queues: Readonly<Record<QueueName, QueueSpec>>;
  readonly functions: readonly FunctionSpec[];
  readonly rules: readonly BusRule[];
}

const noAccess: FunctionAccess = {
  province: false,
  routingModel: false,
  table: 'none',
  sendTo: [],
  publishEvents: false,
  webhookSecrets: false,
  personalDataKey: 'none',
  sendsSms: false,
  redrivesDeadLetters: false,
  open311PartnerKeys: false,
};

const queue = (
  name: QueueName,
  description: string,
  overrides: Partial<Omit<QueueSpec, 'name' | 'description'>> = {},
): QueueSpec => ({
  name,
  description,
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
  retentionDays: 14,
  ...overrides,
});

/** Source of every event the platform puts on its bus. */
const eventSource = caseEventSource;

export const topology: Topology = {
  eventSource,
  queues: {
    intake: queue('intake', 'Accepted submissions (web, SMS, staff registration) waiting to be registered'),
    routing: queue('routing', 'Registered cases waiting for screening and routing to the competent organ'),
    casework: queue('casework', 'Work a sweep found due on one case: warnings, overdue flags, window expiry'),
    notifications: queue('notifications', 'Case events that tell the petitioner or staff something by SMS'),
    'staff-alerts': queue(
      'staff-alerts',
      'Case events that a unit’s staff are told about in their notification feed',
    ),
    assessment: queue(
      'assessment',
      'The case events that move a counter, counted into the assessment counters per unit and month',
    ),
    sms: queue('sms', 'Text messages to petitioners, sealed, waiting to be sent once each'),
    hotspots: queue(
      'hotspots',
      'Registered cases and dissatisfied ratings, grouped into hot-issue clusters as they arrive',
    ),
  },
  functions: [
    {
      name: 'web-webhook',
      description: 'POST /webhooks/web: signed submissions from the web portal',
      entry: 'functions/intake/web-webhook.ts',
      factory: 'createWebWebhook',
      compose: 'composeWebWebhook',
      trigger: { kind: 'http', routes: httpApi['web-webhook'] },
      timeoutSeconds: 10,
      memoryMb: 512,
      bundleBudgetKiB: 530,
      access: {
        ...noAccess,
        province: true,
        table: 'readwrite',
        sendTo: ['intake'],
        webhookSecrets: true,
        personalDataKey: 'encrypt',
      },
    },
    {
      name: 'sms-webhook',
      description: 'POST /webhooks/sms: signed inbound SMS (petitions, ratings, status queries)',
      entry: 'functions/intake/sms-webhook.ts',
      factory: 'createSmsWebhook',
      compose: 'composeSmsWebhook',
      trigger: { kind: 'http', routes: httpApi['sms-webhook'] },
      timeoutSeconds: 10,
      memoryMb: 512,
      bundleBudgetKiB: 615,
      access: {
        ...noAccess,
        province: true,
        table: 'readwrite',
        sendTo: ['intake', 'sms'],
        webhookSecrets: true,
        personalDataKey: 'encrypt',
      },
    },
    {
      name: 'intake-consumer',
      description: 'Registers accepted submissions: normalise, screen, detect repeats, register',
      entry: 'functions/intake/intake-consumer.ts',
      factory: 'createIntakeConsumer',
      compose: 'composeIntakeConsumer',
      trigger: { kind: 'queue', queue: 'intake' },
      timeoutSeconds: 30,
      memoryMb: 512,
      bundleBudgetKiB: 590,
      access: {
        ...noAccess,
        province: true,
        table: 'readwrite',
        sendTo: ['sms'],
        personalDataKey: 'decrypt',
      },
    },
    {
      name: 'public-api',
      description: 'Public lookup of a case and the petitioner’s rating, by tracking number and query code',
      entry: 'functions/public/public-api.ts',
      factory: 'createPublicApi',
      compose: 'composePublicApi',
      trigger: { kind: 'http', routes: httpApi['public-api'] },
      timeoutSeconds: 10,
      memoryMb: 256,
      bundleBudgetKiB: 570,
      access: {
        ...noAccess,
        province: true,
        table: 'readwrite',
        personalDataKey: 'decrypt',
      },
    },
    {
      name: 'verification-codes',
      description: 'POST /public/verification-codes: an SMS code that proves the petitioner’s phone',
      entry: 'functions/public/verification-codes-api.ts',
      factory: 'createVerificationCodesApi',
      compose: 'composeVerificationCodesApi',
      trigger: { kind: 'http', routes: httpApi['verification-codes'] },
      timeoutSeconds: 10,
      memoryMb: 256,
      // 516 KiB measured with the console, the China-region work and the hot issues merged.
      bundleBudgetKiB: 520,
      access: {
        ...noAccess,
        province: true,
        table: 'readwrite',
        sendTo: ['sms'],
        personalDataKey: 'encrypt',
      },
    },
    {
      name: 'petitions',
      description:
        'POST /public/petitions: a petition from the petitioner’s page, its phone proven by SMS code',
      entry: 'functions/public/petitions-api.ts',
      factory: 'createPetitionsApi',
      compose: 'composePetitionsApi',
      trigger: { kind: 'http', routes: httpApi.petitions },
      timeoutSeconds: 10,
      memoryMb: 512,
      bundleBudgetKiB: 525,
      access: {
        ...noAccess,
        province: true,
        table: 'readwrite',
        sendTo: ['intake'],
        personalDataKey: 'encrypt',
      },
    },
    {
      name: 'open311',
      description: 'Open311 GeoReport v2 for partner apps: services, filing and reading requests',
      entry: 'functions/public/open311-api.ts',
      factory: 'createOpen311Api',
      compose: 'composeOpen311Api',
      trigger: { kind: 'http', routes: httpApi.open311 },
      timeoutSeconds: 15,
      memoryMb: 512,
      // 581 KiB measured with the console, the China-region work and the hot issues merged.
      bundleBudgetKiB: 590,
      access: {
        ...noAccess,
        province: true,
        table: 'readwrite',
        sendTo: ['intake'],
        personalDataKey: 'decrypt',
        open311PartnerKeys: true,
      },
    },
    {
      name: 'routing-consumer',
      description: 'Routes a case in triage to its competent organ when the rules are confident',
      entry: 'functions/routing/routing-consumer.ts',
      factory: 'createRoutingConsumer',
      compose: 'composeRoutingConsumer',
      trigger: { kind: 'queue', queue: 'routing' },
      timeoutSeconds: 30,
      memoryMb: 512,
      bundleBudgetKiB: 540,
      access: { ...noAccess, province: true, routingModel: true, table: 'readwrite' },
    },
    {
      name: 'staff-api',
      description: 'Staff API: registration, inbox, case detail, every case action, search and the ledgers',
      entry: 'functions/staff/staff-api.ts',
      factory: 'createStaffApi',
      compose: 'composeStaffApi',
      trigger: { kind: 'http', routes: httpApi['staff-api'] },
      timeoutSeconds: 15,
      memoryMb: 512,
      // 601 KiB measured with the console, the China-region work and the hot issues merged.
      bundleBudgetKiB: 610,
      access: {
        ...noAccess,
        province: true,
        table: 'readwrite',
        sendTo: ['intake'],
        personalDataKey: 'encrypt',
      },
    },
    {
      name: 'openapi',
      description: 'GET /openapi.json: the OpenAPI document of every endpoint',
      entry: 'functions/public/openapi.ts',
      factory: 'createOpenApi',
      compose: 'composeOpenApi',
      trigger: { kind: 'http', routes: httpApi.openapi },
      timeoutSeconds: 10,
      memoryMb: 256,
      // 126 KiB measured after merging main's China-region work (staff claims, SMS templates, regions) with the console.
      bundleBudgetKiB: 130,
      access: noAccess,
    },
    {
      name: 'notifier',
      description: 'Queues the SMS that tells the petitioner what happened to their case (event-driven)',
      entry: 'functions/notifications/notifier.ts',
      factory: 'createNotifier',
      compose: 'composeNotifier',
      trigger: { kind: 'queue', queue: 'notifications' },
      timeoutSeconds: 30,
      memoryMb: 256,
      bundleBudgetKiB: 535,
      access: { ...noAccess, province: true, table: 'read', sendTo: ['sms'], personalDataKey: 'encrypt' },
    },
    {
      name: 'sms-sender',
      description: 'Sends each queued SMS once through the province’s SMS gateway',
      entry: 'functions/notifications/sms-sender.ts',
      factory: 'createSmsSender',
      compose: 'composeSmsSender',
      trigger: { kind: 'queue', queue: 'sms' },
      timeoutSeconds: 30,
      memoryMb: 256,
      // The table holds the sent-message records that make each send happen once.
      bundleBudgetKiB: 525,
      access: { ...noAccess, table: 'readwrite', personalDataKey: 'decrypt', sendsSms: true },
    },
    {
      name: 'staff-notifier',
      description: 'Writes alerts about deadlines, escalations, revisits and received cases to unit feeds',
      entry: 'functions/notifications/staff-notifier.ts',
      factory: 'createStaffNotifier',
      compose: 'composeStaffNotifier',
      trigger: { kind: 'queue', queue: 'staff-alerts' },
      timeoutSeconds: 30,
      memoryMb: 256,
      bundleBudgetKiB: 485,
      access: { ...noAccess, province: true, table: 'readwrite' },
    },
    {
      name: 'staff-feed-api',
      description: 'GET /staff/notifications: a unit’s notification feed, newest first',
      entry: 'functions/staff/staff-feed-api.ts',
      factory: 'createStaffFeedApi',
      compose: 'composeStaffFeedApi',
      trigger: { kind: 'http', routes: httpApi['staff-feed-api'] },
      timeoutSeconds: 10,
      memoryMb: 256,
      bundleBudgetKiB: 450,
      access: { ...noAccess, province: true, table: 'read' },
    },
    {
      name: 'staff-directory-api',
      description: 'GET /staff/directory: units, regions, categories and working days for the console',
      entry: 'functions/staff/staff-directory-api.ts',
      factory: 'createStaffDirectoryApi',
      compose: 'composeStaffDirectoryApi',
      trigger: { kind: 'http', routes: httpApi['staff-directory-api'] },
      timeoutSeconds: 10,
      memoryMb: 256,
      bundleBudgetKiB: 450,
      access: { ...noAccess, province: true },
    },
    {
      name: 'petitioner-contact-api',
      description:
        'GET /staff/cases/{caseId}/petitioner: the petitioner’s contact in full, each reveal audited',
      entry: 'functions/staff/petitioner-contact-api.ts',
      factory: 'createPetitionerContactApi',
      compose: 'composePetitionerContactApi',
      trigger: { kind: 'http', routes: httpApi['petitioner-contact-api'] },
      timeoutSeconds: 10,
      memoryMb: 256,
      // The case repository and the KMS client that opens sealed contacts.
      // 499 KiB measured with the console, the China-region work and the hot issues merged.
      bundleBudgetKiB: 510,
      access: { ...noAccess, province: true, table: 'read', personalDataKey: 'decrypt' },
    },
    {
      name: 'reply-templates-api',
      description: 'GET, PUT and DELETE /staff/reply-templates: reply templates per outcome and category',
      entry: 'functions/staff/reply-templates-api.ts',
      factory: 'createReplyTemplatesApi',
      compose: 'composeReplyTemplatesApi',
      trigger: { kind: 'http', routes: httpApi['reply-templates-api'] },
      timeoutSeconds: 10,
      memoryMb: 256,
      // 441 KiB measured after merging main's China-region work (staff claims, SMS templates, regions) with the console.
      bundleBudgetKiB: 450,
      access: { ...noAccess, province: true, table: 'readwrite' },
    },
    {
      name: 'kpi-aggregator',
      description: 'Counts every case event into the assessment counters of its units per month',
      entry: 'functions/assessment/kpi-aggregator.ts',
      factory: 'createKpiAggregator',
      compose: 'composeKpiAggregator',
      trigger: { kind: 'queue', queue: 'assessment' },
      timeoutSeconds: 30,
      memoryMb: 256,
      // 471 KiB measured with the console, the China-region work and the hot issues merged.
      bundleBudgetKiB: 480,
      access: { ...noAccess, province: true, table: 'readwrite' },
    },
    {
      name: 'assessment-api',
      description: 'GET /staff/assessment: assessment counters and rates per unit and region (JSON or CSV)',
      entry: 'functions/staff/assessment-api.ts',
      factory: 'createAssessmentApi',
      compose: 'composeAssessmentApi',
      trigger: { kind: 'http', routes: httpApi['assessment-api'] },
      timeoutSeconds: 15,
      memoryMb: 256,
      // 466 KiB measured with the console, the China-region work and the hot issues merged.
      bundleBudgetKiB: 470,
      access: { ...noAccess, province: true, table: 'read' },
    },
    {
      name: 'daily-digest',
      description: 'Writes each unit’s daily digest of open, due and overdue cases into its feed',
      entry: 'functions/sweeps/daily-digest.ts',
      factory: 'createDailyDigest',
      compose: 'composeDailyDigest',
      trigger: {
        kind: 'schedule',
        name: 'daily-digest',
        // 00:00 UTC is 08:00 in Asia/Shanghai (no daylight saving time).
        expression: 'cron(0 0 * * ? *)',
        description: 'Daily digest per unit at 08:00 Beijing time',
      },
      timeoutSeconds: 300,
      memoryMb: 512,
      bundleBudgetKiB: 485,
      access: { ...noAccess, province: true, table: 'readwrite' },
    },
    {
      name: 'deadline-sweep',
      description: 'Reads the due-time index and queues each case with a checkpoint due',
      entry: 'functions/sweeps/deadline-sweep.ts',
      factory: 'createDeadlineSweep',
      compose: 'composeDeadlineSweep',
      trigger: {
        kind: 'schedule',
        name: 'deadline-sweep',
        expression: 'rate(5 minutes)',
        description: 'Deadline warnings, overdue flags, escalation and rating-window expiry',
      },
      timeoutSeconds: 120,
      memoryMb: 512,
      bundleBudgetKiB: 485,
      access: { ...noAccess, table: 'read', sendTo: ['casework'] },
    },
    {
      name: 'casework-consumer',
      description:
        'Does what is due on one case: warn, flag overdue, supervise, hold accountable, mark unrated',
      entry: 'functions/casework/casework-consumer.ts',
      factory: 'createCaseworkConsumer',
      compose: 'composeCaseworkConsumer',
      trigger: { kind: 'queue', queue: 'casework' },
      timeoutSeconds: 30,
      memoryMb: 512,
      bundleBudgetKiB: 525,
      access: { ...noAccess, province: true, table: 'readwrite' },
    },
    {
      name: 'event-relay',
      description:
        'Publishes the event of every history line written, from the table stream, in order per case',
      entry: 'functions/events/event-relay.ts',
      factory: 'createEventRelay',
      compose: 'composeEventRelay',
      trigger: { kind: 'tableStream', batchSize: 100, maxBatchingWindowSeconds: 0 },
      timeoutSeconds: 60,
      memoryMb: 256,
      bundleBudgetKiB: 465,
      access: { ...noAccess, publishEvents: true },
    },
    {
      name: 'intake-sweep',
      description: 'Queues again submissions that were stored but never registered',
      entry: 'functions/sweeps/intake-sweep.ts',
      factory: 'createIntakeSweep',
      compose: 'composeIntakeSweep',
      trigger: {
        kind: 'schedule',
        name: 'intake-sweep',
        expression: 'rate(5 minutes)',
        description: 'Requeue stranded submissions',
      },
      timeoutSeconds: 60,
      memoryMb: 256,
      bundleBudgetKiB: 450,
      access: { ...noAccess, table: 'read', sendTo: ['intake'], countsQueues: ['intake'] },
    },
    {
      name: 'stuck-case-sweep',
      description: 'Queues again cases that wait between automatic steps (routing) longer than allowed',
      entry: 'functions/sweeps/stuck-case-sweep.ts',
      factory: 'createStuckCaseSweep',
      compose: 'composeStuckCaseSweep',
      trigger: {
        kind: 'schedule',
        name: 'stuck-case-sweep',
        expression: 'rate(5 minutes)',
        description: 'Resume cases stuck in triage that routing never finished',
      },
      timeoutSeconds: 120,
      memoryMb: 256,
      bundleBudgetKiB: 515,
      access: { ...noAccess, province: true, table: 'read', sendTo: ['routing'] },
    },
    {
      name: 'dlq-redrive',
      description: 'Operator: lists dead letters and moves them back to their queue (receive and send)',
      entry: 'functions/operations/dlq-redrive.ts',
      factory: 'createDlqRedrive',
      compose: 'composeDlqRedrive',
      trigger: {
        kind: 'manual',
        description: 'aws lambda invoke with {"action":"list"} or {"action":"redrive","queue":"sms"}',
      },
      timeoutSeconds: 300,
      memoryMb: 256,
      // The SQS client is most of it (measured 371 KiB).
      bundleBudgetKiB: 400,
      access: { ...noAccess, redrivesDeadLetters: true },
    },
    {
      name: 'republish-events',
      description:
        'Operator: publishes committed events again from their history lines (by case, or the stretch of time the relay failure queue names)',
      entry: 'functions/operations/republish-events.ts',
      factory: 'createRepublishEvents',
      compose: 'composeRepublishEvents',
      trigger: {
        kind: 'manual',
        description:
          'aws lambda invoke with {"action":"between","from":"…","to":"…"} (then with the cursor it answers) or {"action":"case","caseId":"…"}',
      },
      timeoutSeconds: 300,
      memoryMb: 256,
      // Measured 441 KiB: the DynamoDB and EventBridge clients.
      bundleBudgetKiB: 445,
      access: { ...noAccess, table: 'read', scansTable: true, publishEvents: true },
    },
    {
      name: 'dead-letters-api',
      description:
        'GET /staff/dead-letters, POST /staff/dead-letters/{queue}/redrive: the dead-letter state for supervisors and administrators',
      entry: 'functions/operations/dead-letters-api.ts',
      factory: 'createDeadLettersApi',
      compose: 'composeDeadLettersApi',
      trigger: { kind: 'http', routes: httpApi['dead-letters-api'] },
      timeoutSeconds: 60,
      memoryMb: 256,
      // The SQS client and the province configuration (measured 412 KiB).
      bundleBudgetKiB: 415,
      access: { ...noAccess, province: true, redrivesDeadLetters: true },
    },
    {
      name: 'hotspot-grouper',
      description: 'Assigns each registered case to its hot-issue cluster and warns the bureau (issue 16)',
      entry: 'functions/hotspots/hotspot-grouper.ts',
      factory: 'createHotspotGrouper',
      compose: 'composeHotspotGrouper',
      trigger: { kind: 'queue', queue: 'hotspots' },
      timeoutSeconds: 30,
      memoryMb: 512,
      // 491 KiB measured with the console, the China-region work and the hot issues merged.
      bundleBudgetKiB: 495,
      access: { ...noAccess, province: true, routingModel: true, table: 'readwrite', publishEvents: true },
    },
    {
      name: 'hotspots-api',
      description: 'GET /staff/hotspots: hot issues of a region subtree, hottest first',
      entry: 'functions/staff/hotspots-api.ts',
      factory: 'createHotspotsApi',
      compose: 'composeHotspotsApi',
      trigger: { kind: 'http', routes: httpApi['hotspots-api'] },
      timeoutSeconds: 15,
      memoryMb: 256,
      bundleBudgetKiB: 460,
      access: { ...noAccess, province: true, table: 'read' },
    },
    {
      name: 'hotspot-sweep',
      description: 'Recomputes the heat of active hot-issue clusters, finds spikes, delivers warnings',
      entry: 'functions/sweeps/hotspot-sweep.ts',
      factory: 'createHotspotSweep',
      compose: 'composeHotspotSweep',
      trigger: {
        kind: 'schedule',
        name: 'hotspot-sweep',
        expression: 'rate(1 hour)',
        description: 'Hot-issue heat, spikes and early warnings (热点分析与群体性信访预警)',
      },
      timeoutSeconds: 120,
      memoryMb: 256,
      bundleBudgetKiB: 480,
      access: { ...noAccess, province: true, table: 'readwrite', publishEvents: true },
    },
  ],
  rules: [
    {
      name: 'petitioner-notifications',
      description: 'Events the petitioner is told about by SMS',
      pattern: { source: [eventSource], 'detail-type': [...petitionerNotifiedEvents] },
      targetQueue: 'notifications',
    },
    {
      name: 'staff-alerts',
      description:
        'Events a unit’s staff are told about: deadlines, escalations, revisits, received cases, reviews',
      pattern: { source: [eventSource], 'detail-type': [...staffAlertedEvents] },
      targetQueue: 'staff-alerts',
    },
    {
      name: 'late-registrations',
      description: 'Registrations made later than the province allows, for the supervising bureau',
      pattern: {
        source: [eventSource],
        'detail-type': [lateRegistrationAlerted],
        detail: { payload: { registeredLate: [true] } },
      },
      targetQueue: 'staff-alerts',
    },
    {
      name: 'assessment',
      description: 'The case events that move an assessment counter (目标管理考核)',
      pattern: { source: [eventSource], 'detail-type': [...countedEventTypes] },
      targetQueue: 'assessment',
    },
    {
      name: 'cases-to-route',
      description: 'Cases that reached triage and wait for routing',
      pattern: { source: [eventSource], 'detail-type': ['CaseScreenedIn', 'ScreeningOverturned'] },
      targetQueue: 'routing',
    },
    {
      name: 'hotspot-grouping',
      description: 'Registered cases and ratings, for hot-issue grouping (热点分析)',
      pattern: { source: [eventSource], 'detail-type': ['CaseRegistered', 'CaseEvaluated'] },
      targetQueue: 'hotspots',
    },
  ],
};

/** Looks a function up by name; throws when the topology has none of that name. */
export function functionSpec(name: string): FunctionSpec {
  const spec = topology.functions.find((f) => f.name === name);
  if (!spec) throw new Error(`no function '${name}' in the topology`);
  return spec;
}
