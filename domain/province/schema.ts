import '../zod-messages.js';
import * as z from 'zod/mini';
import { calendarConfigSchema } from '../calendar/schema.js';
import { ratings, staffRoles, statutoryChannels } from '../case/model.js';
import { deadlineRulesSchema } from '../deadlines/rules.js';
import {
  defaultSmsTemplates,
  type SmsKind,
  smsKinds,
  templateProblem,
} from '../notifications/sms-templates.js';

/** Lower-case ASCII words joined by hyphens: readable in ids, URLs, logs and resource names. */
const slugSchema = z
  .string()
  .check(z.regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'expected a slug of lower-case words joined by hyphens'));

/** An administrative division code (行政区划代码, GB/T 2260): six digits. */
const regionCodeSchema = z
  .string()
  .check(z.regex(/^\d{6}$/, 'expected a 6-digit administrative division code'));

/** Unit ids start with the region code of the unit (`330106-zhujian`), so they may start with a digit. */
const unitIdSchema = z
  .string()
  .check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected lower-case letters and digits joined by hyphens'));

const chineseText = z.string().check(z.trim(), z.minLength(1));

const regionLevels = ['province', 'city', 'county'] as const;
export type RegionLevel = (typeof regionLevels)[number];

/**
 * First-level topics of a matter. The first seven are the topics of the labelled petition data;
 * the rest cover matters that data files under other headings.
 */
const topics = [
  '城乡建设',
  '环境保护',
  '交通运输',
  '教育文体',
  '劳动和社会保障',
  '商贸旅游',
  '卫生计生',
  '政法',
  '农业农村',
  '民政',
  '其他',
] as const;
type Topic = (typeof topics)[number];

/** The seven topics of the labelled petition data: what the trained topic model tells apart. */
export const labelledTopics = [
  '城乡建设',
  '环境保护',
  '交通运输',
  '教育文体',
  '劳动和社会保障',
  '商贸旅游',
  '卫生计生',
] as const satisfies readonly Topic[];
export type LabelledTopic = (typeof labelledTopics)[number];

const provinceIdentitySchema = z.strictObject({
  id: slugSchema,
  name: chineseText,
  regionCode: regionCodeSchema,
});

/** One administrative division. Only the province itself has no parent. */
const regionSchema = z.strictObject({
  code: regionCodeSchema,
  name: chineseText,
  level: z.enum(regionLevels),
  parentCode: z.optional(regionCodeSchema),
});
export type Region = z.infer<typeof regionSchema>;

/**
 * A matter category fine enough that exactly one organ type is competent for it
 * (谁主管、谁负责): routing finds the organ from region and category alone.
 */
const categorySchema = z.strictObject({
  id: slugSchema,
  name: chineseText,
  topic: z.enum(topics),
  organType: slugSchema,
});
export type Category = z.infer<typeof categorySchema>;

const unitBase = {
  id: unitIdSchema,
  name: chineseText,
  level: z.enum(regionLevels),
  regionCode: regionCodeSchema,
};

/**
 * A petition bureau (党委政府信访工作机构). Its supervising bureau follows from its region, so it
 * carries no parent.
 */
const bureauUnitSchema = z.strictObject({ ...unitBase, kind: z.literal('bureau') });
export type BureauUnit = z.infer<typeof bureauUnitSchema>;

/** A competent organ (有权处理的机关) and the categories it handles in its region. */
const organUnitSchema = z.strictObject({
  ...unitBase,
  kind: z.literal('organ'),
  organType: slugSchema,
  categories: z.array(slugSchema),
});
export type OrganUnit = z.infer<typeof organUnitSchema>;

/** A department (处/科室) of an organ; cases may be routed to it directly (职能处室). */
const departmentUnitSchema = z.strictObject({
  ...unitBase,
  kind: z.literal('department'),
  parentId: unitIdSchema,
  organType: slugSchema,
  categories: z.array(slugSchema),
});
export type DepartmentUnit = z.infer<typeof departmentUnitSchema>;

