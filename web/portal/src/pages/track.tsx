/**
 * 查询: the tracking number and query code open the public view of the case (stage, who handles
 * it, deadlines, the public timeline, the reply); from there the petitioner rates the reply and
 * asks for review or re-review inside their windows, and reads why not when they cannot.
 */
import { useEffect, useState } from 'preact/hooks';
import { askReview, beijing, lookUp, type PublicView, type Receipt, rate, refusalText } from '../api.js';
import { Field } from '../field.js';
import { loadCredentials, saveCredentials } from '../store.js';

const statusLabels: Record<string, string> = {
  open: '进行中',
  met: '已完成',
  lapsed: '已届满',
  cancelled: '已取消',
};
const ratings = [
  ['satisfied', '满意'],
  ['basically_satisfied', '基本满意'],
  ['dissatisfied', '不满意'],
] as const;

const windowOf = (view: PublicView, step: string) => view.deadlines.find((d) => d.step === step);

/** Why the petitioner cannot rate now, or undefined when they can. */
function whyNoRating(view: PublicView): string | undefined {
  const w = windowOf(view, 'evaluation');
  // A lapsed window also leaves an evaluation (未评价) on the case: it is no rating of theirs.
  if (w?.status === 'lapsed') return `评价期限已于${beijing(w.dueAt)}届满，不能再评价。`;
  if (view.evaluation) return `您已评价：${view.evaluation.rating}（${beijing(view.evaluation.at)}）`;
  if (!view.reply) return '事项答复后，您可以对答复进行评价。';
  if (view.stage === 'awaiting_evaluation' && w?.status === 'open') return undefined;
  if (w && w.status !== 'open') return `评价期限已于${beijing(w.dueAt)}届满，不能再评价。`;
  return `事项当前处于“${view.stageLabel}”阶段，不能评价。`;
}

/** Which request is open (复查 or 复核), or why neither is. */
function reviewState(view: PublicView): { level: 'review' | 'reReview' } | { reason: string } {
  const review = windowOf(view, 'reviewRequest');
  const reReview = windowOf(view, 'reReviewRequest');
  const asked = (event: string) => view.timeline.some((t) => t.event === event);
  if (reReview?.status === 'open') return { level: 'reReview' };
  if (review?.status === 'open' && !asked('ReviewRequested')) return { level: 'review' };
  if (asked('ReReviewRequested')) return { reason: '已申请复核。复核意见为终结意见，不能再申请复查或复核。' };
  if (view.stage === 'under_review') return { reason: '复查正在办理中，出具复查意见后如不服可申请复核。' };
  if (reReview) return { reason: `申请复核的期限已于${beijing(reReview.dueAt)}届满。` };
  if (review && !asked('ReviewRequested'))
    return { reason: `申请复查的期限已于${beijing(review.dueAt)}届满。` };
  if (!view.reply) return { reason: '事项答复后，如不服答复意见，可在规定期限内申请复查。' };
  return { reason: '当前不能申请复查或复核。' };
}

export function Track() {
  const [credentials, setCredentials] = useState<Receipt | undefined>(undefined);
  const [view, setView] = useState<PublicView | undefined>(undefined);
  const [number, setNumber] = useState('');
  const [code, setCode] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function open(who: Receipt) {
    setBusy(true);
    setMessage('');
    try {
      setView(await lookUp(who));
      setCredentials(who);
      saveCredentials(who);
    } catch (error) {
      setView(undefined);
      setMessage(refusalText(error));
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    const kept = loadCredentials();
    if (kept) void open(kept);
  }, []);

  if (!view || !credentials)
    return (
      <section aria-labelledby="track-title">
        <h1 id="track-title" tabIndex={-1}>
          查询办理进度
        </h1>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const who = { trackingNumber: number.trim().toUpperCase(), queryCode: code.trim() };
            if (!/^XF\d{14}$/.test(who.trackingNumber) || !/^\d{6}$/.test(who.queryCode)) {
              setMessage('请输入受理编号（XF开头，共16位）和6位数字查询码');
              return;
            }
            void open(who);
          }}
        >
          <Field
            id="number"
            label="受理编号"
            required
            value={number}
            onInput={setNumber}
            hint="短信中以 XF 开头的16位编号"
          />
          <Field
            id="query"
            label="查询码"
            required
            value={code}
            onInput={setCode}
            inputMode="numeric"
            maxLength={6}
          />
          <p class="error" role="alert">
            {message}
          </p>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? '正在查询…' : '查询'}
          </button>
        </form>
      </section>
    );

  return (
    <CaseView
      view={view}
      credentials={credentials}
      onChange={setView}
      onClose={() => {
        saveCredentials(undefined);
        setView(undefined);
        setCredentials(undefined);
      }}
    />
  );
}

