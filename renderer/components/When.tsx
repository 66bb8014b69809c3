import { useI18n } from '../i18n/i18n.tsx';
import { formatter } from '../lib/time.ts';

/**
 * A date and a time (to the second) that never break inside themselves ("2025年1月3 / 日"): each is kept whole,
 * and a narrow column wraps between them.
 */
export function When(props: { utc: string; timeZone: string }) {
  const { fmt, locale } = useI18n();
  const time = formatter(locale, props.timeZone, { timeStyle: 'medium', hourCycle: 'h23' });
  return (
    <span className="when tabular">
      <span className="nowrap">{fmt.date(props.utc, props.timeZone)}</span>{' '}
      <span className="nowrap">{time.format(new Date(props.utc))}</span>
    </span>
  );
}
