import type { RecordedEvent } from '../../event-store/event-store.port';
import { nextMonth } from '../../kernel/calendar';
import { PATIENT_EVENT_TYPES, type PatientEvent } from '../../patient-stream/patient-event';
import type { PracticeConfigured } from '../../practice/practice.events';
import type { Projection, ReadDatabase } from '../../projections/projection';
import { ProjectionApplyError } from '../../projections/projection-apply-error';
import type { BillingEvaluator } from '../evaluation/billing-evaluator';
import { figuresOf } from '../evaluation/figures';
import { monthOfInstant } from '../facts/instant-month';
import { PatientMonthEvaluation } from '../evaluation/patient-month-evaluation';
import { enrolledPatient, evolveBillingPatient, type BillingPatient } from '../facts/billing-patient';
import { amendedTimeEntryId, amendTimeEntry, entriesWindow, spannedInstants, timeEntryStartedBy } from '../facts/time-entry';
import { entryMonths, monthRange, monthsTouchedBy, type TouchedMonths } from '../facts/touched-months';
import { BILLING_MONTH_EVENT_TYPES, type BillingMonthEvent } from '../month/billing-month.events';
import { billsTheSame } from '../month/claim-basis';
import type { PatientMonthResult, TimeEntryFact } from '../rules';
import { BillingPageWrites, billingPatientKey } from './billing-page-writes';
import { BillingReadModel, type BillingPractice } from './billing-read-model';

const BILLING_EVENT_TYPES: ReadonlySet<string> = new Set(BILLING_MONTH_EVENT_TYPES);

/**
 * Bump when the stored shape, the gathering of facts or the rules change: the read model is then rebuilt from the
 * log. 2: the compliance review of issue 21 (PCM comorbidities, complex CCM since 2021, MDM by the billing
 * practitioner, a minute counted once, unit caps, initiating visit before the first counted minute). 3: time entries
 * carry their attestation (issue 12 item 6), results name the next code (issue 14's worklist), unenrolment and coverage (issue 15).
 * 4: patients keyed by practice too (two practices may use one patient id, see patientStreamKey).
 */
const BASE_VERSION = 4;

/**
 * Pages at least this long are history being replayed (a rebuild, a new instance, a restart behind the log): their
 * patient-months are evaluated once at the end of the replay instead of once per event. Live pages are shorter.
 */
const DEFERRING_PAGE = 200;

/** How many patients' facts the projection keeps parsed between events. */
const CACHED_PATIENTS = 20_000;

/** Deferred patient-months of one month from which the month's entries are read in one query. */
const WHOLE_MONTH_QUERY_FROM = 32;

const sameOutcome = (patientId: string, before: PatientMonthResult | undefined, after: PatientMonthResult) => {
  if (!before) return false;
  const [a, b] = [figuresOf(patientId, before), figuresOf(patientId, after)];
  return (
    billsTheSame(a, b) &&
    a.blockers.join() === b.blockers.join() &&
    a.clinicalStaffMinutes === b.clinicalStaffMinutes &&
    a.practitionerMinutes === b.practitionerMinutes
  );
};

/**
 * Monthly billing read model: per practice, month and patient, the rules engine's result, kept current from the log
 * (architecture decisions 9 and 12).
 *
 * - Facts: each patient's month-independent facts (billing-patient.ts) and time entries are stored; an event
 *   re-evaluates only the patient-months it can change (touched-months.ts).
 * - Every enrolled patient has a row for every month from enrollment to the practice's horizon, the latest month its
 *   log has reached in valid time (store time would tie the read model to when events happened to be written).
 *   When an event moves the horizon into a new month, that month is evaluated for every patient of the practice
 *   once; `billingMonth` then reads stored rows and evaluates nothing. A month beyond the horizon (nothing has
 *   happened in it yet) is evaluated by the repository on the fly.
 * - The practice gives the zone, its NPI and tax id. Staff registrations are not needed: care events copy the
 *   performer's credential and NPI as they were (architecture decision 4), and billing reads those copies.
 * - Close and claims come from the billing stream. A fact of a closed month recorded after the close marks the
 *   patient-month AMENDED_AFTER_CLOSE (a time entry always; any other fact when it changes the month's outcome),
 *   so the closed snapshot and the amended result are both shown.
 * - Replaying history (long pages), an open month's evaluation is deferred: the patient-month is noted in
 *   billing_deferred_evaluations, in the page's transaction, and its row removed (readers evaluate it on the fly
 *   meanwhile). The first short page, or the engine's caught-up page, evaluates each noted patient-month once: at
 *   20 events per patient, a rebuild evaluates a patient-month about once instead of ten times.
 */
