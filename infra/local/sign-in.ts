/**
 * Local sign-in for the staff console (`/_local/sign-in-options`, `/_local/tokens`): pick a unit
 * and a role, get a staff token signed with the runtime's local key. It stands in for the
 * province's OpenID Connect provider, and like the rest of `/_local/` it answers only to this
 * machine (loopback Host, no foreign Origin, JSON bodies).
 */
import { staffRoleLabels } from '../../domain/access/roles.js';
import { type StaffRole, staffRoles } from '../../domain/case/model.js';
import type { ProvinceConfig } from '../../domain/province/schema.js';
import type { ControlResponse } from './http-server.js';
import type { StaffTokens } from './staff-tokens.js';

const unitKindOrder = { bureau: 0, organ: 1, department: 2 } as const;
const levelOrder = { province: 0, city: 1, county: 2 } as const;

export function localSignIn(config: ProvinceConfig) {
  const units = [...config.units]
    .sort(
      (a, b) =>
        levelOrder[a.level] - levelOrder[b.level] ||
        a.regionCode.localeCompare(b.regionCode) ||
        unitKindOrder[a.kind] - unitKindOrder[b.kind] ||
        a.id.localeCompare(b.id),
    )
    .map((u) => ({ id: u.id, name: u.name, kind: u.kind, level: u.level, regionCode: u.regionCode }));
  const byId = new Map(units.map((u) => [u.id, u]));
  const options = {
    province: { id: config.province.id, name: config.province.name },
    units,
    roles: staffRoles.map((role) => ({ id: role, name: staffRoleLabels[role] })),
  };

  return {
    async control(method: string, path: string, body: Buffer, tokens: StaffTokens): Promise<ControlResponse> {
      if (path === '/sign-in-options') {
        if (method !== 'GET') return { status: 405, body: { message: 'use GET on /_local/sign-in-options' } };
        return { status: 200, body: options };
      }
      if (method !== 'POST') return { status: 405, body: { message: 'use POST on /_local/tokens' } };
      let request: unknown;
      try {
        request = JSON.parse(body.toString('utf8') || 'null');
      } catch {
        return { status: 400, body: { message: 'body is not valid JSON' } };
      }
      const { unitId, role } = (typeof request === 'object' && request !== null ? request : {}) as Record<
        string,
        unknown
      >;
      const problems = [
        ...(typeof unitId === 'string' && byId.has(unitId)
          ? []
          : [`unitId: no unit '${String(unitId ?? '')}' in ${config.province.id}`]),
        ...(typeof role === 'string' && (staffRoles as readonly string[]).includes(role)
          ? []
          : [`role: expected one of ${staffRoles.join(', ')}, got '${String(role ?? '')}'`]),
      ];
      if (problems.length > 0) return { status: 400, body: { message: problems.join('; ') } };
      const unit = byId.get(unitId as string)!;
      const name = `${unit.name}${staffRoleLabels[role as StaffRole]}`;
      const token = await tokens.signStaffToken({
        sub: `${role}@${unit.id}`,
        unitId: unit.id,
        role: role as string,
        name,
      });
      return {
        status: 200,
        body: { token, expiresInSeconds: 12 * 3600, unitId: unit.id, unitName: unit.name, role, name },
      };
    },
  };
}
