/**
 * `POST requests.json`: a partner app files a petition. It enters the same intake pipeline as the
 * web webhook (channel `web`, the receiving bureau of its region), so it becomes a case exactly
 * like a portal's submission and the petitioner gets the receipt SMS with the query code. The
 * tracking number is the `service_request_id`. With the `Idempotency-Key` header (an extension:
 * the specification has none) a retried POST files nothing twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Open311Request } from '../../events/open311.js';
import { ConflictError, InvalidRequestError } from '../errors.js';
import {
  type AcceptSubmissionPorts,
  acceptSubmission,
  normaliseMatter,
} from '../intake/accept-submission.js';
import type { Open311Records, Partner, ProvinceContext } from '../ports.js';
import { checkedAttributes, serviceFor } from './services.js';

export interface FileRequestPorts extends AcceptSubmissionPorts {
  readonly open311Records: Pick<Open311Records, 'get' | 'put'>;
  readonly province: Pick<ProvinceContext, 'config' | 'directory'>;
}

/** What the partner is told: the tracking number, and that the petitioner gets the query code by SMS. */
export interface FiledRequest {
  readonly service_request_id: string;
  readonly service_notice: string;
}

/** A title from the description when the partner gave none: its first 30 characters. */
function titleFrom(description: string): string {
  const line = description.replace(/\s+/g, ' ').trim();
  return line.length > 30 ? `${line.slice(0, 30)}…` : line;
}

export async function fileRequest(
  ports: FileRequestPorts,
  partner: Partner,
  request: Open311Request,
  attributes: Readonly<Record<string, string>>,
  idempotencyKey?: string,
): Promise<FiledRequest> {
  const { config, directory } = ports.province;
  const category = serviceFor(config, request.service_code);
  const { regionCode, title, idNumber } = checkedAttributes(config, attributes);
  const hasPoint = request.lat !== undefined && request.long !== undefined;
  if (!request.address_string && !request.address_id && !hasPoint)
    throw new InvalidRequestError([
      { field: 'address_string', problem: 'a location is required: address_string, or lat and long' },
    ]);
  const name = `${request.last_name ?? ''}${request.first_name ?? ''}`.trim();
  if (!name)
    throw new InvalidRequestError([{ field: 'last_name', problem: 'the petitioner’s name is required' }]);
  const matter = normaliseMatter(
    {
      petitioner: {
        name,
        phone: request.phone,
        ...(idNumber ? { idNumber } : {}),
        ...(request.address_string ? { address: request.address_string } : {}),
      },
      regionCode,
      title: title ?? titleFrom(request.description),
      content: request.description,
      category: category.id,
      ...(request.media_url ? { attachments: [{ name: '附件', url: request.media_url }] } : {}),
    },
    directory,
  );
  const reference = idempotencyKey
    ? createHash('sha256').update(idempotencyKey).digest('base64url')
    : randomUUID();
  const submissionId = `open311-${partner.id}-${reference}`;
  const receipt = await acceptSubmission(ports, {
    channel: 'web',
    submissionId,
    receivedAt: ports.clock.now(),
    receivingUnitId: directory.bureauFor(regionCode).id,
    ...matter,
  }).catch((error: unknown) => {
    // The pipeline's refusal names the derived submission id; the partner knows only its key.
    if (error instanceof ConflictError && error.code === 'submission_conflict')
      throw new ConflictError(
        'idempotency_key_reused',
        'this Idempotency-Key was used for a different request; use a new key',
      );
    throw error;
  });
  if (!(await ports.open311Records.get(partner.id, receipt.trackingNumber))) {
    await ports.open311Records.put({
      partnerId: partner.id,
      trackingNumber: receipt.trackingNumber,
      submissionId,
      serviceCode: category.id,
      requestedAt: ports.clock.now(),
      description: matter.content,
      ...(request.address_string ? { address: request.address_string } : {}),
      ...(hasPoint ? { lat: request.lat, long: request.long } : {}),
      ...(request.media_url ? { mediaUrl: request.media_url } : {}),
    });
  }
  return {
    service_request_id: receipt.trackingNumber,
    service_notice: `已接收，受理编号${receipt.trackingNumber}。查询码已通过短信发送给信访人，凭受理编号和查询码可查询办理进度。`,
  };
}
