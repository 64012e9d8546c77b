/** Every kind of identifier the guard finds, in the order reports list them. */
export const IDENTIFIER_KINDS = [
  "name",
  "date",
  "phone",
  "email",
  "address",
  "postcode",
  "id_number",
  "nhs_number",
  "ni_number",
  "url",
  "ip_address",
  "age_over_89",
] as const;

export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];
