import { CalendarClock, Check, CircleDashed, CircleDot, CircleCheck, Phone } from 'lucide-react';
import type { PlanDeadlineDto, PlanDto, PlanStepKey, StepStatus } from '../../electron/ipc/contract.ts';
import { Menu, type MenuItem } from '../components/Menu.tsx';
import { useI18n } from '../i18n/i18n.tsx';

function StatusIcon({ status }: { status: StepStatus }) {
  if (status === 'done') return <CircleCheck size={18} className="ok" aria-hidden="true" />;
  if (status === 'doing') return <CircleDot size={18} className="accent" aria-hidden="true" />;
  return <CircleDashed size={18} className="muted" aria-hidden="true" />;
}

/**
 * The six steps of the dispute, each with what the locker already holds and what it still misses. Each step
 * follows the evidence; the user's word over it is a quiet menu (mark done / not done / follow the evidence).
 */
export function PlanSteps(props: {
  plan: PlanDto;
  onSetStatus: (step: PlanStepKey, status: StepStatus | null) => void;
  onLogContact: () => void;
  /** The agreements page, where the agreement behind the charges is recorded and marked closed. */
  onOpenAgreements?: () => void;
  /** The case's own end: marked resolved, or opened again. */
  isResolved: boolean;
  onResolve: (isResolved: boolean) => void;
}) {
  const { t } = useI18n();
  const d = t.dispute;
  return (
    <section className="card plan" id="plan" data-testid="plan" aria-labelledby="plan-title">
      <div className="plan-head">
        <h2 id="plan-title" className="card-title">
          {d.planTitle}
        </h2>
        <span className="plan-head-actions">
          <button type="button" className="link-button" onClick={() => props.onResolve(!props.isResolved)}>
            {props.isResolved ? d.reopenCase : d.resolveCase}
          </button>
          <button type="button" className="button" onClick={props.onLogContact}>
            <Phone size={16} aria-hidden="true" />
            {d.logContact}
          </button>
        </span>
      </div>
      <ol className="plan-steps">
        {props.plan.steps.map((s) => {
          const items: MenuItem[] = [
            s.status === 'done'
              ? { label: d.markNotDone, onSelect: () => props.onSetStatus(s.key, 'todo') }
              : { label: d.markDone, onSelect: () => props.onSetStatus(s.key, 'done') },
          ];
          if (s.isOverridden)
            items.push({ label: d.followEvidence, onSelect: () => props.onSetStatus(s.key, null) });
          return (
            <li key={s.key} className={`plan-step is-${s.status}`} data-testid={`step-${s.key}`}>
              <StatusIcon status={s.status} />
              <div className="plan-step-body">
                <div className="plan-step-title">
                  <strong>{s.title}</strong>
                  <span className="visually-hidden">{d.stepStatus[s.status]}</span>
                  {s.isOverridden && <span className="muted small">{d.setByYou}</span>}
                  <Menu label={d.stepMenu(s.title)} items={items} className="plan-step-menu" />
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
          );
        })}
      </ol>
    </section>
  );
}

/** What a deadline's state says beside its date: calm, amber in its last week, red only when the user can act. */
function DeadlineState(props: { x: PlanDeadlineDto }) {
  const { t } = useI18n();
  const d = t.dispute;
  const x = props.x;
  switch (x.state) {
    case 'done':
      return <span className="badge">{d.met}</span>;
    case 'soon':
      return <span className="badge warn">{d.daysLeft(x.daysLeft)}</span>;
    case 'missed':
      return <span className="badge danger">{x.whoActs === 'them' ? d.theyMissed : d.overdue}</span>;
    case 'lapsed':
      return <span className="badge neutral">{x.whoActs === 'you' ? d.windowPassed : d.missedActedOn}</span>;
    case 'ahead':
      return x.whoActs ? (
        <span className="muted">{x.whoActs === 'them' ? d.theyAnswer : d.youAct}</span>
      ) : null;
  }
}

/** Upcoming and passed deadlines, each naming its party and the rule it comes from (DESIGN.md: calm). */
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
              className={`deadline-item is-${x.state}`}
              data-testid="deadline"
              data-state={x.state}
            >
              <CalendarClock size={16} aria-hidden="true" />
              <span className="deadline-body">
                <strong className="deadline-title">{x.title}</strong>
                {x.ruleLabel && <span className="deadline-rule small">{x.ruleLabel}</span>}
                <span className="deadline-meta small">
                  <span className="tabular nowrap">{fmt.date(x.utc, props.timeZone)}</span>
                  <DeadlineState x={x} />
                  {x.isEstimate && <span className="muted">{d.estimate}</span>}
                </span>
                {x.state === 'lapsed' && x.whoActs === 'you' && (
                  <span className="deadline-note small muted">{d.windowPassedNote(x.party ?? '')}</span>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