export class BillingProjection implements Projection {
  readonly name = 'billing';
  readonly version: number;
  private model?: BillingReadModel;
  private monthEvaluation?: PatientMonthEvaluation;
  /** Whether the page being applied defers the evaluation of open months. */
  private deferring = false;
  /** Whether billing_deferred_evaluations may hold rows (false is certain, true only likely). */
  private mayHaveDeferred = false;
  /** Open patient-months the live page being applied has touched, evaluated once at its end (by key). */
  private readonly touchedInPage = new Map<string, { practiceId: string; patientId: string; month: string }>();
  /** Facts and deferral notes of the page being applied, written in bulk (billing-page-writes.ts). */
  private writes?: BillingPageWrites;
  /**
   * Practices and patients as last written by this projection, so that an event does not read and parse them back.
   * Only the projection's own writes use them, and setup() empties them: after a rolled-back page the engine stops,
   * and its next start sets the projection up again.
   */
  private readonly practices = new Map<string, BillingPractice>();
  private readonly patients = new Map<string, BillingPatient>();
  /** Each practice's closed months and their store time (closes are few; every care event asks). */
  private readonly closedMonthsByPractice = new Map<string, Map<string, string>>();

  constructor(private readonly evaluator: BillingEvaluator) {
    this.version = BASE_VERSION + evaluator.fingerprint() * 1000;
  }

  /** The tables, for the repository; available once the engine has set the projection up. */
  get readModel(): BillingReadModel {
    if (!this.model) throw new Error('The billing projection has not been set up yet');
    return this.model;
  }

  /** Evaluation of patient-months from the stored facts, shared with the repository (what-ifs, unreached months). */
  get evaluation(): PatientMonthEvaluation {
    if (!this.monthEvaluation) throw new Error('The billing projection has not been set up yet');
    return this.monthEvaluation;
  }

  setup(db: ReadDatabase): void {
    this.model = new BillingReadModel(db);
    this.monthEvaluation = new PatientMonthEvaluation(this.model, this.evaluator);
    this.writes = new BillingPageWrites(this.model);
    this.mayHaveDeferred = this.model.hasDeferredEvaluations();
    this.practices.clear();
    this.patients.clear();
    this.closedMonthsByPractice.clear();
    this.touchedInPage.clear();
  }

  reset(db: ReadDatabase): void {
    BillingReadModel.drop(db);
  }

  applyBatch(_db: ReadDatabase, events: readonly RecordedEvent[]): void {
    this.deferring = events.length >= DEFERRING_PAGE;
    try {
      for (const event of events) {
        try {
          this.applyEvent(event);
        } catch (error) {
          throw new ProjectionApplyError(this.name, event, error);
        }
      }
      this.evaluateTouched();
      this.pageWrites.flush();
    } catch (error) {
      this.pageWrites.discard();
      this.touchedInPage.clear();
      throw error;
    } finally {
      this.deferring = false;
    }
    if (events.length < DEFERRING_PAGE) this.evaluateDeferred();
  }

  apply(db: ReadDatabase, recorded: RecordedEvent): void {
    this.applyBatch(db, [recorded]);
  }

  private get pageWrites(): BillingPageWrites {
    if (!this.writes) throw new Error('The billing projection has not been set up yet');
    return this.writes;
  }

  private applyEvent(recorded: RecordedEvent): void {
    if (recorded.type === 'PracticeConfigured') this.applyPracticeConfigured(recorded.data as PracticeConfigured['data']);
    else if (recorded.streamId.startsWith('patient-') && PATIENT_EVENT_TYPES.has(recorded.type)) this.applyPatientEvent(recorded);
    else if (BILLING_EVENT_TYPES.has(recorded.type)) this.applyBillingEvent(recorded);
  }

