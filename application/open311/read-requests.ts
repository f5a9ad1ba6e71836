/**
 * `GET requests/{id}.json` and `GET requests.json`. Petitions are not public like street reports:
 * a partner reads only what it filed (its key), and anyone else only one request with its query
 * code (the extension parameter `code`, throttled like the public lookup). Status is `open` or
 * `closed`; the platform's stage travels as an extended attribute.
 */
import { endStages } from '../../domain/case/model.js';
import { publicView } from '../../domain/case/public-view.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import type { Open311Query, Open311ServiceRequest } from '../../events/open311.js';
import { NotFoundError } from '../errors.js';
import type {
  Clock,
  Open311Record,
  Open311Records,
  Partner,
  ProvinceContext,
  SubmissionStore,
} from '../ports.js';
import {
  authorised,
  type PetitionerCredentials,
  type QueryCodeCheckPorts,
} from '../public/petitioner-access.js';

export interface ReadRequestsPorts extends QueryCodeCheckPorts {
  readonly cases: Pick<CaseRepository, 'get' | 'history'>;
  readonly submissions: Pick<SubmissionStore, 'get'>;
  readonly open311Records: Pick<Open311Records, 'get' | 'list'>;
  readonly province: Pick<ProvinceContext, 'config' | 'directory'>;
  readonly clock: Clock;
}

/** At most this many requests answer one query, and by default those of the last 90 days (the specification's). */
const maxListed = 1_000;
const defaultSpanMs = 90 * 86_400_000;

/** An instant in Beijing time with its offset, as W3C date-times are written: `2026-03-02T10:00:00+08:00`. */
function beijingTime(iso: string): string {
  return `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

function shanghaiDay(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The request as the specification shows it, from the case (or, before registration, the submission). */
async function describe(
  ports: ReadRequestsPorts,
  trackingNumber: string,
  record: Open311Record | undefined,
): Promise<Open311ServiceRequest | undefined> {
  const { config, directory } = ports.province;
  const c = await ports.cases.get(trackingNumber);
  const place = {
    ...(record?.address ? { address: record.address } : {}),
    ...(record?.lat !== undefined ? { lat: record.lat } : {}),
    ...(record?.long !== undefined ? { long: record.long } : {}),
    ...(record?.mediaUrl ? { media_url: record.mediaUrl } : {}),
  };
  if (!c) {
    if (!record) return undefined;
    const submission = await ports.submissions.get('web', record.submissionId);
    return {
      service_request_id: trackingNumber,
      status: 'open',
      status_notes: '已接收，正在登记',
      service_name: config.categories.find((k) => k.id === record.serviceCode)?.name ?? record.serviceCode,
      service_code: record.serviceCode,
      description: record.description,
      agency_responsible: directory.findUnit(submission?.receivingUnitId ?? '')?.name ?? '',
      service_notice: '',
      requested_datetime: beijingTime(record.requestedAt),
      updated_datetime: beijingTime(record.requestedAt),
      ...place,
      extended_attributes: { stage: 'received', stage_label: '已接收' },
    };
  }
  const view = publicView(
    c,
    await ports.cases.history(c.caseId),
    ports.clock.now(),
    (id) => directory.findUnit(id)?.name ?? id,
  );
  const category = config.categories.find((k) => k.id === (record?.serviceCode ?? c.categoryId));
  const notes = view.reply
    ? `${view.stageLabel}。答复（${view.reply.outcome}）：${view.reply.text}`
    : view.guidance
      ? `${view.stageLabel}：${view.guidance}`
      : view.stageLabel;
  const nextDue = view.deadlines
    .filter((d) => d.status === 'open')
    .map((d) => d.dueAt)
    .sort()[0];
  return {
    service_request_id: trackingNumber,
    status: endStages.has(c.stage) ? 'closed' : 'open',
    status_notes: notes,
    service_name: category?.name ?? '',
    service_code: category?.id ?? '',
    description: c.content,
    agency_responsible: view.handlingUnit ?? directory.findUnit(c.currentUnitId)?.name ?? '',
    service_notice: view.closed ? `已办结：${view.closed.reason}` : '',
    requested_datetime: beijingTime(record?.requestedAt ?? c.registeredAt),
    updated_datetime: beijingTime(view.timeline.at(-1)?.at ?? c.registeredAt),
    ...(nextDue ? { expected_datetime: beijingTime(nextDue) } : {}),
    ...place,
    extended_attributes: { stage: c.stage, stage_label: view.stageLabel },
  };
}

const notFound = (id: string) => new NotFoundError('not_found', `service_request_id ${id} not found`);

/** One request the partner filed; 404 for any other, so a key learns nothing of others' requests. */
export async function requestOfPartner(
  ports: ReadRequestsPorts,
  partner: Partner,
  trackingNumber: string,
): Promise<Open311ServiceRequest> {
  const record = await ports.open311Records.get(partner.id, trackingNumber);
  const request = record ? await describe(ports, trackingNumber, record) : undefined;
  if (!request) throw notFound(trackingNumber);
  return request;
}

/** One request by its query code (wrong codes are throttled per address, like the public lookup). */
export async function requestByCode(
  ports: ReadRequestsPorts,
  who: PetitionerCredentials,
): Promise<Open311ServiceRequest> {
  await authorised(ports, who);
  const request = await describe(ports, who.trackingNumber, undefined);
  if (!request) throw notFound(who.trackingNumber);
  return request;
}

/** The partner's requests that match the specification's filters, newest first. */
export async function requestsOfPartner(
  ports: ReadRequestsPorts,
  partner: Partner,
  query: Open311Query,
): Promise<readonly Open311ServiceRequest[]> {
  let records: readonly Open311Record[];
  if (query.service_request_id) {
    const found = await Promise.all(
      query.service_request_id.map((id) => ports.open311Records.get(partner.id, id)),
    );
    records = found.filter((r) => r !== undefined);
  } else {
    const given = (d: string | undefined) => (d === undefined ? undefined : Date.parse(d));
    const start = given(query.start_date);
    const end =
      given(query.end_date) ?? (start !== undefined ? start + defaultSpanMs : Date.parse(ports.clock.now()));
    const from = start ?? end - defaultSpanMs;
    records = (
      await ports.open311Records.list(partner.id, shanghaiDay(from), shanghaiDay(end), maxListed)
    ).filter((r) => Date.parse(r.requestedAt) >= from && Date.parse(r.requestedAt) <= end);
  }
  if (query.service_code) records = records.filter((r) => query.service_code?.includes(r.serviceCode));
  const requests: Open311ServiceRequest[] = [];
  for (let i = 0; i < records.length; i += 25) {
    const batch = records.slice(i, i + 25);
    requests.push(
      ...(await Promise.all(batch.map((r) => describe(ports, r.trackingNumber, r)))).filter(
        (r) => r !== undefined,
      ),
    );
  }
  return query.status ? requests.filter((r) => query.status?.includes(r.status)) : requests;
}
