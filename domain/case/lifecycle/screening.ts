/**
 * Screening (甄别) of a registered case: a statutory-channel matter is closed with guidance
 * (诉访分离), a repeat is linked to its original (并单), anything else goes to triage.
 */
import { GuardFailedError } from '../errors.js';
import { type Rules, withoutType } from './rule.js';

export const screeningRules: Rules<
  'screenOut' | 'overturnScreening' | 'linkRepeat' | 'refuseConcludedMatter' | 'passScreening'
> = {
  screenOut: {
    from: ['registered'],
    by: ['system', 'registrar', 'triage_officer'],
    event: 'CaseScreenedOut',
    visibility: 'public',
    apply: (c, cmd) => ({
      next: {
        ...c,
        stage: 'screened_out',
        screening: { channel: cmd.channel, ruleId: cmd.ruleId, guidance: cmd.guidance },
      },
      payload: withoutType(cmd),
      closes: [{ key: 'forwarding', status: 'cancelled' }],
    }),
  },
  overturnScreening: {
    from: ['screened_out'],
    by: ['triage_officer', 'leader', 'admin'],
    event: 'ScreeningOverturned',
    visibility: 'public',
    apply: (c, cmd, ctx) => {
      const { screening: _dropped, ...rest } = c;
      return {
        next: { ...rest, stage: 'triage' },
        payload: withoutType(cmd),
        // The matter comes back into triage now: screening it out had been the bureau's answer in time.
        opens: [
          {
            key: 'forwarding',
            step: 'forwarding',
            kind: 'obligation',
            unitId: c.currentUnitId,
            startAt: ctx.now,
          },
        ],
      };
    },
  },
  linkRepeat: {
    from: ['registered'],
    by: ['system', 'registrar', 'triage_officer'],
    event: 'CaseLinkedAsRepeat',
    visibility: 'public',
    apply: (c, cmd) => {
      if (cmd.originalCaseId === c.caseId)
        throw new GuardFailedError('repeat_of_itself', 'a case cannot repeat itself');
      return {
        next: { ...c, stage: 'repeat_linked', repeatOf: cmd.originalCaseId },
        payload: withoutType(cmd),
        closes: [{ key: 'forwarding', status: 'cancelled' }],
      };
    },
  },
  refuseConcludedMatter: {
    from: ['registered'],
    by: ['system', 'registrar', 'triage_officer'],
    event: 'CaseRefusedAsConcluded',
    visibility: 'public',
    apply: (c, cmd) => {
      if (cmd.originalCaseId === c.caseId)
        throw new GuardFailedError('repeat_of_itself', 'a case cannot repeat itself');
      // 信访工作条例: a matter concluded by re-review, raised again on the same facts and reasons,
      // is not accepted again. The case records that answer, and is itself concluded.
      return {
        next: { ...c, stage: 'concluded_matter', repeatOf: cmd.originalCaseId, concluded: true },
        payload: withoutType(cmd),
        closes: [{ key: 'forwarding', status: 'cancelled' }],
      };
    },
  },
  passScreening: {
    from: ['registered'],
    by: ['system', 'registrar', 'triage_officer'],
    event: 'CaseScreenedIn',
    visibility: 'internal',
    apply: (c) => ({ next: { ...c, stage: 'triage' }, payload: {} }),
  },
};
