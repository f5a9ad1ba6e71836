/**
 * The audit trail as structured log lines (`"audit": true`) in the function's own log group, which
 * the stacks keep for six months and which the function's role may write to but not alter, delete
 * or shorten (infra/cdk/petition-function.ts; tests/infra/cdk-stacks.test.ts holds both).
 */
import type { AuditRecord, AuditTrail, Logger } from '../../application/ports.js';

export function auditTrail(logger: Logger): AuditTrail {
  return {
    record(entry: AuditRecord) {
      const fields = { audit: true, ...entry };
      if (entry.outcome === 'refused') logger.warn('refused', fields);
      else logger.info('audited', fields);
    },
  };
}
