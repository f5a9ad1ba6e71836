import { Tag } from 'antd';
import { useDirectoryIndex } from '../api/queries';
import { countdownText, formatDue, workingDaysLeft } from '../time';

/** A due time as a working-day countdown: red when overdue, orange within 3 working days. */
export function Countdown({ dueAt, done }: { readonly dueAt: string | undefined; readonly done?: boolean }) {
  const { calendar, now } = useDirectoryIndex();
  if (!dueAt) return <span>—</span>;
  if (done) return <span>{formatDue(dueAt)}</span>;
  const days = workingDaysLeft(calendar, now(), dueAt);
  // Solid colours with white text: AA contrast (the light preset tags fall short).
  const color = days < 0 ? '#a8071a' : days <= 3 ? '#ad4e00' : '#237804';
  return (
    <span title={`期限 ${formatDue(dueAt)}（北京时间）`} style={{ whiteSpace: 'nowrap' }}>
      <Tag color={color}>{countdownText(days)}</Tag>
      <span style={{ fontSize: 12, color: '#595959', whiteSpace: 'nowrap' }}>{formatDue(dueAt)}</span>
    </span>
  );
}
