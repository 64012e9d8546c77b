/**
 * Word lists for the identifier guard (index.ts): names. Hand-written and deliberately compact: common UK and US
 * given names across the generations and communities our networks serve, distinctive surnames, relation and family
 * words, and titles. Names are matched case-sensitively in their capitalised form unless a rule says otherwise.
 */

import { words } from "./text";

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

/** Phrases before a person's name: "spoke with Harjit", "lives with Joan". */
export const CONTEXT_PHRASES = [
  "lives with",
  "living with",
  "cared for by",
  "looked after by",
  "visited by",
  "seen by",
  "accompanied by",
  "married to",
  "spoke to",
  "spoke with",
  "speak to",
  "speak with",
  "spoken to",
  "talked to",
  "talked with",
  "discussed with",
  "referred by",
  "supported by",
  "reviewed by",
  "assessed by",
  "according to",
  "on behalf of",
  "asked",
  "ask",
  "told",
  "tell",
  "informed",
  "reassured",
  "phoned",
  "rang",
  "contacted",
  "met",
  "saw",
  "visited",
  "visit",
  "seen with",
  "at home with",
];

/** Phrases that introduce a name: "named Tomasz", "prefers to be called Bill", "Née Thornton". */
export const NAMED_PHRASES = [
  "named",
  "called",
  "known as",
  "goes by",
  "go by",
  "name is",
  "name's",
  "née",
  "nee",
  "aka",
  "a.k.a.",
  "prefers",
];

/** Labels that a name follows: "Patient: Eleanor Whitfield". */
export const LABEL_PHRASES = [
  "name:",
  "patient:",
  "pt:",
  "patient name:",
  "full name:",
  "nok:",
  "next of kin:",
  "carer:",
  "gp:",
  "consultant:",
];

/** Sign-offs that a name follows: "Thanks, Priya". */
export const SIGN_OFFS = ["thanks,", "many thanks,", "regards,", "best wishes,", "cheers,", "kind regards,", "best,"];
