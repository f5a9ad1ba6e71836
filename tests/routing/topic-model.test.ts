import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createTopicClassifier,
  decodeAscending,
  decodeBase64,
  encodeAscending,
  encodeBase64,
  modelText,
  modelTextPrefix,
  modelTopics,
  parseTopicModel,
  TopicModelError,
} from '../../domain/routing/topic-model.js';
import { artifactPath } from '../../tools/routing/artifact.js';

const artifact = (): unknown => JSON.parse(readFileSync(artifactPath, 'utf8'));
const classifier = createTopicClassifier(parseTopicModel(artifact()));

describe('the topic classifier', () => {
  it('gives the same probabilities for the same text, across calls and across two loads', () => {
    // Prepare
    const text = { title: '小区旁工厂夜间排放废气', content: '化工厂每天晚上排放刺鼻气体，居民无法开窗。' };
    const other = createTopicClassifier(parseTopicModel(artifact()));

    // Act
    const first = classifier.predict(text);
    classifier.predict({ title: '别的留言', content: '学校乱收费。' });
    const again = classifier.predict(text);
    const fromOther = other.predict(text);

    // Assess
    expect(again).toEqual(first);
    expect(fromOther).toEqual(first);
  });

  it('gives probabilities between 0 and 1 that sum to 1 for any text', () => {
    // Prepare
    const texts = fc.record({ title: fc.string({ maxLength: 40 }), content: fc.string({ maxLength: 400 }) });

    // Act and assess
    fc.assert(
      fc.property(texts, (text) => {
        const { probabilities, probability, topic } = classifier.predict(text);
        expect(probabilities).toHaveLength(modelTopics.length);
        for (const p of probabilities) expect(p).toBeGreaterThanOrEqual(0);
        expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(probability).toBe(Math.max(...probabilities));
        expect(probabilities[modelTopics.indexOf(topic)]).toBe(probability);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['环境保护', '化工厂偷排污水', '化工厂长期向河里偷排污水，河水发黑发臭，鱼虾死光。'],
    ['劳动和社会保障', '公司拖欠工资', '公司已经拖欠我们三个月工资，也不给缴纳社保，劳动合同也没签。'],
    ['教育文体', '学校违规补课收费', '某中学周末组织学生补课，每人收取补课费八百元，家长敢怒不敢言。'],
    ['卫生计生', '医院乱收费', '医院给病人做不必要的检查，医生态度恶劣，乱收医药费。'],
    ['交通运输', '出租车拒载绕路', '出租车司机经常拒载，还故意绕路多收费，客运管理部门不管。'],
  ] as const)('places a plain %s message under its topic', (topic, title, content) => {
    // Act
    const prediction = classifier.predict({ title, content });

    // Assess
    expect(prediction.topic).toBe(topic);
    expect(prediction.probability).toBeGreaterThan(0.5);
  });

  it('rejects an artifact whose topics are not the seven in order, naming the field', () => {
    // Prepare
    const json = artifact() as Record<string, unknown>;
    const wrong = { ...json, labels: [...modelTopics].reverse() };

    // Act
    const parse = () => parseTopicModel(wrong);

    // Assess
    expect(parse).toThrow(TopicModelError);
    expect(parse).toThrow(/labels/);
  });

  it('rejects something that is not a topic model at all', () => {
    // Act
    const parse = () => parseTopicModel({ format: 'onnx' });

    // Assess
    expect(parse).toThrow(TopicModelError);
  });

  it('refuses to build a classifier whose arrays disagree in length', () => {
    // Prepare
    const model = parseTopicModel(artifact());
    const truncated = { ...model, weights: encodeBase64(decodeBase64(model.weights).subarray(0, 70)) };

    // Act
    const build = () => createTopicClassifier(truncated);

    // Assess
    expect(build).toThrow(/disagree/);
  });
});

describe('the artifact encodings', () => {
  it('round-trips any bytes through base64, as Node encodes them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        // Act
        const text = encodeBase64(bytes);

        // Assess
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
      }),
    );
  });

  it('round-trips ascending integers through varints of their differences', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 24 }), { maxLength: 200 }), (values) => {
        // Prepare
        const ascending = [...values].sort((a, b) => a - b);

        // Act
        const decoded = decodeAscending(encodeAscending(ascending));

        // Assess
        expect(decoded).toEqual(ascending);
      }),
    );
  });

  it('reads only a prefix of a long letter but the same characters as reading it all', () => {
    // Prepare
    const settings = parseTopicModel(artifact()).features;
    const pieces = fc.constantFrom(
      '物业',
      '公司',
      ' ',
      '\n',
      '１２３',
      'ＡＢＣ',
      '。',
      '　',
      'Ⅻ',
      '㍿',
      'e\u0301',
    );

    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 600 }), fc.integer({ min: 16, max: 200 }), (parts, limit) => {
        const text = parts.join('');

        // Act
        const prefix = modelTextPrefix(text, settings, limit);

        // Assess
        expect(prefix).toBe(modelText(text, settings).slice(0, limit));
      }),
    );
  });
});