  private applyPracticeConfigured({
    practiceId,
    timeZone,
    npi,
    taxId,
    placeOfService,
    apcmBehaviouralHealth,
    consentRenewalMonths,
  }: PracticeConfigured['data']): void {
    // Deferred and touched months were noted under the old settings' boundaries and rules.
    this.evaluateTouched();
    this.evaluateDeferred();
    const existing = this.practice(practiceId);
    const practice: BillingPractice = {
      practiceId,
      timeZone,
      npi,
      taxId,
      placeOfService: placeOfService ?? null,
      apcmBehaviouralHealth: apcmBehaviouralHealth ?? null,
      consentRenewalMonths: consentRenewalMonths ?? null,
      horizonMonth: existing?.horizonMonth ?? null,
    };
    this.savePractice(practice);
    // Month boundaries moved with the zone, the APCM add-ons with the behavioural health model, consent coverage with
    // the renewal period: every stored month of the practice is evaluated again (closed months keep their snapshot).
    const evaluatedDifferently =
      existing &&
      (existing.timeZone !== timeZone ||
        existing.apcmBehaviouralHealth !== practice.apcmBehaviouralHealth ||
        existing.consentRenewalMonths !== practice.consentRenewalMonths);
    if (evaluatedDifferently && practice.horizonMonth) {
      this.pageWrites.flush();
      for (const patient of this.readModel.patientsEnrolledBy(practiceId, practice.horizonMonth)) {
        for (const month of monthRange(patient.enrolledOn.slice(0, 7), practice.horizonMonth)) this.store(practice, patient, month);
      }
    }
  }

  private applyPatientEvent(recorded: RecordedEvent): void {
    const event = { type: recorded.type, data: recorded.data } as PatientEvent;
    const { patientId, practiceId } = event.data;
    // The care record refuses patients of a practice that is not configured, so the zone is known here.
    const practice = this.practice(practiceId);
    if (!practice) return;
    const recordedAt = recorded.recordedAt.toISOString();
    const validMonth = monthOfInstant(Date.parse((recorded.metadata.occurredAt as string | undefined) ?? recordedAt), practice.timeZone);

    let patient: BillingPatient | undefined =
      event.type === 'PatientEnrolled' ? enrolledPatient(event, this.readModel.pendingCoverage(practiceId, patientId)) : this.patient(practiceId, patientId);
    if (!patient) {
      // A patient not enrolled yet: only its coverage verifications matter to billing, from its enrolment on.
      if (event.type === 'CoverageVerified')
        this.readModel.savePendingCoverage(practiceId, patientId, [...this.readModel.pendingCoverage(practiceId, patientId), event.data.verifiedAt]);
      return;
    }
    let touched: TouchedMonths | null;
    const started = timeEntryStartedBy(event, recordedAt);
    const amendedId = amendedTimeEntryId(event);
    if (started) {
      this.pageWrites.saveTimeEntry(patientId, practiceId, started);
      touched = entryMonths(practice.timeZone, ...spannedInstants(started));
    } else if (amendedId !== null) {
      const before = this.pageWrites.timeEntry(practiceId, patientId, amendedId);
      if (!before) return;
      const after = amendTimeEntry(before, event, recordedAt);
      this.pageWrites.saveTimeEntry(patientId, practiceId, after);
      touched = entryMonths(practice.timeZone, ...spannedInstants(before), ...spannedInstants(after));
    } else {
      if (event.type !== 'PatientEnrolled') patient = evolveBillingPatient(patient, event, validMonth);
      this.savePatient(patient);
      touched = monthsTouchedBy(event, practice.timeZone, validMonth);
    }
    if (!touched) return;

    const latest = [validMonth, ...('only' in touched ? touched.only : [touched.from])].sort().pop()!;
    this.advanceHorizon(practice, latest, true);
    // Months before enrollment have no row (a condition's onset may lie years back).
    const enrolledMonth = patient.enrolledOn.slice(0, 7);
    const horizon = practice.horizonMonth!;
    const months = ('only' in touched ? touched.only : monthRange(touched.from > enrolledMonth ? touched.from : enrolledMonth, horizon)).filter(
      (month) => month >= enrolledMonth && month <= horizon,
    );
    const closed = this.closedMonths(practiceId);
    for (const month of months) {
      const closedAt = closed.get(month);
      const afterClose = closedAt !== undefined && Date.parse(recordedAt) > Date.parse(closedAt);
      if (afterClose) this.store(practice, patient, month, { isTimeEntry: started !== null || amendedId !== null });
      else if (closedAt === undefined) this.evaluateOncePerPage(practice, patient, month);
      else this.store(practice, patient, month);
    }
  }

