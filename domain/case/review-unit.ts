import type { ProvinceDirectory } from '../province/directory.js';

/**
 * Where a review (复查) or re-review (复核) goes: the next level up from the unit that decided,
 * i.e. the organ of the same type in the parent region, else the petition bureau above.
 */
export function reviewUnitFor(unitId: string, directory: ProvinceDirectory): string {
  const unit = directory.unit(unitId);
  const parent = directory.region(unit.regionCode).parentCode;
  if (parent && unit.kind !== 'bureau' && 'organType' in unit && unit.organType) {
    const peer = directory.findUnit(`${parent}-${unit.organType}`);
    if (peer) return peer.id;
  }
  return (directory.supervisingBureau(unitId) ?? directory.bureauFor(unit.regionCode)).id;
}
