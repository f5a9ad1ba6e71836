import { Tag } from 'antd';
import { useDirectoryIndex } from '../api/queries';
import { countdownText, formatBeijing, workingDaysLeft } from '../time';

/** A due time as a working-day countdown: red when overdue, orange within 3 working days. */
export function Countdown({ dueAt, done }: { readonly dueAt: string | undefined; readonly done?: boolean }) {
  const { calendar, now } = useDirectoryIndex();
  if (!dueAt) return <span>—</span>;
  if (done) return <span>{formatBeijing(dueAt)}</span>;
  const days = workingDaysLeft(calendar, now(), dueAt);
  // Solid colours with white text: AA contrast (the light preset tags fall short).
  const color = days < 0 ? '#a8071a' : days <= 3 ? '#ad4e00' : '#237804';
  return (
    <span title={`期限 ${formatBeijing(dueAt)}（北京时间）`}>
      <Tag color={color}>{countdownText(days)}</Tag>
      <span style={{ fontSize: 12, color: '#595959' }}>{formatBeijing(dueAt)}</span>
    </span>
  );
}
