/**
 * Risk stratification rules, versioned like the billing rule sets: a change of a weight or threshold is a new
 * version, and every assessment names the version it used. Transparent and additive: each fact found adds points
 * and a reason in plain words; the level is read off the total.
 *
 * The facts are those CMS lists for care management's risk-based elements (APCM service element "risk
 * stratification"; CCM's "systematic assessment of the patient's medical, functional and psychosocial needs"): the
 * chronic conditions and their severity, recent transitions of care, contacts that did not happen, and medication
 * discrepancies. Weights are CareLedger policy, not a validated clinical score: the reasons say why, a clinician
 * decides what to do with it.
 */
export interface RiskRules {
  version: string;
  points: {
    perChronicCondition: number;
    /** Added to a chronic condition of a severe category (below). */
    severeCondition: number;
    transitionOfCare: number;
    noRecentContact: number;
    perMedicationDiscrepancy: number;
    maxMedicationDiscrepancies: number;
    polypharmacy: number;
  };
  /** ICD-10-CM prefixes (no dot) of conditions with high risk of decline: heart failure, CKD stages 4-5/ESRD, COPD, dementia, cirrhosis, cancer. */
  severePrefixes: readonly string[];
  /** A transition of care (TCM service, an inpatient stay, a transition-of-care activity) within this many days. */
  transitionWithinDays: number;
  /** TCM codes recorded as external services. */
  transitionCodes: readonly string[];
  /** An enrolled patient with no patient contact (call or message) for this many days. */
  noContactAfterDays: number;
  /** This many medications or more on the current list. */
  polypharmacyFrom: number;
  levels: { moderateFrom: number; highFrom: number };
}

export const RISK_RULES_V1: RiskRules = {
  version: 'risk-2026.1',
  points: {
    perChronicCondition: 1,
    severeCondition: 2,
    transitionOfCare: 3,
    noRecentContact: 2,
    perMedicationDiscrepancy: 1,
    maxMedicationDiscrepancies: 2,
    polypharmacy: 1,
  },
  severePrefixes: ['I50', 'N184', 'N185', 'N186', 'J44', 'F01', 'F02', 'F03', 'G30', 'K703', 'K746', 'C'],
  transitionWithinDays: 30,
  transitionCodes: ['99495', '99496'],
  noContactAfterDays: 60,
  polypharmacyFrom: 10,
  levels: { moderateFrom: 3, highFrom: 6 },
};

/** The rules in force; older versions stay here when a new one is added, so past assessments can be explained. */
export const CURRENT_RISK_RULES = RISK_RULES_V1;
