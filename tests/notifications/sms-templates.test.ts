/**
 * Every SMS the platform sends is a registered template of the province with all its parameters
 * (issue 18): the province schema refuses a template that does not fit its kind, and every case
 * event that tells the petitioner something renders from the province's template, as the provider
 * renders it.
 */
import { describe, expect, it } from 'vitest';
import { concludedMatterNotice } from '../../domain/case/public-view.js';
import { decide, registerCase, type TransitionOutcome } from '../../domain/case/transitions.js';
import {
  defaultSmsTemplates,
  renderSms,
  type SmsKind,
  SmsTemplateMismatchError,
  smsFromTemplate,
  smsKinds,
  smsTemplateParameters,
} from '../../domain/notifications/sms-templates.js';
import { eventSms, receiptSms, verificationCodeSms } from '../../domain/notifications/sms-texts.js';
import { type ProvinceConfigInput, provinceConfigSchema } from '../../domain/province/schema.js';
import { provinceConfig, provinces } from '../../provinces/index.js';
import {
  addHours,
  caseIn,
  ctx,
  ORGAN,
  pathTo,
  registerCommand,
  staff,
  system,
  T0,
} from '../support/case-fixtures.js';

/**
 * Every outcome of every path of the fixtures (the concluded matter's refusal among them), plus the
 * steps no path takes (extension, assignment, re-review).
 */
function everyOutcome(): TransitionOutcome[] {
  const walked = Object.keys(pathTo).flatMap((stage) => caseIn(stage as keyof typeof pathTo).outcomes);
  const handling = caseIn('handling');
  const requested = decide(
    handling.case,
    { type: 'requestExtension', days: 15, reason: '需现场核实' },
    ctx(addHours(handling.now, 1), staff('handler', ORGAN)),
  );
  const extended = decide(
    requested.case,
    { type: 'approveExtension' },
    ctx(addHours(handling.now, 2), staff('leader', ORGAN)),
  );
  const triage = caseIn('triage');
  const assigned = decide(
    triage.case,
    { type: 'assign', toUnitId: ORGAN, toUnitKind: 'organ', dueAt: addHours(triage.now, 24 * 15) },
    ctx(addHours(triage.now, 1), system),
  );
  const reReview = caseIn('under_re_review');
  const decided = decide(
    reReview.case,
    { type: 'decideReReview', decision: 'upheld', text: '维持复查意见' },
    ctx(addHours(reReview.now, 1), staff('leader', '330000-zhujian')),
  );
  return [...walked, requested, extended, assigned, decided];
}

