/**
 * Word lists for the identifier guard (guard.ts). Hand-written and deliberately compact: common UK and US given
 * names across the generations and communities our networks serve, distinctive surnames, the clinical eponyms,
 * scales, services and places that must never be mistaken for a person, and the capitalised words of case language
 * that are never names. Names are matched case-sensitively in their capitalised form unless a rule says otherwise.
 */

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

/** Common given names. Names that are also ordinary words live in AMBIGUOUS_GIVEN_NAMES, not here. */
export const GIVEN_NAMES = words(`
  Aaron Abdul Abdullah Abigail Ada Adam Adebayo Adeel Adele Adriana Adrian Agata Agnes Agnieszka Ahmad Ahmed Aidan
  Aileen Ailsa Aimee Aisha Alan Alasdair Albert Alberto Alec Aleksander Alessandro Alex Alexander Alexandra Alexis
  Alfie Alfred Ali Alice Alicia Alison Alistair Allan Allison Alma Amal Amanda Amara Amelia Amina Amir Amit Amy Ana
  Anand Andre Andrea Andreea Andrei Andrew Andy Aneesa Angela Angus Anil Anita Anjali Ann Anna Anne Annette Annie
  Anthony Antonio Anwar Archie Arjun Arlene Arnold Arthur Arun Asha Ashley Ashok Asif Aston Audrey Ava Ayesha Aziz
  Babajide Balbir Barbara Barry Bartosz Beata Beatrice Becky Belinda Ben Benjamin Bernadette Bernard Beryl Beth
  Bethan Betty Beverley Bilal Blessing Bogdan Brenda Brendan Brian Bridget Bronwen Bryan Callum Cameron Carl Carla
  Carlos Carmel Carmen Caroline Carolyn Catherine Cecil Cecilia Cerys Chantelle Charles Charlie Charlotte Chelsea
  Cheryl Chidi Chinedu Chioma Chloe Christina Christine Christopher Ciaran Cindy Claire Clara Clare Claude Claudia
  Colin Connor Conor Craig Cynthia Cyril Dafydd Daisy Damian Damien Daniel Daniela Danielle Danny Daphne Darren
  Darius David Dawid Debbie Deborah Declan Deepak Deirdre Delroy Denis Denise Dennis Derek Derrick Desmond Devon
  Diana Diane Dilip Dimitri Dolores Dominic Donald Donna Doreen Doris Dorothy Douglas Duncan Dylan Edith Edna Edward
  Edwin Eileen Elaine Eleanor Elena Eliza Elizabeth Ella Ellen Ellie Elsie Emeka Emil Emily Emma Emmanuel Enid Eric
  Erica Erin Ernest Ethan Ethel Eugene Eunice Evan Evelyn Ewa Ewan Fatima Fatuma Felix Fernando Fiona Florence
  Folake Frances Francesca Francis Freda Freddie Frederick Funmilayo Gabriel Gabriela Gail Gareth Gary Gavin Gemma
  Geoffrey George Georgina Gerald Geraldine Gerard Gertrude Gillian Gina Giovanni Giuseppe Gladys Glenda Gloria
  Gordon Graham Grzegorz Gurdeep Gurpreet Gwen Gwendolyn Gwyneth Hamid Hamish Hannah Harjit Harold Harpreet Harriet
  Harry Harvey Hassan Heidi Helen Helena Henry Herbert Hilda Hilary Howard Hugh Hussein Ian Ibrahim Idris Ifeoma Imran
  Ingrid Irene Isaac Isabel Isabella Isla Ivan Jacqueline Jacob Jagdish Jakub James Jamie Jamal Jan Jane Janet Janice
  Jaroslaw Jasmine Jason Jaswinder Jean Jeanette Jeffrey Jennifer Jenny Jeremy Jessica Jill Jimmy Joan Joanna Joanne
  Jocelyn Joe Joel John Johnny Jonathan Jorge Jose Joseph Josephine Joshua Joyce Juan Judith Judy Julia Julian Julie
  Juliet Justin Kamal Kamala Karen Karim Karl Kasia Katarzyna Kate Katherine Kathleen Kathryn Katie Kayode Keith
  Kelly Kenneth Kerry Kevin Khadija Kieran Kimberly Kirsty Kofi Kuldip Kwabena Kwame Kyle Lakshmi Lara Laura Lauren
  Lawrence Leah Leanne Leila Leonard Lesley Leslie Lewis Liam Lilian Linda Lindsay Lisa Lloyd Lorna Lorraine Louis
  Louise Lucy Luis Lukasz Luke Lydia Lynda Lynn Lynne Mabel Magdalena Mahmoud Maire Malcolm Malgorzata Mandeep Manjit
  Manuel Marcus Marek Margaret Margarita Maria Mariam Marian Marie Marilyn Marion Marjorie Marlene Martha Martin
  Martina Mary Maryam Matthew Maureen Maurice Maxine Megan Meera Melanie Melissa Mercy Michael Michaela Michelle
  Miguel Mildred Millie Mohamed Mohammad Mohammed Moira Monica Morag Muhammad Muriel Nadia Nancy Naomi Narinder
  Natalie Natasha Nathan Neil Nelson Ngozi Niall Nicholas Nicola Nicole Nigel Niamh Nina Noel Noreen Norma Nora
  Obinna Oksana Olga Oliver Olivia Olumide Oluwaseun Omar Oscar Owen Padraig Pamela Paolo Parveen Patricia Patrick
  Paul Paula Pauline Pawel Pedro Peggy Percy Peter Philip Philippa Phyllis Piotr Pooja Prakash Priya Priyanka Rachel
  Rafael Rahul Raj Rajesh Rajinder Ralph Ramesh Ravi Raymond Rebecca Reginald Rhiannon Rhys Ricardo Richard Rita
  Robert Roberta Roberto Rodney Roger Ronald Rory Rosalind Rosemary Ross Roy Ruth Ryan Sabrina Sadia Saeed
  Salma Samantha Samina Samuel Sandeep Sandra Sanjay Sarah Sara Satnam Scott Sean Seamus Sebastian Shabana Shahid
  Shanice Shanthi Sharon Sheila Shirley Shona Siobhan Simon Sinead Sofia Sonia Sophie Stanislaw Stanley Stefan
  Stella Stephanie Stephen Steven Stuart Sunita Surinder Susan Susannah Suzanne Sylvia Tamara Tanya Tariq Teresa
  Terence Theresa Thomas Timothy Tina Tobias Tomasz Tony Tracey Tracy Trevor Tunde Ursula Valerie Vanessa Veronica
  Victoria Vijay Vikram Vincent Violet Vivian Vivienne Wanda Wayne Wendy Wilfred William Winifred Winston Wojciech
  Yasmin Yusuf Yvonne Zainab Zofia Zoe Zoë Zuzanna Zbigniew Bernice Clifford Dolly Elsie Esther Flora Geraint Glyn
  Ivor Kathy Lorenzo Maud Mavis Nellie Olive Shelagh Sian Siân Wilma Wilf Elspeth Eilidh Ailish Aoife Caoimhe
  Dermot Eamon Fergus Finlay Isobel Kirsteen Murdo Rhona Ruaridh Struan Oonagh Aled Carys Eluned Emrys Gethin Huw
  Iolo Meinir Nia Osian Rhodri Tegan Bronagh Caitlin Orla Roisin Róisín Saoirse Tadhg
`);

