import { Upload } from 'lucide-react';
import { useI18n } from '../i18n/i18n.tsx';

/** What a section shows before anything is filed: one sentence and the one button that fixes it. */
export function EmptyImport(props: { message: string; onImport: () => void }) {
  const { t } = useI18n();
  return (
    <div className="empty">
      <p>{props.message}</p>
      <button type="button" className="button primary" onClick={props.onImport}>
        <Upload size={16} aria-hidden="true" />
        {t.addFiles}
      </button>
    </div>
  );
}
