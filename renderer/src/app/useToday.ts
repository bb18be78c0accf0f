import { useEffect, useState } from 'react';
import { localDate } from '../db/write';

const MINUTE = 60_000;

/** The local calendar date, kept current while the app stays open past midnight. */
export function useToday(): string {
  const [today, setToday] = useState(() => localDate(Date.now()));
  useEffect(() => {
    const timer = setInterval(() => setToday(localDate(Date.now())), MINUTE);
    return () => clearInterval(timer);
  }, []);
  return today;
}
