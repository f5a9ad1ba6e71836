import { Tag } from 'antd';
import { useDirectoryIndex } from '../api/queries';
import { countdownText, formatBeijing, workingDaysLeft } from '../time';

/** A due time as a working-day countdown: red when overdue, orange within 3 working days. */
export function Countdown({ dueAt, done }: { readonly dueAt: string | undefined; readonly done?: boolean }) {
  const { calendar, now } = useDirectoryIndex();
  if (!dueAt) return <span>—</span>;
  if (done) return <span>{formatBeijing(dueAt)}</span>;
  const days = workingDaysLeft(calendar, now(), dueAt);
  const color = days < 0 ? 'red' : days <= 3 ? 'orange' : 'green';
  return (
    <span title={`期限 ${formatBeijing(dueAt)}（北京时间）`}>
      <Tag color={color} variant="outlined">
        {countdownText(days)}
      </Tag>
      <span style={{ fontSize: 12, color: '#595959' }}>{formatBeijing(dueAt)}</span>
    </span>
  );
}
