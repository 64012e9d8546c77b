/**
 * Names the guard's author did not choose: seeded @faker-js/faker draws from the communities UK and US networks serve,
 * set in case sentences that were written after the guard's word lists and never used to tune it. Used by
 * `npm run report:guard` (held-out recall) and by a floor in test/core/guard.test.ts.
 */

import {
  type Faker,
  fakerCY,
  fakerDE,
  fakerEN_GB,
  fakerEN_GH,
  fakerEN_IE,
  fakerEN_IN,
  fakerEN_NG,
  fakerEN_US,
  fakerES,
  fakerIT,
  fakerPL,
  fakerPT_PT,
  fakerRO,
  fakerTR,
} from "@faker-js/faker";

const LOCALES: Faker[] = [
  fakerEN_GB,
  fakerEN_US,
  fakerEN_GB,
  fakerEN_US,
  fakerEN_IE,
  fakerCY,
  fakerEN_IN,
  fakerEN_NG,
  fakerEN_GH,
  fakerPL,
  fakerRO,
  fakerPT_PT,
  fakerES,
  fakerIT,
  fakerDE,
  fakerTR,
];

const TEMPLATES: ((name: string) => string)[] = [
  (n) => `${n} has been more withdrawn since her husband died.`,
  (n) => `Home visit: ${n} was sitting in the chair, short of breath.`,
  (n) => `${n}'s carers are finding the evenings hard.`,
  (n) => `Her son and ${n} share the caring.`,
  (n) => `The GP letter mentions ${n} as the main carer.`,
  (n) => `${n} declined the hospice referral.`,
  (n) => `Family meeting with ${n} next week.`,
  (n) => `${n}, who lives alone, had two falls.`,
  (n) => `Concerns raised by ${n} about night-time agitation.`,
  (n) => `According to ${n}, the pain is worse at night.`,
];

export interface NameDraw {
  text: string;
  name: string;
}

/** `count` snippets for one seed: given names, surnames and full names in turn, locales and templates in turn. */
export function drawNames(seed: number, count: number): NameDraw[] {
  const draws: NameDraw[] = [];
  for (const [index, locale] of [...new Set(LOCALES)].entries()) locale.seed(seed * 100 + index);
  for (let i = 0; i < count; i++) {
    const locale = LOCALES[i % LOCALES.length] as Faker;
    const part = Math.floor(i / LOCALES.length) % 3;
    const name =
      part === 0
        ? locale.person.firstName()
        : part === 1
          ? locale.person.lastName()
          : `${locale.person.firstName()} ${locale.person.lastName()}`;
    const template = TEMPLATES[i % TEMPLATES.length] as (name: string) => string;
    draws.push({ text: template(name), name });
  }
  return draws;
}

/** Seeds scored for the README; chosen before the first run and never used to tune the guard. */
export const HELD_OUT_SEEDS = [707, 808, 909] as const;
