/**
 * The lunar computation behind `domain/calendar/lunar-holidays.ts`, kept out of the functions: only
 * the generator and the test that checks the generated table import it.
 */
import { Lunar } from 'lunar-javascript';

export function computeLunarHolidays(year: number): {
  springFestival: string;
  qingming: string;
  dragonBoat: string;
  midAutumn: string;
} {
  // 清明 (early April) always lies inside lunar year `year`, whose table is keyed by Chinese name.
  const qingming = Lunar.fromYmd(year, 1, 1).getJieQiTable()['清明'];
  if (!qingming) throw new Error(`no 清明 solar term found for ${year}`);
  return {
    springFestival: Lunar.fromYmd(year, 1, 1).getSolar().toYmd(),
    qingming: qingming.toYmd(),
    dragonBoat: Lunar.fromYmd(year, 5, 5).getSolar().toYmd(),
    midAutumn: Lunar.fromYmd(year, 8, 15).getSolar().toYmd(),
  };
}
