/**
 * Word lists for the identifier guard (index.ts): clinical and place words. Hand-written and deliberately compact:
 * the clinical eponyms, scales, services and places that must never be mistaken for a person, the capitalised words
 * of case language that are never names, and the street types, US states and domains that addresses use.
 */

import { words } from "./text";

/**
 * Nouns that turn the capitalised words before them into an eponym or a named tool: "Charles Bonnet syndrome",
 * "Abbey pain scale", "Smith's fracture", "Wells score".
 */
export const EPONYM_NOUNS = words(`
  syndrome syndromes disease diseases disorder sign signs test tests scale scales score scores index criteria
  classification classifications staging stage grade fracture fractures palsy phenomenon reflex triad pentad law
  ulcer ulcers sarcoma lymphoma tumour tumor body bodies dementia paresis chorea encephalopathy psychosis
  contracture nodes node cyst neuroma oesophagus esophagus breathing respiration tool chart assessment questionnaire
  examination inventory protocol method formula equation manoeuvre maneuver procedure operation catheter tube bag
  line drain needle pump dressing position pathway framework model register respirations foot hand lines effect
  nurse nurses clamp clamps forceps retractor retractors scissors dilator dilators fascia ligament ligaments valve valves
  blade knife shunt point technique tuck net electrode electrodes speculum tenaculum dissector device flap flaps lens
  needle ring cannula stitch suture sutures layer layers gangrene exercises osteotomy capsulotomy incision repair
  virus lesion lesions spot spots cell cells rod rods frame frames
`);

/** Words that may sit between an eponym and its noun: "Abbey pain scale", "Glasgow coma scale". */
export const EPONYM_FILLERS = words(`
  pain coma clinical frailty stool cognitive performance status assessment symptom depression anxiety risk early
  warning severity nutrition malnutrition universal screening mental state prognostic comorbidity pressure ulcer
  dyspnoea dyspnea sleepiness sedation agitation delirium confusion functional activities daily living care
  symptoms score palliative outcome
`);

/**
 * Capitalised tokens (after stripping a possessive) that are eponyms, scales, services or brands and never a
 * person in case text.
 */