const unitSchema = z.discriminatedUnion('kind', [bureauUnitSchema, organUnitSchema, departmentUnitSchema]);
export type Unit = z.infer<typeof unitSchema>;
/** A unit that handles matters: an organ or one of its departments. */
export type HandlingUnit = OrganUnit | DepartmentUnit;

const keywordPhraseSchema = z.strictObject({
  text: chineseText,
  weight: z.number().check(z.positive(), z.maximum(10)),
});

/** Phrases that point a matter to a category; a negative phrase in the text disables the rule. */
const keywordRuleSchema = z.strictObject({
  id: slugSchema,
  category: slugSchema,
  phrases: z.array(keywordPhraseSchema).check(z.minLength(1)),
  negativePhrases: z._default(z.array(chineseText), []),
});
export type KeywordRule = z.infer<typeof keywordRuleSchema>;

/**
 * Sends a matter above county competence (分级负责): cross-county matters, city-run projects such
 * as the metro, province-run ones such as expressways. Without a category it applies to all.
 */
const levelRuleSchema = z.strictObject({
  id: slugSchema,
  category: z.optional(slugSchema),
  phrases: z.array(chineseText).check(z.minLength(1)),
  level: z.enum(['city', 'province']),
  reason: chineseText,
});
export type LevelRule = z.infer<typeof levelRuleSchema>;

/**
 * How the province's categories meet the trained topic model, which knows only the seven topics
 * of the labelled data: the topic each category is filed under there, and the category to propose
 * for a topic when none of the topic's keyword rules matched.
 */
const topicMapSchema = z.strictObject({
  /** Every category of the province, by id, with its topic in the labelled data. */
  categoryTopics: z.record(slugSchema, z.enum(labelledTopics)),
  /**
   * Other topics the labelled data also files a category under (bus lines and metro building
   * under 城乡建设 as well as 交通运输, lifts under 商贸旅游 as well as 城乡建设): when the model
   * picks such a topic, the category still counts as a candidate there, at a discount.
   */
  alsoFiledUnder: z._default(z.record(slugSchema, z.array(z.enum(labelledTopics))), {}),
  /** For each of the seven topics, the category to propose when no rule of that topic matched. */
  defaultCategories: z.record(z.enum(labelledTopics), slugSchema),
});
export type TopicMap = z.output<typeof topicMapSchema>;

const routingConfigSchema = z.strictObject({
  /**
   * Below this confidence the router leaves the matter to a person instead of guessing. With a
   * trained model the confidence is the probability that the topic is right (see
   * docs/decisions/0013-trained-topic-router.md for the curve to choose it from).
   */
  minConfidence: z.number().check(z.minimum(0), z.maximum(1)),
  keywordRules: z.array(keywordRuleSchema),
  levelRules: z._default(z.array(levelRuleSchema), []),
  /** Needed to blend the rules with the trained topic model; without it routing uses the rules alone. */
  topicMap: z.optional(topicMapSchema),
});

/** Recognises a matter that belongs to a statutory channel (诉访分离) and the guidance to give. */
const screeningRuleSchema = z.strictObject({
  id: slugSchema,
  channel: z.enum(statutoryChannels),
  phrases: z.array(chineseText).check(z.minLength(1)),
  guidance: chineseText,
});
export type ScreeningRule = z.infer<typeof screeningRuleSchema>;

/** How the same petitioner raising the same matter again is recognised (重复信访). */
const repeatConfigSchema = z.strictObject({
  similarityThreshold: z.number().check(z.minimum(0), z.maximum(1)),
  ngramSize: z.int().check(z.minimum(2), z.maximum(4)),
  lookbackDays: z._default(z.int().check(z.minimum(1), z.maximum(3650)), 365),
});

