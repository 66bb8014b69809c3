import { HardDriveDownload } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { BackupJob } from '../../electron/ipc/contract.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';

const POLL_MS = 250;

function size(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** "Back up the locker…": one checked file, with progress while every original is written and read back. */
export function BackupPanel(props: { encrypted: boolean }) {
  const { t, say } = useI18n();
  const b = t.backup;
  const [job, setJob] = useState<BackupJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const follow = (current: BackupJob) => {
    setJob(current);
    if (current.finished) {
      // Worded in the page's language from its code (the English `error` is for logs and older callers).
      if (current.error) setError(say(current.errorCoded ?? current.error));
      return;
    }
    timer.current = window.setTimeout(() => {
      api.backupStatus(current.jobId).then(follow, (e: Error) => setError(e.message));
    }, POLL_MS);
  };

  const start = () => {
    setError(null);
    setJob(null);
    api.startBackup().then(
      (j) => j && follow(j),
      (e: Error) => setError(e.message),
    );
  };

  const restore = () => {
    if (!api.restoreBackup) return;
    setError(null);
    setJob(null);
    api.restoreBackup().then(
      (j) => j && follow(j),
      (e: Error) => setError(e.message),
    );
  };

  const running = job !== null && !job.finished;
  const result = job?.result;
  const restored = job?.restored;
  const progressText = (j: BackupJob) =>
    j.phase === 'checking'
      ? b.checking(j.done, j.total)
      : j.phase === 'restoring'
        ? b.restoring(j.done, j.total)
        : j.phase === 'verifying'
          ? b.verifying
          : b.writing(j.done, j.total);
  return (
    <section className="backup-panel" data-testid="backup">
      <p>{b.intro}</p>
      {props.encrypted && <p>{b.encryptedNote}</p>}
      <button type="button" className="button small" onClick={start} disabled={running}>
        <HardDriveDownload size={14} aria-hidden="true" />
        {b.make}
      </button>
      {running && (
        <div className="backup-progress" role="status">
          <progress max={job.total || 1} value={job.done} />
          <span>{progressText(job)}</span>
        </div>
      )}
      {result && (
        <div className="backup-result" role="status">
          <p>{b.done(result.objects, size(result.bytes))}</p>
          <p className="muted">
            {b.fingerprint}: <code className="hash">{result.sha256}</code>
          </p>
          {result.downloadId && (
            <a className="button small" href={api.downloadUrl(result.downloadId)} download={result.name}>
              {b.download}
            </a>
          )}
        </div>
      )}
      {restored && (
        <div className="backup-result" role="status">
          {restored.ok ? (
            <p>{b.restored(restored.dir, restored.objects)}</p>
          ) : (
            <>
              <p className="form-error small">{b.restoredDamaged(restored.dir)}</p>
              <ul>
                {(restored.problemCodes ?? restored.problems).slice(0, 5).map((p, i) => (
                  <li key={i}>{say(p)}</li>
                ))}
              </ul>
            </>
          )}
          {restored.ok && api.openRestored && (
            <button
              type="button"
              className="button small"
              onClick={() => void api.openRestored?.(job.jobId).catch((e: Error) => setError(e.message))}
            >
              {b.openRestored}
            </button>
          )}
        </div>
      )}
      <p className="muted">{api.restoreBackup ? b.restoreHint : b.restoreHere}</p>
      {api.restoreBackup && (
        <button type="button" className="button small" onClick={restore} disabled={running}>
          {b.restore}
        </button>
      )}
      {error && (
        <p className="form-error small" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
