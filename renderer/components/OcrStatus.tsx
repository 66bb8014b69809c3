import { Check, LoaderCircle, ScanText } from 'lucide-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import '../find.css';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';
import { useFirstScreenDrawn } from '../lib/first-paint.ts';

/** While pictures are being read the line updates often; when all is quiet, now and then. */
const BUSY_MS = 1200;
const IDLE_MS = 4000;

/**
 * One calm line about the pictures of the open case whose text is being read in the background:
 * "Reading text from 3 screenshots…", then how many are searchable. Asks the locker; never blocks.
 */
export function OcrStatus(props: { caseId: string | null }) {
  const { t } = useI18n();
  const { caseId } = props;
  const client = useQueryClient();
  const isDrawn = useFirstScreenDrawn();
  const statusKey = ['ocr:status', caseId ? { caseId } : {}];
  const status = useQuery({
    queryKey: statusKey,
    queryFn: () => api.ocrStatus(caseId ?? undefined),
    enabled: caseId !== null && isDrawn,
    // Polled: the locker reads pictures in the background. The status line is a nicety: a failed poll is
    // not shown, it just tries again later.
    refetchInterval: (query) => {
      const s = query.state.data;
      return s && s.pending > 0 && s.enabled ? BUSY_MS : IDLE_MS;
    },
    staleTime: 0,
    meta: { isQuiet: true },
  }).data;

  if (!status || !caseId) return null;
  const isBusy = status.enabled && status.pending > 0;
  if (!isBusy && status.done === 0 && status.pending === 0 && status.failed === 0) return null;
  let text: string;
  if (!status.enabled && status.pending > 0) text = t.find.readOff(status.pending);
  else if (isBusy) text = t.find.reading(status.pending);
  else text = t.find.readDone(status.done);
  return (
    <p
      className="ocr-status small"
      role="status"
      data-testid="ocr-status"
      data-pending={status.pending}
      data-state={isBusy ? 'reading' : 'idle'}
      title={status.current?.title}
    >
      {isBusy ? (
        <LoaderCircle size={14} className="spin" aria-hidden="true" />
      ) : status.enabled ? (
        <Check size={14} aria-hidden="true" />
      ) : (
        <ScanText size={14} aria-hidden="true" />
      )}
      <span>
        {text}
        {status.failed > 0 && !isBusy ? ` · ${t.find.readFailed(status.failed)}` : ''}
      </span>
      {status.failed > 0 && !isBusy && status.enabled && (
        <button
          type="button"
          className="link-button small"
          onClick={() => {
            api.retryOcr(caseId).then(
              (s) => client.setQueryData(statusKey, s),
              () => undefined,
            );
          }}
        >
          {t.find.readRetry}
        </button>
      )}
    </p>
  );
}
