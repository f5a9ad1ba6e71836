/**
 * 我要写信: name, phone proven by a six-digit SMS code, optional identity number and address, the
 * region (a list of the province's divisions), title, content, optional category and attachment
 * links. Errors are shown beside each field and summed up at the top; nothing pops up.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  catalogue,
  type Option,
  problemText,
  refusalText,
  sendCode,
  submitPetition,
} from '../api.js';
import { Field } from '../field.js';
import { forgetPetitionKey, petitionKey, saveReceipt } from '../store.js';

type Fields = Record<
  'name' | 'phone' | 'code' | 'idNumber' | 'address' | 'regionCode' | 'title' | 'content' | 'category',
  string
>;
const empty: Fields = {
  name: '',
  phone: '',
  code: '',
  idNumber: '',
  address: '',
  regionCode: '',
  title: '',
  content: '',
  category: '',
};
const labels: Record<keyof Fields, string> = {
  name: '姓名',
  phone: '手机号码',
  code: '短信验证码',
  idNumber: '身份证号码',
  address: '联系地址',
  regionCode: '事项所在地区',
  title: '标题',
  content: '内容',
  category: '问题类别',
};
/** The API's field names → the page's. */
const apiFields: Record<string, keyof Fields> = {
  'petitioner.name': 'name',
  'petitioner.phone': 'phone',
  phone: 'phone',
  verificationCode: 'code',
  'petitioner.idNumber': 'idNumber',
  'petitioner.address': 'address',
  regionCode: 'regionCode',
  title: 'title',
  content: 'content',
  category: 'category',
};

const visible = (text: string) => text.replace(/[\s\u200B-\u200F\u2060\uFEFF]/g, '').length > 0;

function check(f: Fields): Partial<Record<keyof Fields, string>> {
  const errors: Partial<Record<keyof Fields, string>> = {};
  if (!visible(f.name)) errors.name = '请填写姓名';
  if (!/^1\d{10}$/.test(f.phone.replace(/\s/g, ''))) errors.phone = '请输入11位手机号码';
  if (!/^\d{6}$/.test(f.code)) errors.code = '请输入短信中的6位数字验证码';
  if (f.idNumber && !/^\d{17}[\dXx]$/.test(f.idNumber.trim()))
    errors.idNumber = '请输入18位身份证号码，或不填';
  if (!f.regionCode) errors.regionCode = '请选择事项所在地区';
  if (!visible(f.title)) errors.title = '请填写标题';
  if (!visible(f.content)) errors.content = '请填写反映的内容';
  return errors;
}

/** Divisions grouped by city (GB/T 2260: a county's city is its code's first four digits + 00). */
function groups(regions: readonly Option[]): { label: string; options: Option[] }[] {
  const province = regions.filter((r) => r.key.endsWith('0000'));
  const cities = regions.filter((r) => r.key.endsWith('00') && !r.key.endsWith('0000'));
  return [
    ...(province.length > 0 ? [{ label: '省级', options: province }] : []),
    ...cities.map((city) => ({
      label: city.name,
      options: [
        { key: city.key, name: `${city.name}（市级）` },
        ...regions.filter((r) => r.key !== city.key && r.key.slice(0, 4) === city.key.slice(0, 4)),
      ],
    })),
  ];
}

