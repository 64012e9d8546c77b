/** A de-identified case as a presenter would write it: every field is clinical text the guard must let through. */
export const CASE = {
  ageBand: "70–79",
  sex: "female",
  setting: "care home",
  problem: "Increasing breathlessness at rest over 3 weeks; oxygen saturation 89% on air.",
  history: "COPD since 2015, heart failure (EF 35%), Parkinson's disease. Rockwood frailty score 7.",
  medications: "Morphine sulfate MR 10 mg bd, furosemide 40 mg od, salbutamol inhaler prn.",
  tried: "Fan therapy, opioid titration, review by the community respiratory team.",
  question: "How should we manage breathlessness at night without increasing falls?",
};