describe('province SMS templates', () => {
  it.each(Object.keys(provinces))(
    'renders every message %s sends to its petitioners from a configured template, with every parameter',
    (id) => {
      // Prepare
      const { sms } = provinceConfig(id);
      const codes = new Map(smsKinds.map((kind) => [sms.templates[kind].code, kind]));
      const registered = registerCase(registerCommand(), ctx(T0, system));

      // Act
      const rendered = [
        receiptSms(sms, registered.case, '123456', 'https://xinfang.example.cn'),
        verificationCodeSms(sms, '654321', 10),
        ...everyOutcome().flatMap((o) => {
          const message = eventSms(
            sms,
            o.event as never,
            o.case,
            (unit) => `单位${unit}`,
            'https://xinfang.example.cn',
          );
          return message ? [message] : [];
        }),
      ];

      // Assess: each names a template of the province, and the provider's rendering is the text
      const kinds = new Set(rendered.map((m) => codes.get(m.template.code)));
      for (const message of rendered) {
        const kind = codes.get(message.template.code);
        expect(kind, message.template.code).toBeDefined();
        expect(message.template.signName).toBe(sms.signName);
        expect(renderSms(sms.signName, sms.templates[kind!].body, message.template.params)).toBe(
          message.text,
        );
        expect(message.text).not.toContain('${');
      }
      const caseMessages: SmsKind[] = [
        'receipt',
        'screened_out',
        'repeat_linked',
        'refused_as_concluded',
        'forwarded',
        'assigned',
        'accepted',
        'declined',
        'extended',
        'replied',
        'review_decided',
        're_review_decided',
        'verification_code',
      ];
      expect([...kinds].sort()).toEqual([...caseMessages].sort());
    },
  );

  it('renders each reply kind an inbound SMS can get', () => {
    // Prepare
    const sms = { signName: '浙江信访', templates: defaultSmsTemplates };

    // Act
    const texts = [
      smsFromTemplate(sms, 'status', { trackingNumber: 'XF1', stage: '办理中' }).text,
      smsFromTemplate(sms, 'status_not_found', { trackingNumber: 'XF1' }).text,
      smsFromTemplate(sms, 'empty_petition', {}).text,
      smsFromTemplate(sms, 'no_case_awaiting_evaluation', {}).text,
      smsFromTemplate(sms, 'rating_refused', { trackingNumber: 'XF1', reason: '已过评价期限' }).text,
      smsFromTemplate(sms, 'rating_window_closed', { trackingNumber: 'XF1', closedAt: '2027-01-05 00:00' })
        .text,
      smsFromTemplate(sms, 'rating_thanks', { trackingNumber: 'XF1' }).text,
    ];

    // Assess
    expect(texts).toEqual([
      '【浙江信访】事项XF1当前状态：办理中。',
      '【浙江信访】未找到与本手机号关联的事项XF1。',
      '【浙江信访】短信内容为空，请回复您要反映的具体事项。',
      '【浙江信访】您没有待评价的信访事项。',
      '【浙江信访】事项XF1无法评价：已过评价期限',
      '【浙江信访】事项XF1的评价期限已于2027-01-05 00:00届满，不能再评价。',
      '【浙江信访】感谢您对事项XF1的评价。',
    ]);
  });

  it('words the review decisions and a concluded matter from their templates, numbers typed by staff masked', () => {
    // Prepare
    const { sms } = provinceConfig('zhejiang');
    const unitName = (unit: string) => `单位${unit}`;
    const base = 'https://xinfang.example.cn';
    const underReview = caseIn('under_review');
    const reviewed = decide(
      underReview.case,
      { type: 'decideReview', decision: 'changed', text: '责成重新核算，联系人手机13912345678。' },
      ctx(addHours(underReview.now, 1), staff('leader', '330100-zhujian')),
    );
    const reReview = caseIn('under_re_review');
    const reReviewed = decide(
      reReview.case,
      { type: 'decideReReview', decision: 'upheld', text: '维持复查意见。' },
      ctx(addHours(reReview.now, 1), staff('leader', '330000-zhujian')),
    );
    const refused = caseIn('concluded_matter');
    const window = reviewed.case.deadlines.find((d) => d.key === 'reReviewRequest')!;
    const lastDay = new Date(Date.parse(window.dueAt) - 1 + 8 * 3_600_000);

    // Act
    const render = (o: TransitionOutcome) => eventSms(sms, o.event as never, o.case, unitName, base)!;
    const review = render(reviewed);
    const final = render(reReviewed);
    const concluded = render(refused.outcomes.at(-1)!);

    // Assess
    const tn = (c: { trackingNumber: string }) => c.trackingNumber;
    expect(review.template.code).toBe(sms.templates.review_decided.code);
    expect(review.text).toBe(
      `【浙江信访】您的信访事项（${tn(reviewed.case)}）复查意见已由单位330100-zhujian出具：变更原处理意见。` +
        '责成重新核算，联系人手机139****5678。 如不服，可自收到本意见之日起30日内' +
        `（${lastDay.getUTCFullYear()}年${lastDay.getUTCMonth() + 1}月${lastDay.getUTCDate()}日前）申请复核。` +
        `复查意见全文见${base}/public/cases/${tn(reviewed.case)}。`,
    );
    expect(final.text).toBe(
      `【浙江信访】您的信访事项（${tn(reReviewed.case)}）复核意见已由单位330000-zhujian出具：维持复查意见。` +
        `维持复查意见。 ${concludedMatterNotice}复核意见全文见${base}/public/cases/${tn(reReviewed.case)}。`,
    );
    expect(concluded.template.code).toBe(sms.templates.refused_as_concluded.code);
    expect(concluded.text).toBe(
      `【浙江信访】您反映的事项（${tn(refused.case)}）与事项XF20260101000001为同一事项，` +
        `该事项已于2026年2月1日经复核终结。${concludedMatterNotice}`,
    );
  });

  it('throws SmsTemplateMismatchError when parameters do not fit the template', () => {
    // Prepare
    const body = defaultSmsTemplates.forwarded.body;

    // Act
    const act = () => renderSms('浙江信访', body, { trackingNumber: 'XF1' });

    // Assess
    expect(act).toThrow(SmsTemplateMismatchError);
    expect(act).toThrow('missing unit');
  });
});

describe('the province schema', () => {
  const withTemplates = (
    changes: Partial<Record<SmsKind, { code: string; body: string }>>,
    signName = '浙江信访',
  ) => {
    const input: ProvinceConfigInput = {
      ...(provinces.zhejiang as unknown as ProvinceConfigInput),
      sms: { signName, templates: { ...defaultSmsTemplates, ...changes } },
    };
    return provinceConfigSchema.safeParse(input);
  };

  it('accepts a registered template with the same parameters in other words', () => {
    // Prepare
    const changes = {
      forwarded: { code: 'SMS_465820001', body: '受理编号${trackingNumber}的事项已转${unit}。' },
    };

    // Act
    const parsed = withTemplates(changes);

    // Assess
    expect(parsed.success).toBe(true);
    expect(parsed.data?.sms.templates.forwarded.code).toBe('SMS_465820001');
  });

  it.each([
    ['a parameter it lacks', '事项${trackingNumber}已转送。', 'missing unit; unknown none'],
    [
      'a parameter the platform does not fill',
      '事项${trackingNumber}已转送${unit}，经办人${handler}。',
      'missing none; unknown handler',
    ],
  ])('refuses a template with %s, naming kind and parameter', (_what, body, problem) => {
    // Prepare
    const changes = { forwarded: { code: 'SMS_465820001', body } };

    // Act
    const parsed = withTemplates(changes);

    // Assess
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((i) => i.path.join('.') === 'sms.templates.forwarded.body');
    expect(issue?.message).toContain('template forwarded must use exactly ${trackingNumber}, ${unit}');
    expect(issue?.message).toContain(problem);
  });

  it('refuses a signature written with its brackets', () => {
    // Act
    const parsed = withTemplates({}, '【浙江信访】');

    // Assess
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain('sms.signName');
  });

  it('knows the parameters of every kind it ships a template for', () => {
    // Act
    const kinds = Object.keys(defaultSmsTemplates).sort();

    // Assess
    expect(kinds).toEqual(Object.keys(smsTemplateParameters).sort());
  });
});
