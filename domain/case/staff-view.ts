import type { ProvinceDirectory } from '../province/directory.js';
import type { Case } from './model.js';
import { stageLabels, stepLabels } from './public-view.js';
import type { HistoryEntry } from './transitions.js';

/** A history line as staff see it: the registration's petitioner without the keyed hashes. */
function withoutSecrets(h: HistoryEntry): HistoryEntry {
  if (h.event !== 'CaseRegistered') return h;
  const { identityKey: _identity, phoneKey: _phone, ...petitioner } = h.payload.petitioner;
  return { ...h, payload: { ...h.payload, petitioner } } as unknown as HistoryEntry;
}

/**
 * What staff see of a case: everything but the secrets (sealed contact, keyed hashes, the query
 * code digest), with unit names and the full timeline, internal lines included. The keyed hashes
 * are withheld from the timeline's registration line too.
 */
export function staffCaseView(
  c: Case,
  history: readonly HistoryEntry[],
  now: string,
  directory: ProvinceDirectory,
) {
  const name = (id: string | undefined) => (id ? (directory.findUnit(id)?.name ?? id) : undefined);
  const { queryCodeDigest: _digest, petitioner, ...rest } = c;
  const { sealedContact: _sealed, identityKey: _identity, phoneKey: _phone, ...shownPetitioner } = petitioner;
  return {
    ...rest,
    petitioner: shownPetitioner,
    stageLabel: stageLabels[c.stage],
    currentUnitName: name(c.currentUnitId),
    receivingUnitName: name(c.receivingUnitId),
    deadlines: c.deadlines.map((d) => ({
      ...d,
      label: stepLabels[d.step],
      unitName: name(d.unitId),
      overdue: d.kind === 'obligation' && d.status === 'open' && now >= d.dueAt,
    })),
    timeline: history.map(withoutSecrets).map((h) => ({
      ...h,
      actorUnitName: h.actor.kind === 'staff' ? name(h.actor.unitId) : undefined,
    })),
  };
}
