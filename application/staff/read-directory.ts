/**
 * The staff directory (`GET /staff/directory`): what the console's forms pick from — the
 * province's units, regions and categories, the roles and stages with their Chinese names — and
 * the days that are not working days around today, so that countdowns count working days as the
 * deadline rules do (调休 included). Every staff member may read it: it holds no case data.
 */

import { staffRoleLabels } from '../../domain/access/roles.js';
import { addCalendarDays, type HolidayCalendar, shanghaiDateOf } from '../../domain/calendar/calendar.js';
import { staffRoles, stages } from '../../domain/case/model.js';
import { stageLabels } from '../../domain/case/public-view.js';
import type { Clock, ProvinceContext } from '../ports.js';

export interface ReadDirectoryPorts {
  readonly province: Pick<ProvinceContext, 'config'>;
  readonly calendar: Pick<HolidayCalendar, 'isWorkingDay'>;
  readonly clock: Clock;
}

/** How far back and ahead the days off reach: past the longest deadline and its extension. */
const daysBack = 60;
const daysAhead = 240;

export function readDirectory(ports: ReadDirectoryPorts) {
  const { config } = ports.province;
  const now = ports.clock.now();
  const today = shanghaiDateOf(now);
  const from = addCalendarDays(today, -daysBack);
  const to = addCalendarDays(today, daysAhead);
  const daysOff: string[] = [];
  for (let date = from; date <= to; date = addCalendarDays(date, 1))
    if (!ports.calendar.isWorkingDay(date)) daysOff.push(date);
  return {
    province: { id: config.province.id, name: config.province.name },
    units: config.units.map((u) => ({
      id: u.id,
      name: u.name,
      kind: u.kind,
      level: u.level,
      regionCode: u.regionCode,
      ...(u.kind === 'department' ? { parentId: u.parentId } : {}),
      ...(u.kind === 'bureau' ? {} : { categories: u.categories }),
    })),
    regions: config.regions,
    categories: config.categories.map((c) => ({ id: c.id, name: c.name, topic: c.topic })),
    roles: staffRoles.map((id) => ({ id, name: staffRoleLabels[id] })),
    stages: stages.map((id) => ({ id, name: stageLabels[id] })),
    calendar: { from, to, daysOff },
    now,
  };
}