/**
 * What intake accepts as the time a matter was received: a gateway's or a registrar's clock may be
 * a little ahead; a registrar may enter a letter received some days ago, not years.
 */
const intakeConfigSchema = z.strictObject({
  /** How far ahead of the platform's clock a given receipt time may be. */
  maxClockSkewHours: z._default(z.int().check(z.minimum(0), z.maximum(72)), 24),
  /** How far back a registrar may date a letter, visit, call, fax or e-mail. */
  staffBackEntryDays: z._default(z.int().check(z.minimum(1), z.maximum(366)), 90),
  /** How late an SMS may arrive from the gateway after it was received. */
  smsMaxDelayDays: z._default(z.int().check(z.minimum(1), z.maximum(30)), 7),
  /** How long a case may wait between two automatic steps before the stuck-case sweep resumes it. */
  stuckAfterMinutes: z._default(z.int().check(z.minimum(1), z.maximum(1440)), 10),
});

/** At most `limit` events per key in `windowSeconds` (also a partner key's own rate, from its secret). */
export const rateLimitSchema = z.strictObject({
  limit: z.int().check(z.minimum(1), z.maximum(10_000)),
  windowSeconds: z.int().check(z.minimum(1), z.maximum(86_400)),
});
export type RateLimit = z.infer<typeof rateLimitSchema>;

/**
 * How many wrong query codes are tried before the public lookup refuses to check more: per source
 * address (one guesser, many cases) and per tracking number (many addresses, one case). A query
 * code has six digits, so the per-case limit is what keeps a case's code from being guessed.
 */
const publicAccessConfigSchema = z.strictObject({
  wrongCodesPerAddress: z._default(rateLimitSchema, { limit: 20, windowSeconds: 900 }),
  wrongCodesPerCase: z._default(rateLimitSchema, { limit: 10, windowSeconds: 900 }),
});

/** Days past an overdue point before supervision (督办) and then accountability are proposed. */
const escalationConfigSchema = z
  .strictObject({
    supervisionAfterOverdueDays: z._default(z.int().check(z.minimum(0), z.maximum(90)), 3),
    // The seed asks for an accountability proposal within one week of the incident.
    accountabilityAfterOverdueDays: z._default(z.int().check(z.minimum(0), z.maximum(90)), 7),
    /** Days between receipt and registration after which late registration (不及时录入) is a trigger. */
    registrationGraceDays: z._default(z.int().check(z.minimum(0), z.maximum(30)), 3),
  })
  .check(
    z.refine((e) => e.accountabilityAfterOverdueDays >= e.supervisionAfterOverdueDays, {
      message: 'accountabilityAfterOverdueDays must not be before supervisionAfterOverdueDays',
      path: ['accountabilityAfterOverdueDays'],
    }),
  );

/** What a petitioner's SMS reply means (回复 1 满意 / 2 基本满意 / 3 不满意). */
const evaluationConfigSchema = z.strictObject({
  smsReplyCodes: z._default(
    z.record(
      z.string().check(z.regex(/^[0-9A-Za-z]{1,4}$/, 'expected a short SMS reply code')),
      z.enum(ratings),
    ),
    { '1': 'satisfied', '2': 'basically_satisfied', '3': 'dissatisfied' },
  ),
});

/**
 * The petitioner's page (web/portal): the SMS verification code that proves the phone before a
 * petition is accepted, and how often one may be asked for, per phone and per address.
 */
const portalConfigSchema = z.strictObject({
  codeValidMinutes: z._default(z.int().check(z.minimum(1), z.maximum(60)), 10),
  /** Wrong entries of one code before it is void (a new code must be asked for). */
  wrongCodeAttempts: z._default(z.int().check(z.minimum(1), z.maximum(20)), 5),
  codesPerPhone: z._default(z.array(rateLimitSchema).check(z.minLength(1)), [
    { limit: 1, windowSeconds: 60 },
    { limit: 5, windowSeconds: 3_600 },
  ]),
  codesPerAddress: z._default(z.array(rateLimitSchema).check(z.minLength(1)), [
    { limit: 20, windowSeconds: 3_600 },
    { limit: 100, windowSeconds: 86_400 },
  ]),
});
export type PortalConfig = z.infer<typeof portalConfigSchema>;