/**
 * Given names that are also ordinary English words, months, places or clinical terms. They count as names only
 * after a title, a relation word or "named/called", or when a surname follows (Will Smith, Grace Okafor).
 */
export const AMBIGUOUS_GIVEN_NAMES = words(`
  Abbey Amber April Art August Autumn Bill Blessing Bob Brook Buck Carol Chad Chase Cherry Christian Christie Clay
  Cliff Crystal Dale Dawn Dean Don Drew Duke Earl Eve Faith Frank Gene Ginger Glen Grace Guy Hazel Heather Holly Hope
  Hunter Iris Ivy Jack Jade Jay Jo Joy June Kit Lance Lee Lily Mark May Max Miles Misty Neve Norm Pat Patience Pearl
  Penny Pip Poppy Precious Prudence Ray Reed Rich Robin Rocky Rod Rose Ruby Rusty Sage Sandy Sky Sonny Sterling Storm
  Sue Summer Sunny Val Victor Wade Warren Will Willow Wren Addison Jordan Madison Morgan Taylor Tyler Austin Mason
  Carter Cooper Parker Harper Sydney Paris Florence Georgia Virginia Carolina Israel Chelsea Kent Lincoln Stanley Al
  Ed Di Li Su Jan
`);

/**
 * Surnames common enough to recognise after another capitalised word ("Zofia Kowalski"). Surnames that are also
 * everyday words (Ward, Bell, Day, Long, Young, Green, White…) are left out: they only count after a title or a
 * given name, which other rules handle.
 */
