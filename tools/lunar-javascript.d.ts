// The package ships no types; this declares only what the holiday calendar uses.
declare module 'lunar-javascript' {
  /** A Gregorian date; `toYmd()` gives YYYY-MM-DD. */
  export interface Solar {
    toYmd(): string;
  }

  /** A Chinese lunar date; solar terms are computed in Beijing time. */
  export interface Lunar {
    getSolar(): Solar;
    /** Solar terms around this lunar year, keyed by Chinese name (清明, 冬至, …). */
    getJieQiTable(): Record<string, Solar>;
  }

  export const Lunar: {
    /** `month` 1–12 is an ordinary month; a leap month would be negative. */
    fromYmd(lunarYear: number, lunarMonth: number, lunarDay: number): Lunar;
  };
}
