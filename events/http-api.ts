/**
 * The HTTP API's routes, by the function that serves them: the contract portals, gateways, partner
 * apps and the staff console integrate against. The topology (infra/topology.ts) wires each
 * function to its routes from here, and the OpenAPI document (`GET /openapi.json`) is built from
 * the same list, so neither can drift from the other.
 */
type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRoute {
  readonly method: HttpMethod;
  /** API Gateway HTTP API path syntax: `/public/cases/{trackingNumber}`. */
  readonly path: string;
  /** `staff` routes need a bearer JWT (the province's identity provider on AWS, a local key locally). */
  readonly auth: 'none' | 'staff';
}

export const httpApi = {
  'web-webhook': [{ method: 'POST', path: '/webhooks/web', auth: 'none' }],
  'sms-webhook': [{ method: 'POST', path: '/webhooks/sms', auth: 'none' }],
  'public-api': [
    { method: 'GET', path: '/public/cases/{trackingNumber}', auth: 'none' },
    { method: 'POST', path: '/public/cases/{trackingNumber}/evaluation', auth: 'none' },
    { method: 'POST', path: '/public/cases/{trackingNumber}/review', auth: 'none' },
  ],
  'staff-api': [
    { method: 'POST', path: '/staff/cases', auth: 'staff' },
    { method: 'GET', path: '/staff/cases', auth: 'staff' },
    { method: 'GET', path: '/staff/cases/{caseId}', auth: 'staff' },
    { method: 'GET', path: '/staff/cases/{caseId}/integrity', auth: 'staff' },
    { method: 'POST', path: '/staff/cases/{caseId}/actions/{command}', auth: 'staff' },
    { method: 'GET', path: '/staff/search', auth: 'staff' },
    { method: 'GET', path: '/staff/ledgers/{kind}', auth: 'staff' },
  ],
  'verification-codes': [{ method: 'POST', path: '/public/verification-codes', auth: 'none' }],
  petitions: [{ method: 'POST', path: '/public/petitions', auth: 'none' }],
  /**
   * Open311 GeoReport v2 for partner apps. API Gateway takes a path parameter only as a whole
   * segment, so `{service_code}.json` arrives as `{serviceFile}` and the function reads the format.
   */
  open311: [
    { method: 'GET', path: '/open311/v2/discovery.json', auth: 'none' },
    { method: 'GET', path: '/open311/v2/services.json', auth: 'none' },
    { method: 'GET', path: '/open311/v2/services/{serviceFile}', auth: 'none' },
    { method: 'GET', path: '/open311/v2/requests.json', auth: 'none' },
    { method: 'POST', path: '/open311/v2/requests.json', auth: 'none' },
    { method: 'GET', path: '/open311/v2/requests/{requestFile}', auth: 'none' },
  ],
  openapi: [{ method: 'GET', path: '/openapi.json', auth: 'none' }],
  'staff-feed-api': [{ method: 'GET', path: '/staff/notifications', auth: 'staff' }],
  'assessment-api': [{ method: 'GET', path: '/staff/assessment', auth: 'staff' }],
  'staff-directory-api': [{ method: 'GET', path: '/staff/directory', auth: 'staff' }],
  'petitioner-contact-api': [{ method: 'GET', path: '/staff/cases/{caseId}/petitioner', auth: 'staff' }],
  'reply-templates-api': [
    { method: 'GET', path: '/staff/reply-templates', auth: 'staff' },
    { method: 'PUT', path: '/staff/reply-templates/{outcome}/{categoryId}', auth: 'staff' },
    { method: 'DELETE', path: '/staff/reply-templates/{outcome}/{categoryId}', auth: 'staff' },
  ],
  'dead-letters-api': [
    { method: 'GET', path: '/staff/dead-letters', auth: 'staff' },
    { method: 'POST', path: '/staff/dead-letters/{queue}/redrive', auth: 'staff' },
  ],
  'hotspots-api': [{ method: 'GET', path: '/staff/hotspots', auth: 'staff' }],
} as const satisfies Record<string, readonly HttpRoute[]>;