export const SURNAMES = words(`
  Smith Jones Williams Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Edwards Hughes
  Lewis Harris Clarke Clark Patel Jackson Turner Morris Harrison Morgan Allen James Scott Phillips Watson Davis
  Bennett Griffiths Mitchell Kelly Richardson Bailey Collins Murphy Miller Richards Khan Anderson Simpson Ellis Adams
  Singh Begum Wilkinson Foster Chapman Powell Webb Rogers Matthews Owen Holmes Lloyd Russell Barker Stevens Jenkins
  Murray Dixon Harvey Graham Pearson Ahmed Fletcher Walsh Kaur Gibson Howard Andrews Stewart Elliott Reynolds
  Saunders Payne Pearce Atkinson Bradley Spencer Gill Dawson Burton Watts Perry Ryan Armstrong Francis Rees Hayes
  Hudson Newman Barrett Webster Gregory Lowe Riley Dunn Parsons Holland Hawkins Harding Robertson Newton Kennedy
  Williamson Shah Cooke Bates Henderson Parry Burgess Walton Nicholson Ross Nicholls Hamilton Byrne Sutton McDonald
  Yates Hodgson Robson Curtis Hopkins Coleman Watkins McCarthy Griffin Wheeler Osborne Johnston Gordon Doyle Wallace
  Hutchinson Rowe Burke Pritchard Gilbert Willis Higgins Stevenson Stephenson Hammond Arnold Buckley Walters Hewitt
  Nelson Slater Sullivan Whitehead Lambert Stephens Akhtar Lynch Goodwin Barton Woodward Thomson Cunningham Quinn
  Barnett Baxter Bibi Clayton Greenwood Jennings Davidson Middleton Lawson Jarvis Ferguson Hayward Carroll Farrell
  Duncan Haynes Cartwright Hartley Thornton Whitfield Gallagher O'Brien O'Connor O'Neill O'Sullivan O'Donnell
  McLaughlin McKenzie MacDonald MacLeod Fraser Campbell Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez
  Sanchez Ramirez Torres Flores Rivera Gomez Diaz Reyes Morales Ortiz Gutierrez Chavez Ramos Ruiz Alvarez Mendoza
  Castillo Jimenez Moreno Romero Herrera Medina Aguilar Vargas Nguyen Tran Pham Chen Wang Zhang Liu Wong Chan Yang
  Huang Zhao Zhou Okafor Okonkwo Adeyemi Oyelaran Mensah Boateng Owusu Asante Adebayo Olumide Kowalski Kowalczyk
  Nowak Wisniewski Lewandowski Zielinski Wojcik Kaminski Sharma Gupta Kumar Mehta Joshi Chowdhury Rahman Islam Uddin
  Miah Hossain Malik Iqbal Mahmood Qureshi Raza Siddiqui Chaudhry Mirza Nawaz Sandhu Dhillon Grewal Bains Johal Sidhu
  Achterberg Haddad Okoro Eze Nwosu Abubakar Mohamud Hussain Ali Osei Agyeman Kamara Bangura Conteh Ncube Moyo
  Patterson Henderson Jefferson Washington Gallagher Donnelly Kavanagh Fitzgerald Brennan Doherty Devlin
`);

/** Relation words and roles that a person's name often follows ("her daughter Sarah", "wife, Joan,"). */
export const RELATION_WORDS = [
  "husband",
  "wife",
  "partner",
  "spouse",
  "fiancée",
  "fiancé",
  "fiancee",
  "fiance",
  "boyfriend",
  "girlfriend",
  "son",
  "daughter",
  "stepson",
  "stepdaughter",
  "son-in-law",
  "daughter-in-law",
  "brother",
  "sister",
  "brother-in-law",
  "sister-in-law",
  "mother",
  "mum",
  "mom",
  "father",
  "dad",
  "grandson",
  "granddaughter",
  "grandchild",
  "grandmother",
  "grandfather",
  "niece",
  "nephew",
  "aunt",
  "uncle",
  "cousin",
  "carer",
  "caregiver",
  "neighbour",
  "neighbor",
  "friend",
  "lodger",
  "landlord",
  "landlady",
  "next of kin",
  "NOK",
  "district nurse",
  "practice nurse",
  "nurse",
  "social worker",
  "key worker",
  "keyworker",
  "chaplain",
  "vicar",
  "priest",
  "imam",
  "rabbi",
  "widow of",
  "widower of",
];

/** Family words after a possessive: "Deirdre's son", "Achterberg's daughter". */
export const FAMILY_WORDS = words(`
  husband wife partner son daughter sons daughters children child kids brother sister mother mum mom father dad
  grandson granddaughter grandchildren niece nephew carer family neighbour neighbor friend fiancée fiancé
`);

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
  nurse nurses
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
  Soluble Dispersible Melt Melts Film Mouthwash Lozenge Lozenges Pump Pen Device
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

/** Titles that are always followed by a name. */
export const TITLES = [
  "Mr",
  "Mrs",
  "Ms",
  "Miss",
  "Mx",
  "Dr",
  "Prof",
  "Professor",
  "Sir",
  "Dame",
  "Rev",
  "Revd",
  "Reverend",
  "Cllr",
  "Councillor",
];

/** Titles that are also ordinary words: a name must be a known given name or surname to follow them. */
export const SOFT_TITLES = ["Sister", "Father", "Brother", "Nurse", "Matron", "Doctor", "Lady", "Lord", "Mother"];

/** Placeholder letters that presenters use instead of initials: "Mr X", "Patient A". */
export const PLACEHOLDER_LETTERS = new Set(["X", "Y", "Z"]);

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