/** Open311 GeoReport v2 for partner apps: the rate of a partner key that names none of its own. */
const open311ConfigSchema = z.strictObject({
  requestsPerKey: z._default(rateLimitSchema, { limit: 60, windowSeconds: 60 }),
});

/**
 * Hot issues and early warning of mass petitions (热点分析与群体性信访预警, issue 16): how similar
 * a case must be to join a topic cluster, how heat decays, and the thresholds that warn the
 * region's bureau. Warnings are about matters and places, never about people (PIPL).
 */
const hotspotThresholdSchema = z.strictObject({
  id: slugSchema,
  /** Distinct petitioners on one matter in one region within `withinDays`. */
  distinctPetitioners: z.int().check(z.minimum(2), z.maximum(10_000)),
  withinDays: z.int().check(z.minimum(1), z.maximum(90)),
});
export type HotspotThreshold = z.infer<typeof hotspotThresholdSchema>;

const hotspotConfigSchema = z.strictObject({
  /** Cosine similarity of a case to a cluster's centroid at or above which it joins the cluster. */
  similarity: z._default(z.number().check(z.minimum(0.05), z.maximum(1)), 0.25),
  /** A cluster that received nothing for this long takes no new cases (a new one starts). */
  lookbackDays: z._default(z.int().check(z.minimum(1), z.maximum(365)), 30),
  /** Heat halves every this many days since each case. */
  halfLifeDays: z._default(z.number().check(z.positive(), z.maximum(365)), 7),
  /** The window of growth: the last this many days against the ones before. */
  windowDays: z._default(z.int().check(z.minimum(1), z.maximum(90)), 7),
  thresholds: z._default(z.array(hotspotThresholdSchema), [
    { id: 'five-in-seven-days', distinctPetitioners: 5, withinDays: 7 },
  ]),
  /** A region and topic's count of one day against the same weekday of the weeks before. */
  spike: z._default(
    z.strictObject({
      z: z.number().check(z.positive()),
      minCount: z.int().check(z.minimum(1)),
      baselineWeeks: z.int().check(z.minimum(2), z.maximum(12)),
    }),
    { z: 3, minCount: 5, baselineWeeks: 4 },
  ),
});
export type HotspotConfig = z.output<typeof hotspotConfigSchema>;

/**
 * Everything a province deploys with: its divisions, units, categories, routing and screening
 * rules, deadlines and calendar. Shape only; use `loadProvinceConfig` for the cross-checks.
 */
const claimNames = z.array(z.string().check(z.minLength(1))).check(z.minLength(1));

/**
 * Where a staff token names the person, their unit and their role: the claims of the province's
 * identity provider (docs/deploy-a-province.md). Each is a list of claim names, the first present
 * wins. `roles` maps the provider's role values onto the platform's roles; left empty, the values
 * must be the platform's role names themselves.
 */
const staffClaimsSchema = z.strictObject({
  subject: z._default(claimNames, ['sub']),
  unit: z._default(claimNames, ['unit', 'custom:unit']),
  role: z._default(claimNames, ['role', 'custom:role']),
  roles: z._default(z.record(z.string().check(z.minLength(1)), z.enum(staffRoles)), {}),
});
export type StaffClaimsConfig = z.output<typeof staffClaimsSchema>;

/**
 * The province's SMS signature (短信签名) and one approved template (短信模板) per kind of message,
 * as registered with its provider: every message goes out as a template code and its parameters,
 * never as free text (domain/notifications/sms-templates.ts). docs/deploy-a-province.md lists
 * what to register (`npm run sms-templates`).
 */