export const EPONYM_TOKENS = words(`
  Parkinson Parkinsons Alzheimer Alzheimers Crohn Crohns Addison Addisons Cushing Cushings Cushingoid Huntington
  Hodgkin Raynaud Sjögren Sjogren Graves Hashimoto Tourette Asperger Down Korsakoff Wernicke Paget Barrett Bell
  Dupuytren Kaposi Lewy Pick Menière Meniere Guillain Barré Barre Creutzfeldt Jakob Stevens Johnson Cheyne Stokes
  Wolff White Charcot Gilbert Conn Still Hirschsprung Peyronie Marfan Ehlers Danlos Glasgow Barthel Waterlow Braden
  Norton Rockwood Karnofsky Macmillan Gleason Breslow Dukes Child Pugh Mallampati Apgar Epworth Likert Borg Killip
  Wells Lansky Edmonton Zubrod Murphy Virchow Trousseau Homans Kernig Brudzinski Babinski Romberg Tinel Phalen
  Lhermitte Courvoisier Cullen Rovsing McBurney Heberden Bouchard Baker Morton Colles Smith Jones Bennett Galeazzi
  Monteggia Pott Pancoast Horner Holmes Adie Lambert Eaton Todd Duchenne Becker Gaucher Fabry Pompe Niemann Willebrand
  Waldenström Waldenstrom Burkitt Ewing Wilms Bowen Merkel Wilson Alport Goodpasture Berger Fanconi Bartter Gitelman
  Sheehan Kallmann Prader Willi Angelman Rett Noonan DiGeorge Edwards Patau Klinefelter Turner Friedreich Hunt Weber
  Brown Séquard Sequard Chiari Dandy Walker Capgras Munchausen Ganser Cotard Ekbom Tietze Osler Quincke Corrigan
  Traube Kerley Kussmaul Hughes Williams Reiter Behçet Behcet Kawasaki Takayasu Henoch Schönlein Schonlein Wegener
  Churg Strauss Reye Lyme Weil Legionnaires Bornholm Meckel Zollinger Ellison Mallory Weiss Boerhaave Budd Chiari
  Dubin Whipple Osgood Schlatter Perthes Bartholin Quervain Zenker Plummer Vinson Lynch Peutz Jeghers Gardner Cowden
  Fraumeni Hippel Lindau Sturge Kasabach Merritt Marjolin Addenbrooke Addenbrookes Folstein Montreal Hamilton Beck
  Zung Rankin Charlson Geneva Centor McIsaac Forrester Ranson Blatchford Rockall Mayo Truelove Tanner Fitzpatrick
  Ottawa Durie Salmon Sokal Lugano Bethesda Fontaine Rutherford Hess Spetzler Lown Brugada Eisenmenger Fallot Ebstein
  Harris Benedict Richmond Ramsay Nottingham Oxford Bristol Liverpool Manchester Leeds Edinburgh Ann Arbor Christmas
  Hartmann Whipple Nissen Roux Billroth Seldinger Foley Hickman Groshong Ryles Ryle Guedel Yankauer Venturi Hudson
  Oramorph Zomorph Longtec Shortec Abstral Palexia Sinemet Madopar Neupro Buccolam Keppra Lantus Fortisip Ensure
  Scandishake Xarelto Eliquis Clexane Movicol Laxido Senokot Gaviscon Trelegy Spiriva Fostair Symbicort Trimbow
  Norco Tylenol Lasix Ativan Haldol Roxanol Contin Dilaudid Zofran Compazine Miralax Colace Zoladex Prostap
  Niki McKinley PleurX Rocket Admiral Curie Ryder Saunders Nightingale Radcliffe Hopkins Marsden Christie Sobell
  Kettering Sloan Anderson Farber Sinai Permanente Medicare Medicaid Trinity Myton Rowcroft Ellenor Willowbrook
  Broca Ludwig Scheuermann Kienböck Kienbock Wernicke Addenbrooke Guy Barts Bart
`);

/** Multi-word names of people that are institutions, eponyms or places in case text; matched case-insensitively. */
export const PROTECTED_PHRASES = [
  "Marie Curie",
  "Sue Ryder",
  "Cicely Saunders",
  "Florence Nightingale",
  "John Radcliffe",
  "Johns Hopkins",
  "Ann Arbor",
  "the Christie",
  "Great Ormond Street",
  "Harley Street",
  "Mayo Clinic",
  "Dana-Farber",
  "Sloan Kettering",
  "MD Anderson",
  "Cedars-Sinai",
  "Kaiser Permanente",
  "Mount Sinai",
  "Charles Bonnet",
  "Lou Gehrig",
  "Ramsay Hunt",
  "Austin Flint",
  "Graham Steell",
  "Argyll Robertson",
  "Grey Turner",
  "Queen Elizabeth",
  "Queen Mary",
  "Queen Alexandra",
  "Princess Alexandra",
  "Princess Royal",
  "Princess Grace",
  "Royal Victoria",
  "Royal Marsden",
  "King George",
  "Prince Charles",
  "Prince Philip",
  "Lady Margaret",
  "Elizabeth Garrett Anderson",
  "James Paget",
  "William Harvey",
  "George Eliot",
  "Mary Stevens",
  "Michael Sobell",
  "Helen & Douglas",
  "Helen and Douglas",
  "Douglas Macmillan",
  "Rennie Grove",
  "Dorothy House",
  "Martin House",
  "Katharine House",
  "Gold Standards Framework",
  "Liverpool Care Pathway",
  "Admiral Nurse",
  "Admiral Nurses",
  "Dr Gray's",
  "Lewy body",
  "Mini-Mental",
  "Christmas disease",
  "Eli Lilly",
];