function CaseView(p: {
  view: PublicView;
  credentials: Receipt;
  onChange: (v: PublicView) => void;
  onClose: () => void;
}) {
  const { view } = p;
  return (
    <section aria-labelledby="case-title">
      <h1 id="case-title" tabIndex={-1}>
        办理进度
      </h1>
      <dl class="facts">
        <div>
          <dt>受理编号</dt>
          <dd>{view.trackingNumber}</dd>
        </div>
        <div>
          <dt>标题</dt>
          <dd>{view.title}</dd>
        </div>
        <div>
          <dt>当前状态</dt>
          <dd data-testid="stage">
            <strong>{view.stageLabel}</strong>
            {view.overdue && <span class="late">（已超期，已督办）</span>}
          </dd>
        </div>
        {view.handlingUnit && (
          <div>
            <dt>承办单位</dt>
            <dd>{view.handlingUnit}</dd>
          </div>
        )}
        <div>
          <dt>登记时间</dt>
          <dd>{beijing(view.registeredAt)}</dd>
        </div>
      </dl>
      {view.guidance && <p class="notice">{view.guidance}</p>}
      {view.reply && (
        <section aria-labelledby="reply-title" class="card">
          <h2 id="reply-title">答复意见（{view.reply.outcome}）</h2>
          <p>{view.reply.text}</p>
          <p class="hint">答复时间：{beijing(view.reply.repliedAt)}</p>
        </section>
      )}
      {(view.reviews ?? [])
        .filter((r) => r.decidedAt)
        .map((r) => (
          <section
            key={r.level}
            aria-labelledby={`${r.level}-title`}
            class="card"
            data-testid={`${r.level}-opinion`}
          >
            <h2 id={`${r.level}-title`}>
              {r.label}意见（{r.decisionLabel}）
            </h2>
            <p>{r.text}</p>
            <p class="hint">
              {r.reviewUnit} · {beijing(r.decidedAt ?? '')}
            </p>
          </section>
        ))}
      {view.concluded && <p class="notice">{view.concluded.notice}</p>}
      {view.concludedMatter && (
        <p class="notice">
          与事项{view.concludedMatter.originalTrackingNumber}为同一事项：{view.concludedMatter.notice}
        </p>
      )}
      <Rating {...p} />
      <Review {...p} />
      {view.deadlines.length > 0 && (
        <section aria-labelledby="deadlines-title">
          <h2 id="deadlines-title">办理期限</h2>
          <ul class="deadlines">
            {view.deadlines.map((d) => (
              <li key={d.step}>
                <span>{d.label}</span>
                <span>
                  {beijing(d.dueAt, false)}前 · {statusLabels[d.status] ?? d.status}
                  {d.overdue && <strong class="late"> · 超期</strong>}
                  {d.provisional && '（暂定）'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">办理过程</h2>
        <ol class="timeline">
          {view.timeline.map((t, i) => (
            <li key={i}>
              <p class="when">{beijing(t.at)}</p>
              <p>
                {t.label}
                {t.unit && `：${t.unit}`}
              </p>
              {t.detail && <p class="detail">{t.detail}</p>}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <button type="button" class="secondary" onClick={p.onClose}>
          查询其他事项
        </button>
      </p>
    </section>
  );
}

function Rating(p: { view: PublicView; credentials: Receipt; onChange: (v: PublicView) => void }) {
  const [choice, setChoice] = useState('');
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const why = whyNoRating(p.view);
  return (
    <section aria-labelledby="rate-title" class="card">
      <h2 id="rate-title">评价</h2>
      {why ? (
        <p data-testid="rating-state">{why}</p>
      ) : (
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            if (!choice) return setMessage('请选择满意、基本满意或不满意');
            setBusy(true);
            try {
              p.onChange(await rate(p.credentials, choice, comment.trim()));
              setMessage('');
            } catch (error) {
              setMessage(refusalText(error));
            } finally {
              setBusy(false);
            }
          }}
        >
          <fieldset>
            <legend>您对答复意见是否满意？</legend>
            {ratings.map(([value, label]) => (
              <label class="choice" key={value}>
                <input
                  type="radio"
                  name="rating"
                  value={value}
                  checked={choice === value}
                  onChange={() => setChoice(value)}
                />
                {label}
              </label>
            ))}
          </fieldset>
          <Field
            id="comment"
            label="意见（选填）"
            multiline
            value={comment}
            onInput={setComment}
            maxLength={2000}
          />
          <p class="error" role="alert">
            {message}
          </p>
          <button type="submit" class="primary" disabled={busy}>
            提交评价
          </button>
        </form>
      )}
    </section>
  );
}

function Review(p: { view: PublicView; credentials: Receipt; onChange: (v: PublicView) => void }) {
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const state = reviewState(p.view);
  const what = 'level' in state ? (state.level === 'review' ? '申请复查' : '申请复核') : '申请复查 / 复核';
  return (
    <section aria-labelledby="review-title" class="card">
      <h2 id="review-title">{what}</h2>
      {'reason' in state ? (
        <p data-testid="review-state">{state.reason}</p>
      ) : (
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            if (!reason.trim()) return setMessage('请写明不服的理由');
            setBusy(true);
            try {
              p.onChange(await askReview(p.credentials, reason.trim()));
              setReason('');
              setMessage('');
            } catch (error) {
              setMessage(refusalText(error));
            } finally {
              setBusy(false);
            }
          }}
        >
          <p class="hint">
            {state.level === 'review'
              ? '不服答复意见的，可以向上一级机关申请复查。'
              : '不服复查意见的，可以申请复核，复核意见为终结意见。'}
          </p>
          <Field
            id="reason"
            label="理由"
            required
            multiline
            value={reason}
            onInput={setReason}
            maxLength={2000}
          />
          <p class="error" role="alert">
            {message}
          </p>
          <button type="submit" class="primary" disabled={busy}>
            {what}
          </button>
        </form>
      )}
    </section>
  );
}
