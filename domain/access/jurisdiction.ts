/**
 * Jurisdiction of staff over cases (DESIGN.md §4): a unit's staff see and act on that unit's
 * cases; a bureau sees the cases of its region subtree; a province admin sees all. Which unit may
 * issue a command depends on the command: the unit holding the case handles it, the assisting
 * organ contributes, each revisit task's unit revisits, bureaus over the region verify, supervise
 * and pursue accountability, the reviewing unit decides a review.
 */
import type { CommandType } from '../case/commands.js';
import type { Case, StaffRole } from '../case/model.js';
import type { ProvinceDirectory } from '../province/directory.js';

export interface StaffPrincipal {
  readonly personId: string;
  readonly unitId: string;
  readonly role: StaffRole;
}

/** The organ a unit acts for: a department (处/科室) acts for its organ. */
function actingUnit(directory: ProvinceDirectory, unitId: string): string {
  const unit = directory.findUnit(unitId);
  return unit?.kind === 'department' && unit.parentId ? unit.parentId : unitId;
}

function isProvinceAdmin(staff: StaffPrincipal, directory: ProvinceDirectory): boolean {
  const unit = directory.findUnit(staff.unitId);
  return staff.role === 'admin' && unit?.kind === 'bureau' && unit.level === 'province';
}

/** True when the staff's unit is a petition bureau whose region contains the case's region. */
function bureauOverCase(staff: StaffPrincipal, c: Case, directory: ProvinceDirectory): boolean {
  const unit = directory.findUnit(staff.unitId);
  return unit?.kind === 'bureau' && directory.isWithin(c.regionCode, unit.regionCode);
}

/** Every unit the case involves: holding, filing, dispatching, handling, assisting, revisiting, reviewing. */
function involvedUnits(c: Case): ReadonlySet<string> {
  return new Set(
    [
      c.currentUnitId,
      c.receivingUnitId,
      c.dispatch?.fromUnitId,
      c.responsibility?.unitId,
      ...c.assistingUnitIds,
      ...c.revisits.map((t) => t.unitId),
      ...c.reviews.map((r) => r.unitId),
      ...c.supervisions.flatMap((s) => [s.supervisingUnitId, s.targetUnitId]),
    ].filter((u): u is string => u !== undefined),
  );
}

export function canSee(staff: StaffPrincipal, c: Case, directory: ProvinceDirectory): boolean {
  return (
    isProvinceAdmin(staff, directory) ||
    involvedUnits(c).has(actingUnit(directory, staff.unitId)) ||
    bureauOverCase(staff, c, directory)
  );
}

/** May the staff's unit see the inbox of `unitId`? Its own, or any unit in its bureau's region. */
export function canSeeInboxOf(staff: StaffPrincipal, unitId: string, directory: ProvinceDirectory): boolean {
  if (
    isProvinceAdmin(staff, directory) ||
    actingUnit(directory, staff.unitId) === actingUnit(directory, unitId)
  )
    return true;
  const own = directory.findUnit(staff.unitId);
  const other = directory.findUnit(unitId);
  return (
    own?.kind === 'bureau' && other !== undefined && directory.isWithin(other.regionCode, own.regionCode)
  );
}

const holderCommands: ReadonlySet<CommandType> = new Set([
  'screenOut',
  'overturnScreening',
  'linkRepeat',
  'refuseConcludedMatter',
  'passScreening',
  'route',
  'forward',
  'assign',
  'signFor',
  'returnCase',
  'accept',
  'decline',
  'assignResponsibility',
  'recordHandlingNote',
  'addAssistingOrgan',
  'requestExtension',
  'approveExtension',
  'refuseExtension',
  'reply',
]);

const overseerCommands: ReadonlySet<CommandType> = new Set([
  'verify',
  'openSupervision',
  'recordSupervisionFollowUp',
  'confirmRectification',
  'openAccountability',
  'recordAccountabilityStep',
  'requestReview',
  'requestReReview',
]);

/** Why the staff's unit may not issue the command on this case, or undefined when it may. */
export function jurisdictionRefusal(
  staff: StaffPrincipal,
  c: Case,
  command: CommandType,
  directory: ProvinceDirectory,
): string | undefined {
  const unit = actingUnit(directory, staff.unitId);
  if (holderCommands.has(command)) {
    return unit === c.currentUnitId
      ? undefined
      : `the case is held by ${c.currentUnitId}, not ${staff.unitId}`;
  }
  if (command === 'recordContribution') {
    return c.assistingUnitIds.includes(unit)
      ? undefined
      : `${staff.unitId} is not an assisting organ of this case`;
  }
  if (command === 'recordRevisit') {
    return c.revisits.some((t) => t.unitId === unit && t.status === 'open')
      ? undefined
      : `${staff.unitId} has no open revisit task on this case`;
  }
  if (command === 'decideReview' || command === 'decideReReview') {
    const open = c.reviews.find((r) => !r.decidedAt);
    return open?.unitId === unit
      ? undefined
      : `the review is decided by ${open?.unitId ?? 'nobody'}, not ${staff.unitId}`;
  }
  if (overseerCommands.has(command)) {
    return bureauOverCase(staff, c, directory) || isProvinceAdmin(staff, directory)
      ? undefined
      : `${staff.unitId} is not a petition bureau over region ${c.regionCode}`;
  }
  return `'${command}' is not issued through the staff API`;
}
