/** The console's Chinese names for what the API names in English. */
import type { ActionName } from './api/types';

export const actionLabels: Readonly<Record<ActionName, string>> = {
  screenOut: '诉访分离',
  overturnScreening: '撤销甄别',
  linkRepeat: '并单',
  refuseConcludedMatter: '已终结不再受理',
  passScreening: '甄别通过',
  route: '分流',
  forward: '转送',
  assign: '交办',
  signFor: '签收',
  returnCase: '退回',
  accept: '受理',
  decline: '不予受理',
  assignResponsibility: '变更责任人',
  recordHandlingNote: '办理记录',
  addAssistingOrgan: '增加协办单位',
  recordContribution: '协办意见',
  requestExtension: '申请延期',
  approveExtension: '批准延期',
  refuseExtension: '不批准延期',
  reply: '答复',
  recordRevisit: '回访',
  verify: '核查',
  openSupervision: '督办',
  recordSupervisionFollowUp: '督办跟进',
  confirmRectification: '确认整改',
  openAccountability: '责任追究',
  recordAccountabilityStep: '追责记录',
  requestReview: '复查申请',
  decideReview: '复查意见',
  requestReReview: '复核申请',
  decideReReview: '复核意见',
};

/** Timeline lines of what the platform or the petitioner did (not staff actions). */
export const platformCommandLabels: Readonly<Record<string, string>> = {
  register: '登记',
  evaluate: '信访人评价',
  markUnrated: '未评价',
  flagDeadlineWarning: '期限预警',
  flagDeadlineOverdue: '期限超期',
};

export const channelLabels: Readonly<Record<string, string>> = {
  web: '网上信访',
  sms: '短信',
  letter: '来信',
  visit: '来访',
  phone: '来电',
  fax: '传真',
  email: '电子邮件',
};

export const outcomeLabels: Readonly<Record<string, string>> = {
  supported: '支持',
  explained: '解释说明',
  not_supported: '不予支持',
};

/** What a review (复查) or re-review (复核) decided about the opinion before it. */
export const reviewDecisionLabels: Readonly<Record<string, string>> = {
  upheld: '维持',
  changed: '变更',
  revoked: '撤销',
};

export const ratingLabels: Readonly<Record<string, string>> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  unrated: '未评价',
};

export const revisitMethodLabels: Readonly<Record<string, string>> = {
  phone: '电话回访',
  network: '网络回访',
  sms: '短信回访',
  on_site: '实地回访',
};

export const supervisionModeLabels: Readonly<Record<string, string>> = {
  joint: '联合督查',
  cross: '交叉督查',
  social: '社会督查',
  leader: '领导督查',
  media: '媒体督查',
};

export const failureKindLabels: Readonly<Record<string, string>> = {
  inaction: '不作为',
  slow_action: '慢作为',
  wrongful_action: '乱作为',
};

export const deadlineStatusLabels: Readonly<Record<string, string>> = {
  open: '进行中',
  met: '已按期完成',
  lapsed: '已逾期',
  cancelled: '已取消',
};

/** Why an accountability was opened (责任追究情形). */
export const accountabilityTriggerLabels: Readonly<Record<string, string>> = {
  registration_late: '登记不及时',
  forwarding_late: '未及时转送交办',
  step_overdue: '办理超期',
  skip_level_after_failure: '首办失责造成越级访',
  organ_failure: '不作为、慢作为、乱作为',
  manual: '人工发起',
};

/** The steps of an accountability record. */
export const accountabilityStepLabels: Readonly<Record<string, string>> = {
  criticism: '通报批评',
  proposal: '追责建议',
  transfer: '移送',
  outcome: '处理结果',
  publication: '公开',
};

/** Why a supervision was opened. */
export const supervisionCauseLabels: Readonly<Record<string, string>> = {
  organ_failure: '首办不力',
  overdue: '超期未办',
};
