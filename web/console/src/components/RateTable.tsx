/** The assessment of each unit as a table: registrations and every rate (loaded after the totals). */
import { Table } from 'antd';
import { rateNames, rateText, type UnitAssessment } from '../pages/assessment-rates';

export default function RateTable({ units }: { readonly units: readonly UnitAssessment[] }) {
  return (
    <Table<UnitAssessment>
      rowKey="unitId"
      size="small"
      scroll={{ x: 1200 }}
      pagination={{ pageSize: 20 }}
      dataSource={[...units]}
      columns={[
        { title: '单位', dataIndex: 'name', fixed: 'left', width: 220 },
        { title: '登记件数', render: (_, u) => u.counters.registered ?? 0 },
        ...rateNames.map(([key, name]) => ({
          title: name,
          render: (_: unknown, u: UnitAssessment) => rateText(u.rates[key]),
        })),
      ]}
    />
  );
}
