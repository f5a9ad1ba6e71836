import type { StaffRole } from '../case/model.js';

/** What each staff role is called in the console and on sign-in (岗位). */
export const staffRoleLabels: Readonly<Record<StaffRole, string>> = {
  registrar: '登记员',
  triage_officer: '分流员',
  handler: '承办人',
  leader: '责任领导',
  supervisor: '督查员',
  admin: '管理员',
};