  private applyBillingEvent(recorded: RecordedEvent): void {
    const event = { type: recorded.type, data: recorded.data } as BillingMonthEvent;
    // A close compares the stored rows with its snapshot: they must all be there.
    this.evaluateTouched();
    this.pageWrites.flush();
    this.evaluateDeferred();
    const practice = this.practice(event.data.practiceId);
    if (!practice) return;
    if (event.type === 'ClaimSubmitted') {
      this.readModel.saveClaim(event.data, recorded.recordedAt.toISOString());
      return;
    }
    if (event.type === 'BillingMonthSnapshotRecorded') {
      // Its close follows in the same append: once that is applied, the month's snapshot rows are complete.
      this.readModel.saveClosedFigures(event.data.practiceId, event.data.month, event.data.patients);
      return;
    }
    const { practiceId, month, totals, patients } = event.data;
    if (patients) this.readModel.saveClosedFigures(practiceId, month, patients);
    this.readModel.saveMonthClose(practiceId, month, recorded.recordedAt.toISOString(), totals);
    this.closedMonths(practiceId).set(month, recorded.recordedAt.toISOString());
    this.advanceHorizon(practice, month, false);
    // A care entry that landed between the snapshot and the close is not in the snapshot: show it as an amendment.
    const snapshot = this.readModel.closedSnapshot(practiceId, month);
    for (const row of this.readModel.monthRows(practiceId, month)) {
      const closed = snapshot.get(row.patientId);
      if (!closed || !billsTheSame(closed, figuresOf(row.patientId, row.result))) {
        this.readModel.markAmendedAfterClose(practiceId, month, row.patientId);
        const patient = this.patient(practiceId, row.patientId);
        if (patient) this.store(practice, patient, month);
      }
    }
  }

  /**
   * Moves the practice's horizon to `month` and evaluates the months it crosses for every enrolled patient, each
   * month's entries read in one query. `deferrable`: the new months are open (not so when a close moves the horizon).
   */
  private advanceHorizon(practice: BillingPractice, month: string, deferrable: boolean): void {
    if (practice.horizonMonth !== null && month <= practice.horizonMonth) return;
    const first = practice.horizonMonth === null ? month : nextMonth(practice.horizonMonth);
    practice.horizonMonth = month;
    this.savePractice(practice);
    this.pageWrites.flush();
    for (const newMonth of monthRange(first, month)) {
      const { fromMs, toMs } = entriesWindow(newMonth, practice.timeZone);
      const entries = this.readModel.practiceTimeEntriesBetween(practice.practiceId, fromMs, toMs);
      for (const patient of this.readModel.patientsEnrolledBy(practice.practiceId, newMonth)) {
        this.store(practice, patient, newMonth, undefined, entries.get(patient.patientId) ?? [], deferrable);
      }
    }
  }

  private practice(practiceId: string): BillingPractice | undefined {
    let practice = this.practices.get(practiceId);
    if (!practice) {
      practice = this.readModel.practice(practiceId);
      if (practice) this.practices.set(practiceId, practice);
    }
    return practice;
  }

  private savePractice(practice: BillingPractice): void {
    this.readModel.savePractice(practice);
    this.practices.set(practice.practiceId, practice);
  }

  private closedMonths(practiceId: string): Map<string, string> {
    let closed = this.closedMonthsByPractice.get(practiceId);
    if (!closed) this.closedMonthsByPractice.set(practiceId, (closed = this.readModel.closedMonths(practiceId)));
    return closed;
  }

