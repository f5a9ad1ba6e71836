import type { DeadlineRule, DeadlineRules } from './rules.js';

// Short windows warn one day ahead, long ones three: a 3-day warning on a 7-day window would fire
// before half of it has passed.
const shortWarning = { daysBefore: 1 } as const;
const longWarning = { daysBefore: 3 } as const;

/** Statutory periods count calendar days and end on a working day, as in the 信访工作条例. */
const statutoryDays = (days: number): DeadlineRule => ({
  days,
  dayKind: 'calendar',
  warning: days < 15 ? shortWarning : longWarning,
  rollToWorkingDay: true,
});

/** Internal office work can only happen on working days, so it is counted in them. */
const workingDays = (days: number): DeadlineRule => ({
  days,
  dayKind: 'working',
  warning: days < 15 ? shortWarning : longWarning,
  rollToWorkingDay: true,
});

/**
 * The national defaults (信访工作条例 2022 and the seed). Every value is a default only: a province
 * that counts in 工作日 or shortens a window overrides the step in its configuration.
 */
export const defaultDeadlineRules: DeadlineRules = {
  steps: {
    forwarding: statutoryDays(15), // Art. 22
    // Not in the regulation: signing for is a clerical act that needs an open office, and three
    // working days leave most of the 15-day acceptance period to the organ that decides.
    signFor: workingDays(3),
    acceptance: statutoryDays(15), // from receipt
    handling: statutoryDays(60), // from acceptance; extension below
    evaluation: statutoryDays(7), // the petitioner's window, so calendar days
    revisit: workingDays(10),
    verification: workingDays(15),
    rectification: statutoryDays(30), // supervision orders set 30 days, not working days
    // The seed's "within one week" of the incident: a plain week, not moved by holidays.
    accountabilityProposal: { days: 7, dayKind: 'calendar', warning: shortWarning, rollToWorkingDay: false },
    reviewRequest: statutoryDays(30), // from the written reply
    reviewDecision: statutoryDays(30),
    reReviewRequest: statutoryDays(30), // from the review opinion
    reReviewDecision: statutoryDays(30),
  },
  // Handling may be extended, with the leader's approval, by at most 30 days; once by default.
  extension: { maxDays: 30, maxCount: 1 },
};