const smsTemplateConfigSchema = z
  .strictObject({
    /** Without the brackets: `浙江信访`. Providers accept 2–12 characters. */
    signName: z
      .string()
      .check(z.regex(/^[^【】[\]\s]{2,12}$/, 'expected a signature of 2–12 characters, without brackets')),
    templates: z.record(
      z.enum(smsKinds as [SmsKind, ...SmsKind[]]),
      z.strictObject({
        code: z
          .string()
          .check(z.regex(/^[A-Za-z0-9_]{1,64}$/, 'expected the provider template code, e.g. SMS_123456789')),
        body: z.string().check(z.minLength(1), z.maxLength(500)),
      }),
    ),
  })
  .check(
    z.superRefine((sms, ctx) => {
      for (const kind of smsKinds) {
        const problem = templateProblem(kind, sms.templates[kind].body);
        if (problem)
          ctx.issues.push({
            code: 'custom',
            message: problem,
            path: ['templates', kind, 'body'],
            input: sms,
          });
      }
    }),
  );

export const provinceConfigSchema = z.strictObject({
  province: provinceIdentitySchema,
  regions: z.array(regionSchema).check(z.minLength(1)),
  categories: z.array(categorySchema).check(z.minLength(1)),
  units: z.array(unitSchema).check(z.minLength(1)),
  routing: routingConfigSchema,
  screening: z.array(screeningRuleSchema),
  repeat: repeatConfigSchema,
  deadlines: deadlineRulesSchema,
  calendar: calendarConfigSchema,
  escalation: z._default(escalationConfigSchema, {
    supervisionAfterOverdueDays: 3,
    accountabilityAfterOverdueDays: 7,
    registrationGraceDays: 3,
  }),
  evaluation: z._default(evaluationConfigSchema, {
    smsReplyCodes: { '1': 'satisfied', '2': 'basically_satisfied', '3': 'dissatisfied' },
  }),
  publicAccess: z._default(publicAccessConfigSchema, {
    wrongCodesPerAddress: { limit: 20, windowSeconds: 900 },
    wrongCodesPerCase: { limit: 10, windowSeconds: 900 },
  }),
  intake: z._default(intakeConfigSchema, {
    maxClockSkewHours: 24,
    staffBackEntryDays: 90,
    smsMaxDelayDays: 7,
    stuckAfterMinutes: 10,
  }),
  sms: z._default(smsTemplateConfigSchema, { signName: '信访', templates: defaultSmsTemplates }),
  staffClaims: z._default(staffClaimsSchema, {
    subject: ['sub'],
    unit: ['unit', 'custom:unit'],
    role: ['role', 'custom:role'],
    roles: {},
  }),
  portal: z._default(portalConfigSchema, {
    codeValidMinutes: 10,
    wrongCodeAttempts: 5,
    codesPerPhone: [
      { limit: 1, windowSeconds: 60 },
      { limit: 5, windowSeconds: 3_600 },
    ],
    codesPerAddress: [
      { limit: 20, windowSeconds: 3_600 },
      { limit: 100, windowSeconds: 86_400 },
    ],
  }),
  open311: z._default(open311ConfigSchema, { requestsPerKey: { limit: 60, windowSeconds: 60 } }),
  hotspots: z._default(hotspotConfigSchema, {
    similarity: 0.25,
    lookbackDays: 30,
    halfLifeDays: 7,
    windowDays: 7,
    thresholds: [{ id: 'five-in-seven-days', distinctPetitioners: 5, withinDays: 7 }],
    spike: { z: 3, minCount: 5, baselineWeeks: 4 },
  }),
});

/** A validated province configuration (defaults applied). */
export type ProvinceConfig = z.output<typeof provinceConfigSchema>;
/** What a province file writes: defaults may be left out. */
export type ProvinceConfigInput = z.input<typeof provinceConfigSchema>;