  private patient(practiceId: string, patientId: string): BillingPatient | undefined {
    let patient = this.pageWrites.patient(practiceId, patientId) ?? this.patients.get(billingPatientKey(practiceId, patientId));
    if (!patient) {
      patient = this.readModel.patient(practiceId, patientId);
      if (patient) this.cachePatient(patient);
    }
    return patient;
  }

  private savePatient(patient: BillingPatient): void {
    this.pageWrites.savePatient(patient);
    this.cachePatient(patient);
  }

  private cachePatient(patient: BillingPatient): void {
    if (this.patients.size >= CACHED_PATIENTS) this.patients.clear();
    this.patients.set(billingPatientKey(patient.practiceId, patient.patientId), patient);
  }

  /**
   * An open patient-month a care event touched: replaying, it is noted for the end of the replay; live, it is
   * evaluated once at the end of the page however many of the page's events touch it (on the facts as they are then,
   * as the last of them would have).
   */
  private evaluateOncePerPage(practice: BillingPractice, patient: BillingPatient, month: string): void {
    const { practiceId } = practice;
    const { patientId } = patient;
    if (this.deferring) this.store(practice, patient, month, undefined, undefined, true);
    else this.touchedInPage.set(`${practiceId} ${month} ${patientId}`, { practiceId, patientId, month });
  }

  private evaluateTouched(): void {
    for (const { practiceId, patientId, month } of this.touchedInPage.values()) {
      const practice = this.practice(practiceId);
      const patient = this.patient(practiceId, patientId);
      if (practice && patient) this.store(practice, patient, month);
    }
    this.touchedInPage.clear();
  }

  /** Evaluates every deferred patient-month once, on the facts as they are now, each month's entries in one query. */
  private evaluateDeferred(): void {
    if (!this.mayHaveDeferred) return;
    this.pageWrites.flush();
    this.pageWrites.notesTaken();
    for (const { practiceId, month, patientIds } of this.readModel.takeDeferredEvaluations().values()) {
      const practice = this.practice(practiceId);
      if (!practice) continue;
      // A few patients read their own entries; many share one query for the whole month.
      let entries: Map<string, TimeEntryFact[]> | undefined;
      if (patientIds.length >= WHOLE_MONTH_QUERY_FROM) {
        const { fromMs, toMs } = entriesWindow(month, practice.timeZone);
        entries = this.readModel.practiceTimeEntriesBetween(practiceId, fromMs, toMs);
      }
      for (const patientId of patientIds) {
        const patient = this.patient(practiceId, patientId);
        if (patient) this.store(practice, patient, month, undefined, entries ? (entries.get(patientId) ?? []) : undefined);
      }
    }
    // Only once all is evaluated: a failure rolls the page back and leaves the notes to evaluate.
    this.mayHaveDeferred = false;
  }

  /**
   * Evaluates and stores one patient-month. `afterClose` says the event was recorded after the month's close: a time
   * entry then always marks the month amended, any other fact only when it changes the month's outcome.
   */
  private store(
    practice: BillingPractice,
    patient: BillingPatient,
    month: string,
    afterClose?: { isTimeEntry: boolean },
    timeEntries?: TimeEntryFact[],
    deferrable = false,
  ): void {
    const { practiceId } = practice;
    const { patientId } = patient;
    if (deferrable && this.deferring && !afterClose) {
      this.pageWrites.deferEvaluation(practiceId, month, patientId);
      this.mayHaveDeferred = true;
      return;
    }
    // The evaluation reads the stored facts (and an amendment the stored row).
    this.pageWrites.flush();
    this.pageWrites.evaluated(practiceId, month, patientId);
    let result = this.evaluation.evaluate(practice, patient, month, { timeEntries });
    if (!result) return;
    if (afterClose && !this.readModel.amendedAfterClose(practiceId, month, patientId)) {
      const before = this.readModel.row(practiceId, month, patientId)?.result;
      if (afterClose.isTimeEntry || !sameOutcome(patientId, before, result)) {
        this.readModel.markAmendedAfterClose(practiceId, month, patientId);
        result = this.evaluation.evaluate(practice, patient, month, { timeEntries })!;
      }
    }
    this.readModel.saveResult(practiceId, patientId, result);
  }
}