/** Facility and organisation nouns: the capitalised words before them name a place, not a person. */
export const FACILITY_NOUNS = words(`
  Hospital Hospitals Hospice Hospices House Infirmary Centre Center Clinic Surgery Practice Institute Foundation
  Trust Ward Unit Home Lodge Manor College University School Society Association Fund Charity Pharmacy Partnership
  Group Network Hub Team Service Services Medical Health Healthcare Care Nursing Court Hall Gardens Mews Village
  Campus Wing Suite Library Church Chapel Mosque Temple Gurdwara Synagogue Cathedral Memorial
`);

/**
 * Capitalised words of case language that are never a person's name. Keeps the context rules from reading
 * "seen by Heart Failure Nurse" or "Patient: Female" as names.
 */
export const COMMON_CAPS = words(`
  The A An And But Or Nor So If When While After Before Since Until On In At By For From To With Without Of As Is Was
  Are Were Be Been Has Had Have Who Whom Which What Where Why How Not No Yes Also Then Now Today Yesterday Tomorrow
  She He They Her His Their Hers Him Them It Its This That These Those There Here We Our Us You Your I My Me Some Any
  All Both Each Every Other Another Such Very More Most Less Least Much Many Few Several One Two Three Four Five Six
  Seven Eight Nine Ten First Second Third Last Next New Old Still Just Only Even Again Already Always Never Often
  Please Thanks Thank Dear Hi Hello Regards Best Kind Many Lives Living Lived Lives Died Dies Seen Saw Reviewed Spoke
  Discussed Referred Admitted Discharged Started Stopped Tried Given Gave Takes Took Feels Felt Wants Wanted Says Said
  Reports Reported Describes Presented Presents Declined Refused Agreed Asked Known Had Having Being Does Did Do Can
  Could Would Should Might Must Shall Will May Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
  February March April June July August September October November December Christmas Easter Ramadan Diwali Eid
  Hanukkah Passover Son Sons Daughter Daughters Wife Husband Partner Mother Mum Mom Father Dad Brother Sister Sisters
  Brothers Niece Nephew Aunt Uncle Cousin Grandson Granddaughter Grandchildren Grandmother Grandfather Children Child
  Family Friend Friends Neighbour Neighbor Carer Carers Caregiver Patient Patients Client Resident Pt Female Male Woman
  Man Lady Gentleman Gent Boy Girl Baby Infant Adult Elderly Frail GP Doctor Doctors Nurse Nurses Consultant
  Registrar Practitioner Specialist Matron Manager Coordinator Coordinators Physio Physiotherapist Physiotherapy
  Occupational Therapy Therapist Therapists Speech Language Dietitian Dietician Pharmacist Pharmacy Chaplain
  Chaplaincy Social Services Service Worker Workers Team Teams Hospital Hospice Clinic Surgery Practice Ward Unit
  Centre Center Home Care Health Healthcare Community District Palliative Oncology Cardiology Respiratory Renal
  Geriatric Geriatrics Geriatrician Frailty Dementia Mental Crisis Rapid Response Acute Medical Medicine Emergency
  Department Ambulance Paramedic Paramedics Police Night Day Sitting Sitter Sitters Heart Failure Lung Cancer Kidney
  Liver Stroke Diabetes Continuing Fast Track Advance Plan Planning Register Framework Gold Standards Hub Panel Expert
  Question Questions History Problem Presenting Relevant Medications Medication Tried Setting Age Band Sex Case
  Summary Plan Notes Note Background Social Examination Impression Assessment Outcome Recommendation
  Recommendations Christian Muslim Hindu Sikh Jewish Catholic Anglican Church English British Irish Scottish Welsh
  Polish Indian Pakistani Bangladeshi Caribbean African Asian White Black Mixed Chinese Filipino Nigerian Ghanaian
  Somali Romanian Portuguese Spanish Italian European American Hispanic Latino Latina NHS Trust Council Local
  Authority Court Protection Capacity Act Lasting Power Attorney Deprivation Liberty Safeguards Safeguarding
  Continence Tissue Viability Wound Wounds Falls Memory Virtual Hospital Admission Discharge Outpatient Inpatient
  Outpatients Inpatients Primary Secondary Tertiary Out Hours Urgent Treatment Same Rehab Rehabilitation Respite
  Domiciliary Agency Befriender Befrienders Volunteer Volunteers Admiral Macmillan Marie Curie Sue Ryder Hospital
  Morphine Oxycodone Fentanyl Midazolam Haloperidol Levomepromazine Cyclizine Dexamethasone Furosemide Apixaban
  Rivaroxaban Warfarin Paracetamol Ibuprofen Codeine Tramadol Oxygen Insulin Metformin Senna Laxido Movicol
  Syringe Driver Catheter Stoma Tube Peg Drain Dressing Bed Mattress Hoist Wheelchair Commode Walking Frame Stick
  Stage Grade Type Class Level Phase Score Scale Index Dr Mr Mrs Ms Miss Prof Sir Dame Rev Née Nee Pain Nausea
  Vomiting Breathing Breathlessness Appetite Mood Sleep Mobility Swallow Swallowing Cough Fatigue Weight Confusion
  Agitation Delirium Constipation Diarrhoea Bowels Urine Skin Pressure Oedema Ascites Tumour Chemo Chemotherapy
  Radiotherapy Immunotherapy Hormone Steroids Antibiotics Fluids Nutrition Hydration Feeding Eating Drinking
  Neurology Gastroenterology Haematology Urology Gynaecology Dermatology Rheumatology Endocrinology Nephrology
  Psychiatry Psychology Orthopaedics Ortho Vascular Radiology Elderly Audiology Ophthalmology Podiatry Hepatology
  Immunology Microbiology Infectious Diseases Genetics Paediatrics Pediatrics Obstetrics Midwife Midwifery
  Neurosurgery Plastics Breast Colorectal Upper Lower Thoracic Endoscopy Interventional Anaesthetics Anesthesia
  Intensive Critical Housing Adult Adults Early Intervention Learning Disability Disabilities Liaison Bereavement
  Counselling Counseling Psychologist Psychiatrist Neurologist Oncologist Cardiologist Urologist Surgeon Surgeons
  Radiographer Universal Credit Pension Allowance Attendance Payment Independence Personal Badge Benefit Benefits
  Blue Everything Nothing Someone Nobody Everyone Anyone Staff Morning Afternoon Evening Overnight Weekend Weekends
  Prognosis Diagnosis Treatment Symptoms Symptom Management Goals Wishes Priorities Ceiling Escalation Resuscitation
  Capacity Consent Decision Decisions Meeting Review Referral Follow Plans Options Concerns Current Previous Past
  Recent Recently Initially Overall Unfortunately Sadly Despite Although However Therefore Meanwhile Otherwise
  Liquid Tablet Tablets Capsule Capsules Solution Suspension Spray Patch Patches Injection Cream Gel Drops Syrup
  Sachet Sachets Inhaler Nebuliser Modified Release Oral Sublingual Buccal Compact Plus Forte Retard Continus
  Soluble Dispersible Melt Melts Film Mouthwash Lozenge Lozenges Pump Pen Device Halloween Mon Tue Tues Wed Thu
  Thur Thurs Fri Sat Sun Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Greek Czech Slovak Hungarian Russian
  Ukrainian Turkish Kurdish Arabic Persian Iranian Iraqi Syrian Afghan Nepali Sri Lankan Tamil Punjabi Gujarati Urdu
  Bengali Cantonese Mandarin Japanese Korean Vietnamese Thai French German Dutch Swedish Norwegian Danish Finnish
`);

