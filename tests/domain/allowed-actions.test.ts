import { describe, expect, it } from 'vitest';
import { staffCommands } from '../../application/staff/staff-command-list.js';
import { allowedActions } from '../../domain/access/allowed-actions.js';
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import type { StaffRole } from '../../domain/case/model.js';
import { ProvinceDirectory } from '../../domain/province/directory.js';
import { provinceConfig } from '../../provinces/index.js';
import { BUREAU, CITY_BUREAU, caseIn, ORGAN } from '../support/case-fixtures.js';

const directory = new ProvinceDirectory(provinceConfig('zhejiang'));
const principal = (role: StaffRole, unitId: string): StaffPrincipal => ({
  personId: `${role}-1`,
  unitId,
  role,
});
const allowed = (stage: Parameters<typeof caseIn>[0], role: StaffRole, unitId: string) =>
  allowedActions(principal(role, unitId), caseIn(stage).case, staffCommands, directory);

describe('the actions a staff member may take', () => {
  it('offers the receiving organ signing for and returning, and nothing to another organ', () => {
    // Assess
    expect(allowed('awaiting_sign_for', 'handler', ORGAN)).toEqual(['signFor', 'returnCase']);
    expect(allowed('awaiting_sign_for', 'handler', '330106-gongan')).toEqual([]);
    expect(allowed('awaiting_sign_for', 'registrar', ORGAN)).toEqual([]);
  });

  it('offers the leader the decisions a handler may not take', () => {
    // Act
    const leader = allowed('handling', 'leader', ORGAN);
    const handler = allowed('handling', 'handler', ORGAN);
    // Assess
    expect(leader).toEqual(
      expect.arrayContaining(['approveExtension', 'refuseExtension', 'reply', 'assignResponsibility']),
    );
    expect(handler).toEqual(expect.arrayContaining(['requestExtension', 'reply', 'recordHandlingNote']));
    expect(handler).not.toContain('approveExtension');
    expect(handler).not.toContain('assignResponsibility');
  });

  it('offers the bureaus over the region supervision, not the organ', () => {
    // Assess
    const oversight = [
      'openSupervision',
      'recordSupervisionFollowUp',
      'confirmRectification',
      'openAccountability',
      'recordAccountabilityStep',
    ];
    expect(allowed('handling', 'supervisor', BUREAU)).toEqual(oversight);
    expect(allowed('handling', 'supervisor', CITY_BUREAU)).toEqual(oversight);
    expect(allowed('handling', 'supervisor', ORGAN)).toEqual([]);
  });

  it('offers the triage officer of the holding bureau forwarding and assignment in triage', () => {
    // Act
    const actions = allowed('triage', 'triage_officer', BUREAU);
    // Assess
    expect(actions).toEqual(expect.arrayContaining(['route', 'forward', 'assign']));
    expect(actions).not.toContain('signFor');
  });

  it('offers nothing on a closed case but what outlives closure', () => {
    // Assess
    expect(allowed('closed', 'handler', ORGAN)).toEqual([]);
  });
});
