export {
  addAgreementFromEvidence,
  agreementCoversSeries,
  disputedSeriesStops,
  readAgreementPage,
  seriesForMerchant,
  type AgreementReading,
  type SeriesStop,
} from './agreement-from-ocr.ts';
export { CHINA_CALENDAR, addChinaWorkingDays, chinaDay, isChinaWorkingDay } from './china-calendar.ts';
export {
  COMPLAINT_TARGETS,
  complaintFields,
  type ComplaintField,
  type ComplaintTarget,
} from './complaint.ts';
export { dueAfter, ruleDue } from './deadlines.ts';
export { casePlan, type Plan, type PlanDeadline, type PlanStep } from './plan.ts';
export {
  addAgreement,
  addContact,
  addDeadline,
  agreementJson,
  caseAgreements,
  caseContacts,
  caseDeadlines,
  claimantFor,
  contactJson,
  deadlineJson,
  editDeadline,
  effectiveRules,
  maskValue,
  setClaimant,
  setPlanOverride,
  setRuleOverride,
  updateAgreement,
} from './records.ts';
export { AGENCIES, CONTACT_PARTIES, DEFAULT_RULES, type DeadlineRule } from './rules.ts';
export { DISPUTE_LANGS, type DisputeLang } from './words.ts';
