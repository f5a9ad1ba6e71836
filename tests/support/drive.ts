/** Drives the real handlers the way HTTP and the queues would, for component tests. */
import type {
  APIGatewayProxyEventV2,
  Context,
  APIGatewayProxyStructuredResultV2 as Result,
  SQSBatchResponse,
} from 'aws-lambda';
import type { StaffRole } from '../../domain/case/model.js';
import { staffAlertedEvents } from '../../domain/notifications/staff-alerts.js';
import { createKpiAggregator } from '../../functions/assessment/kpi-aggregator.js';
import { createCaseworkConsumer } from '../../functions/casework/casework-consumer.js';
import { createIntakeConsumer } from '../../functions/intake/intake-consumer.js';
import { createWebWebhook } from '../../functions/intake/web-webhook.js';
import { createNotifier } from '../../functions/notifications/notifier.js';
import { createStaffNotifier } from '../../functions/notifications/staff-notifier.js';
import { createPublicApi } from '../../functions/public/public-api.js';
import { createAssessmentApi } from '../../functions/staff/assessment-api.js';
import { createStaffApi } from '../../functions/staff/staff-api.js';
import { createStaffFeedApi } from '../../functions/staff/staff-feed-api.js';
import { createDailyDigest } from '../../functions/sweeps/daily-digest.js';
import { createDeadlineSweep } from '../../functions/sweeps/deadline-sweep.js';
import { httpEvent, signedRequest, sqsEvent, type TestPlatform, webSecret } from './test-platform.js';

const context = {} as Context;

export interface Reply {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
  readonly body: any;
}

const reply = (r: Result): Reply => ({ status: r.statusCode ?? 200, body: JSON.parse(String(r.body)) });

export function driver(platform: TestPlatform) {
  const staffApi = createStaffApi(platform.deps);
  const publicApi = createPublicApi(platform.deps);
  const staffFeedApi = createStaffFeedApi(platform.deps);
  const assessmentApi = createAssessmentApi(platform.deps);
  const asStaff = (event: APIGatewayProxyEventV2, unit: string, role: StaffRole) =>
    ({
      ...event,
      requestContext: {
        ...event.requestContext,
        authorizer: { jwt: { claims: { sub: `${role}@${unit}`, unit, role }, scopes: [] } },
      },
    }) as APIGatewayProxyEventV2;

  return {
    /** Posts a web submission and runs intake; returns the receipt. */
    async submit(fields: Record<string, unknown>): Promise<{ trackingNumber: string; queryCode: string }> {
      const body = JSON.stringify({
        submissionId: `s-${Math.random().toString(36).slice(2)}`,
        petitioner: { name: '钱八', phone: '13500003333' },
        regionCode: '330106',
        title: '小区物业乱收停车费',
        content: '小区物业未经业主大会同意擅自上调停车费，请住建部门查处。',
        ...fields,
      });
      const r = (await createWebWebhook(platform.deps)(
        signedRequest('/webhooks/web', body, webSecret),
        context,
      )) as Result;
      await createIntakeConsumer(platform.deps)(platform.queue.drain('intake'), context);
      return JSON.parse(String(r.body));
    },
    async act(
      caseId: string,
      command: string,
      unit: string,
      role: StaffRole,
      body: unknown = {},
    ): Promise<Reply> {
      const event = httpEvent('POST', `/staff/cases/${caseId}/actions/${command}`, {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
        pathParameters: { caseId, command },
      });
      return reply((await staffApi(asStaff(event, unit, role), context)) as Result);
    },
    async publicPost(trackingNumber: string, what: 'evaluation' | 'review', body: unknown): Promise<Reply> {
      const event = httpEvent('POST', `/public/cases/${trackingNumber}/${what}`, {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
        pathParameters: { trackingNumber },
      });
      return reply((await publicApi(event, context)) as Result);
    },
    /** One deadline-sweep tick and the casework it queued. */
    async tick(): Promise<void> {
      await createDeadlineSweep(platform.deps)();
      await createCaseworkConsumer(platform.deps)(platform.queue.drain('casework'), context);
    },
    /** `GET /staff/notifications` as a member of `unit`. */
    async feed(unit: string, role: StaffRole, query: Record<string, string> = {}): Promise<Reply> {
      const event = httpEvent('GET', '/staff/notifications', { query });
      return reply((await staffFeedApi(asStaff(event, unit, role), context)) as Result);
    },
    /** Takes the published events the staff-alerts rule matches, as it would deliver them. */
    staffAlertEnvelopes(): unknown[] {
      const envelopes = platform.bus.envelopes(staffAlertedEvents);
      platform.bus.published.length = 0;
      return envelopes;
    },
    /** Delivers envelopes to the staff notifier as one SQS batch. */
    async alertStaff(envelopes: readonly unknown[]): Promise<SQSBatchResponse> {
      return (await createStaffNotifier(platform.deps)(sqsEvent(envelopes), context)) as SQSBatchResponse;
    },
    /** `GET /staff/assessment` as a member of `unit`; the raw result, for JSON or CSV. */
    async assessment(unit: string, role: StaffRole, query: Record<string, string> = {}): Promise<Result> {
      const event = httpEvent('GET', '/staff/assessment', { query });
      return (await assessmentApi(asStaff(event, unit, role), context)) as Result;
    },
    /** Delivers envelopes to the KPI aggregator as one SQS batch, as the assessment rule would. */
    async countKpis(envelopes: readonly unknown[]): Promise<SQSBatchResponse> {
      return (await createKpiAggregator(platform.deps)(sqsEvent(envelopes), context)) as SQSBatchResponse;
    },
    /** One run of the daily digest schedule. */
    async digest() {
      return createDailyDigest(platform.deps)();
    },
    /** Delivers every published event to the notifier, as the bus rule would. */
    async notify(): Promise<void> {
      await createNotifier(platform.deps)(sqsEvent(platform.bus.envelopes()), context);
      platform.bus.published.length = 0;
    },
  };
}
