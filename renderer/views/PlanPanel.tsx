import { CalendarClock, Check, CircleDashed, CircleDot, CircleCheck, Phone } from 'lucide-react';
import type { PlanDeadlineDto, PlanDto, PlanStepKey, StepStatus } from '../../electron/ipc/contract.ts';
import { STEP_STATUSES } from '../../electron/ipc/words.ts';
import { useI18n } from '../i18n/i18n.tsx';

function StatusIcon({ status }: { status: StepStatus }) {
  if (status === 'done') return <CircleCheck size={18} className="ok" aria-hidden="true" />;
  if (status === 'doing') return <CircleDot size={18} className="accent" aria-hidden="true" />;
  return <CircleDashed size={18} className="muted" aria-hidden="true" />;
}

/** The six steps of the dispute, each with what the locker already holds and what it still misses. */
export function PlanSteps(props: {
  plan: PlanDto;
  onSetStatus: (step: PlanStepKey, status: StepStatus | null) => void;
  onLogContact: () => void;
  /** The agreements page, where the agreement behind the charges is recorded and marked closed. */
  onOpenAgreements?: () => void;
}) {
  const { t } = useI18n();
  const d = t.dispute;
  return (
    <section className="card plan" data-testid="plan" aria-labelledby="plan-title">
      <div className="plan-head">
        <h2 id="plan-title" className="card-title">
          {d.planTitle}
        </h2>
        <button type="button" className="button" onClick={props.onLogContact}>
          <Phone size={16} aria-hidden="true" />
          {d.logContact}
        </button>
      </div>
      <ol className="plan-steps">
        {props.plan.steps.map((s) => (
          <li key={s.key} className={`plan-step is-${s.status}`} data-testid={`step-${s.key}`}>
            <StatusIcon status={s.status} />
            <div className="plan-step-body">
              <div className="plan-step-title">
                <strong>{s.title}</strong>
                <label className="plan-status">
                  <select
                    value={s.isOverridden ? s.status : 'auto'}
                    aria-label={d.stepStatusLabel(s.title)}
                    onChange={(e) =>
                      props.onSetStatus(
                        s.key,
                        e.target.value === 'auto' ? null : (e.target.value as StepStatus),
                      )
                    }
                  >
                    <option value="auto">
                      {d.statusAuto} ({d.stepStatus[s.derivedStatus]})
                    </option>
                    {STEP_STATUSES.map((st) => (
                      <option key={st} value={st}>
                        {d.stepStatus[st]}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <p className="muted small">{s.action}</p>
              {s.key === 'stop-debits' && props.onOpenAgreements && (
                <button type="button" className="link-button small" onClick={props.onOpenAgreements}>
                  {t.agreements.openFromPlan}
                </button>
              )}
              {s.holds.length > 0 && (
                <ul className="plan-holds small">
                  {s.holds.map((h) => (
                    <li key={h}>
                      <Check size={14} aria-hidden="true" />
                      {h}
                    </li>
                  ))}
                </ul>
              )}
              {s.missing.length > 0 && (
                <p className="plan-missing small">
                  <span className="plan-missing-label">{d.stillMissing}:</span> {s.missing.join(d.listSep)}
                </p>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Upcoming and overdue deadlines; an overdue one is the only red on the screen (DESIGN.md, calm). */
export function DeadlineList(props: { deadlines: PlanDeadlineDto[]; timeZone: string }) {
  const { t, fmt } = useI18n();
  const d = t.dispute;
  return (
    <section className="card" data-testid="deadlines" aria-labelledby="deadlines-title">
      <h2 id="deadlines-title" className="card-title">
        {d.deadlinesTitle}
      </h2>
      {props.deadlines.length === 0 ? (
        <p className="muted">{d.noDeadlines}</p>
      ) : (
        <ul className="deadline-list">
          {props.deadlines.map((x, i) => (
            <li
              key={x.id ?? `${x.rule ?? ''}-${i}`}
              className={`deadline-item${x.isOverdue ? ' is-overdue' : ''}${x.isDone ? ' is-done' : ''}`}
            >
              <CalendarClock size={16} aria-hidden="true" />
              <span>
                <strong>{x.title}</strong>
                <br />
                <span className="tabular">{fmt.date(x.utc, props.timeZone)}</span>
                {x.whoActs && (
                  <span className="muted small"> · {x.whoActs === 'them' ? d.theyAnswer : d.youAct}</span>
                )}
                {x.isEstimate && <span className="muted small"> · {d.estimate}</span>}
                {x.isOverdue && <span className="badge danger">{d.overdue}</span>}
                {x.isDone && <span className="badge">{d.met}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