export function Write() {
  const [f, setF] = useState<Fields>(empty);
  const [errors, setErrors] = useState<Partial<Record<keyof Fields, string>>>({});
  const [attachments, setAttachments] = useState<{ name: string; url: string }[]>([]);
  const [options, setOptions] = useState<{ categories: Option[]; regions: Option[] }>({
    categories: [],
    regions: [],
  });
  const [codeNote, setCodeNote] = useState('');
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState('');
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    catalogue()
      .then(setOptions)
      .catch(() => setFailure('地区和问题类别暂时无法加载，请刷新页面重试'));
  }, []);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  // Editing a field takes its error away: what is left in the summary is what still needs fixing.
  const set = (name: keyof Fields) => (value: string) => {
    setF((current) => ({ ...current, [name]: value }));
    setErrors((current) => (current[name] ? { ...current, [name]: undefined } : current));
  };

  async function askCode() {
    if (!/^1\d{10}$/.test(f.phone.replace(/\s/g, ''))) {
      setErrors({ ...errors, phone: '请输入11位手机号码' });
      return;
    }
    setErrors({ ...errors, phone: undefined });
    try {
      await sendCode(f.phone);
      setCodeNote('验证码已发送，10分钟内有效。');
      setWait(60);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) setWait(error.retryAfter ?? 60);
      setCodeNote(
        error instanceof ApiError && error.status === 400 ? '请输入11位手机号码' : refusalText(error),
      );
    }
  }

  async function submit(event: Event) {
    event.preventDefault();
    const found = check(f);
    setErrors(found);
    setFailure('');
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setBusy(true);
    try {
      const receipt = await submitPetition(
        {
          petitioner: {
            name: f.name.trim(),
            phone: f.phone.replace(/\s/g, ''),
            ...(f.idNumber.trim() ? { idNumber: f.idNumber.trim() } : {}),
            ...(f.address.trim() ? { address: f.address.trim() } : {}),
          },
          regionCode: f.regionCode,
          title: f.title.trim(),
          content: f.content.trim(),
          ...(f.category ? { category: f.category } : {}),
          ...(attachments.length > 0 ? { attachments } : {}),
          verificationCode: f.code,
        },
        petitionKey(),
      );
      forgetPetitionKey();
      saveReceipt(receipt);
      location.hash = '#/receipt';
    } catch (error) {
      const byField: Partial<Record<keyof Fields, string>> = {};
      const elsewhere: string[] = [];
      if (error instanceof ApiError)
        for (const d of error.details) {
          const field = apiFields[d.field];
          if (field) byField[field] = problemText(d.problem);
          // attachments.<n>.<name|url>: the n-th attachment link
          else if (d.field.startsWith('attachments.'))
            elsewhere.push(`附件${Number(d.field.split('.')[1]) + 1}：${problemText(d.problem)}`);
        }
      setErrors(byField);
      setFailure(
        elsewhere.length > 0
          ? `信件未能提交：${elsewhere.join('；')}`
          : Object.keys(byField).length > 0
            ? '信件未能提交，请按提示修改：'
            : refusalText(error),
      );
      requestAnimationFrame(() => summary.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  const listed = Object.entries(errors).filter(([, message]) => message) as [keyof Fields, string][];
  return (
    <section aria-labelledby="write-title">
      <h1 id="write-title" tabIndex={-1}>
        我要写信
      </h1>
      <p class="hint">带 * 的为必填项。提交前需用短信验证码验证手机号码。</p>
      <div ref={summary} tabIndex={-1} class={listed.length > 0 || failure ? 'problems' : 'problems empty'}>
        {(listed.length > 0 || failure) && (
          <>
            <h2>{failure || '请修改以下内容后再提交：'}</h2>
            <ul>
              {listed.map(([name, message]) => (
                <li key={name}>
                  <a
                    href={`#field-${name}`}
                    onClick={(e) => {
                      e.preventDefault();
                      document.getElementById(`field-${name}`)?.focus();
                    }}
                  >
                    {labels[name]}：{message}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <form noValidate onSubmit={submit}>
        <fieldset>
          <legend>信访人</legend>
          <Field
            id="name"
            label="姓名"
            required
            value={f.name}
            onInput={set('name')}
            error={errors.name}
            autoComplete="name"
          />
          <Field
            id="phone"
            label="手机号码"
            required
            value={f.phone}
            onInput={set('phone')}
            error={errors.phone}
            inputMode="tel"
            autoComplete="tel"
          />
          <div class="code-row">
            <Field
              id="code"
              label="短信验证码"
              required
              value={f.code}
              onInput={set('code')}
              error={errors.code}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
            />
            <button
              type="button"
              class="secondary"
              onClick={askCode}
              disabled={wait > 0}
              aria-describedby="code-note"
            >
              {wait > 0 ? `${wait}秒后可重新获取` : '获取验证码'}
            </button>
          </div>
          <p id="code-note" class="note" role="status">
            {codeNote}
          </p>
          <Field
            id="idNumber"
            label="身份证号码（选填）"
            value={f.idNumber}
            onInput={set('idNumber')}
            error={errors.idNumber}
          />
          <Field
            id="address"
            label="联系地址（选填）"
            value={f.address}
            onInput={set('address')}
            error={errors.address}
            autoComplete="street-address"
          />
        </fieldset>
        <fieldset>
          <legend>反映的事项</legend>
          <div class="field">
            <label for="field-regionCode">
              事项所在地区 <span aria-hidden="true">*</span>
            </label>
            <select
              id="field-regionCode"
              required
              value={f.regionCode}
              onChange={(e) => set('regionCode')(e.currentTarget.value)}
              aria-invalid={errors.regionCode ? true : undefined}
              aria-describedby={errors.regionCode ? 'error-regionCode' : undefined}
            >
              <option value="">请选择</option>
              {groups(options.regions).map((g) => (
                <optgroup key={g.label} label={g.label}>
                  {g.options.map((o) => (
                    <option key={o.key} value={o.key}>
                      {o.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            {errors.regionCode && (
              <p id="error-regionCode" class="error">
                {errors.regionCode}
              </p>
            )}
          </div>
          <Field
            id="title"
            label="标题"
            required
            value={f.title}
            onInput={set('title')}
            error={errors.title}
            maxLength={200}
          />
          <Field
            id="content"
            label="内容"
            required
            multiline
            value={f.content}
            onInput={set('content')}
            error={errors.content}
            maxLength={20000}
            hint="请写明时间、地点、经过和您的诉求。"
          />
          <div class="field">
            <label for="field-category">问题类别（选填）</label>
            <select
              id="field-category"
              value={f.category}
              onChange={(e) => set('category')(e.currentTarget.value)}
            >
              <option value="">不确定，由工作人员分类</option>
              {options.categories.map((o) => (
                <option key={o.key} value={o.key}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <fieldset>
          <legend>附件（选填）</legend>
          <p class="hint">请填写照片或文件的网络链接，最多5个。</p>
          {attachments.map((a, i) => (
            <div class="attachment" key={i}>
              <Field
                id={`att-name-${i}`}
                label={`附件${i + 1}名称`}
                value={a.name}
                onInput={(v) => setAttachments(attachments.map((x, j) => (j === i ? { ...x, name: v } : x)))}
              />
              <Field
                id={`att-url-${i}`}
                label={`附件${i + 1}链接`}
                value={a.url}
                inputMode="url"
                onInput={(v) => setAttachments(attachments.map((x, j) => (j === i ? { ...x, url: v } : x)))}
              />
              <button
                type="button"
                class="link"
                onClick={() => setAttachments(attachments.filter((_, j) => j !== i))}
              >
                删除附件{i + 1}
              </button>
            </div>
          ))}
          {attachments.length < 5 && (
            <button
              type="button"
              class="secondary"
              onClick={() => setAttachments([...attachments, { name: '', url: '' }])}
            >
              添加附件链接
            </button>
          )}
        </fieldset>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? '正在提交…' : '提交信件'}
        </button>
      </form>
    </section>
  );
}
