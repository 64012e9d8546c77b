/**
 * Slack's Block Kit limits (node-slack-sdk packages/types; docs.slack.dev reference). The renderer keeps within
 * these; the tests check every payload against them with test/support/block-kit.ts.
 */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  messageText: 40000,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  optionValue: 75,
  selectOptions: 100,
  checkboxOptions: 10,
  placeholder: 150,
  id: 255,
  privateMetadata: 3000,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  inputLabel: 2000,
  inputHint: 2000,
  inputMaxLength: 3000,
  errorText: 2000,
} as const;