/** Common clinical upper-case abbreviations that are never initials ("pt JS" is initials, "pt GP" is not). */
export const ABBREVIATIONS = words(`
  GP DN NOK MDT PRN OD BD TDS QDS ON OM CNS AF CKD COPD CHF HF MI IHD DM TIA CVA UTI LRTI URTI CT MRI PET US ECG
  ECHO EEG IV SC PO PR NG NJ PEG RIG DNR DNI DNACPR CPR LPA ICU ITU HDU ED AE AMU SDEC OT SALT MND MS PD HD ALS
  CFS PPS ECOG AKPS IPOS ESAS NEWS BP HR RR SPO SAT OK NB PS AM PM UK US USA EU NHS CHC ACP EOL EOLC PPC PPD GSF
  SOB LOC ADL ADLS HCA RN RGN RMN SN SW OOH NIV CPAP BIPAP TPN TED ID HIV AIDS TB CRP FBC UE LFT TFT INR APTT
  HB WCC PLT NA CA MG PO BNP PSA CEA AFP LDH CK TSH B12 VTE DVT PE AKI CKD ESRD PKD BPH LUTS TURP LTOT NICE SIGN
  GMC NMC CQC ICB PCN CCG QOF EMIS ST MR MRS MS DR
`);

/** Street types that make "<Capitalised words> <type>" an address even without a house number. */
export const STREET_TYPES_STRONG = [
  "Road",
  "Street",
  "Avenue",
  "Lane",
  "Drive",
  "Close",
  "Crescent",
  "Gardens",
  "Terrace",
  "Grove",
  "Mews",
  "Boulevard",
  "Parkway",
  "Highway",
];

