import { Check, Copy } from 'lucide-react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { ClaimantDto, ComplaintDto, ComplaintTarget, PacketLang } from '../../electron/ipc/contract.ts';
import { COMPLAINT_TARGETS, PACKET_LANGS } from '../../electron/ipc/words.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { api } from '../lib/api.ts';

/** Characters as a form counts them: code points, so a Chinese character or an emoji is one. */
function charCount(text: string): number {
  return [...text].length;
}

function ComplaintField(props: { field: ComplaintDto['fields'][number] }) {
  const { t } = useI18n();
  const d = t.dispute;
  const area = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  const { field } = props;
  const id = `complaint-${field.key}`;

  const copy = async () => {
    try {
      // The clipboard API needs permission (and a secure or loopback origin); where refused, select instead.
      await navigator.clipboard.writeText(field.value);
      setState('copied');
    } catch {
      area.current?.focus();
      area.current?.select();
      setState('selected');
    }
  };

  return (
    <div className="complaint-field" data-testid={`field-${field.key}`}>
      <div className="complaint-field-head">
        <label htmlFor={id} className="field-label">
          {field.label}
        </label>
        <span className="muted small tabular" data-testid="char-count">
          {d.chars(charCount(field.value))}
        </span>
        <button
          type="button"
          className="button small"
          onClick={() => void copy()}
          aria-label={d.copyField(field.label)}
          title={d.copyField(field.label)}
        >
          {state === 'copied' ? (
            <Check size={14} aria-hidden="true" />
          ) : (
            <Copy size={14} aria-hidden="true" />
          )}
          {state === 'copied' ? d.copied : d.copy}
        </button>
      </div>
      <textarea
        id={id}
        ref={area}
        readOnly
        value={field.value}
        rows={Math.min(12, Math.max(2, field.value.split('\n').length + 1))}
        onBlur={() => setState('idle')}
      />
      {state === 'selected' && (
        <p className="muted small" role="status">
          {d.selectedToCopy}
        </p>
      )}
    </div>
  );
}

function ClaimantForm(props: { caseId: string; onSaved: () => void; onError: (e: unknown) => void }) {
  const { t } = useI18n();
  const d = t.dispute;
  const { caseId, onError } = props;
  const [kept, setKept] = useState<ClaimantDto | null>(null);
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [isSaved, setSaved] = useState(false);

  useEffect(() => {
    api.getClaimant(caseId).then((c) => {
      setKept(c);
      setName(c.name);
    }, onError);
  }, [caseId, onError]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const next = await api.setClaimant({
        caseId,
        name,
        // Empty means "keep what is there": the ID and phone are never sent back to the page in full.
        ...(idNumber ? { idNumber } : {}),
        ...(phone ? { phone } : {}),
      });
      setKept(next);
      setIdNumber('');
      setPhone('');
      setSaved(true);
      props.onSaved();
    } catch (err) {
      onError(err);
    }
  };

  return (
    <form className="card form claimant" onSubmit={(e) => void save(e)} autoComplete="off">
      <h2 className="card-title">{d.claimantTitle}</h2>
      <p className="muted small">{d.claimantIntro}</p>
      <div className="field-row">
        <label className="field">
          <span className="field-label">{d.claimantName}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
        </label>
        <label className="field">
          <span className="field-label">{d.claimantIdNumber}</span>
          <input
            value={idNumber}
            onChange={(e) => setIdNumber(e.target.value)}
            maxLength={40}
            placeholder={kept?.idNumberMasked ? d.claimantKept(kept.idNumberMasked) : ''}
          />
        </label>
        <label className="field">
          <span className="field-label">{d.claimantPhone}</span>
          <input
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            maxLength={40}
            inputMode="tel"
            placeholder={kept?.phoneMasked ? d.claimantKept(kept.phoneMasked) : ''}
          />
        </label>
      </div>
      <div className="form-actions">
        {isSaved && <span role="status">{d.claimantSaved}</span>}
        <button type="submit" className="button">
          {d.claimantSave}
        </button>
      </div>
    </form>
  );
}

/** The complaint, field by field: a channel, a language, and each field's text ready to copy into its form. */
export function ComplaintView(props: { caseId: string; onError: (e: unknown) => void }) {
  const { t, locale } = useI18n();
  const d = t.dispute;
  const { caseId, onError } = props;
  const [to, setTo] = useState<ComplaintTarget>('12378');
  const [lang, setLang] = useState<PacketLang>(locale);
  const client = useQueryClient();
  // Another channel or language keeps the fields shown until its own arrive.
  const complaint: ComplaintDto | null =
    useQuery({
      queryKey: ['complaint:get', { caseId, to, lang }],
      queryFn: () => api.getComplaint({ caseId, to, lang }),
      placeholderData: keepPreviousData,
    }).data ?? null;

  // The complainant's details are part of every channel's fields.
  const onSaved = useCallback(() => void client.invalidateQueries({ queryKey: ['complaint:get'] }), [client]);

  return (
    <div className="section-page complaint" data-testid="complaint">
      <h2 className="complaint-title">{d.complaintTitle}</h2>
      <p className="muted">{d.complaintIntro}</p>
      <div className="complaint-controls">
        <div className="complaint-targets" role="group" aria-label={d.complaintTo}>
          {COMPLAINT_TARGETS.map((target) => (
            <button
              key={target}
              type="button"
              className="chip"
              aria-pressed={to === target}
              onClick={() => setTo(target)}
            >
              {d.targets[target]}
            </button>
          ))}
        </div>
        <label className="field inline">
          <span className="field-label">{d.complaintLang}</span>
          <select value={lang} onChange={(e) => setLang(e.target.value as PacketLang)}>
            {PACKET_LANGS.map((l) => (
              <option key={l} value={l}>
                {t.packetLangs[l]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {complaint?.to === to && complaint.lang === lang ? (
        <div className="complaint-fields card">
          {complaint.fields.map((f) => (
            <ComplaintField key={`${to}-${lang}-${f.key}`} field={f} />
          ))}
        </div>
      ) : (
        <p className="muted">{t.loading}</p>
      )}
      <ClaimantForm caseId={caseId} onSaved={onSaved} onError={onError} />
    </div>
  );
}
