/**
 * 重新投递: confirms moving one queue's dead letters back to it. Loaded when first opened, so the
 * dead-letters page's first load carries no dialog.
 */
import { Modal } from 'antd';

export default function RedriveDialog({
  queue,
  waiting,
  busy,
  onConfirm,
  onCancel,
}: {
  readonly queue: string;
  readonly waiting: number;
  readonly busy: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  return (
    <Modal
      open
      title={`重新投递 ${queue} 的死信？`}
      okText="确认重新投递"
      cancelText="取消"
      confirmLoading={busy}
      onOk={onConfirm}
      onCancel={onCancel}
    >
      将 {waiting} 条死信移回队列 {queue} 重新处理。请确认导致失败的原因已经排除。
    </Modal>
  );
}
