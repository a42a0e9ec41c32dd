/**
 * Whether an ICD-10-CM code names a chronic condition, for conditions imported from an EHR's problem list.
 *
 * Source: CMS Chronic Conditions Data Warehouse (CCW), "Chronic Condition Categories" (the 30 CCW chronic
 * conditions) and "Other Chronic or Health Conditions" algorithms, ICD-10-CM code lists, https://www2.ccwdata.org/web/guest/condition-categories
 * (versions of 2024). The table below is those lists summarised to the ICD-10-CM categories (3-character codes, or a
 * code prefix where a category mixes chronic and acute codes); CCW conditions that are acute events (acute
 * myocardial infarction, hip/pelvic fracture, stroke) are left out. A code outside the table is "not classified as
 * chronic": a practitioner may still record it as chronic with its expected duration (recordChronicCondition).
 */
export interface ChronicCategory {
  /** ICD-10-CM code prefixes without the dot (E11 covers E11.9 and E11.65). */
  prefixes: readonly string[];
  category: string;
}

const CATEGORY_PREFIXES = (from: string, to: string): string[] => {
  const letter = from[0];
  const start = Number(from.slice(1));
  const end = Number(to.slice(1));
  return Array.from({ length: end - start + 1 }, (_, i) => `${letter}${String(start + i).padStart(2, '0')}`);
};

export const CCW_CHRONIC_CATEGORIES: readonly ChronicCategory[] = [
  { category: 'Diabetes', prefixes: ['E08', 'E09', 'E10', 'E11', 'E13'] },
  { category: 'Hypertension', prefixes: ['I10', 'I11', 'I12', 'I13', 'I15', 'I16'] },
  { category: 'Ischemic heart disease', prefixes: ['I20', 'I24', 'I25'] },
  { category: 'Heart failure', prefixes: ['I50'] },
  { category: 'Atrial fibrillation and flutter', prefixes: ['I48'] },
  { category: 'Chronic kidney disease', prefixes: ['N18'] },
  { category: 'Chronic obstructive pulmonary disease and bronchiectasis', prefixes: ['J41', 'J42', 'J43', 'J44', 'J47'] },
  { category: 'Asthma', prefixes: ['J45'] },
  { category: 'Hyperlipidemia', prefixes: ['E780', 'E781', 'E782', 'E783', 'E784', 'E785'] },
  { category: 'Depression', prefixes: ['F32', 'F33', 'F34'] },
  { category: "Alzheimer's disease and related dementias", prefixes: ['G30', 'G31', 'F01', 'F02', 'F03'] },
  { category: 'Osteoporosis', prefixes: ['M80', 'M81'] },
  { category: 'Rheumatoid arthritis and osteoarthritis', prefixes: ['M05', 'M06', ...CATEGORY_PREFIXES('M15', 'M19')] },
  { category: 'Hypothyroidism', prefixes: ['E03'] },
  { category: 'Anemia (chronic)', prefixes: ['D50', 'D51', 'D52', 'D53', 'D55', 'D56', 'D57', 'D58', 'D61', 'D63'] },
  { category: 'Glaucoma', prefixes: ['H40'] },
  { category: 'Benign prostatic hyperplasia', prefixes: ['N40'] },
  { category: 'Cancer (breast, colorectal, prostate, lung, endometrial)', prefixes: ['C50', 'C18', 'C19', 'C20', 'C61', 'C34', 'C54'] },
  { category: "Parkinson's disease", prefixes: ['G20'] },
  { category: 'Epilepsy', prefixes: ['G40'] },
  { category: 'Multiple sclerosis', prefixes: ['G35'] },
  { category: 'Schizophrenia and other psychotic disorders', prefixes: ['F20', 'F25'] },
  { category: 'Bipolar disorder', prefixes: ['F31'] },
  { category: 'Anxiety disorders', prefixes: ['F41'] },
  { category: 'Opioid and alcohol use disorders', prefixes: ['F10', 'F11'] },
  { category: 'Obesity', prefixes: ['E66'] },
  { category: 'Human immunodeficiency virus', prefixes: ['B20'] },
  { category: 'Liver disease, cirrhosis', prefixes: ['K70', 'K73', 'K74'] },
  { category: 'Peripheral vascular disease', prefixes: ['I73'] },
];

export const CHRONICITY_SOURCE = 'CMS Chronic Conditions Data Warehouse condition categories (ICD-10-CM), summarised by category';

/** The CCW category of a code, or null when the table does not classify it as chronic. */
export function chronicCategoryOf(icd10: string): string | null {
  const code = icd10.toUpperCase().replace('.', '');
  for (const { category, prefixes } of CCW_CHRONIC_CATEGORIES) if (prefixes.some((prefix) => code.startsWith(prefix))) return category;
  return null;
}
