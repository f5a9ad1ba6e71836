/** 回执: the tracking number and query code, as the receipt SMS also carries them. */
import { useEffect, useState } from 'preact/hooks';
import type { Receipt } from '../api.js';
import { loadReceipt, saveCredentials } from '../store.js';

export function ReceiptPage() {
  const [receipt, setReceipt] = useState<Receipt | undefined>(undefined);
  useEffect(() => setReceipt(loadReceipt()), []);
  if (!receipt)
    return (
      <section aria-labelledby="receipt-title">
        <h1 id="receipt-title" tabIndex={-1}>
          信件已提交
        </h1>
        <p>没有找到本次提交的回执。受理编号和查询码已通过短信发送到您的手机。</p>
        <p>
          <a href="#/track">查询办理进度</a>
        </p>
      </section>
    );
  return (
    <section aria-labelledby="receipt-title">
      <h1 id="receipt-title" tabIndex={-1}>
        信件已提交
      </h1>
      <p class="ok" role="status">
        您的信件已收到，我们将依法登记并转交有权处理的机关办理。
      </p>
      <dl class="receipt">
        <div>
          <dt>受理编号</dt>
          <dd data-testid="tracking-number">{receipt.trackingNumber}</dd>
        </div>
        <div>
          <dt>查询码</dt>
          <dd data-testid="query-code">{receipt.queryCode}</dd>
        </div>
      </dl>
      <p>受理编号和查询码已同时通过短信发送到您的手机。请妥善保管，凭此查询办理进度、评价答复。</p>
      <p>
        <button
          type="button"
          class="primary"
          onClick={() => {
            saveCredentials(receipt);
            location.hash = '#/track';
          }}
        >
          查询办理进度
        </button>
      </p>
    </section>
  );
}