/** Street types that are also everyday words; an address needs a house number before them. */
export const STREET_TYPES_WEAK = [
  "Rd",
  "St",
  "Ave",
  "Ln",
  "Dr",
  "Cres",
  "Gdns",
  "Blvd",
  "Pkwy",
  "Hwy",
  "Way",
  "Court",
  "Ct",
  "Place",
  "Pl",
  "Park",
  "Green",
  "Hill",
  "View",
  "Walk",
  "Row",
  "Square",
  "Sq",
  "Rise",
  "Parade",
  "Circle",
  "Cir",
  "Trail",
  "Wharf",
  "Quay",
  "Vale",
  "Croft",
  "Gate",
  "Yard",
  "Heights",
  "Towers",
  "Approach",
  "Hollow",
];

/** US states and their postal abbreviations (a ZIP code follows them in an address). */
export const US_STATE_CODES = words(`
  AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR
  PA RI SC SD TN TX UT VT VA WA WV WI WY PR
`);

export const US_STATE_NAMES = [
  "Alabama",
  "Alaska",
  "Arizona",
  "Arkansas",
  "California",
  "Colorado",
  "Connecticut",
  "Delaware",
  "Florida",
  "Georgia",
  "Hawaii",
  "Idaho",
  "Illinois",
  "Indiana",
  "Iowa",
  "Kansas",
  "Kentucky",
  "Louisiana",
  "Maine",
  "Maryland",
  "Massachusetts",
  "Michigan",
  "Minnesota",
  "Mississippi",
  "Missouri",
  "Montana",
  "Nebraska",
  "Nevada",
  "New Hampshire",
  "New Jersey",
  "New Mexico",
  "New York",
  "North Carolina",
  "North Dakota",
  "Ohio",
  "Oklahoma",
  "Oregon",
  "Pennsylvania",
  "Rhode Island",
  "South Carolina",
  "South Dakota",
  "Tennessee",
  "Texas",
  "Utah",
  "Vermont",
  "Virginia",
  "Washington",
  "West Virginia",
  "Wisconsin",
  "Wyoming",
];

/** Top-level domains recognised in a bare web address ("facebook.com/…", "example.co.uk"). */
export const TLDS = [
  "com",
  "org",
  "net",
  "edu",
  "gov",
  "io",
  "co",
  "uk",
  "us",
  "info",
  "me",
  "ly",
  "be",
  "ie",
  "ca",
  "au",
  "nz",
  "eu",
  "de",
  "fr",
  "app",
  "ai",
  "tv",
];
